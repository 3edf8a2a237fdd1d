"""Download throughput of the program's downloader against plain hf_hub_download, same server, same run.

A local server (tests/fixtures/fake_hub.py, the hub's file protocol on 127.0.0.1)
serves a model with one large weights file.  Each round downloads it into an empty
cache twice: with ``assistant.core.models.download.download`` (256 kB chunks, a
progress callback, resumable partial file, sha256 check) and, as the baseline, with
``huggingface_hub.hf_hub_download`` (its own 10 MB chunks, no checksum).  The
figure is the ratio of the times: what progress, Stop, resume and the checksum cost.
Loopback is far faster than any real line, so this is an upper bound on the cost.

    .venv/bin/python bench/download_speed.py [--size-mb 256] [--rounds 5]

``--routes`` measures the route instead, always with the program's ``download()``: the
hub serving the weights itself ("direct"), the hub answering 302 to its storage host
with a signed URL, as the real hub does ("redirect"), and the same through a local
forward proxy ("redirect + proxy"), the three alternating in each round, same server.

    .venv/bin/python bench/download_speed.py --routes [--size-mb 128] [--rounds 5] [--line-mb-s 20]

Writes bench/results/download_speed*.json; the figures are in bench/README.md, "Downloads".
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
    parser.add_argument("--routes", action="store_true", help="direct vs redirect vs redirect + proxy, all with download()")
    args = parser.parse_args()
    os.environ.pop("HF_HUB_OFFLINE", None)
    if args.routes:
        return routes(args)
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


# The hub (with its storage host) and the proxy each run in a process of their own, as
# they do in life: in the downloader's process they would share its GIL and its cores.
_SERVE_HUB = """
import os, sys
sys.path.insert(0, sys.argv[1])
from tests.fixtures.fake_hub import CHUNK, FakeHub, FakeRepo, Fault
hub = FakeHub().start()
hub.add(FakeRepo("bench/model", {"config.json": b"{}", "model.safetensors": os.urandom(int(sys.argv[2]) * 1024 * 1024)}))
if float(sys.argv[3]):
    hub.faults["model.safetensors"] = Fault(delay_per_chunk=CHUNK / (float(sys.argv[3]) * 1e6))
print(hub.endpoint, hub.cdn, flush=True)
for line in sys.stdin:  # "direct" / "redirect": how the next downloads are served; EOF: stop
    hub.redirect_lfs = line.strip() != "direct"
    print("ok", flush=True)
hub.close()
"""
_SERVE_PROXY = """
import sys
sys.path.insert(0, sys.argv[1])
from tests.fixtures.fake_hub import ForwardProxy
proxy = ForwardProxy().start()
print(proxy.url, flush=True)
sys.stdin.read()
print(len([line for line in proxy.log if "/cdn/" in line]), flush=True)
proxy.close()
"""


def routes(args) -> int:
    import subprocess

    from huggingface_hub import constants

    constants.HF_HUB_OFFLINE = False
    from assistant.core.models import network
    from assistant.core.models.download import download

    hub = subprocess.Popen([sys.executable, "-c", _SERVE_HUB, str(ROOT), str(args.size_mb), str(args.line_mb_s)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    proxy = subprocess.Popen([sys.executable, "-c", _SERVE_PROXY, str(ROOT)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    endpoint, _cdn = hub.stdout.readline().split()
    proxy_url = proxy.stdout.readline().strip()
    times: dict[str, list[float]] = {"direct": [], "redirect": [], "redirect + proxy": []}
    try:
        for round_number in range(args.rounds):
            order = list(times) if round_number % 2 == 0 else list(reversed(times))  # alternate: no route always first
            for route in order:
                hub.stdin.write(("direct" if route == "direct" else "redirect") + "\n")
                hub.stdin.flush()
                hub.stdout.readline()
                network.use_proxy(proxy_url if route == "redirect + proxy" else network.NO_PROXY)
                with tempfile.TemporaryDirectory() as cache:
                    began = time.perf_counter()
                    download("bench/model", endpoint=endpoint, cache_dir=cache)
                    times[route].append(time.perf_counter() - began)
    finally:
        network.use_proxy(network.SYSTEM)
        proxy.stdin.close()
        through_proxy = int(proxy.stdout.readline() or 0)
        hub.stdin.close()
        hub.wait(30)
        proxy.wait(30)
    assert through_proxy == args.rounds, f"the proxy carried {through_proxy} downloads, not {args.rounds}"
    size = args.size_mb * 1024 * 1024
    speed = {route: size / 1e6 / statistics.median(t) for route, t in times.items()}
    result = {
        "size_mb": args.size_mb,
        "line_mb_s": args.line_mb_s or "loopback",
        "rounds": args.rounds,
        "seconds": {route: {"median": statistics.median(t), "min": min(t), "max": max(t)} for route, t in times.items()},
        "mb_per_s": speed,
        "speed_ratio_redirect_to_direct": speed["redirect"] / speed["direct"],
        "speed_ratio_proxy_to_direct": speed["redirect + proxy"] / speed["direct"],
    }
    name = "download_routes" + (f"_{args.line_mb_s:g}mbps" if args.line_mb_s else "")
    out = ROOT / "bench" / "results" / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    print(
        f"{args.size_mb} MB over {'loopback' if not args.line_mb_s else f'a ~{args.line_mb_s:g} MB/s line'}, median of {args.rounds}: "
        + ", ".join(f"{route} {mb:.0f} MB/s" for route, mb in speed.items())
        + f"; speed ratios to direct: redirect {result['speed_ratio_redirect_to_direct']:.2f}, redirect + proxy {result['speed_ratio_proxy_to_direct']:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
