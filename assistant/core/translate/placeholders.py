"""Placeholders: pieces of text that must come out of the model unchanged (or replaced).

A translation model cannot be told "keep this" or "translate this word as that".
What works well enough with opus-mt, NLLB and M2M100 is to replace the piece with
a short token the model has no meaning for and copies through like a name or a
product code ("ZX1"), and to put the wanted text back in its place afterwards.

Limits, honestly: the model may drop a placeholder, repeat it, or move it; the words
around it are not inflected to agree with what replaces it (case, gender); a
placeholder is a noun to the model, so terms that are verbs read oddly.  Callers
therefore check what came back (``restore`` returns what is missing) and decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Tolerant of what models do to a copied token: "ZX1", "ZX 1", "Zx1", "zx1".
_PLACEHOLDER = re.compile(r"(?<![A-Za-z])Z\s?X\s?(\d{1,3})(?!\d)", re.IGNORECASE)


def token(number: int) -> str:
    return f"ZX{number}"


@dataclass(frozen=True)
class Slot:
    number: int
    original: str  # the text that was replaced
    replacement: str  # what goes back in its place


def numbers_in(text: str) -> set[int]:
    return {int(m.group(1)) for m in _PLACEHOLDER.finditer(text)}


def substitute(text: str, pattern: re.Pattern[str], replacement_for) -> tuple[str, list[Slot]]:
    """Replace every match of ``pattern`` by a new placeholder; numbers already used in ``text`` are skipped."""
    used = numbers_in(text)
    slots: list[Slot] = []
    next_number = max(used, default=0) + 1

    def replace(match: re.Match[str]) -> str:
        nonlocal next_number
        slot = Slot(next_number, match.group(0), replacement_for(match))
        slots.append(slot)
        next_number += 1
        return token(slot.number)

    return pattern.sub(replace, text), slots


def restore(text: str, slots: list[Slot] | tuple[Slot, ...]) -> tuple[str, list[Slot]]:
    """Put each slot's replacement back; returns the text and the slots that did not come back."""
    by_number = {slot.number: slot for slot in slots}
    seen: set[int] = set()

    def replace(match: re.Match[str]) -> str:
        slot = by_number.get(int(match.group(1)))
        if slot is None:
            return match.group(0)
        seen.add(slot.number)
        return slot.replacement

    restored = _PLACEHOLDER.sub(replace, text) if by_number else text
    return restored, [slot for slot in slots if slot.number not in seen]
