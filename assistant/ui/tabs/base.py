"""What every task tab shares: sending a request, Stop, progress, and errors.

A tab sends one request at a time.  Replies arrive on the GUI thread through
WorkerClient; the tab never waits for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from assistant.core.protocol import Failure, FailureKind, Partial, Progress, Result, Started, Task
from assistant.ui.i18n.core_text import for_person
from assistant.ui.i18n.model_names import kind_name
from assistant.ui.tabs.context import UiContext  # here too: the tabs import it with TaskTab
from assistant.ui.widgets.banner import Banner

if TYPE_CHECKING:
    from assistant.core.registry import Request


class TaskTab(QWidget):
    # Texts here are translated in the "TaskTab" context: self.tr would look them up under the subclass's name.
    task: Task
    # The run button's text. A subclass names it with QT_TRANSLATE_NOOP("<its class name>", "Text")
    # (or "TaskTab"), so that lupdate extracts it; run_label() translates it.
    run_text = QT_TRANSLATE_NOOP("TaskTab", "Run")
    busy_changed = Signal(bool)

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.request_id: int | None = None
        self._last_request: Request | None = None
        self._last_started: Started | None = None
        self.banner = Banner()
        run_label = self.run_label()
        self.run_button = QPushButton(run_label)
        self.run_button.setDefault(True)
        self.run_button.setToolTip(QCoreApplication.translate("TaskTab", "{action} (Ctrl+Enter)").format(action=run_label))
        self.stop_button = QPushButton(QCoreApplication.translate("TaskTab", "Stop"))
        self.stop_button.setToolTip(QCoreApplication.translate("TaskTab", "Stop (Esc)"))
        self.stop_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.PlainText)
        self.status_label.setStyleSheet("color: palette(mid);")
        self.run_button.clicked.connect(self.run)
        self.stop_button.clicked.connect(self.stop)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.run, context=Qt.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Esc"), self, self.stop, context=Qt.WidgetWithChildrenShortcut)

    def run_label(self) -> str:
        """``run_text`` in the interface language: looked up under the subclass's context, then under TaskTab."""
        for context in (type(self).__name__, "TaskTab"):
            translated = QCoreApplication.translate(context, self.run_text)
            if translated != self.run_text:
                return translated
        return self.run_text

    # ----------------------------------------------------------- layout help

    def button_row(self, *extra: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        for widget in extra:
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.status_label)
        row.addWidget(self.run_button)
        row.addWidget(self.stop_button)
        return row

    def base_layout(self) -> QVBoxLayout:
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        return layout

    # ------------------------------------------------------------- requests

    @property
    def busy(self) -> bool:
        return self.request_id is not None

    def chosen_model(self) -> str | None:
        return self.context.settings.models.get(self.task.value) or None

    def run(self) -> None:
        """Build the tab's request from its inputs and send it; subclasses define build_request."""
        if self.busy:
            return
        self.banner.hide()
        request = self.build_request()
        if request is None:
            return
        self.submit(request)

    def build_request(self) -> Request | None:
        raise NotImplementedError

    def submit(self, request: Request) -> None:
        # Busy first: the engine may answer at once (e.g. "Waiting: a model is loading"), and that must stay shown.
        self._set_busy(True)
        if not self.context.client.running or not (self.context.client.last_status and self.context.client.last_status.ready):
            self.status_label.setText(QCoreApplication.translate("TaskTab", "Waiting for the AI libraries to load…"))
        else:
            self.status_label.setText(QCoreApplication.translate("TaskTab", "Queued…"))
        self._last_request, self._last_started = request, None
        self.request_id = self.context.client.submit(request, self)

    def stop(self) -> None:
        if self.request_id is not None:
            self.context.client.cancel(self.request_id)
            self.status_label.setText(QCoreApplication.translate("TaskTab", "Stopping…"))

    def _set_busy(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)  # "working" until real figures arrive
        self.busy_changed.emit(busy)

    # -------------------------------------------------- replies (GUI thread)

    def on_started(self, reply: Started) -> None:
        self._last_started = reply
        where = f", {reply.placement}" if reply.placement else ""
        self.status_label.setText(f"{reply.model} ({kind_name(reply.backend)}{where})")

    def on_progress(self, reply: Progress) -> None:
        if reply.total > 0:
            self.progress.setRange(0, reply.total)
            self.progress.setValue(reply.done)
        if reply.message:
            self.status_label.setText(for_person(reply.message))

    def on_partial(self, reply: Partial) -> None:
        pass

    def on_finished(self, reply: Result | Failure) -> None:
        self.request_id = None
        self._set_busy(False)
        if isinstance(reply, Failure):
            self.status_label.setText("")
            self.show_failure(reply)
        else:
            self.status_label.setText(for_person(reply.stats.describe()) if reply.stats else QCoreApplication.translate("TaskTab", "Done"))
            self.show_result(reply)

    def show_result(self, reply: Result) -> None:
        raise NotImplementedError

    def show_failure(self, failure: Failure) -> None:
        if failure.kind is FailureKind.CANCELLED:
            self.banner.show_message(for_person(failure.message), "info")
        elif failure.kind is FailureKind.MODEL_MISSING:
            open_models = QCoreApplication.translate("TaskTab", "Open Models page")
            self.banner.show_message(for_person(failure.message), "error", (open_models, self.context.show_models_page))
        elif failure.kind is FailureKind.OUT_OF_MEMORY and self._gpu_retry_possible():
            # Never a silent fallback: the user chooses where to retry (or set it once on the Models page).
            self.banner.show_message(
                for_person(failure.message),
                "error",
                (QCoreApplication.translate("TaskTab", "Retry in float16"), lambda: self.retry_on("float16")),
                (QCoreApplication.translate("TaskTab", "Retry on the CPU"), lambda: self.retry_on("float32", device="cpu")),
            )
        else:
            self.banner.show_message(for_person(failure.message), "error")

    # ------------------------------------------------------- out of memory

    def _gpu_retry_possible(self) -> bool:
        started = self._last_started
        return bool(started and started.key and started.device and started.device != "cpu")

    def retry_on(self, dtype: str, device: str = "") -> None:
        """Run the last request again with its model placed elsewhere (remembered for that model)."""
        from dataclasses import replace

        from assistant.core.protocol import new_id

        started, request = self._last_started, self._last_request
        if started is None or request is None or self.busy:
            return
        self.context.settings.model_placements[started.key] = f"{device or started.device}/{dtype}"
        self.context.save_settings()
        self.context.apply_settings()
        self.banner.hide()
        self.submit(replace(request, id=new_id()))
