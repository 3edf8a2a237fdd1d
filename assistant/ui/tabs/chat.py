"""Chat / Q&A: a conversation with the chat model, the answer streaming in.

The transcript is filled through QTextCursor.insertText, which inserts plain
text: whatever the model writes (tags, scripts, links) is shown, never run.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QGuiApplication, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QPushButton, QSpinBox, QTextBrowser

from assistant.core.messages import ChatMessage, ChatRequest, Failure, FailureKind, Partial, Result, Task
from assistant.ui.tabs.base import TaskTab, UiContext

_ROLE_NAMES = {"user": "You", "assistant": "Assistant", "system": "System"}


class ChatTab(TaskTab):
    task = Task.CHAT
    run_text = "Send"

    def __init__(self, context: UiContext, parent=None) -> None:
        super().__init__(context, parent)
        self.messages: list[ChatMessage] = []
        self._answer = ""
        self.transcript = QTextBrowser()
        self.transcript.setOpenLinks(False)  # a link in an answer is never followed by itself
        self.transcript.setAccessibleName("Conversation")
        self.transcript.setPlaceholderText("Ask a question below. Answers come from a model running on this computer.")
        self.input = QPlainTextEdit()
        self.input.setPlaceholderText("Type a question — Ctrl+Enter to send")
        self.input.setAccessibleName("Question")
        self.input.setMaximumHeight(110)
        self.new_button = QPushButton("New chat")
        self.new_button.setToolTip("Start a new conversation (Ctrl+N)")
        self.new_button.setShortcut("Ctrl+N")
        self.new_button.clicked.connect(self.new_chat)
        self.busy_changed.connect(lambda busy: self.new_button.setEnabled(not busy))
        self.copy_button = QPushButton("Copy chat")
        self.copy_button.clicked.connect(self.copy_conversation)
        self.max_tokens = QSpinBox()
        self.max_tokens.setRange(1, 4096)
        self.max_tokens.setValue(context.settings.chat_max_new_tokens)
        self.max_tokens.setPrefix("up to ")
        self.max_tokens.setSuffix(" tokens")
        self.max_tokens.setAccessibleName("Longest answer in tokens")
        self.max_tokens.valueChanged.connect(self._remember_max_tokens)

        self.setFocusProxy(self.input)  # switching to the tab puts the cursor in its input
        layout = self.base_layout()
        layout.addWidget(self.transcript, 1)
        layout.addWidget(self.input)
        layout.addWidget(self.progress)
        layout.addLayout(self.button_row(self.new_button, self.copy_button, self.max_tokens))

    # ------------------------------------------------------------ requests

    def build_request(self) -> ChatRequest | None:
        question = self.input.toPlainText().strip()
        if not question:
            self.banner.show_message("Type a question first.", "info")
            return None
        self.messages.append(ChatMessage("user", question))
        self.input.clear()
        self._append_turn("user", question)
        self._append_heading("assistant")
        self._answer = ""
        return ChatRequest(tuple(self.messages), max_new_tokens=self.max_tokens.value(), model=self.chosen_model())

    def on_partial(self, reply: Partial) -> None:
        self._answer += reply.payload
        cursor = self._end_cursor()
        cursor.insertText(reply.payload, QTextCharFormat())
        self.transcript.ensureCursorVisible()

    def show_result(self, reply: Result) -> None:
        self._finish_answer(reply.payload)

    def show_failure(self, failure: Failure) -> None:
        if self._answer or failure.kind is FailureKind.CANCELLED:
            # What was shown stays part of the conversation: the model will see it next turn.
            self._finish_answer(self._answer + (" …" if failure.kind is FailureKind.CANCELLED else ""))
        else:
            # Nothing was answered: take the question back so the user can send it again.
            question = self.messages.pop().content if self.messages and self.messages[-1].role == "user" else ""
            self._end_cursor().insertText("(no answer)\n\n", QTextCharFormat())
            if question and not self.input.toPlainText():
                self.input.setPlainText(question)
        super().show_failure(failure)

    def _finish_answer(self, text: str) -> None:
        if text.strip():
            self.messages.append(ChatMessage("assistant", text))
        self._end_cursor().insertText("\n\n", QTextCharFormat())
        self._answer = ""

    # ---------------------------------------------------------- transcript

    def _end_cursor(self) -> QTextCursor:
        cursor = self.transcript.textCursor()
        cursor.movePosition(QTextCursor.End)
        self.transcript.setTextCursor(cursor)
        return cursor

    def _append_heading(self, role: str) -> None:
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Bold)
        self._end_cursor().insertText(f"{_ROLE_NAMES[role]}\n", bold)

    def _append_turn(self, role: str, text: str) -> None:
        self._append_heading(role)
        self._end_cursor().insertText(text + "\n\n", QTextCharFormat())

    def transcript_text(self) -> str:
        return self.transcript.toPlainText()

    def new_chat(self) -> None:
        if self.busy:
            return  # the button is disabled meanwhile; the shortcut lands here
        self.messages = []
        self.transcript.clear()
        self.banner.hide()
        self.input.setFocus()

    def copy_conversation(self) -> None:
        text = "\n\n".join(f"{_ROLE_NAMES[m.role]}: {m.content}" for m in self.messages)
        QGuiApplication.clipboard().setText(text)
        self.status_label.setText("Conversation copied")

    def _remember_max_tokens(self, value: int) -> None:
        self.context.settings.chat_max_new_tokens = value
        self.context.save_settings()
