"""Classified items as JSON lines (the job checkpoint) and as CSV / JSON exports."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path

from assistant.core.classify.messages import ClassifiedItem, Passage
from assistant.core.files.write import write_with
from assistant.core.say import from_data, to_data
from assistant.core.scores import LabelScores

CSV_COLUMNS = ("path", "name", "label", "score", "unsure", "labels", "all_scores", "corrected_label", "error", "passage")


def item_to_dict(item: ClassifiedItem, keep_template: bool = False) -> dict:
    """``keep_template``: the error as say.to_data (the job checkpoint), else as its English text (exports)."""
    return {
        "index": item.index,
        "name": item.name,
        "path": item.path,
        "scores": dict(item.scores.scores) if item.scores else None,
        "labels": list(item.labels),
        "unsure": item.unsure,
        "error": to_data(item.error) if keep_template else str(item.error),
        "chunks": item.chunks,
        "passages": [asdict(p) for p in item.passages],
    }


def item_from_dict(data: dict) -> ClassifiedItem:
    scores = data.get("scores")
    return ClassifiedItem(
        index=int(data["index"]),
        name=data.get("name", ""),
        scores=LabelScores(tuple(sorted(scores.items(), key=lambda kv: -kv[1]))) if scores is not None else None,
        error=from_data(data.get("error", "")),
        path=data.get("path", ""),
        labels=tuple(data.get("labels", ())),
        unsure=bool(data.get("unsure", False)),
        passages=tuple(Passage(**p) for p in data.get("passages", ())),
        chunks=int(data.get("chunks", 0)),
    )


def read_results(path: Path) -> Iterator[ClassifiedItem]:
    """The items of a results file, one at a time; a line cut short by a crash is skipped."""
    try:
        handle = path.open("r", encoding="utf-8")
    except FileNotFoundError:
        return
    with handle:
        for line in handle:
            try:
                yield item_from_dict(json.loads(line))
            except (ValueError, KeyError, TypeError):
                continue


def export_row(item: ClassifiedItem, corrected: str = "") -> dict:
    return {
        "path": item.path or item.name,
        "name": item.name,
        "label": corrected or item.label,
        "score": f"{item.scores.top_score:.4f}" if item.scores else "",
        "unsure": "yes" if item.unsure else "",
        "labels": ";".join(item.labels),
        "all_scores": "; ".join(f"{label}={score:.4f}" for label, score in item.scores.scores) if item.scores else "",
        "corrected_label": corrected,
        "error": item.error,
        "passage": item.passages[0].text if item.passages else "",
    }


def write_csv(items: Iterable[ClassifiedItem], path: Path, corrections: dict[str, str] | None = None) -> int:
    """Stream ``items`` into a CSV file (written beside, then renamed; nothing left behind on failure); returns the row count."""
    corrections = corrections or {}
    count = 0

    def write(tmp: Path) -> None:
        nonlocal count
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
            writer.writeheader()
            for item in items:
                writer.writerow(export_row(item, corrections.get(item.path or item.name, "")))
                count += 1

    write_with(path, write)
    return count


def write_json(items: Iterable[ClassifiedItem], path: Path, corrections: dict[str, str] | None = None) -> int:
    corrections = corrections or {}
    count = 0

    def write(tmp: Path) -> None:
        nonlocal count
        with tmp.open("w", encoding="utf-8") as handle:
            handle.write("[\n")
            for item in items:
                data = item_to_dict(item)
                data["label"] = corrections.get(item.path or item.name) or item.label
                data["corrected"] = bool(corrections.get(item.path or item.name))
                handle.write(("" if count == 0 else ",\n") + json.dumps(data, ensure_ascii=False))
                count += 1
            handle.write("\n]\n")

    write_with(path, write)
    return count
