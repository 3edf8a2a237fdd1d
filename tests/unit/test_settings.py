import json

import pytest

from assistant.core.files.write import write_atomically
from assistant.paths import app_paths
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
    original = json.dumps({"device": 5, "last_tab": 2, "nonsense": True, "models": []})
    path.write_text(original)
    loaded = Settings.load(path)
    assert loaded.device == "auto" and loaded.last_tab == 2 and loaded.models == {}
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("settings.json.invalid-")]
    assert len(kept) == 1 and kept[0].read_text() == original  # the file as it was
    assert "device" in loaded.load_notice and "models" in loaded.load_notice and kept[0].name in loaded.load_notice
    again = Settings.load(path)  # corrected on disk: said once
    assert again == loaded and again.load_notice == ""


def test_wrong_item_types_are_dropped_field_by_field(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({
        "models": {"chat": 5, "translate": "/m/opus"}, "extra_model_dirs": ["/m", 1, None],
        "memory_budget_mb": True, "classify_threshold": 1, "allow_pickle_weights": 1, "theme": "dark",
        "model_placements": "cpu",
    }))  # fmt: skip
    loaded = Settings.load(path)
    assert loaded.models == {"translate": "/m/opus"} and loaded.extra_model_dirs == ["/m"]
    assert loaded.memory_budget_mb == 0 and loaded.allow_pickle_weights is False and loaded.model_placements == {}
    assert loaded.classify_threshold == 1.0 and loaded.theme == "dark"  # a whole number is a number; the rest kept
    for name in ("models", "extra_model_dirs", "memory_budget_mb", "allow_pickle_weights", "model_placements"):
        assert name in loaded.load_notice
    assert "theme" not in loaded.load_notice and "classify_threshold" not in loaded.load_notice


@pytest.mark.parametrize("content", [b"{ this is not json", b"[1, 2]", b"\xff\xfe\x00bad"])
def test_an_invalid_file_is_kept_aside_and_the_person_told(tmp_path, content):
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    loaded = Settings.load(path)
    assert loaded == Settings()
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("settings.json.invalid-")]
    assert len(kept) == 1 and kept[0].read_bytes() == content and not path.exists()
    assert "could not be read" in loaded.load_notice and kept[0].name in loaded.load_notice
    assert Settings.load(path).load_notice == ""  # told once


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
