"""Synth benchmarks: each case against its replay floor, plus the empty-app floor.

    make bench                  # reference app (packs on and off), N = 1, 10, 50, 100 waves; 5 runs each
    python bench/run.py --waves 1 10 --runs 1

For every case the replay floor (bench/replay.py) is recorded first (untimed): the same templates,
logical ids, dependencies and acknowledgments as raw CfnResources. The case and its floor are then run
alternately, `--runs` times each, and the medians compared ("x replay").

Each run is a fresh process (Python + the jsii Node child), timed from start to exit; peak memory is
the largest summed RSS of that process tree, sampled every 20 ms. CPU time is the user + system time of
the process tree (from `wait4`): on a shared, loaded machine it varies far less than wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))

from bench.bench_app import _descendants  # noqa: E402 - the /proc walk each run uses for its Node processes
# CPU seconds by phase and side, as bench_app.py reports them: Python (our constructs, the generated
# bindings and jsii's Python runtime) and Node (jsii's kernel and aws-cdk-lib).
CPU_PARTS = ("build_python", "build_node", "synth_python", "synth_node")


def _tree_rss_bytes(pid: int) -> int:
    """Summed resident memory of `pid` and its descendants, from /proc."""
    total = 0
    for current in (pid, *_descendants(pid)):
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def run_once(args: list[str], root: Path = ROOT) -> dict:
    """One run of `bench_app.py args` (of the checkout at `root`): its JSON line, wall and CPU time, peak RSS."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen([sys.executable, str(root / "bench" / "bench_app.py"), *args], stdout=out, stderr=err, text=True)
        peak = 0
        while True:
            # wait4 reaps the process and reports the CPU time of it and of every descendant it waited for
            # (the jsii Node child).
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _tree_rss_bytes(process.pid))
            time.sleep(0.02)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise SystemExit(f"benchmark run {args} failed:\n{err.read()[-4000:]}")
        result = json.loads(out.read().strip().splitlines()[-1])
    result.update(wall_s=wall, cpu_s=usage.ru_utime + usage.ru_stime, peak_rss_mib=peak / 2**20)
    return result


def _row(label: str, samples: list[dict]) -> dict:
    last = samples[-1]
    return {
        "case": label,
        "runs": len(samples),
        "wall_s": statistics.median(s["wall_s"] for s in samples),
        "synth_s": statistics.median(s["synth_s"] for s in samples),
        "cpu_s": statistics.median(s["cpu_s"] for s in samples),
        # Each part's own median (they need not add up to the median total).
        "cpu_parts": {part: statistics.median(s["cpu"][part] for s in samples) for part in CPU_PARTS}
        if all("cpu" in s for s in samples) else None,  # a `--compare` checkout may not report them
        "peak_rss_mib": max(s["peak_rss_mib"] for s in samples),
        "stacks": len(last["stacks"]),
        "max_resources_per_stack": max((s["resources"] for s in last["stacks"]), default=0),
        "max_template_kib": max((s["bytes"] for s in last["stacks"]), default=0) / 1024,
    }


def measure_against_replay(label: str, args: list[str], packs: bool, runs: int, workdir: Path,
                           compare: Path | None = None) -> list[dict]:
    """The case and its replay floor (and the case in the checkout `compare`), run alternately."""
    spec = workdir / f"{label.replace(' ', '_').replace(',', '')}.json"
    recorded = subprocess.run([sys.executable, str(ROOT / "bench" / "bench_app.py"), "record", str(spec), *args], capture_output=True, text=True)
    if recorded.returncode != 0:
        raise SystemExit(f"recording {args} failed:\n{recorded.stderr[-4000:]}")
    replay_args = ["replay", str(spec), "packs" if packs else "nopacks"]
    case, floor, before = [], [], []
    for _ in range(runs):
        case.append(run_once(args))
        floor.append(run_once(replay_args))
        if compare is not None:
            before.append(run_once(args, compare))
    if not all(f["identical"] for f in floor):
        raise SystemExit(f"the replay of {label} did not reproduce its templates")
    rows = [_row(label, case), _row("  replay floor", floor)]
    if before:
        rows.append(_row(f"  before ({compare.name})", before))
    return rows


def _print_cpu_parts(rows: list[dict]) -> None:
    """Where each case's CPU goes against its floor's: the build phase (imports, jsii start-up, every
    construct) and `app.synth()`, each on the Python and the Node side; `gap` is case minus floor."""
    header = f"{'CPU s by phase and side':<26}" + "".join(f"{part.replace('_', ' '):>14}" for part in CPU_PARTS)
    print()
    print(header)
    print("-" * len(header))
    previous = None
    for row in rows:
        parts = row["cpu_parts"]
        if parts is None:
            continue
        print(f"{row['case']:<26}" + "".join(f"{parts[part]:>14.2f}" for part in CPU_PARTS))
        if row["case"].strip() == "replay floor" and previous is not None:
            gap = {part: previous["cpu_parts"][part] - parts[part] for part in CPU_PARTS}
            print(f"{'  gap (case - floor)':<26}" + "".join(f"{gap[part]:>+14.2f}" for part in CPU_PARTS))
        previous = row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--waves", type=int, nargs="*", default=[1, 10, 50, 100])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-reference", action="store_true", help="skip the reference app cases")
    parser.add_argument("--compare", type=Path, help="another checkout (e.g. `git archive` of an older commit, with the "
                        "same .venv): its run of each case is added, alternately, as a `before` row")
    parser.add_argument("--no-nopacks", action="store_true", help="skip the reference app without packs")
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    options = parser.parse_args()

    empty = _row("empty app", [run_once(["empty"]) for _ in range(options.runs)])
    cases = [] if options.no_reference else [("reference app, packs on", ["reference"], True)]
    if not options.no_reference and not options.no_nopacks:
        cases.append(("reference app, packs off", ["reference-nopacks"], False))
    cases += [(f"{n} waves", ["waves", str(n)], False) for n in options.waves]
    rows = [empty]
    by_n: dict[int, dict] = {}
    with tempfile.TemporaryDirectory() as workdir:
        for label, args, packs in cases:
            case, floor, *before = measure_against_replay(label, args, packs, options.runs, Path(workdir), options.compare)
            for row in (case, *before):
                row["x_replay"] = row["wall_s"] / floor["wall_s"]
                row["x_replay_cpu"] = row["cpu_s"] / floor["cpu_s"]
            rows += [case, floor, *before]
            if args[0] == "waves":
                by_n[int(args[1])] = case
    for row in rows:
        row["x_empty"] = row["wall_s"] / empty["wall_s"]
    summary = {}
    if 10 in by_n and 100 in by_n:
        summary["marginal_s_per_wave_10_to_100"] = (by_n[100]["wall_s"] - by_n[10]["wall_s"]) / 90
        summary["marginal_cpu_s_per_wave_10_to_100"] = (by_n[100]["cpu_s"] - by_n[10]["cpu_s"]) / 90
    waves = sorted(by_n)
    if len(waves) >= 2 and "marginal_s_per_wave_10_to_100" not in summary:
        low, high = waves[0], waves[-1]
        summary[f"marginal_s_per_wave_{low}_to_{high}"] = (by_n[high]["wall_s"] - by_n[low]["wall_s"]) / (high - low)
        summary[f"marginal_cpu_s_per_wave_{low}_to_{high}"] = (by_n[high]["cpu_s"] - by_n[low]["cpu_s"]) / (high - low)
    summary["load_average_at_end"] = os.getloadavg()[0]

    header = f"{'case':<26}{'wall s':>8}{'synth s':>9}{'x replay':>10}{'cpu s':>8}{'x rp cpu':>9}{'x empty':>9}{'peak MiB':>10}{'stacks':>8}{'max res':>9}{'max KiB':>9}"
    print(header)
    print("-" * len(header))
    for r in rows:
        ratio = f"{r['x_replay']:>10.2f}" if "x_replay" in r else f"{'':>10}"
        cpu_ratio = f"{r['x_replay_cpu']:>9.2f}" if "x_replay_cpu" in r else f"{'':>9}"
        print(f"{r['case']:<26}{r['wall_s']:>8.2f}{r['synth_s']:>9.2f}{ratio}{r['cpu_s']:>8.2f}{cpu_ratio}{r['x_empty']:>9.2f}{r['peak_rss_mib']:>10.0f}{r['stacks']:>8}{r['max_resources_per_stack']:>9}{r['max_template_kib']:>9.0f}")
    for key, value in summary.items():
        print(f"{key}: {value:.3f}")
    _print_cpu_parts(rows)
    print(f"load average (1, 5, 15 min) at the end: {os.getloadavg()}")
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps({"rows": rows, "summary": summary}, indent=2) + "\n")
    print(f"written: {options.output.relative_to(ROOT) if options.output.is_relative_to(ROOT) else options.output}")


if __name__ == "__main__":
    main()
