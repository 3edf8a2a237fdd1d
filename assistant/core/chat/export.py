"""Conversations to Markdown, JSON and HTML files, and back.

JSON holds everything (settings, documents, sources) and imports back exactly.
HTML is a page to read or share: the model's text is rendered as escaped Markdown,
a Content-Security-Policy forbids scripts and remote loads, and the JSON of the
conversation rides along in an inert ``application/json`` block so the page
imports back too.  Markdown is for reading and pasting; it imports back as its
questions and answers (a content line that looks like one of the role headings is
escaped with a backslash, which Markdown shows as the plain line).
"""

from __future__ import annotations

import html
import json
import re
import time
from dataclasses import dataclass, field

from assistant.core.chat.history import Conversation, StoredMessage
from assistant.core.chat.markdown import markdown_to_html, plain_to_html
from assistant.core.chat.settings import ChatSettings
from assistant.core.say import say

FORMAT = "local-assistant-conversation"
FORMAT_VERSION = 1
FORMATS = ("md", "json", "html")
ROLE_NAMES = {"user": "You", "assistant": "Assistant", "system": "System"}
_ROLES_BY_NAME = {name: role for role, name in ROLE_NAMES.items()}
_SOURCES_MARK = "<!-- sources -->"
# A line that the Markdown reader would take for structure; content lines like it get a backslash more.
_STRUCTURE_LINE = re.compile(r"^(\\*)(## (?:You|Assistant|System)|<!-- sources -->)[ \t]*$")
_JSON_BLOCK = re.compile(r'<script type="application/json" id="local-assistant-conversation">(.*?)</script>', re.DOTALL)


class BadExport(ValueError):
    """The file is not a conversation this program can import; str(exc) says why."""


THE_FILE = say("The file")  # what the sentences below call a file whose name is not known


@dataclass(frozen=True)
class ImportedConversation:
    title: str
    messages: list[dict]  # role, content, and optional created, status, note, sources, model
    settings: ChatSettings = field(default_factory=ChatSettings)
    documents: tuple[str, ...] = ()
    created: float | None = None


# ------------------------------------------------------------------ export


def as_document(conversation: Conversation, messages: list[StoredMessage]) -> dict:
    """Everything about a conversation as plain JSON data (the shown messages, not replaced ones)."""
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "conversation": {
            "id": conversation.id,
            "title": conversation.title,
            "created": conversation.created,
            "updated": conversation.updated,
            "settings": conversation.settings.as_dict(),
            "documents": list(conversation.documents),
        },
        "messages": [
            {
                "role": m.role,
                "content": m.content,
                "created": m.created,
                "status": m.status,
                "note": m.note,
                "sources": list(m.sources),
                "model": m.model,
            }
            for m in messages
            if not m.replaced
        ],
    }


def to_json(conversation: Conversation, messages: list[StoredMessage]) -> str:
    return json.dumps(as_document(conversation, messages), ensure_ascii=False, indent=2) + "\n"


def to_markdown(conversation: Conversation, messages: list[StoredMessage]) -> str:
    parts = [f"# {_one_line(conversation.display_title)}", ""]
    if conversation.settings.system_prompt.strip():
        parts += ["## System", "", _escape_structure(conversation.settings.system_prompt.strip()), ""]
    for m in messages:
        if m.replaced:
            continue
        parts += [f"## {ROLE_NAMES.get(m.role, m.role)}", "", _escape_structure(m.content.strip("\n")), ""]
        if m.sources:
            parts += [_SOURCES_MARK, ""]
            parts += [f"- {_source_label(s)}" for s in m.sources]
            parts.append("")
    return "\n".join(parts).rstrip("\n") + "\n"


def to_html(conversation: Conversation, messages: list[StoredMessage]) -> str:
    title = html.escape(conversation.display_title)
    body = []
    for m in messages:
        if m.replaced:
            continue
        rendered = markdown_to_html(m.content) if m.role == "assistant" else plain_to_html(m.content)
        body.append(f'<section class="message {html.escape(m.role)}">')
        body.append(f"<h2>{html.escape(ROLE_NAMES.get(m.role, m.role))}</h2>")
        body.append(rendered)
        if m.sources:
            items = "".join(f"<li>{html.escape(_source_label(s))}</li>" for s in m.sources)
            body.append(f'<p class="sources">Sources:</p><ol>{items}</ol>')
        body.append("</section>")
    data = json.dumps(as_document(conversation, messages), ensure_ascii=False)
    # Inside <script> only "</" could end the block; \u escapes keep the JSON identical.
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="generator" content="Local Assistant">
<title>{title}</title>
<style>
body {{ font-family: sans-serif; max-width: 50em; margin: 2em auto; padding: 0 1em; line-height: 1.5; }}
section.message {{ border-top: 1px solid #ddd; padding: 0.5em 0; }}
section.user h2 {{ color: #1a4d8f; }} section.assistant h2 {{ color: #2e6b30; }}
h2 {{ font-size: 1em; margin: 0.5em 0; }}
pre {{ background: #f4f4f4; padding: 0.6em; overflow-x: auto; }}
code {{ background: #f4f4f4; }}
.sources {{ color: #666; font-size: 0.9em; }}
</style>
</head>
<body>
<h1>{title}</h1>
{chr(10).join(body)}
<script type="application/json" id="local-assistant-conversation">{data}</script>
</body>
</html>
"""


def export(conversation: Conversation, messages: list[StoredMessage], fmt: str) -> str:
    if fmt == "md":
        return to_markdown(conversation, messages)
    if fmt == "json":
        return to_json(conversation, messages)
    if fmt == "html":
        return to_html(conversation, messages)
    raise ValueError(say("unknown export format {format}; use one of {formats}", format=repr(fmt), formats=", ".join(FORMATS)))


def _source_label(source: dict) -> str:
    where = f"{source.get('location')}, " if source.get("location") else ""
    return f"{source.get('path', '?')} ({where}passage {source.get('position', '?')})"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _escape_structure(text: str) -> str:
    return "\n".join("\\" + line if _STRUCTURE_LINE.match(line) else line for line in text.split("\n"))


# ------------------------------------------------------------------ import


def parse(text: str, name: str = "") -> ImportedConversation:
    """A conversation from the text of an exported file (JSON, HTML or Markdown, told apart by content)."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("{"):
        return _from_document(_load_json(text), name)
    if stripped[:200].lower().startswith(("<!doctype html", "<html")):
        block = _JSON_BLOCK.search(text)
        if block is None:
            raise BadExport(
                say("{name} is an HTML page without the conversation data of this program's export.", name=name or THE_FILE)
            )
        return _from_document(_load_json(block.group(1)), name)
    if stripped.startswith("# ") or "\n## " in text:
        return _from_markdown(text, name)
    raise BadExport(say("{name} is not an exported conversation (JSON, HTML or Markdown from this program).", name=name or THE_FILE))


def _load_json(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise BadExport(say("The file is not valid JSON ({error}).", error=str(exc))) from None


def _from_document(data: object, name: str) -> ImportedConversation:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadExport(say("{name} is JSON, but not a conversation exported by this program.", name=name or THE_FILE))
    if not isinstance(data.get("version"), int) or data["version"] > FORMAT_VERSION:
        raise BadExport(say("The file was exported by a newer version of the program; update it to import this file."))
    raw_info = data.get("conversation")
    info = raw_info if isinstance(raw_info, dict) else {}
    raw_messages = data.get("messages")
    if not isinstance(raw_messages, list):
        raise BadExport(say("The file has no list of messages."))
    messages = []
    for number, m in enumerate(raw_messages, 1):
        if not isinstance(m, dict) or m.get("role") not in ROLE_NAMES or not isinstance(m.get("content"), str):
            raise BadExport(say("Message {number} of the file has no valid role and text.", number=number))
        messages.append(
            {
                "role": m["role"],
                "content": m["content"],
                "created": m.get("created") if isinstance(m.get("created"), (int, float)) else None,
                "status": m.get("status") if isinstance(m.get("status"), str) else None,
                "note": m.get("note") if isinstance(m.get("note"), str) else "",
                "sources": [s for s in m.get("sources") or [] if isinstance(s, dict)],
                "model": m.get("model") if isinstance(m.get("model"), str) else "",
            }
        )
    documents = tuple(str(d) for d in info.get("documents") or [] if isinstance(d, str))
    created = info.get("created") if isinstance(info.get("created"), (int, float)) else None
    raw_title = info.get("title")
    title = raw_title if isinstance(raw_title, str) else ""
    return ImportedConversation(title, messages, ChatSettings.from_dict(info.get("settings")), documents, created)


def _from_markdown(text: str, name: str) -> ImportedConversation:
    lines = text.replace("\r\n", "\n").split("\n")
    title = lines[0][2:].strip() if lines and lines[0].startswith("# ") else ""
    system = ""
    messages: list[dict] = []
    role: str | None = None
    body: list[str] = []
    in_sources = False

    def close() -> None:
        nonlocal system
        if role is None:
            return
        content = "\n".join(body).strip("\n")
        if role == "system":
            system = content
        else:
            messages.append({"role": role, "content": content})

    for line in lines[1:]:
        match = _STRUCTURE_LINE.match(line)
        if match and not match.group(1):  # structure, not an escaped content line
            if match.group(2) == _SOURCES_MARK:
                in_sources = True
                continue
            close()
            role, body, in_sources = _ROLES_BY_NAME[match.group(2)[3:]], [], False
            continue
        if in_sources or role is None:
            continue
        body.append(line[1:] if match else line)  # one backslash less
    close()
    if not messages:
        raise BadExport(
            say("{name} holds no '## You' / '## Assistant' sections of an exported conversation.", name=name or say("The Markdown file"))
        )
    settings = ChatSettings(system_prompt=system) if system else ChatSettings()
    return ImportedConversation(title if title != "New chat" else "", messages, settings)
