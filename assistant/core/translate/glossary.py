"""The user's glossary: terms (source -> target) that translations must respect.

Stored as one JSON file in the data folder, each entry with the language pair it
is for ("*" = any).  While translating, each term found in a sentence is replaced
by a placeholder the model copies through, and the wanted translation is put back
afterwards (see placeholders.py for why and for the limits).  A sentence whose
placeholder the model lost is translated again as it was; if the wanted term is
then still absent, it is reported, never silently dropped.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.core.say import say
from assistant.core.translate import placeholders
from assistant.core.translate.placeholders import Slot

ANY = "*"
GLOSSARY_FILE = "glossary.json"


@dataclass(frozen=True)
class Term:
    source: str
    target: str
    source_lang: str = ANY
    target_lang: str = ANY

    def applies(self, source_lang: str, target_lang: str) -> bool:
        return self.source_lang in (ANY, source_lang) and self.target_lang in (ANY, target_lang)


class GlossaryError(ValueError):
    """The glossary file cannot be used; str(exc) says why, for a person."""


# ----------------------------------------------------------------- storage


def load(path: Path) -> list[Term]:
    """The stored glossary; a missing file is an empty glossary."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as exc:
        raise GlossaryError(say("The glossary {path} cannot be read: {reason}", path=str(path), reason=str(exc))) from exc
    entries = raw.get("terms", []) if isinstance(raw, dict) else []
    if not isinstance(entries, list):  # a damaged or foreign file: no terms rather than a crash
        entries = []
    terms = []
    for entry in entries:
        if isinstance(entry, dict) and str(entry.get("source", "")).strip() and str(entry.get("target", "")).strip():
            terms.append(
                Term(
                    source=str(entry["source"]).strip(),
                    target=str(entry["target"]).strip(),
                    source_lang=str(entry.get("source_lang") or ANY),
                    target_lang=str(entry.get("target_lang") or ANY),
                )
            )
    return terms


class StoredGlossary:
    """The glossary file, parsed again only when it changed.

    Each call of ``terms()`` looks at the file's size, modification time and inode
    (one stat; a save through ``save`` replaces the file, so the inode changes too)
    and parses it only when one of them differs from the last parse.  A file that
    cannot be used raises the same GlossaryError again until it changes.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: tuple[int, int, int] | None = None
        self._terms: tuple[Term, ...] = ()
        self._error: GlossaryError | None = None

    def terms(self) -> tuple[Term, ...]:
        try:
            info = self.path.stat()
        except FileNotFoundError:
            self._stamp, self._terms, self._error = None, (), None
            return ()
        except OSError:
            self._stamp = None
            return tuple(load(self.path))  # raises GlossaryError saying why
        stamp = (info.st_mtime_ns, info.st_size, info.st_ino)
        if stamp != self._stamp:
            self._stamp = stamp
            try:
                self._terms, self._error = tuple(load(self.path)), None
            except GlossaryError as exc:
                self._terms, self._error = (), exc
        if self._error is not None:
            raise self._error
        return self._terms


def save(path: Path, terms: list[Term]) -> None:
    from assistant.core.files.write import write_atomically

    write_atomically(path, json.dumps({"terms": [asdict(t) for t in terms]}, indent=2, ensure_ascii=False))


def parse_file(path: Path) -> list[Term]:
    """A glossary the user wrote: CSV/TSV rows "term,translation[,from,to]" or lines "term -> translation" / "term = translation"."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise GlossaryError(say("The glossary file {path} cannot be read: {reason}", path=str(path), reason=exc.strerror or str(exc))) from exc
    except UnicodeDecodeError as exc:
        raise GlossaryError(say("The glossary file {path} is not UTF-8 text.", path=str(path))) from exc
    if path.suffix.lower() == ".json":
        return load(path)
    terms: list[Term] = []
    arrow = re.compile(r"\s*(?:->|→|=>|=)\s*")
    delimiter = "\t" if path.suffix.lower() == ".tsv" or "\t" in text else ","
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if arrow.search(line) and delimiter not in line:
            parts = arrow.split(line.strip(), maxsplit=1)
        else:
            try:
                parts = next(csv.reader(io.StringIO(line), delimiter=delimiter), [])
            except csv.Error:  # a NUL byte, a cell beyond the csv module's limit
                parts = []
        parts = [p.strip() for p in parts]
        if len(parts) < 2 or not parts[0] or not parts[1]:
            raise GlossaryError(
                say("Line {number} of {name} is not 'term -> translation': {line}", number=number, name=path.name, line=repr(line.strip()[:60]))
            )
        if number == 1 and [p.lower() for p in parts[:2]] in (["source", "target"], ["term", "translation"]):
            continue  # a header row
        terms.append(Term(parts[0], parts[1], *(p or ANY for p in parts[2:4])))
    return terms


def pairs_for(terms: list[Term] | tuple[Term, ...], source_lang: str, target_lang: str) -> tuple[tuple[str, str], ...]:
    """The (term, translation) pairs for a language pair; a source of "auto" (not known yet) takes terms of any source."""
    if source_lang in ("auto", ANY, ""):
        return tuple((t.source, t.target) for t in terms if t.target_lang in (ANY, target_lang))
    return tuple((t.source, t.target) for t in terms if t.applies(source_lang, target_lang))


# --------------------------------------------------------------- applying


def _is_cjk(text: str) -> bool:
    return bool(re.search(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]", text))


class Glossary:
    """Protects the terms of one request in sentences, and puts their translations back."""

    def __init__(self, pairs: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> None:
        self.targets = {source.lower(): target for source, target in pairs if source.strip() and target.strip()}
        alternatives = []
        for source in sorted(self.targets, key=len, reverse=True):  # longest first: "New York City" before "New York"
            escaped = re.escape(source)
            # Whole words only, except in scripts without spaces (a CJK term is part of a longer run of characters).
            alternatives.append(escaped if _is_cjk(source) else rf"(?<!\w){escaped}(?!\w)")
        self.pattern = re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None

    def __bool__(self) -> bool:
        return self.pattern is not None

    def protect(self, sentence: str) -> tuple[str, list[Slot]]:
        if self.pattern is None:
            return sentence, []
        return placeholders.substitute(sentence, self.pattern, lambda m: self.targets[m.group(0).lower()])

    @staticmethod
    def restore(translated: str, slots: list[Slot]) -> tuple[str, list[Slot]]:
        return placeholders.restore(translated, slots)

    @staticmethod
    def contains(text: str, wanted: str) -> bool:
        return wanted.lower() in text.lower()
