"""The settings of the open conversation: system prompt, model and generation options."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from assistant.core.chat.settings import AUTO_HISTORY_TOKENS, ChatSettings

NO_SEED = -1
# "History sent to the model": the choices, and the count shown when "At most" is picked from another.
HISTORY_AUTO, HISTORY_ALL, HISTORY_AT_MOST = "auto", "all", "at-most"


class ChatSettingsPanel(QGroupBox):
    changed = Signal(object)  # ChatSettings

    def __init__(self, defaults: ChatSettings, parent=None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("This chat's settings"))
        self.defaults = defaults
        self._settings = defaults
        self._filling = False
        self.system_prompt = QPlainTextEdit()
        self.system_prompt.setPlaceholderText(self.tr("How the assistant should answer (optional)"))
        self.system_prompt.setAccessibleName(self.tr("System prompt"))
        self.system_prompt.setMaximumHeight(90)
        self.model = QComboBox()
        self.model.setToolTip(self.tr("The model that answers in this chat"))
        self.model.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.model.setMinimumContentsLength(12)
        self.temperature = _double(0.0, 2.0, 0.1, self.tr("0 = always the most likely word (repeatable); higher = more varied"))
        self.top_p = _double(0.05, 1.0, 0.05, self.tr("Sample only from the most likely words that together reach this probability"))
        self.max_new_tokens = QSpinBox()
        self.max_new_tokens.setRange(1, 8192)
        self.max_new_tokens.setSuffix(self.tr(" tokens"))
        self.max_new_tokens.setToolTip(self.tr("The longest answer the model may write, in tokens"))
        self.repetition_penalty = _double(1.0, 2.0, 0.05, self.tr("1 = off; 1.1-1.3 stops small models repeating themselves"))
        self.seed = QSpinBox()
        self.seed.setRange(NO_SEED, 2**31 - 1)
        self.seed.setSpecialValueText(self.tr("random"))
        self.seed.setToolTip(self.tr("With a seed, the same question and settings give the same sampled answer"))
        self.history = QComboBox()
        self.history.addItem(self.tr("Automatic (a quarter of what the model reads, at most 1,024 tokens)"), HISTORY_AUTO)
        self.history.addItem(self.tr("All the model can read"), HISTORY_ALL)
        self.history.addItem(self.tr("At most"), HISTORY_AT_MOST)
        self.history.setToolTip(
            self.tr(
                "How much of the conversation the model reads for each answer: the newest exchanges that fit. "
                "Less history gives the first word sooner; the system prompt and the question are always sent."
            )
        )
        self.history_tokens = QSpinBox()
        self.history_tokens.setRange(64, 1_048_576)
        self.history_tokens.setSingleStep(256)
        self.history_tokens.setSuffix(self.tr(" tokens"))
        self.history_tokens.setAccessibleName(self.tr("History sent to the model, in tokens"))
        self.reset_button = QPushButton(self.tr("Reset to defaults"))
        self.reset_button.setToolTip(self.tr("Go back to the default system prompt, model and generation settings"))
        # Each row's label is its control's buddy: the name a screen reader says.
        form = QFormLayout()
        form.addRow(self.tr("Model"), self.model)
        form.addRow(self.tr("Temperature"), self.temperature)
        form.addRow(self.tr("Top-p"), self.top_p)
        form.addRow(self.tr("Longest answer"), self.max_new_tokens)
        form.addRow(self.tr("Repetition penalty"), self.repetition_penalty)
        form.addRow(self.tr("Seed"), self.seed)
        history_row = QHBoxLayout()
        history_row.addWidget(self.history, 1)
        history_row.addWidget(self.history_tokens)
        form.addRow(self.tr("History sent to the model"), history_row)
        history_label = form.labelForField(history_row)
        if isinstance(history_label, QLabel):
            history_label.setBuddy(self.history)
        prompt_label = QLabel(self.tr("System prompt"))
        prompt_label.setBuddy(self.system_prompt)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt_label)
        layout.addWidget(self.system_prompt)
        layout.addLayout(form)
        layout.addWidget(self.reset_button)
        layout.addStretch(1)
        self.set_models([])
        self.set_settings(defaults)

        self.system_prompt.textChanged.connect(self._edited)
        self.model.activated.connect(self._edited)
        for spin in (self.temperature, self.top_p, self.max_new_tokens, self.repetition_penalty, self.seed, self.history_tokens):
            spin.valueChanged.connect(self._edited)
        self.history.activated.connect(self._edited)
        self.reset_button.clicked.connect(self.reset)

    def set_models(self, models: list[tuple[str, str]]) -> None:
        """``models``: (label, key) of the installed chat models."""
        self._filling = True
        try:
            self.model.clear()
            self.model.addItem(self.tr("Default (the Models page choice)"), "")
            for label, key in models:
                self.model.addItem(label, key)
        finally:
            self._filling = False
        self._show_model(self._settings.model)

    def _show_model(self, key: str) -> None:
        self._filling = True
        try:
            index = self.model.findData(key)
            if index < 0:  # the conversation names a model that is not installed now: say so, keep it
                self.model.addItem(self.tr("{model} (not found)").format(model=key), key)
                index = self.model.count() - 1
            self.model.setCurrentIndex(index)
        finally:
            self._filling = False

    def set_settings(self, settings: ChatSettings) -> None:
        self._filling = True
        try:
            self._settings = settings
            if self.system_prompt.toPlainText() != settings.system_prompt:
                self.system_prompt.setPlainText(settings.system_prompt)
            self.temperature.setValue(settings.temperature)
            self.top_p.setValue(settings.top_p)
            self.max_new_tokens.setValue(settings.max_new_tokens)
            self.repetition_penalty.setValue(settings.repetition_penalty)
            self.seed.setValue(NO_SEED if settings.seed is None else settings.seed)
            self._show_history(settings.history_tokens)
        finally:
            self._filling = False
        self._show_model(settings.model)

    def settings(self) -> ChatSettings:
        return self._settings

    def _show_history(self, tokens: int | None) -> None:
        choice = HISTORY_AUTO if tokens is None else HISTORY_ALL if tokens == 0 else HISTORY_AT_MOST
        self.history.setCurrentIndex(self.history.findData(choice))
        if tokens:
            self.history_tokens.setValue(tokens)
        elif self.history_tokens.value() == self.history_tokens.minimum():  # not set yet: a count to start from
            self.history_tokens.setValue(AUTO_HISTORY_TOKENS)
        self.history_tokens.setEnabled(choice == HISTORY_AT_MOST)

    def _history_setting(self) -> int | None:
        choice = self.history.currentData()
        self.history_tokens.setEnabled(choice == HISTORY_AT_MOST)
        return None if choice == HISTORY_AUTO else 0 if choice == HISTORY_ALL else self.history_tokens.value()

    def reset(self) -> None:
        """The defaults for the generation options; the documents and who answers them are kept."""
        keep = {"reader": self._settings.reader, "reader_model": self._settings.reader_model}
        self.set_settings(replace(self.defaults, **keep))
        self.changed.emit(self._settings)

    def _edited(self, *_args) -> None:
        if self._filling:
            return
        seed = self.seed.value()
        self._settings = replace(
            self._settings,
            system_prompt=self.system_prompt.toPlainText(),
            model=self.model.currentData() or "",
            temperature=round(self.temperature.value(), 3),
            top_p=round(self.top_p.value(), 3),
            max_new_tokens=self.max_new_tokens.value(),
            repetition_penalty=round(self.repetition_penalty.value(), 3),
            seed=None if seed == NO_SEED else seed,
            history_tokens=self._history_setting(),
        )
        self.changed.emit(self._settings)


def _double(low: float, high: float, step: float, tip: str) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(low, high)
    spin.setSingleStep(step)
    spin.setDecimals(2)
    spin.setToolTip(tip)
    return spin
