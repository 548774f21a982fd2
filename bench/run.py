"""Synth benchmarks: each case against its replay floor, plus the empty-app floor.

    make bench                  # reference app (packs on and off), N = 1, 10, 50, 100 waves; 5 runs each
    python bench/run.py --waves 1 10 --runs 1

For every case the replay floor (bench/replay.py) is recorded first (untimed): the same templates,
logical ids, dependencies and acknowledgments as raw CfnResources. The case and its floor are then run
alternately, `--runs` times each, and the medians compared ("x replay").

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


def _row(label: str, samples: list[dict]) -> dict:
    last = samples[-1]
    return {
        "case": label,
        "runs": len(samples),
        "wall_s": statistics.median(s["wall_s"] for s in samples),
        "synth_s": statistics.median(s["synth_s"] for s in samples),
        "peak_rss_mib": max(s["peak_rss_mib"] for s in samples),
        "stacks": len(last["stacks"]),
        "max_resources_per_stack": max((s["resources"] for s in last["stacks"]), default=0),
        "max_template_kib": max((s["bytes"] for s in last["stacks"]), default=0) / 1024,
    }


def measure_against_replay(label: str, args: list[str], packs: bool, runs: int, workdir: Path) -> tuple[dict, dict]:
    """The case and its replay floor, run alternately."""
    spec = workdir / f"{label.replace(' ', '_').replace(',', '')}.json"
    recorded = subprocess.run([sys.executable, str(ROOT / "bench" / "bench_app.py"), "record", str(spec), *args], capture_output=True, text=True)
    if recorded.returncode != 0:
        raise SystemExit(f"recording {args} failed:\n{recorded.stderr[-4000:]}")
    replay_args = ["replay", str(spec), "packs" if packs else "nopacks"]
    case, floor = [], []
    for _ in range(runs):
        case.append(run_once(args))
        floor.append(run_once(replay_args))
    if not all(f["identical"] for f in floor):
        raise SystemExit(f"the replay of {label} did not reproduce its templates")
    return _row(label, case), _row(f"  replay floor", floor)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--waves", type=int, nargs="*", default=[1, 10, 50, 100])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    options = parser.parse_args()

    import tempfile

    empty = _row("empty app", [run_once(["empty"]) for _ in range(options.runs)])
    cases = [("reference app, packs on", ["reference"], True), ("reference app, packs off", ["reference-nopacks"], False)]
    cases += [(f"{n} waves", ["waves", str(n)], False) for n in options.waves]
    rows = [empty]
    by_n: dict[int, dict] = {}
    with tempfile.TemporaryDirectory() as workdir:
        for label, args, packs in cases:
            case, floor = measure_against_replay(label, args, packs, options.runs, Path(workdir))
            case["x_replay"] = case["wall_s"] / floor["wall_s"]
            rows += [case, floor]
            if args[0] == "waves":
                by_n[int(args[1])] = case
    for row in rows:
        row["x_empty"] = row["wall_s"] / empty["wall_s"]
    summary = {}
    if 10 in by_n and 100 in by_n:
        summary["marginal_s_per_wave_10_to_100"] = (by_n[100]["wall_s"] - by_n[10]["wall_s"]) / 90

    header = f"{'case':<26}{'wall s':>8}{'synth s':>9}{'x replay':>10}{'x empty':>9}{'peak MiB':>10}{'stacks':>8}{'max res':>9}{'max KiB':>9}"
    print(header)
    print("-" * len(header))
    for r in rows:
        ratio = f"{r['x_replay']:>10.2f}" if "x_replay" in r else f"{'':>10}"
        print(f"{r['case']:<26}{r['wall_s']:>8.2f}{r['synth_s']:>9.2f}{ratio}{r['x_empty']:>9.2f}{r['peak_rss_mib']:>10.0f}{r['stacks']:>8}{r['max_resources_per_stack']:>9}{r['max_template_kib']:>9.0f}")
    for key, value in summary.items():
        print(f"{key}: {value:.3f}")
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps({"rows": rows, "summary": summary}, indent=2) + "\n")
    print(f"written: {options.output.relative_to(ROOT) if options.output.is_relative_to(ROOT) else options.output}")


if __name__ == "__main__":
    main()
