"""Synth benchmarks: the empty-app floor, the reference app, and N synthetic waves, side by side.

    make bench                  # N = 1, 10, 50, 100; three runs each; prints a table, writes bench/results/latest.json
    python bench/run.py --waves 1 10 --runs 1

Each run is a fresh process (Python + the jsii Node child), timed from start to exit; peak memory is
the largest summed RSS of that process tree, sampled every 20 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def _tree_rss_bytes(pid: int) -> int:
    """Summed resident memory of `pid` and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
        stack.extend(children.get(current, []))
    return total


def run_once(args: list[str]) -> dict:
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(ROOT / "bench" / "bench_app.py"), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss_bytes(process.pid))
        time.sleep(0.02)
    wall = time.perf_counter() - started
    out, err = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"benchmark run {args} failed:\n{err[-4000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    result.update(wall_s=wall, peak_rss_mib=peak / 2**20)
    return result


def measure(label: str, args: list[str], runs: int) -> dict:
    samples = [run_once(args) for _ in range(runs)]
    last = samples[-1]
    return {
        "case": label,
        "runs": runs,
        "wall_s": statistics.median(s["wall_s"] for s in samples),
        "synth_s": statistics.median(s["synth_s"] for s in samples),
        "peak_rss_mib": max(s["peak_rss_mib"] for s in samples),
        "stacks": len(last["stacks"]),
        "max_resources_per_stack": max((s["resources"] for s in last["stacks"]), default=0),
        "max_template_kib": max((s["bytes"] for s in last["stacks"]), default=0) / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--waves", type=int, nargs="*", default=[1, 10, 50, 100])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    options = parser.parse_args()

    rows = [measure("empty app (floor)", ["empty"], options.runs), measure("reference app, packs on", ["reference"], options.runs)]
    rows += [measure(f"{n} waves", ["waves", str(n)], options.runs) for n in options.waves]
    floor = rows[0]["wall_s"]
    for row in rows:
        row["x_floor"] = row["wall_s"] / floor
    by_n = {n: row for n, row in zip(options.waves, rows[2:])}
    summary = {}
    if 10 in by_n and 100 in by_n:
        summary["marginal_s_per_wave_10_to_100"] = (by_n[100]["wall_s"] - by_n[10]["wall_s"]) / 90

    header = f"{'case':<26}{'wall s':>8}{'synth s':>9}{'x floor':>9}{'peak MiB':>10}{'stacks':>8}{'max res':>9}{'max KiB':>9}"
    print(header)
    print("-" * len(header))
    for r in rows:
        print(f"{r['case']:<26}{r['wall_s']:>8.2f}{r['synth_s']:>9.2f}{r['x_floor']:>9.2f}{r['peak_rss_mib']:>10.0f}{r['stacks']:>8}{r['max_resources_per_stack']:>9}{r['max_template_kib']:>9.0f}")
    for key, value in summary.items():
        print(f"{key}: {value:.3f}")
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps({"rows": rows, "summary": summary}, indent=2) + "\n")
    print(f"written: {options.output.relative_to(ROOT) if options.output.is_relative_to(ROOT) else options.output}")


if __name__ == "__main__":
    main()
