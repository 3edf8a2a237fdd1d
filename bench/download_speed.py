"""Download throughput of the program's downloader against plain hf_hub_download, same server, same run.

A local server (tests/fixtures/fake_hub.py, the hub's file protocol on 127.0.0.1)
serves a model with one large weights file.  Each round downloads it into an empty
cache twice: with ``assistant.core.models.download.download`` (256 kB chunks, a
progress callback, resumable partial file, sha256 check) and, as the baseline, with
``huggingface_hub.hf_hub_download`` (its own 10 MB chunks, no checksum).  The
figure is the ratio of the times: what progress, Stop, resume and the checksum cost.
Loopback is far faster than any real line, so this is an upper bound on the cost.

    .venv/bin/python bench/download_speed.py [--size-mb 256] [--rounds 5]

Writes bench/results/download_speed.json; the figures are in bench/README.md, "Downloads".
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--line-mb-s", type=float, default=0, help="throttle the server to about this speed (0: loopback, as fast as it goes)")
    args = parser.parse_args()
    os.environ.pop("HF_HUB_OFFLINE", None)
    from huggingface_hub import constants, hf_hub_download

    constants.HF_HUB_OFFLINE = False
    from assistant.core.models.download import download
    from tests.fixtures.fake_hub import CHUNK, FakeHub, FakeRepo, Fault

    hub = FakeHub().start()
    payload = os.urandom(args.size_mb * 1024 * 1024)
    hub.add(FakeRepo("bench/model", {"config.json": b"{}", "model.safetensors": payload}))
    if args.line_mb_s:
        hub.faults["model.safetensors"] = Fault(delay_per_chunk=CHUNK / (args.line_mb_s * 1e6))
    ours, baseline = [], []
    updates = []
    try:
        for _ in range(args.rounds):
            with tempfile.TemporaryDirectory() as cache:
                began = time.perf_counter()
                hf_hub_download("bench/model", "model.safetensors", cache_dir=cache, endpoint=hub.endpoint)
                baseline.append(time.perf_counter() - began)
            with tempfile.TemporaryDirectory() as cache:
                seen = []
                began = time.perf_counter()
                download("bench/model", endpoint=hub.endpoint, cache_dir=cache, progress=seen.append)
                ours.append(time.perf_counter() - began)
                updates.append(len(seen))
    finally:
        hub.close()
    size = len(payload)
    result = {
        "size_mb": args.size_mb,
        "line_mb_s": args.line_mb_s or "loopback",
        "rounds": args.rounds,
        "ours_seconds": {"median": statistics.median(ours), "min": min(ours), "max": max(ours)},
        "hf_hub_download_seconds": {"median": statistics.median(baseline), "min": min(baseline), "max": max(baseline)},
        "ours_mb_per_s": size / 1e6 / statistics.median(ours),
        "hf_hub_download_mb_per_s": size / 1e6 / statistics.median(baseline),
        "time_ratio_ours_to_baseline": statistics.median(ours) / statistics.median(baseline),
        "progress_updates_per_download": statistics.median(updates),
    }
    name = "download_speed" + (f"_{args.line_mb_s:g}mbps" if args.line_mb_s else "")
    out = ROOT / "bench" / "results" / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    print(
        f"{args.size_mb} MB over {'loopback' if not args.line_mb_s else f'a ~{args.line_mb_s:g} MB/s line'}, median of {args.rounds}: ours {result['ours_mb_per_s']:.0f} MB/s, "
        f"hf_hub_download {result['hf_hub_download_mb_per_s']:.0f} MB/s, time ratio {result['time_ratio_ours_to_baseline']:.2f} "
        f"({result['progress_updates_per_download']:.0f} progress updates per download)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
