import json

from assistant.paths import app_paths
from assistant.core.files.write import write_atomically
from assistant.settings import Settings


def test_round_trip_and_defaults(isolated_home):
    path = app_paths().settings_file
    assert str(path).startswith(str(isolated_home))
    assert Settings.load(path) == Settings()
    settings = Settings(device="cpu", models={"chat": "/m/chat"}, extra_model_dirs=["/m"], last_tab=3)
    settings.save(path)
    assert Settings.load(path) == settings
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temporary files left


def test_wrong_types_and_unknown_keys_fall_back_to_defaults(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"device": 5, "last_tab": 2, "nonsense": True, "models": []}))
    loaded = Settings.load(path)
    assert loaded.device == "auto" and loaded.last_tab == 2 and loaded.models == {}


def test_damaged_file_is_set_aside_not_lost(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{ this is not json")
    assert Settings.load(path) == Settings()
    assert (tmp_path / "settings.json.damaged").read_text() == "{ this is not json"


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    path = tmp_path / "settings.json"
    write_atomically(path, "old")

    def no_space(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", no_space)
    try:
        write_atomically(path, "new")
    except OSError as exc:
        assert exc.errno == 28
    else:
        raise AssertionError("the failure was swallowed")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_shared_settings_round_trip(isolated_home):
    path = app_paths().settings_file
    settings = Settings(theme="dark", language="zh_CN", data_folder="/srv/assistant-data", memory_budget_mb=2048)
    settings.save(path)
    loaded = Settings.load(path)
    assert (loaded.theme, loaded.language, loaded.data_folder, loaded.memory_budget_mb) == ("dark", "zh_CN", "/srv/assistant-data", 2048)
    assert Settings().data_folder == ""  # the standard folder unless chosen


def test_a_chosen_data_folder_applies_at_the_next_start(isolated_home, tmp_path):
    standard = app_paths()
    assert standard.data == isolated_home / "data"
    chosen = tmp_path / "elsewhere"
    Settings(data_folder=str(chosen)).save(standard.settings_file)
    # this process keeps the folder it started with: window, worker and tasks agree
    assert app_paths().data == isolated_home / "data"
    # the next start (read again) uses the chosen folder; the other folders stay
    again = app_paths(reread=True)
    assert again.data == chosen and again.models == chosen / "models"
    assert again.config == standard.config and again.cache == standard.cache
    assert app_paths().data == chosen


def test_a_relative_or_damaged_data_folder_choice_is_ignored(isolated_home):
    path = app_paths().settings_file
    Settings(data_folder="relative/folder").save(path)
    assert app_paths(reread=True).data == isolated_home / "data"
    path.write_text("{ not json")
    assert app_paths(reread=True).data == isolated_home / "data"
    path.write_text(json.dumps({"data_folder": 5}))
    assert app_paths(reread=True).data == isolated_home / "data"
