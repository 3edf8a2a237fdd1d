"""Classify table: a job's second step revises every row at once.

Old way (``ResultsModel.put`` per row, a re-sort per row when the table is sorted) against
``put_many`` (one re-arrangement for all), on the same table, in the same run; the old way is
timed on 500 rows and scaled to all of them.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/classify_revise_burst.py [--rows 10000]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    from PySide6.QtWidgets import QApplication, QTableView

    from assistant.core.classify.messages import ClassifiedItem
    from assistant.core.scores import LabelScores
    from assistant.ui.tabs.classify.results import ResultsModel, finished_row

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10000)
    n = parser.parse_args().rows
    app = QApplication([])

    def item(i: int, label: str, score: float) -> ClassifiedItem:
        other = "b" if label == "a" else "a"
        return ClassifiedItem(i, f"f{i}.txt", LabelScores(((label, score), (other, 1 - score))), path=f"/x/f{i}.txt", labels=(label,))

    for arrangement in ("request order", "sorted by score"):
        figures = {}
        for way in ("put per row", "put_many"):
            model = ResultsModel()
            view = QTableView()
            view.setModel(model)
            view.resize(800, 600)
            view.show()
            model.append([finished_row(item(i, "a", 0.6)) for i in range(n)])
            if arrangement != "request order":
                model.sort(2)
            app.processEvents()
            changes = [(i, finished_row(item(i, "b", 0.55 + (i % 40) / 100))) for i in range(n)]
            started = time.perf_counter()
            if way == "put_many":
                model.put_many(changes)
                app.processEvents()
                figures[way] = time.perf_counter() - started
            else:
                sample = changes[:500]
                for row, values in sample:
                    model.put(row, values)
                app.processEvents()
                figures[way] = (time.perf_counter() - started) / len(sample) * n
            view.close()
        print(f"{n:,} rows, {arrangement}: put per row {figures['put per row']:.2f} s (scaled from 500), "
              f"put_many {figures['put_many'] * 1000:.0f} ms, x{figures['put per row'] / figures['put_many']:.0f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
