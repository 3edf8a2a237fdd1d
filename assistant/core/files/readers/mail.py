"""E-mail messages (.eml, RFC 822) with the standard library.

The subject and the body matter for sorting mail; the sender helps too.  The
plain-text part is preferred; an HTML-only message is turned into text.
Attachments are named, not read.
"""

from __future__ import annotations

import email
from email import policy

from assistant.core.files.readers.errors import UnreadableFile
from assistant.core.say import say


def eml_text(data: bytes) -> str:
    from assistant.core.files.readers.html import html_to_text

    try:
        message = email.message_from_bytes(data, policy=policy.default)
    except Exception as exc:  # noqa: BLE001 - the parser is lenient; this is for the truly broken
        raise UnreadableFile(say("damaged e-mail file ({error})", error=type(exc).__name__)) from None
    if not (message.get("From") or message.get("Subject") or message.get("To")):
        raise UnreadableFile(say("not an e-mail message (no From, To or Subject header)"))
    lines = []
    for header in ("Subject", "From"):
        value = message.get(header)
        if value:
            lines.append(f"{header}: {value}")
    body = ""
    try:
        part = message.get_body(preferencelist=("plain", "html"))
        if part is not None:
            body = part.get_content()
            if part.get_content_subtype() == "html":
                body = html_to_text(body)
    except (LookupError, ValueError, UnicodeError) as exc:  # unknown charset, broken encoding
        raise UnreadableFile(say("the e-mail body cannot be decoded ({error})", error=str(exc))) from None
    attachments = [name for a in message.iter_attachments() if (name := a.get_filename())]
    if attachments:
        lines.append("Attachments: " + ", ".join(attachments))
    return ("\n".join(lines) + "\n\n" + body.strip()).strip()
