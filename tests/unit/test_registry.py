"""core/registry.py: the engine's only table covers every request, and its checks say no to the wrong payloads."""

from __future__ import annotations

import typing

from assistant.core import registry
from assistant.core.chat.messages import ChatMessage, ChatRequest, ContextTrimmed
from assistant.core.classify.messages import ClassifiedItem, ClassifyJobResult, ClassifyRequest
from assistant.core.translate.messages import TranslatedSentence, TranslateRequest


def test_every_request_type_has_a_route_and_every_route_a_request_type():
    named = set(typing.get_args(registry.AnyRequest))
    assert named == set(registry.ROUTES)
    for request_type, route in registry.ROUTES.items():
        assert route.task is request_type.task, request_type


def test_payload_checks_follow_the_table():
    chat = ChatRequest((ChatMessage("user", "hi"),))
    assert registry.fits_partial(chat, "a token") and registry.fits_partial(chat, ContextTrimmed(2))
    assert not registry.fits_partial(chat, TranslatedSentence(0, "a", "b"))
    assert registry.fits_result(chat, "the answer") and not registry.fits_result(chat, 42)
    translate = TranslateRequest("Hello.", "en", "de")
    assert registry.fits_partial(translate, TranslatedSentence(0, "Hello.", "Hallo.")) and not registry.fits_partial(translate, "Hallo")


def test_classify_results_depend_on_the_request_not_only_its_type():
    request = ClassifyRequest(("a", "b"), ())
    assert registry.fits_result(request, [ClassifiedItem(0, "x", None)])
    assert registry.fits_result(request, ClassifyJobResult("job", 1, 1, 0, 0, "/tmp/r.jsonl"))
    assert not registry.fits_result(request, "labels")

