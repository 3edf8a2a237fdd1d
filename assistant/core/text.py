"""Splitting text into lines and sentences, keeping what is needed to put it back.

Translation works sentence by sentence (models are trained on sentences and
batches of similar length run fastest); the line structure of the input is kept
so the output has the same paragraphs and line breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that end with a full stop without ending the sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "cf", "fig", "no",
    "vol", "approx", "dept", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "z.b", "bzw", "usw", "ca", "nr", "u.a", "d.h",
}  # fmt: skip

# A sentence ends at . ! ? … (or the stops of Arabic, Hindi, Armenian, Amharic,
# Burmese), optionally followed by closing quotes or brackets, and whitespace; or
# right after a full-width CJK stop, where no space follows; or at a Latin stop
# followed directly by Chinese or Japanese ("Thanks.谢谢。").
_CJK_CHARS = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
_CANDIDATE_END = re.compile(
    r"([.!?…؟։।॥።။]+[\"'”’)\]]*)(\s+)"
    r"|([。！？｡]+[」』”）]*)"
    rf"|([.!?]+)(?=[{_CJK_CHARS}])"
)
# Models are trained on sentences and cut their input at a few hundred tokens: a
# longer "sentence" (a list without stops, a table row) is cut at commas or spaces.
MAX_SENTENCE_CHARS = 400
_SOFT_BREAK = re.compile(r"(?<=[,;:，、；：])\s*|\s+")


@dataclass(frozen=True)
class Line:
    """A line of the input: its leading whitespace and its sentences."""

    indent: str
    sentences: tuple[str, ...]


def split_sentences(text: str) -> list[str]:
    """Sentences of one line of text, without surrounding whitespace."""
    sentences: list[str] = []
    start = 0
    for match in _CANDIDATE_END.finditer(text):
        if match.group(3):  # CJK stop
            end = match.end()
            closes_quote = match.group(3)[-1] in "」』”）"
            if closes_quote and end < len(text) and not text[end].isspace():
                continue  # 「本当？」と聞いた: the quote is part of the sentence
        elif match.group(4):  # Latin stop right before CJK
            end = match.end(4)
            if _is_abbreviation_or_number(text, match.start(4), match.end()):
                continue
        else:
            end = match.end(1)
            if _is_abbreviation_or_number(text, match.start(1), match.end()):
                continue
        piece = text[start:end].strip()
        if piece:
            sentences.extend(_split_long(piece))
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.extend(_split_long(tail))
    return sentences


def _split_long(sentence: str, limit: int = MAX_SENTENCE_CHARS) -> list[str]:
    """``sentence`` in pieces of at most ``limit`` characters, cut at commas or spaces where possible."""
    if len(sentence) <= limit:
        return [sentence]
    pieces: list[str] = []
    rest = sentence
    while len(rest) > limit:
        cut = 0
        for match in _SOFT_BREAK.finditer(rest, 0, limit):
            if match.start() > limit // 3:
                cut = match.start()
        if cut == 0:
            cut = limit  # no comma or space (long CJK runs): a hard cut
        piece, rest = rest[:cut].strip(), rest[cut:].strip()
        if piece:
            pieces.append(piece)
    if rest:
        pieces.append(rest)
    return pieces


def _is_abbreviation_or_number(text: str, stop: int, after: int) -> bool:
    if text[stop] != ".":
        return False
    word = re.search(r"([\w.]+)$", text[:stop])
    if word:
        token = word.group(1).lower().rstrip(".")
        if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            return True  # "Dr. Smith", "J. R. R. Tolkien"
    following = text[after : after + 1]
    # "3. Mai", "see p. 4": a lower-case or numeric continuation is no new sentence.
    return bool(following) and (following.islower() or following.isdigit())


def split_lines(text: str) -> list[Line]:
    lines = []
    for raw in text.split("\n"):
        stripped = raw.lstrip()
        lines.append(Line(indent=raw[: len(raw) - len(stripped)], sentences=tuple(split_sentences(stripped))))
    return lines


def join_lines(lines: list[Line], translated: list[str], joiner: str = " ") -> str:
    """Rebuild text from ``lines`` with their sentences replaced, in order, by ``translated``."""
    out = []
    position = 0
    for line in lines:
        count = len(line.sentences)
        out.append(line.indent + joiner.join(translated[position : position + count]))
        position += count
    return "\n".join(out)
