"""The log file: records logged before it is set up (the window's start) are written to it first."""

from __future__ import annotations

import logging

import pytest

from assistant.logs import HELD_MAX, hold_records, setup_logging
from assistant.paths import app_paths


@pytest.fixture
def clean_root():
    """The root logger's handlers and level as they were, whatever the test installs."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield root
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_records_held_before_the_file_is_set_up_are_written_to_it_first(isolated_home, clean_root):
    log = logging.getLogger("assistant.test_logs")
    hold_records()
    log.info("before the first paint")
    log.debug("below the level: not kept")
    paths = app_paths()
    assert not paths.log_file.exists()  # nothing on disk until setup_logging
    setup_logging(paths)
    log.info("after the first paint")
    for handler in clean_root.handlers:
        handler.flush()
    lines = paths.log_file.read_text(encoding="utf-8").splitlines()
    assert [line.split(": ", 1)[1] for line in lines] == ["before the first paint", "after the first paint"]
    assert "INFO" in lines[0] and "assistant.test_logs" in lines[0]


def test_the_memory_holds_at_most_a_bounded_number_of_records(isolated_home, clean_root):
    log = logging.getLogger("assistant.test_logs")
    hold_records()
    hold_records()  # twice: still one holder, no record twice
    for number in range(HELD_MAX + 50):
        log.warning("record %d", number)
    setup_logging(app_paths())
    for handler in clean_root.handlers:
        handler.flush()
    lines = app_paths().log_file.read_text(encoding="utf-8").splitlines()
    assert len(lines) == HELD_MAX
    assert lines[0].endswith("record 0") and lines[-1].endswith(f"record {HELD_MAX - 1}")
