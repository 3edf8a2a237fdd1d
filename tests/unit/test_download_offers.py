"""Which catalog models would translate a pair: the choice behind the Translate tab's "download a model" offer.

Run on the real catalog file, with inventories written out by hand (no model is loaded).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core import languages
from assistant.core.models.catalog import load_catalog, parse_entry
from assistant.core.models.sources import ModelInfo, ModelInventory
from assistant.core.protocol import Task
from assistant.core.translate.routes import DIRECT, MULTILINGUAL, VIA_ENGLISH, download_offers

NLLB, M2M = "facebook/nllb-200-distilled-600M", "facebook/m2m100_418M"


@pytest.fixture(scope="module")
def catalog():
    catalog = load_catalog()
    assert not catalog.problems
    return catalog


def marian(source: str, target: str, name: str | None = None) -> ModelInfo:
    name = name or f"opus-mt-{source}-{target}"
    return ModelInfo(name, Path("/models") / name, frozenset({Task.TRANSLATE}), "added", "translation", languages=(source, target), family="marian")


def ids(offers) -> list[str]:
    return [offer.entry.id for offer in offers]


def test_the_catalog_knows_the_languages_of_its_translation_models(catalog):
    nllb, m2m, en_de = catalog.find(NLLB), catalog.find(M2M), catalog.find("Helsinki-NLP/opus-mt-en-de")
    assert (nllb.family, m2m.family, en_de.family) == ("nllb", "m2m100", "marian")
    assert set(languages.LANGUAGES) <= set(nllb.language_codes) and "ja" in m2m.language_codes
    assert en_de.language_codes == ("en", "de") and en_de.translates("en", "de") and not en_de.translates("de", "en")
    assert nllb.translates("de", "ja") and not nllb.translates("de", "de") and not nllb.translates("de", "xx")
    assert catalog.find("Qwen/Qwen2.5-0.5B-Instruct").language_codes == ()  # chat models translate nothing here
    with pytest.raises(ValueError, match="unknown family"):
        parse_entry({"id": "a/b", "task": "translate", "family": "t5"})


def test_a_marian_model_made_for_the_pair_comes_first(catalog):
    offers = download_offers(catalog, "en", "fr")
    assert ids(offers) == ["Helsinki-NLP/opus-mt-en-fr", NLLB, M2M]
    assert [o.kind for o in offers] == [DIRECT, MULTILINGUAL, MULTILINGUAL]
    first = offers[0].entry
    assert first.size_mb > 0 and first.license and (offers[0].source, offers[0].target) == ("en", "fr")


def test_pairs_without_a_marian_model_get_the_multilingual_models(catalog):
    assert ids(download_offers(catalog, "de", "ja")) == [NLLB, M2M]
    # a language M2M100 lacks but NLLB-200 has (Esperanto)
    assert ids(download_offers(catalog, "eo", "de")) == [NLLB]
    nllb = download_offers(catalog, "de", "ja")[0].entry
    assert nllb.license == "CC-BY-NC-4.0" and nllb.size_mb == 2460


def test_nothing_for_an_unknown_language_detect_or_the_same_language(catalog):
    assert download_offers(catalog, "de", "xx") == []
    assert download_offers(catalog, "tlh", "en") == []
    assert download_offers(catalog, languages.AUTO, "de") == []
    assert download_offers(catalog, "de", "de") == []


def test_what_is_installed_counts(catalog):
    # a pair an installed model translates: nothing to offer
    assert download_offers(catalog, "en", "de", ModelInventory([marian("en", "de")])) == []
    # through English: only direct models, as a better option (no second half to complete)
    pivot = ModelInventory([marian("fr", "en"), marian("en", "de")])
    offers = download_offers(catalog, "fr", "de", pivot)
    assert ids(offers) == [NLLB, M2M] and {o.kind for o in offers} == {MULTILINGUAL}
    # no route: the missing half of a route through English is offered last
    half = ModelInventory([marian("de", "en")])
    offers = download_offers(catalog, "de", "fr", half)
    assert ids(offers) == [NLLB, M2M, "Helsinki-NLP/opus-mt-en-fr"] and offers[-1].kind == VIA_ENGLISH
    # ... only when the catalog has that half (no opus-mt-th-en in it)
    assert ids(download_offers(catalog, "th", "es", ModelInventory([marian("en", "es")]))) == [NLLB, M2M]
    # a catalog model already downloaded (listed under its hub id) is not offered again
    cached = ModelInfo(NLLB, Path("/cache") / "nllb", frozenset({Task.TRANSLATE}), "Hugging Face cache", "translation", family="nllb", language_codes=("de", "en"))
    assert ids(download_offers(catalog, "de", "ja", ModelInventory([cached]))) == [M2M]
