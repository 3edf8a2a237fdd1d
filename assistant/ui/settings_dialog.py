"""File > Settings: what the tabs share (device, memory budget, downloads' hub address and proxy, data folder,
theme, language) and the local API (on or off, its port, other machines allowed with a token).

The dialog edits a copy of those values; OK and Apply hand them to the window
(``applied``), which writes them into the one ``Settings`` object, saves it, and
applies them the same way the Models page does.  Cancel changes nothing.
The theme and the local API apply at once; the data folder and the interface language at the next start.
The API's token is not a setting: the window keeps it with the servers' keys (ui/local_api.py).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from assistant.core.models.network import HF_MIRROR, HUGGING_FACE, NO_PROXY, environment_proxy, is_url
from assistant.core.models.network import SYSTEM as SYSTEM_PROXY
from assistant.settings import Settings
from assistant.ui.i18n.translators import LANGUAGES, SYSTEM
from assistant.ui.widgets.memory_panel import DEVICES


@dataclass(frozen=True)
class SharedSettings:
    """The settings this dialog edits, as they are in ``Settings``."""

    device: str
    memory_budget_mb: int
    data_folder: str
    theme: str
    language: str
    hub_endpoint: str = ""
    proxy: str = "system"
    api_enabled: bool = False
    api_port: int = 8765
    api_allow_network: bool = False
    api_token: str = ""  # kept apart from the settings file (see the module note)

    @classmethod
    def of(cls, settings: Settings, api_token: str = "") -> SharedSettings:
        return cls(**{f.name: getattr(settings, f.name) for f in fields(cls) if f.name != "api_token"}, api_token=api_token)

    def write_to(self, settings: Settings) -> None:
        for name, value in asdict(self).items():
            if name != "api_token":
                setattr(settings, name, value)


def folder_problem(text: str) -> str | None:
    """Why ``text`` cannot be the data folder (a sentence for a person), or None when it can.

    An empty text means the standard folder.  A folder that does not exist yet is made.
    """
    translate = QCoreApplication.translate
    if not text.strip():
        return None
    folder = Path(text.strip()).expanduser()
    if not folder.is_absolute():
        return translate("SettingsDialog", "Give the data folder as a full path, for example {example}.").format(
            example=str(Path.home() / "Local Assistant"))
    if folder.exists() and not folder.is_dir():
        return translate("SettingsDialog", "{folder} is a file, not a folder. Choose a folder for the data.").format(folder=folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return translate("SettingsDialog", "The program cannot write in {folder} ({reason}). Choose a folder you can write to.").format(
            folder=folder, reason=reason)
    return None


class SettingsDialog(QDialog):
    applied = Signal(object)  # SharedSettings, on OK and Apply

    def __init__(
        self, settings: Settings, standard_data_folder: Path, parent: QWidget | None = None, api_token: str = "", api_address: str = ""
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.current = SharedSettings.of(settings, api_token)  # as last applied
        self.standard_data_folder = standard_data_folder

        self.device = QComboBox()
        self.device.setObjectName("device")
        names = {
            "auto": self.tr("Automatic (GPU if present)"),
            "cpu": self.tr("CPU"),
            "cuda": self.tr("NVIDIA GPU (CUDA)"),
            "mps": self.tr("Apple GPU (MPS)"),
        }
        for value, _english in DEVICES:  # the choices the Models page offers, in its order
            self.device.addItem(names.get(value, value), value)
        self.budget = QSpinBox()
        self.budget.setObjectName("budget")
        self.budget.setRange(0, 1_048_576)
        self.budget.setSingleStep(512)
        self.budget.setSuffix(self.tr(" MB"))
        self.budget.setSpecialValueText(self.tr("Automatic (half of the memory)"))
        models_box = QGroupBox(self.tr("Models"))
        models_form = QFormLayout(models_box)
        models_form.addRow(self.tr("Run models &on:"), self.device)
        models_form.addRow(self.tr("&Memory budget:"), self.budget)
        models_form.addRow(self._note(self.tr(
            "Applies to the next model loaded. Precision and what to do when the GPU runs out of memory "
            "are on the Models page.")))

        downloads_box = self._downloads_box()
        api_box = self._api_box()

        self.data_folder = QLineEdit()
        self.data_folder.setObjectName("data_folder")
        self.data_folder.setPlaceholderText(str(standard_data_folder))
        self.data_folder.setClearButtonEnabled(True)
        browse = QPushButton(self.tr("&Browse…"))
        browse.setToolTip(self.tr("Choose the data folder"))
        browse.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.data_folder, 1)
        folder_row.addWidget(browse)
        files_box = QGroupBox(self.tr("Files"))
        files_form = QFormLayout(files_box)
        folder_label = QLabel(self.tr("&Data folder:"))
        folder_label.setBuddy(self.data_folder)
        files_form.addRow(folder_label, folder_row)
        files_form.addRow(self._note(self.tr(
            "Chats, document indexes and converted models are kept here. Leave it empty for the standard folder. "
            "A new folder is used from the next start; what is in the old folder stays there.")))

        self.theme = QComboBox()
        self.theme.setObjectName("theme")
        for value, text in (
            ("system", self.tr("Follow the system")),
            ("light", self.tr("Light")),
            ("dark", self.tr("Dark")),
        ):
            self.theme.addItem(text, value)
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.addItem(self.tr("System language"), SYSTEM)
        for code, name in LANGUAGES.items():  # each language named in its own language, as language menus do
            self.language.addItem(name, code)
        looks_box = QGroupBox(self.tr("Appearance"))
        looks_form = QFormLayout(looks_box)
        looks_form.addRow(self.tr("&Theme:"), self.theme)
        looks_form.addRow(self.tr("Interface &language:"), self.language)
        looks_form.addRow(self._note(self.tr("The theme changes at once; the language at the next start.")))

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(  # readable on the light and the dark theme, as the tabs' error banner
            "color: palette(window-text); background: rgba(211, 47, 47, 0.14); "
            "border: 1px solid rgba(211, 47, 47, 0.55); border-radius: 4px; padding: 4px;")
        self.error.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.Ok | QDialogButtonBox.Cancel | QDialogButtonBox.Apply | QDialogButtonBox.RestoreDefaults
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.Apply).clicked.connect(self.apply)
        self.buttons.button(QDialogButtonBox.RestoreDefaults).clicked.connect(self.restore_defaults)

        layout = QVBoxLayout(self)
        layout.addWidget(models_box)
        layout.addWidget(downloads_box)
        layout.addWidget(api_box)
        layout.addWidget(files_box)
        layout.addWidget(looks_box)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.show_values(self.current)
        for combo in (self.device, self.theme, self.language):
            combo.currentIndexChanged.connect(self._changed)
        self.budget.valueChanged.connect(self._changed)
        self.data_folder.textChanged.connect(self._changed)
        for combo in (self.hub, self.proxy):
            combo.currentIndexChanged.connect(self._changed)
        for line in (self.hub_url, self.proxy_url, self.api_token):
            line.textChanged.connect(self._changed)
        for check in (self.api_enabled, self.api_network):
            check.toggled.connect(self._changed)
        self.api_network.toggled.connect(self._network_toggled)
        self.api_port.valueChanged.connect(self._changed)
        self.show_api_address(api_address)
        self._changed()
        self.setMinimumWidth(560)
        self.device.setFocus()

    def _downloads_box(self) -> QGroupBox:
        """Where downloads go for models: the hub or a mirror, directly or through a proxy."""
        self.hub = QComboBox()
        self.hub.setObjectName("hub")
        self.hub.addItem(self.tr("Hugging Face ({address})").format(address=HUGGING_FACE.removeprefix("https://")), "")
        self.hub.addItem(self.tr("Mirror hf-mirror ({address})").format(address=HF_MIRROR.removeprefix("https://")), "hf-mirror")
        self.hub.addItem(self.tr("Another address:"), "url")
        self.hub_url = QLineEdit()
        self.hub_url.setObjectName("hub_url")
        self.hub_url.setPlaceholderText("https://")
        self.proxy = QComboBox()
        self.proxy.setObjectName("proxy")
        system = environment_proxy()
        self.proxy.addItem(self.tr("The system's ({proxy})").format(proxy=system) if system else self.tr("The system's (none set)"), SYSTEM_PROXY)
        self.proxy.addItem(self.tr("No proxy"), NO_PROXY)
        self.proxy.addItem(self.tr("This proxy:"), "url")
        self.proxy_url = QLineEdit()
        self.proxy_url.setObjectName("proxy_url")
        self.proxy_url.setPlaceholderText("http://host:port")
        hub_row, proxy_row = QHBoxLayout(), QHBoxLayout()
        hub_row.addWidget(self.hub)
        hub_row.addWidget(self.hub_url, 1)
        proxy_row.addWidget(self.proxy)
        proxy_row.addWidget(self.proxy_url, 1)
        box = QGroupBox(self.tr("Downloads"))
        form = QFormLayout(box)
        form.addRow(self.tr("&Hub address:"), hub_row)
        form.addRow(self.tr("&Proxy:"), proxy_row)
        form.addRow(self._note(self.tr(
            "Model downloads and catalog pins use these. Where huggingface.co cannot be reached, the mirror hf-mirror.com "
            "usually can. The system's proxy is the one HTTPS_PROXY names; HF_ENDPOINT names the hub address when "
            "Hugging Face is chosen.")))
        return box

    def _api_box(self) -> QGroupBox:
        """The local OpenAI-compatible API: off by default, this computer only unless allowed, then with a token."""
        self.api_enabled = QCheckBox(self.tr("Offer the models to other programs (an OpenAI-compatible API)"))
        self.api_enabled.setObjectName("api_enabled")
        self.api_port = QSpinBox()
        self.api_port.setObjectName("api_port")
        self.api_port.setRange(1024, 65535)
        self.api_network = QCheckBox(self.tr("Allow other machines on the network (they must send the token)"))
        self.api_network.setObjectName("api_network")
        self.api_token = QLineEdit()
        self.api_token.setObjectName("api_token")
        self.api_token.setPlaceholderText(self.tr("none: programs on this computer need no token"))
        generate = QPushButton(self.tr("&Generate"))
        generate.setToolTip(self.tr("Make a new random token; programs that use the old one must be given the new one"))
        generate.clicked.connect(self.generate_token)
        token_row = QHBoxLayout()
        token_row.addWidget(self.api_token, 1)
        token_row.addWidget(generate)
        self.api_address = QLabel()
        self.api_address.setObjectName("api_address")
        self.api_address.setTextInteractionFlags(Qt.TextSelectableByMouse)
        box = QGroupBox(self.tr("Local API"))
        form = QFormLayout(box)
        form.addRow(self.api_enabled)
        form.addRow(self.tr("Po&rt:"), self.api_port)
        form.addRow(self.api_network)
        form.addRow(self.tr("To&ken:"), token_row)
        form.addRow(self.tr("Address:"), self.api_address)
        form.addRow(self._note(self.tr(
            "Editors, scripts and other tools can chat, embed, translate and classify with the installed models through "
            "the same worker as this window (requests wait their turn). Clients send the token as "
            "\"Authorization: Bearer TOKEN\". The README shows curl and the openai Python client.")))
        return box

    def generate_token(self) -> None:
        from assistant.ui.local_api import new_token

        self.api_token.setText(new_token())

    def _network_toggled(self, allowed: bool) -> None:
        if allowed and not self.api_token.text().strip():
            self.generate_token()  # other machines need one: made at once, shown to copy

    def show_api_address(self, address: str) -> None:
        """Where the API answers now (the window tells after it started or stopped it)."""
        self.api_address.setText(address or self.tr("off"))

    def _note(self, text: str) -> QLabel:
        note = QLabel(text)
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(mid);")
        return note

    # --------------------------------------------------------------- values

    def show_values(self, values: SharedSettings) -> None:
        for combo, value in ((self.device, values.device), (self.theme, values.theme), (self.language, values.language)):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        self.budget.setValue(values.memory_budget_mb)
        self.data_folder.setText(values.data_folder)
        known_hub = values.hub_endpoint in ("", "huggingface", "hf-mirror")
        self.hub.setCurrentIndex(max(0, self.hub.findData("" if values.hub_endpoint == "huggingface" else values.hub_endpoint if known_hub else "url")))
        self.hub_url.setText("" if known_hub else values.hub_endpoint)
        known_proxy = values.proxy in (SYSTEM_PROXY, NO_PROXY, "")
        self.proxy.setCurrentIndex(max(0, self.proxy.findData((values.proxy or SYSTEM_PROXY) if known_proxy else "url")))
        self.proxy_url.setText("" if known_proxy else values.proxy)
        self.api_enabled.setChecked(values.api_enabled)
        self.api_port.setValue(values.api_port)
        self.api_network.blockSignals(True)  # showing a value is not asking for a token
        self.api_network.setChecked(values.api_allow_network)
        self.api_network.blockSignals(False)
        self.api_token.setText(values.api_token)

    def values(self) -> SharedSettings:
        return SharedSettings(
            device=self.device.currentData(),
            memory_budget_mb=self.budget.value(),
            data_folder=self.data_folder.text().strip(),
            theme=self.theme.currentData(),
            language=self.language.currentData(),
            hub_endpoint=self.hub_url.text().strip() if self.hub.currentData() == "url" else self.hub.currentData(),
            proxy=self.proxy_url.text().strip() if self.proxy.currentData() == "url" else self.proxy.currentData(),
            api_enabled=self.api_enabled.isChecked(),
            api_port=self.api_port.value(),
            api_allow_network=self.api_network.isChecked(),
            api_token=self.api_token.text().strip(),
        )

    def restore_defaults(self) -> None:
        """Show the default values (the API's token kept); nothing is saved before OK or Apply."""
        self.show_values(SharedSettings.of(Settings(), self.current.api_token))

    def _changed(self) -> None:
        self.hub_url.setEnabled(self.hub.currentData() == "url")
        self.proxy_url.setEnabled(self.proxy.currentData() == "url")
        for widget in (self.api_port, self.api_network, self.api_token):
            widget.setEnabled(self.api_enabled.isChecked())
        self.buttons.button(QDialogButtonBox.Apply).setEnabled(self.values() != self.current)

    def _address_problem(self, values: SharedSettings) -> tuple[str, QLineEdit] | None:
        if self.hub.currentData() == "url" and not is_url(values.hub_endpoint):
            return self.tr("Give the hub address as a URL, for example {example}.").format(example=HF_MIRROR), self.hub_url
        if self.proxy.currentData() == "url" and not is_url(values.proxy):
            return self.tr("Give the proxy as a URL, for example http://proxy.example:8080."), self.proxy_url
        if values.api_enabled and values.api_allow_network and not values.api_token:
            return self.tr("Other machines may use the API only with a token: generate one."), self.api_token
        return None

    def choose_folder(self) -> None:
        start = self.data_folder.text().strip() or str(self.standard_data_folder)
        folder = QFileDialog.getExistingDirectory(self, self.tr("Data folder"), start)
        if folder:
            self.data_folder.setText(os.path.normpath(folder))

    # -------------------------------------------------------------- buttons

    def apply(self) -> bool:
        values = self.values()
        problem = self._address_problem(values)
        if problem is None and values.data_folder != self.current.data_folder:
            text = folder_problem(values.data_folder)
            problem = (text, self.data_folder) if text else None
        if problem is not None:
            self.error.setText(problem[0])
            self.error.show()
            self.layout().activate()  # grow to show the message without squeezing the notes
            self.resize(self.width(), max(self.height(), self.layout().totalHeightForWidth(self.width())))
            problem[1].setFocus()
            problem[1].selectAll()
            return False
        self.error.hide()
        if values != self.current:
            self.current = values
            self.applied.emit(values)
        self._changed()
        return True

    def accept(self) -> None:
        if self.apply():
            super().accept()
