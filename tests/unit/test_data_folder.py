"""The data folder reaches the tasks from the engine's caller, not from a lookup inside core."""

from __future__ import annotations

from pathlib import Path

from assistant.core.classify.messages import OrganizeRequest
from assistant.core.protocol import Result
from assistant.worker.engine import Engine, EngineConfig


def test_organize_logs_its_run_in_the_data_folder_the_engine_was_given(tmp_path, isolated_home):
    source = tmp_path / "inbox" / "note.txt"
    source.parent.mkdir()
    source.write_text("hello")
    data = tmp_path / "chosen-data"
    engine = Engine(EngineConfig(models_dir=tmp_path / "models", device="cpu", data_dir=data))
    request = OrganizeRequest(((str(source), "notes"),), str(tmp_path / "sorted"), mode="copy")
    terminal = engine.handle(request)
    assert isinstance(terminal, Result), terminal
    assert (tmp_path / "sorted" / "notes" / "note.txt").read_text() == "hello"
    assert Path(terminal.payload.log_file).parent == data / "organize"
    assert not (isolated_home / "data" / "organize").exists()  # not the standard data folder


def test_from_settings_passes_the_data_folder(tmp_path):
    from assistant.paths import AppPaths
    from assistant.settings import Settings

    paths = AppPaths(data=tmp_path / "d", cache=tmp_path / "c", config=tmp_path / "cfg", logs=tmp_path / "l")
    assert EngineConfig.from_settings(Settings(), paths).data_dir == tmp_path / "d"
