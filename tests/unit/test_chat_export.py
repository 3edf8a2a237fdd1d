"""Export to Markdown, JSON and HTML, and import back: each format round-trips; HTML never runs model output."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from assistant.core.chat.export import BadExport, export, parse, to_html, to_json, to_markdown
from assistant.core.chat.history import ChatStore
from assistant.core.chat.markdown import markdown_to_html
from assistant.core.chat.settings import ChatSettings

NASTY = (
    "Here is code:\n\n```html\n<script>alert('x')</script>\n```\n\n"
    "<img src=x onerror=alert(1)> and <a href=\"http://evil.example\">click</a>\n"
    "## You\n"  # looks like a role heading of the Markdown export
    "\\## Assistant\n"
    "<!-- sources -->\n"
    "**bold**, a [link](https://example.org) and [bad](javascript:alert(1)) — ünïcödé 日本語 🎉"
)


@pytest.fixture
def conversation(tmp_path):
    store = ChatStore(tmp_path / "chats.sqlite3")
    chat = store.create(settings=ChatSettings(system_prompt="Answer in one line.", temperature=0.3, seed=11), documents=("/docs/a.pdf",))
    store.add_message(chat.id, "user", "What <b>is</b> this?\nSecond line & more.")
    store.add_message(chat.id, "assistant", NASTY, model="/models/tiny")
    q = store.add_message(chat.id, "user", "replaced question")
    store.add_message(chat.id, "assistant", "replaced answer")
    store.replace_from(q.id)
    store.add_message(chat.id, "user", "## You\nA question whose first line looks like a heading")
    answer = store.add_message(chat.id, "assistant", "From the docs [1].")
    store.update_message(answer.id, sources=[{"path": "/docs/a.pdf", "position": 2, "location": "page 1", "text": "passage", "score": 0.8}])
    yield store, store.get(chat.id)
    store.close()


def shown(store, chat):
    return [(m.role, m.content) for m in store.messages(chat.id)]


def test_json_round_trip_is_exact(conversation):
    store, chat = conversation
    text = to_json(chat, store.messages(chat.id))
    imported = parse(text, "chat.json")
    new = store.import_conversation(imported.title, imported.messages, imported.settings, imported.documents, imported.created)
    assert new.id != chat.id
    again = store.get(new.id)
    assert (again.title, again.settings, again.documents, again.created) == (chat.title, chat.settings, chat.documents, chat.created)
    assert shown(store, again) == shown(store, chat)
    assert [m.sources for m in store.messages(new.id)] == [m.sources for m in store.messages(chat.id)]
    first, second = json.loads(text), json.loads(to_json(again, store.messages(new.id)))
    for data in (first, second):
        data.pop("exported")
        data["conversation"].pop("id")
        data["conversation"].pop("updated")
    assert first == second
    assert "replaced" not in text  # only what the conversation shows is exported


def test_markdown_round_trips_questions_and_answers(conversation):
    store, chat = conversation
    text = to_markdown(chat, store.messages(chat.id))
    assert text.startswith(f"# {chat.title}\n") and "## System\n\nAnswer in one line." in text
    assert "\\## You" in text  # the look-alike heading line in the content is escaped
    assert "- /docs/a.pdf (page 1, passage 2)" in text
    imported = parse(text, "chat.md")
    assert [(m["role"], m["content"]) for m in imported.messages] == shown(store, chat)
    assert imported.settings.system_prompt == "Answer in one line." and imported.title == chat.title


def test_html_round_trips_and_never_carries_live_markup(conversation):
    store, chat = conversation
    page = to_html(chat, store.messages(chat.id))
    imported = parse(page, "chat.html")
    assert [(m["role"], m["content"]) for m in imported.messages] == shown(store, chat)
    assert imported.settings == chat.settings
    elements = _elements(page)
    assert "img" not in elements and elements.count("script") == 1  # only the inert JSON block
    assert re.search(r'<script type="application/json"', page)
    assert 'href="javascript' not in page
    assert "&lt;script&gt;alert" in page and "&lt;img src=x" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "<strong>bold</strong>" in page and '<a href="https://example.org">link</a>' in page
    assert '<a href="http://evil.example">' not in page


def _elements(page: str) -> list[str]:
    found = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append(tag)

    Collect().feed(page)
    return found


def test_export_dispatch_and_unknown_format(conversation):
    store, chat = conversation
    for fmt in ("md", "json", "html"):
        assert parse(export(chat, store.messages(chat.id), fmt)).messages
    with pytest.raises(ValueError):
        export(chat, [], "pdf")


@pytest.mark.parametrize(
    "text, message",
    [
        ("{not json", "not valid JSON"),
        ('{"format": "something else"}', "not a conversation"),
        ('{"format": "local-assistant-conversation", "version": 99, "messages": []}', "newer version"),
        ('{"format": "local-assistant-conversation", "version": 1, "messages": [{"role": "robot", "content": "x"}]}', "Message 1"),
        ("<!DOCTYPE html><html><body>hello</body></html>", "without the conversation data"),
        ("just some words", "not an exported conversation"),
        ("# Title\n\nno sections here\n", "no '## You'"),
    ],
)
def test_bad_imports_say_why(text, message):
    with pytest.raises(BadExport, match=message):
        parse(text)


def test_markdown_rendering_escapes_html_and_drops_images():
    html = markdown_to_html("*em* `code` <b>bold</b> ![pic](http://example.com/p.png)\n\n- one\n- two")
    assert "<em>em</em>" in html and "<code>code</code>" in html and "<li>one</li>" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<img" not in html
    assert 'href="javascript' not in markdown_to_html("[x](javascript:alert(1)) [y](data:text/html,hi)")
