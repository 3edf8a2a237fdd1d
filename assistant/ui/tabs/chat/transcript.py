"""The conversation as rich text: questions as typed, answers as safe Markdown.

A long conversation is drawn a page at a time: the tab gives the newest messages and how
many earlier ones there are; scrolling to the top, or the "Show earlier messages" link
there, asks for the page before (``earlier_requested``), which is drawn above with the view
kept where it was.  Drawing 10,000 messages at once held the GUI thread up to 0.6 s here.

Everything the model wrote passes through core/chat/markdown.py (raw HTML escaped, no
images) and the browser never follows a link by itself: a web link is opened
only after the user clicks it and agrees.  The small action links of each
message (copy, edit, regenerate, sources) carry a random key made per window, so
a link written by the model can never pass for one of them.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QTextCursor
from PySide6.QtWidgets import QMessageBox, QTextBrowser

from assistant.core.chat.history import FAILED, STOPPED, STREAMING, StoredMessage
from assistant.core.chat.markdown import SAFE_LINK_SCHEMES, markdown_to_html, plain_to_html
from assistant.ui.theme import colour

ROLE_NAMES = {
    "user": QT_TRANSLATE_NOOP("TranscriptView", "You"),
    "assistant": QT_TRANSLATE_NOOP("TranscriptView", "Assistant"),
    "system": QT_TRANSLATE_NOOP("TranscriptView", "System"),
}
ACTION_SCHEME = "assistant-action"
RENDER_INTERVAL_MS = 80  # while an answer streams, redraw at most this often
# Messages drawn first when the program opens the newest conversation (set_messages' end_first): the end is what shows.
END_FIRST = 4



def _style() -> str:
    """The transcript's style sheet in the colours of the theme in use."""
    code, muted = colour("code background"), colour("muted")
    return f"""
pre {{ background-color: {code}; padding: 6px; }}
code {{ background-color: {code}; font-family: monospace; }}
a.action {{ color: {muted}; text-decoration: none; }}
p.note {{ color: {muted}; font-style: italic; }}
p.sources {{ color: {muted}; }}
"""


class TranscriptView(QTextBrowser):
    # (action, message id, extra): "copy", "edit", "regenerate", "source" (extra = source index)
    action_requested = Signal(str, int, int)
    earlier_requested = Signal()  # the person scrolled to the top, or clicked "Show earlier messages"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)  # nothing is followed without the handler below
        self.setOpenExternalLinks(False)
        self.setAccessibleName(self.tr("Conversation"))
        self.document().setDefaultStyleSheet(_style())
        self.key = os.urandom(8).hex()  # as secrets.token_hex, without importing hmac and hashlib before the tab shows
        self.messages: list[StoredMessage] = []
        self.active_id: int | None = None  # the answer streaming now
        self.waiting = False  # a question was sent, no answer token yet
        self.earlier = 0  # messages of the conversation before the first of self.messages, not drawn
        self._drawing = False  # setHtml moves the scroll bar: that is not the person scrolling
        self._rest_pending = False  # only the last messages are drawn (end_first): render_rest draws them all
        self.open_external: Callable[[QUrl], bool] = QDesktopServices.openUrl
        self.link_dialog: QMessageBox | None = None
        self._cache: dict[tuple, str] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RENDER_INTERVAL_MS)
        self._timer.timeout.connect(self.render)
        self.anchorClicked.connect(self._clicked)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().changeEvent(event)
        if event.type() == QEvent.PaletteChange:  # light <-> dark: draw the messages in the new colours
            self.document().setDefaultStyleSheet(_style())
            self._cache.clear()
            self.render()

    # ------------------------------------------------------------ content

    def set_messages(
        self, messages: list[StoredMessage], active_id: int | None = None, waiting: bool = False, end_first: bool = False, earlier: int = 0
    ) -> None:
        """Show ``messages``, after ``earlier`` older ones that are not drawn (a link offers them).
        With ``end_first`` only the last few are drawn now, the view scrolled to them,
        and ``render`` must follow (on a later turn of the event loop) to draw all of them: the first rich
        text a process draws loads its fonts and glyphs, and a whole conversation drawn at once then held
        the GUI thread two events of ~20 ms (several times that on a busy machine)."""
        self.messages = list(messages)
        self.earlier = earlier
        self.active_id = active_id
        self.waiting = waiting
        if end_first and len(self.messages) > END_FIRST:
            self._timer.stop()
            self._draw(self.messages[-END_FIRST:])
        else:
            self.render()

    def show_earlier(self, older: list[StoredMessage], earlier: int) -> None:
        """``older`` messages drawn above those shown, ``earlier`` still before them; what was in view stays in view."""
        bar = self.verticalScrollBar()
        from_end = bar.maximum() - bar.value()
        self.messages = list(older) + self.messages
        self.earlier = earlier
        if self._timer.isActive() or self._rest_pending or self.document().isEmpty():
            self._timer.stop()
            self._draw(self.messages, keep_from_end=from_end)
            return
        # Only the new page is laid out: it takes the place of the link at the top (setHtml of
        # everything shown took longer with every page).
        parts = [self._message_html(m, False) for m in older]
        if earlier:
            parts.insert(0, self._earlier_link())
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.Start)
        cursor.movePosition(QTextCursor.EndOfBlock, QTextCursor.KeepAnchor)
        self._drawing = True
        try:
            cursor.insertHtml("\n".join(parts))
            bar.setValue(bar.maximum() - from_end)
        finally:
            self._drawing = False

    def _earlier_link(self) -> str:
        return f'<p class="note">{self._action("earlier", 0, self.tr("Show %n earlier message(s)", "", self.earlier))}</p>'

    def render_rest(self) -> None:
        """After set_messages(end_first=True) and a paint: draw all the messages (nothing when that was done since)."""
        if self._rest_pending:
            self.render()

    def _scrolled(self, value: int) -> None:
        if not self._drawing and self.earlier and value == self.verticalScrollBar().minimum():
            self.earlier_requested.emit()

    def update_message(self, message: StoredMessage) -> None:
        """A streaming answer grew: redraw soon (coalesced), not for every token."""
        for number, existing in enumerate(self.messages):
            if existing.id == message.id:
                self.messages[number] = message
                break
        else:
            self.messages.append(message)
        self.active_id = message.id
        self.waiting = False
        if not self._timer.isActive():
            self._timer.start()

    def append_text(self, message_id: int, piece: str) -> None:
        for message in self.messages:
            if message.id == message_id:
                self.update_message(replace(message, content=message.content + piece))
                return

    def render(self) -> None:
        self._timer.stop()
        self._draw(self.messages)

    def _draw(self, messages: list[StoredMessage], keep_from_end: int | None = None) -> None:
        """``messages`` (all of self.messages, or the last of them) as the document; the view stays at the end
        if it was there, else where it was (``keep_from_end``: that far above the end, for a page drawn above)."""
        self._rest_pending = messages is not self.messages
        bar = self.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 4
        position = bar.value()
        parts = [self._message_html(m, index == len(messages) - 1) for index, m in enumerate(messages)]
        if self.earlier and messages and messages[0] is self.messages[0]:
            parts.insert(0, self._earlier_link())
        if self.waiting:
            assistant = html.escape(self.tr(ROLE_NAMES["assistant"]))
            parts.append(f'<p style="margin-top:12px"><b style="color:{colour("assistant")}">{assistant}</b></p><p class="note">…</p>')
        self._drawing = True
        try:
            self.setHtml("\n".join(parts))
            if keep_from_end is not None:
                bar.setValue(bar.maximum() - keep_from_end)
            else:
                bar.setValue(bar.maximum() if at_end else position)
        finally:
            self._drawing = False

    def plain_text(self) -> str:
        if self._timer.isActive() or self._rest_pending:
            self.render()
        return self.toPlainText()

    def _message_html(self, message: StoredMessage, last: bool) -> str:
        key = (message.id, message.content, message.status, message.note, repr(message.sources), last, message.id == self.active_id)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        actions = [self._action("copy", message.id, self.tr("Copy"))]
        if message.role == "user":
            actions.append(self._action("edit", message.id, self.tr("Edit")))
        if message.role == "assistant" and last and message.id != self.active_id:
            actions.append(self._action("regenerate", message.id, self.tr("Regenerate")))
        role_colour = colour("user" if message.role == "user" else "assistant")
        role = self.tr(ROLE_NAMES[message.role]) if message.role in ROLE_NAMES else message.role
        head = f'<p style="margin-top:12px"><b style="color:{role_colour}">{html.escape(role)}</b>'
        if message.id != self.active_id:
            head += " &nbsp; " + " · ".join(actions)
        head += "</p>"
        body = markdown_to_html(message.content) if message.role == "assistant" else plain_to_html(message.content)
        notes = []
        if message.note:
            notes.append(message.note)
        if message.id != self.active_id:
            if message.status == STREAMING:
                notes.append(self.tr("Interrupted: the program stopped while this answer was being written; what was shown is kept."))
            elif message.status == STOPPED:
                notes.append(self.tr("Stopped before the end."))
            elif message.status == FAILED:
                notes.append(self.tr("The model failed part-way through this answer."))
        tail = "".join(f'<p class="note">{html.escape(n)}</p>' for n in notes)
        if message.sources:
            links = " &nbsp; ".join(
                f'<a href="{self._url("source", message.id, number)}">[{number + 1}] {html.escape(_source_label(s))}</a>'
                for number, s in enumerate(message.sources)
            )
            tail += '<p class="sources">' + html.escape(self.tr("Sources:")) + f" {links}</p>"
        rendered = head + body + tail
        if len(self._cache) > 2000:
            self._cache.clear()
        self._cache[key] = rendered
        return rendered

    def _url(self, action: str, message_id: int, extra: int = 0) -> str:
        return f"{ACTION_SCHEME}://{self.key}/{action}/{message_id}/{extra}"

    def _action(self, action: str, message_id: int, text: str) -> str:
        return f'<a class="action" href="{self._url(action, message_id)}">{html.escape(text)}</a>'

    # -------------------------------------------------------------- links

    def _clicked(self, url: QUrl) -> None:
        if url.scheme() == ACTION_SCHEME:
            parts = url.path().strip("/").split("/")
            if url.host() == self.key and parts[0] == "earlier":
                self.earlier_requested.emit()
            elif url.host() == self.key and len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
                self.action_requested.emit(parts[0], int(parts[1]), int(parts[2]))
            return  # a look-alike from the model's text: ignored
        if url.scheme() in SAFE_LINK_SCHEMES:
            self.ask_to_open(url)

    def ask_to_open(self, url: QUrl) -> None:
        """Links in answers come from the model: show where one leads and open it only if the user agrees."""
        box = QMessageBox(
            QMessageBox.Question,
            self.tr("Open link?"),
            self.tr("The answer links to:\n\n{url}\n\nOpen it in your web browser?").format(url=url.toString()),
            QMessageBox.Open | QMessageBox.Cancel,
            self,
        )
        box.setTextFormat(Qt.PlainText)
        box.setDefaultButton(QMessageBox.Cancel)

        def finished(_result: int) -> None:
            if box.clickedButton() is box.button(QMessageBox.Open):
                self.open_external(url)

        box.finished.connect(finished)
        self.link_dialog = box
        box.open()


def _source_label(source: dict) -> str:
    name = Path(str(source.get("path", "?"))).name
    position = source.get("position", "?")
    if source.get("location"):
        text = QCoreApplication.translate("TranscriptView", "{file} ({location}, passage {number})")
        return text.format(file=name, location=source["location"], number=position)
    return QCoreApplication.translate("TranscriptView", "{file} (passage {number})").format(file=name, number=position)
