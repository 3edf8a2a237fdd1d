"""Which installed models translate from one language to another.

A route is one model (direct) or two (through English).  A bilingual Marian model
made for the pair is preferred (smaller and faster, usually better), then a
multilingual model (NLLB-200, M2M100) that knows both languages, then English as
a pivot when both halves exist: most opus-mt models go to or from English.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.core.models.catalog import Catalog, CatalogEntry
from assistant.core.models.sources import ModelInfo, ModelInventory
from assistant.core.protocol import Task
from assistant.core.say import say

PIVOT = "en"


@dataclass(frozen=True)
class Leg:
    model: ModelInfo
    source: str
    target: str


@dataclass(frozen=True)
class Route:
    legs: tuple[Leg, ...]

    @property
    def pivot(self) -> str | None:
        return self.legs[0].target if len(self.legs) > 1 else None

    @property
    def model_names(self) -> tuple[str, ...]:
        return tuple(leg.model.name for leg in self.legs)


def translation_models(inventory: ModelInventory) -> list[ModelInfo]:
    return inventory.for_task(Task.TRANSLATE)


def serves(model: ModelInfo, source: str, target: str) -> bool:
    """Whether ``model`` translates ``source`` -> ``target``."""
    if model.language_codes:
        return source != target and source in model.language_codes and target in model.language_codes
    return model.languages == (source, target)


def direct_model(inventory: ModelInventory, source: str, target: str) -> ModelInfo | None:
    candidates = [m for m in translation_models(inventory) if serves(m, source, target)]
    # Bilingual first; among multilingual models the one with fewer languages is the smaller one, usually.
    candidates.sort(key=lambda m: (bool(m.language_codes), len(m.language_codes)))
    return candidates[0] if candidates else None


def find_route(inventory: ModelInventory, source: str, target: str) -> Route | None:
    model = direct_model(inventory, source, target)
    if model is not None:
        return Route((Leg(model, source, target),))
    if PIVOT in (source, target):
        return None
    first, second = direct_model(inventory, source, PIVOT), direct_model(inventory, PIVOT, target)
    if first is None or second is None:
        return None
    return Route((Leg(first, source, PIVOT), Leg(second, PIVOT, target)))


def route_with_model(model: ModelInfo, source: str, target: str) -> Route:
    """The route for a model the user chose.

    A multilingual model must know both languages (it is told them).  A bilingual
    model is used as chosen: its folder may name its pair wrongly, and the user
    picked it on purpose; the tab only sends a chosen model for a pair it serves.
    """
    from assistant.core.languages import name
    from assistant.core.protocol import ModelMissing

    if model.language_codes:
        missing = [code for code in (source, target) if code not in model.language_codes]
        if missing:
            raise ModelMissing(
                say("The model '{model}' does not know {languages}. Pick another on the Models page.",
                    model=model.name, languages=", ".join(name(c) for c in missing))
            )
    return Route((Leg(model, source, target),))


@dataclass(frozen=True)
class Availability:
    """What the language lists show: which pairs work now, directly or through English."""

    direct: frozenset[tuple[str, str]]
    pivot: frozenset[tuple[str, str]]
    languages: frozenset[str]  # every language some installed model reads or writes

    def status(self, source: str, target: str) -> str:
        """"direct", "pivot" or "missing"."""
        if (source, target) in self.direct:
            return "direct"
        if (source, target) in self.pivot:
            return "pivot"
        return "missing"

    def sources(self) -> set[str]:
        return {s for s, _ in self.direct | self.pivot}

    def targets_from(self, source: str) -> set[str]:
        return {t for s, t in self.direct | self.pivot if s == source}


def availability(inventory: ModelInventory) -> Availability:
    direct: set[tuple[str, str]] = set()
    for model in translation_models(inventory):
        if model.language_codes:
            codes = model.language_codes
            direct.update((s, t) for s in codes for t in codes if s != t)
        elif model.languages:
            direct.add(model.languages)
    into_pivot = {s for s, t in direct if t == PIVOT}
    out_of_pivot = {t for s, t in direct if s == PIVOT}
    pivot = {(s, t) for s in into_pivot for t in out_of_pivot if s != t and (s, t) not in direct}
    languages = {code for pair in direct for code in pair}
    return Availability(frozenset(direct), frozenset(pivot), frozenset(languages))


# ------------------------------------------------------------ models to download

DIRECT, MULTILINGUAL, VIA_ENGLISH = "direct", "multilingual", "via English"


@dataclass(frozen=True)
class DownloadOffer:
    """A catalog model that would make ``source`` -> ``target`` work once downloaded."""

    entry: CatalogEntry
    kind: str  # DIRECT: made for the pair; MULTILINGUAL: knows both languages; VIA_ENGLISH: the missing half of a route through English
    source: str
    target: str


def download_offers(catalog: Catalog, source: str, target: str, inventory: ModelInventory | None = None) -> list[DownloadOffer]:
    """The catalog's models that would translate ``source`` -> ``target``, best first.

    First a Marian (opus-mt) model made for the pair: small, fast, usually the best; then
    the multilingual models (NLLB-200, M2M100) that know both languages, in catalog order;
    then, for a pair with no route at all, the opus-mt model that completes a route through
    English with an installed model.  Models already installed are left out.

    With ``inventory``, what it can do now counts: a pair an installed model translates
    directly gets nothing; a pair that works through English gets only direct models (a
    better option, not a missing one).  Nothing for "detect", for a language to itself,
    or for a language no catalog model knows.
    """
    from assistant.core.languages import AUTO

    if AUTO in (source, target) or source == target:
        return []
    inventory = inventory or ModelInventory()
    if direct_model(inventory, source, target) is not None:
        return []
    installed = {m.name.lower() for m in inventory.models}
    entries = [e for e in catalog.for_task(Task.TRANSLATE.value) if e.id.lower() not in installed]
    offers = [DownloadOffer(e, DIRECT, source, target) for e in entries if e.pair == (source, target)]
    offers += [DownloadOffer(e, MULTILINGUAL, source, target) for e in entries if not e.pair and e.translates(source, target)]
    if find_route(inventory, source, target) is None and PIVOT not in (source, target):
        halves = []
        if direct_model(inventory, source, PIVOT) is not None:
            halves.append((PIVOT, target))
        if direct_model(inventory, PIVOT, target) is not None:
            halves.append((source, PIVOT))
        offers += [DownloadOffer(e, VIA_ENGLISH, source, target) for half in halves for e in entries if e.pair == half]
    return offers
