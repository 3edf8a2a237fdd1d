"""Which language a text is in, offline, with py3langid (a naive Bayes model of byte
n-grams, 4.5 MB, pure Python + numpy; the model loads in about 1.5 s, once).

The detector knows 97 languages, many of them rare; on a short text a rare
neighbour (Nigerian Pidgin for English, Wu for Mandarin) can win.  It is
therefore restricted to the languages the program has names for, which are the
ones translation models exist for; the confidence is the detector's normalised
probability among those.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from assistant.core.languages import LANGUAGES

# Enough text for a sure guess; the rest would only cost time.
_SAMPLE_CHARS = 2000

_lock = threading.Lock()
_identifier = None


@dataclass(frozen=True)
class Detection:
    language: str
    confidence: float  # 0..1
    alternatives: tuple[tuple[str, float], ...] = ()  # the next best guesses


def detect_language(text: str, top: int = 3) -> Detection:
    """The most likely language of ``text``; confidence near 0 for text without letters."""
    sample = text.strip()[:_SAMPLE_CHARS]
    ranked = _get_identifier().rank(sample)
    best = [(code, float(p)) for code, p in ranked[:top]]
    language, confidence = best[0]
    return Detection(language=language, confidence=confidence, alternatives=tuple(best[1:]))


def _get_identifier():
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            known = set(identifier.labels)
            identifier.set_languages(sorted(code for code in LANGUAGES if code in known))
            _identifier = identifier
        return _identifier
