"""Names of model kinds and model sources as the interface shows them, in its language.

Discovery (core/models/sources.py) and the worker report kinds ("causal LM") and
sources ("starter") as English values that the code compares; these tables name
them for people.  A value not listed is shown as it is.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "ModelNames"

# ModelInfo.kind, and Started.backend (the kind, or how a translation or download runs)
KIND_NAMES = {
    "causal LM": QT_TRANSLATE_NOOP("ModelNames", "causal LM"),
    "translation": QT_TRANSLATE_NOOP("ModelNames", "translation"),
    "translation through English": QT_TRANSLATE_NOOP("ModelNames", "translation through English"),
    "sentiment classifier": QT_TRANSLATE_NOOP("ModelNames", "sentiment classifier"),
    "NLI (zero-shot)": QT_TRANSLATE_NOOP("ModelNames", "NLI (zero-shot)"),
    "text classifier": QT_TRANSLATE_NOOP("ModelNames", "text classifier"),
    "extractive QA": QT_TRANSLATE_NOOP("ModelNames", "extractive QA"),
    "embedding": QT_TRANSLATE_NOOP("ModelNames", "embedding"),
    "download": QT_TRANSLATE_NOOP("ModelNames", "download"),
    "unknown": QT_TRANSLATE_NOOP("ModelNames", "unknown"),
}
# ModelInfo.source: where a model was found
SOURCE_NAMES = {
    "starter": QT_TRANSLATE_NOOP("ModelNames", "starter"),
    "models folder": QT_TRANSLATE_NOOP("ModelNames", "models folder"),
    "added": QT_TRANSLATE_NOOP("ModelNames", "added"),
    "Hugging Face cache": QT_TRANSLATE_NOOP("ModelNames", "Hugging Face cache"),
}


def kind_name(kind: str) -> str:
    return QCoreApplication.translate(CONTEXT, KIND_NAMES[kind]) if kind in KIND_NAMES else kind


def source_name(source: str) -> str:
    return QCoreApplication.translate(CONTEXT, SOURCE_NAMES[source]) if source in SOURCE_NAMES else source
