"""The core's sentences in the interface language (assistant/ui/i18n/core_text.py)."""

from __future__ import annotations

import logging
import string

from assistant.core.context import MAX_TEXT_CHARS
from assistant.core.protocol import Failure, FailureKind
from assistant.core.say import say
from assistant.core.sentiment.messages import SentimentRequest
from assistant.ui.i18n import core_text
from assistant.ui.i18n.core_text import for_person
from tests.helpers import make_engine


def test_a_failure_of_the_engine_is_shown_in_chinese_with_its_values(chinese, tmp_path, tiny_models_dir):
    engine, _ = make_engine(tmp_path / "models", extra=(str(tiny_models_dir),))
    huge = engine.handle(SentimentRequest("a" * (MAX_TEXT_CHARS + 1)))
    assert isinstance(huge, Failure) and huge.kind is FailureKind.BAD_INPUT
    assert huge.message.startswith("The text is too long (100,001 characters")  # the English, for the CLI and logs
    shown = for_person(huge.message)
    assert shown == "文本太长了（100,001 个字符；上限为 100,000）。请分成几部分，或使用文件。"
    empty = engine.handle(SentimentRequest("  "))
    assert for_person(empty.message) == "没有可处理的文本：请先输入或粘贴一些内容。"  # the nested "text" too


def test_nested_reasons_and_exceptions(chinese):
    reason = say("too large ({size:.1f} MB; the limit is {limit:.0f} MB)", size=12.34, limit=10)
    shown = for_person(say("{name} cannot be read: {reason}.", name="big.csv", reason=reason))
    assert shown == "无法读取 big.csv：太大（12.3 MB；上限为 10 MB）。"
    assert for_person(ValueError(say("The chat history is closed."))) == "聊天记录已关闭。"
    assert for_person(ValueError("a plain error")) == "a plain error"


def test_in_english_the_text_is_the_english_sentence(qapp):
    said = say("{name} has no text to translate.", name="a.txt")
    assert for_person(said) == "a.txt has no text to translate." and type(for_person(said)) is str
    assert for_person("plain text, shown as it is") == "plain text, shown as it is"
    assert for_person(None) == ""


def test_a_translation_that_does_not_fit_its_values_falls_back_to_english(chinese, monkeypatch, caplog):
    class WrongTranslation:
        @staticmethod
        def translate(context, text):
            return "{nom} 没有可翻译的文本。"  # a translator changed the placeholder

    monkeypatch.setattr(core_text, "QCoreApplication", WrongTranslation)
    with caplog.at_level(logging.ERROR, logger="assistant.ui.i18n.core_text"):
        shown = for_person(say("{name} has no text to translate.", name="a.txt"))
    assert shown == "a.txt has no text to translate."
    assert "does not fit" in caplog.text


def test_every_chinese_core_sentence_formats_with_its_values(chinese, caplog):
    """Every template, translated, takes the values its English takes (a wrong placeholder would fall back)."""
    from assistant.ui.i18n.core_templates import TEMPLATES

    for template in TEMPLATES:
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        except ValueError:  # "{\\rtf": no placeholders, shown as it is
            names = set()
        said = say(template, **{name: 7 for name in names})
        with caplog.at_level(logging.ERROR, logger="assistant.ui.i18n.core_text"):
            shown = for_person(said)
        assert shown != str(said), (template, shown)
    assert "does not fit" not in caplog.text


def test_the_sentence_crosses_the_worker_thread_as_a_said(qtbot, tmp_path, tiny_models_dir, chinese):
    """Replies reach the window as the same Python objects (signals carry ``object``): still translatable."""
    from assistant.core.say import Said
    from assistant.worker.engine import EngineConfig
    from assistant.worker.qt import WorkerClient

    finished = []

    class Receiver:
        def on_started(self, reply): ...
        def on_progress(self, reply): ...
        def on_partial(self, reply): ...
        def on_finished(self, reply):
            finished.append(reply)

    client = WorkerClient(EngineConfig(models_dir=tmp_path, extra_model_dirs=(str(tiny_models_dir),), device="cpu"))
    statuses = []
    client.status.connect(statuses.append)
    client.submit(SentimentRequest(""), Receiver())
    client.start()
    try:
        qtbot.waitUntil(lambda: bool(finished), timeout=60_000)
    finally:
        assert client.shutdown()
    [failure] = finished
    assert isinstance(failure.message, Said)
    assert for_person(failure.message) == "没有可处理的文本：请先输入或粘贴一些内容。"
    assert statuses and all(isinstance(s.message, Said) for s in statuses)
    assert for_person(statuses[0].message) == "正在加载 AI 库…"
