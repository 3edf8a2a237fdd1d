"""Language codes: the names people read, and the codes each kind of model wants.

The program speaks ISO 639-1 codes ("de") everywhere.  Marian (opus-mt) models
are named with those codes already; M2M100 uses them too, inside its tokens
("__de__"); NLLB-200 uses FLORES-200 codes ("deu_Latn").  This module maps
between them so that the user picks "German" once, whatever the model.
"""

from __future__ import annotations

import re

AUTO = "auto"  # "detect the source language"

# ISO 639-1 -> (English name, NLLB/FLORES-200 code).  The languages most people
# translate between; NLLB codes outside this table are shown as they are.
LANGUAGES: dict[str, tuple[str, str]] = {
    "af": ("Afrikaans", "afr_Latn"), "am": ("Amharic", "amh_Ethi"), "ar": ("Arabic", "arb_Arab"),
    "az": ("Azerbaijani", "azj_Latn"), "be": ("Belarusian", "bel_Cyrl"), "bg": ("Bulgarian", "bul_Cyrl"),
    "bn": ("Bengali", "ben_Beng"), "bs": ("Bosnian", "bos_Latn"), "ca": ("Catalan", "cat_Latn"),
    "cs": ("Czech", "ces_Latn"), "cy": ("Welsh", "cym_Latn"), "da": ("Danish", "dan_Latn"),
    "de": ("German", "deu_Latn"), "el": ("Greek", "ell_Grek"), "en": ("English", "eng_Latn"),
    "eo": ("Esperanto", "epo_Latn"), "es": ("Spanish", "spa_Latn"), "et": ("Estonian", "est_Latn"),
    "eu": ("Basque", "eus_Latn"), "fa": ("Persian", "pes_Arab"), "fi": ("Finnish", "fin_Latn"),
    "fr": ("French", "fra_Latn"), "ga": ("Irish", "gle_Latn"), "gl": ("Galician", "glg_Latn"),
    "gu": ("Gujarati", "guj_Gujr"), "ha": ("Hausa", "hau_Latn"), "he": ("Hebrew", "heb_Hebr"),
    "hi": ("Hindi", "hin_Deva"), "hr": ("Croatian", "hrv_Latn"), "hu": ("Hungarian", "hun_Latn"),
    "hy": ("Armenian", "hye_Armn"), "id": ("Indonesian", "ind_Latn"), "is": ("Icelandic", "isl_Latn"),
    "it": ("Italian", "ita_Latn"), "ja": ("Japanese", "jpn_Jpan"), "ka": ("Georgian", "kat_Geor"),
    "kk": ("Kazakh", "kaz_Cyrl"), "km": ("Khmer", "khm_Khmr"), "kn": ("Kannada", "kan_Knda"),
    "ko": ("Korean", "kor_Hang"), "lb": ("Luxembourgish", "ltz_Latn"), "lt": ("Lithuanian", "lit_Latn"),
    "lv": ("Latvian", "lvs_Latn"), "mk": ("Macedonian", "mkd_Cyrl"), "ml": ("Malayalam", "mal_Mlym"),
    "mn": ("Mongolian", "khk_Cyrl"), "mr": ("Marathi", "mar_Deva"), "ms": ("Malay", "zsm_Latn"),
    "mt": ("Maltese", "mlt_Latn"), "my": ("Burmese", "mya_Mymr"), "ne": ("Nepali", "npi_Deva"),
    "nl": ("Dutch", "nld_Latn"), "no": ("Norwegian", "nob_Latn"), "pa": ("Punjabi", "pan_Guru"),
    "pl": ("Polish", "pol_Latn"), "pt": ("Portuguese", "por_Latn"), "ro": ("Romanian", "ron_Latn"),
    "ru": ("Russian", "rus_Cyrl"), "si": ("Sinhala", "sin_Sinh"), "sk": ("Slovak", "slk_Latn"),
    "sl": ("Slovenian", "slv_Latn"), "sq": ("Albanian", "als_Latn"), "sr": ("Serbian", "srp_Cyrl"),
    "sv": ("Swedish", "swe_Latn"), "sw": ("Swahili", "swh_Latn"), "ta": ("Tamil", "tam_Taml"),
    "te": ("Telugu", "tel_Telu"), "th": ("Thai", "tha_Thai"), "tl": ("Tagalog", "tgl_Latn"),
    "tr": ("Turkish", "tur_Latn"), "uk": ("Ukrainian", "ukr_Cyrl"), "ur": ("Urdu", "urd_Arab"),
    "uz": ("Uzbek", "uzn_Latn"), "vi": ("Vietnamese", "vie_Latn"), "zh": ("Chinese", "zho_Hans"),
    "zu": ("Zulu", "zul_Latn"),
}  # fmt: skip

_FROM_NLLB = {nllb: iso for iso, (_, nllb) in LANGUAGES.items()}

# M2M100's own language lists (transformers' tokenizer carries the same lists;
# repeated here so that finding models never imports transformers).
M2M100_CODES = {
    "m2m100": ["af", "am", "ar", "ast", "az", "ba", "be", "bg", "bn", "br", "bs", "ca", "ceb", "cs", "cy", "da", "de", "el", "en", "es", "et", "fa", "ff", "fi", "fr", "fy", "ga", "gd", "gl", "gu", "ha", "he", "hi", "hr", "ht", "hu", "hy", "id", "ig", "ilo", "is", "it", "ja", "jv", "ka", "kk", "km", "kn", "ko", "lb", "lg", "ln", "lo", "lt", "lv", "mg", "mk", "ml", "mn", "mr", "ms", "my", "ne", "nl", "no", "ns", "oc", "or", "pa", "pl", "ps", "pt", "ro", "ru", "sd", "si", "sk", "sl", "so", "sq", "sr", "ss", "su", "sv", "sw", "ta", "th", "tl", "tn", "tr", "uk", "ur", "uz", "vi", "wo", "xh", "yi", "yo", "zh", "zu"],
    "wmt21": ["en", "ha", "is", "ja", "cs", "ru", "zh", "de"],
}

# Languages written without spaces between words: sentences join without a space,
# and "words" are counted as characters.
NO_SPACE_LANGUAGES = {"zh", "ja", "th", "lo", "km", "my"}

_NLLB_CODE = re.compile(r"^[a-z]{3}_[A-Z][a-z]{3}$")
_M2M_TOKEN = re.compile(r"^__([a-z]{2,3})__$")


def name(code: str) -> str:
    """'German' for 'de'; an unknown code is shown as it is."""
    if code == AUTO:
        return "Detect language"
    entry = LANGUAGES.get(code)
    return entry[0] if entry else code


def label(code: str) -> str:
    """'German (de)': what the language lists show."""
    return f"{name(code)} ({code})" if code in LANGUAGES else code


def is_nllb_code(code: str) -> bool:
    return bool(_NLLB_CODE.match(code))


def from_nllb(code: str) -> str:
    """'deu_Latn' -> 'de'; codes outside the table stay as they are ('ace_Arab')."""
    return _FROM_NLLB.get(code, code)


def to_nllb(code: str) -> str | None:
    """'de' -> 'deu_Latn'; an NLLB code passes through; None if unknown."""
    if is_nllb_code(code):
        return code
    entry = LANGUAGES.get(code)
    return entry[1] if entry else None


def m2m100_code_from_token(token: str) -> str | None:
    """'__de__' -> 'de'."""
    match = _M2M_TOKEN.match(token)
    return match.group(1) if match else None


def joiner(code: str) -> str:
    """What goes between two translated sentences in ``code``."""
    return "" if code.split("_")[0] in NO_SPACE_LANGUAGES or code in ("jpn_Jpan", "zho_Hans", "zho_Hant", "tha_Thai") else " "


def count_words(text: str) -> int:
    """Words for the words-per-second figure: CJK and Thai characters count one each."""
    spaced = re.sub(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]", " x ", text)
    return len(spaced.split())
