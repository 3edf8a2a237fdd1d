"""The Models page's Servers section: OpenAI-compatible servers whose models chat can use.

"Add a server" asks for a name, the base URL, an optional API key and CA file; the key goes
to the system keyring (or a file only the user reads: the section says which).  Each
server's models (GET /v1/models) are listed as "server/model-id" and offered to the chat;
asking the servers runs on a thread of its own (ui/workers/job_thread.py), never on the GUI
thread.  Plain http to an address outside this computer and its network is refused unless
the person confirms it.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assistant.core.protocol import BadInput
from assistant.core.servers.store import ServerStore, needs_http_confirmation, normalize_url
from assistant.ui.i18n.core_text import for_person
from assistant.ui.tabs.base import UiContext
from assistant.ui.workers.job_thread import JobThread, JobThreads


def list_models(store: ServerStore, cancelled: threading.Event, report) -> dict[str, list[str] | Exception]:
    """Each server's model ids, or the error that said why not (on the job's thread)."""
    from assistant.core.servers.client import ServerClient

    found: dict[str, list[str] | Exception] = {}
    for server in store.servers():
        if cancelled.is_set():
            break
        try:
            found[server.name] = ServerClient(server, store.key(server.name), read_timeout=20).models(cancelled)
        except Exception as exc:  # noqa: BLE001 - shown in the server's row
            found[server.name] = exc
    return found


class ServerDialog(QDialog):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a server"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("team"))
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://llm.example.org/v1")
        self.key = QLineEdit()
        self.key.setEchoMode(QLineEdit.Password)
        self.key.setPlaceholderText(self.tr("optional"))
        self.ca_file = QLineEdit()
        self.ca_file.setPlaceholderText(self.tr("optional: a CA file to verify the server's certificate"))
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Address"), self.url)
        form.addRow(self.tr("API key"), self.key)
        form.addRow(self.tr("CA file"), self.ca_file)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)


class ServersPanel(QWidget):
    remote_models_changed = Signal(object)  # list of (label, "server/model-id")
    message = Signal(str, str)  # text, kind ("info" | "error")

    def __init__(self, context: UiContext, parent=None) -> None:
        super().__init__(parent)
        self.context = context
        self.store = ServerStore(context.paths.data)
        self.found: dict[str, list[str] | Exception] = {}
        self._threads = JobThreads()
        self._generation = 0

        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Server"), self.tr("Address"), self.tr("Models")])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.Stretch)
        self.table.setAccessibleName(self.tr("Servers"))
        buttons = QHBoxLayout()
        for text, slot, tip in (
            (self.tr("Add a server…"), self.ask_add, self.tr("Use the models of an OpenAI-compatible server (vLLM, Ollama, llama.cpp, transformers serve…)")),
            (self.tr("Remove"), self.remove_selected, self.tr("Forget the selected server and its key")),
            (self.tr("Refresh"), self.refresh, self.tr("Ask the servers for their models again")),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.key_storage = QLabel(for_person(self.store.key_storage()))
        self.key_storage.setWordWrap(True)
        self.key_storage.setTextFormat(Qt.PlainText)
        hint = QLabel(self.tr("A server's models are named server/model in the chat's model list. Nothing is sent to a server you did not add."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid);")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.key_storage)
        layout.addWidget(hint)
        self._fill()

    # ------------------------------------------------------------ the list

    def refresh(self) -> None:
        """Ask every server for its models, off the GUI thread; the table fills in when they answer."""
        self._generation += 1
        self._threads.cancel_all()
        self._fill()
        if not self.store.servers():
            self.found = {}
            self.remote_models_changed.emit([])
            return
        thread = JobThread(self._generation, lambda cancelled, report: list_models(self.store, cancelled, report), "server-models")
        thread.done.connect(self._listed)
        self._threads.start(thread)

    def _listed(self, generation: int, found) -> None:
        if generation != self._generation:
            return
        if isinstance(found, Exception):
            found = {}
        self.found = found
        self._fill()
        self.remote_models_changed.emit(self.remote_models())

    def remote_models(self) -> list[tuple[str, str]]:
        """(label, key) of every model the servers offer: the key is "server/model-id"."""
        label = self.tr("{model} (server {server})")
        return [
            (label.format(model=model, server=name), f"{name}/{model}") for name, models in self.found.items() if isinstance(models, list) for model in models
        ]

    def _fill(self) -> None:
        servers = self.store.servers()
        self.table.setRowCount(len(servers))
        for row, server in enumerate(servers):
            models = self.found.get(server.name)
            if models is None:
                shown = self.tr("asking…")
            elif isinstance(models, Exception):
                shown = for_person(models)
            else:
                shown = ", ".join(models) or self.tr("no models")
            for column, value in enumerate((server.name, server.base_url, shown)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                item.setData(Qt.UserRole, server.name)
                self.table.setItem(row, column, item)

    # ------------------------------------------------------------ add, remove

    def ask_add(self) -> None:
        dialog = ServerDialog(self)
        if dialog.exec() != QDialog.Accepted:
            return
        self.add_server(dialog.name.text(), dialog.url.text(), dialog.key.text(), dialog.ca_file.text())

    def add_server(self, name: str, url: str, key: str = "", ca_file: str = "", confirm=None) -> bool:
        """Add a server; plain http to a public address asks ``confirm(url)`` (a question box by default)."""
        confirm = confirm or self._confirm_plain_http
        try:
            allowed = needs_http_confirmation(normalize_url(url)) and confirm(url)
            self.store.add(name, url, key, ca_file, confirm_plain_http=bool(allowed))
        except BadInput as exc:
            self.message.emit(for_person(exc), "error")
            return False
        except Exception as exc:  # noqa: BLE001 - a keyring that refused the key: said, the window goes on
            self.message.emit(self.tr("The server could not be added: {error}").format(error=for_person(exc)), "error")
            return False
        self.message.emit(self.tr("Added {name}. Its models appear in the chat's model list once it answers.").format(name=name.strip()), "info")
        self.refresh()
        return True

    def _confirm_plain_http(self, url: str) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Plain http"),
            self.tr(
                "{url} is plain http to an address outside this computer and its network: your key and your chats would travel unencrypted. Use it anyway?"
            ).format(url=url),
        )
        return answer == QMessageBox.Yes

    def selected(self) -> str | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.data(Qt.UserRole) if item else None

    def remove_selected(self) -> None:
        name = self.selected()
        if name and self.store.remove(name):
            self.found.pop(name, None)
            self._fill()
            self.remote_models_changed.emit(self.remote_models())

    def shutdown(self) -> None:
        self._threads.shutdown()
