import json

from assistant.paths import app_paths
from assistant.settings import Settings, write_atomically


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
