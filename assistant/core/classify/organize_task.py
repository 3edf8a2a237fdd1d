"""Organize classified files into label folders, or undo a run (core/classify/organize.py).

It runs on the worker like every job, so moving 10,000 files never freezes the
window, shows progress, and can be stopped between groups; it needs no model.
"""

from __future__ import annotations

import time
from pathlib import Path

from assistant.core.classify import organize
from assistant.core.classify.messages import OrganizeRequest, OrganizeResult
from assistant.core.classify.task import data_dir
from assistant.core.context import ModelChooser, Plan, TaskContext
from assistant.core.protocol import BadInput, Stats
from assistant.core.say import say


def prepare(request: OrganizeRequest, models: ModelChooser) -> Plan:
    """Organizing moves files: no model."""
    return Plan((), request)


def run(_models: list, request: OrganizeRequest, context: TaskContext) -> tuple[OrganizeResult, Stats]:
    started = time.perf_counter()
    if request.undo:
        result = organize.undo(request.undo, data_dir(context), context.progress)
        return result, Stats(result.done, "files", time.perf_counter() - started)
    if not request.destination:
        raise BadInput(say("Choose the folder to organize into."))
    if not request.assignments:
        raise BadInput(say("There are no classified files to organize."))
    planned, skipped = organize.plan(request.assignments, Path(request.destination))
    if request.dry_run:
        return OrganizeResult("", request.mode, tuple(planned), 0, tuple(skipped)), Stats(len(planned), "files", time.perf_counter() - started)
    result = organize.execute(planned, request.mode, data_dir(context), context.progress, context.check_cancelled)
    result = OrganizeResult(result.run_id, result.mode, result.planned, result.done, tuple(skipped) + result.skipped, result.log_file,
                            result.placed, result.failed)  # fmt: skip
    return result, Stats(result.done, "files", time.perf_counter() - started)
