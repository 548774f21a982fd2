"""Where `app.synth()` spends its time: the Python side (callbacks from the jsii runtime into our code:
rule packs, lazy values, validation plugins) by cProfile, and the Node side by V8's CPU profiler.

    python bench/profile_synth.py reference               # the reference app with packs
    python bench/profile_synth.py replay SPEC packs       # its replay floor (bench/replay.py records SPEC)
    python bench/profile_synth.py reference --node 40     # also V8's profile: self time by function

Python time spent inside `app.synth()` that is not waiting for Node is our callbacks' cost; the Node
profile's self time by function, grouped by source file, says which of CDK's synthesis passes (aspects,
validation plugins, token resolution, template writing) the rest goes to.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("JSII_NODE", str(ROOT / "node_modules" / ".bin" / "node"))


def _node_summary(profile_dir: Path, top: int) -> None:
    """Self time of the largest V8 profile in `profile_dir` (the jsii runtime's), by function and file."""
    profiles = sorted(profile_dir.glob("*.cpuprofile"), key=lambda p: p.stat().st_size)
    if not profiles:
        print("no V8 profile written")
        return
    profile = json.loads(profiles[-1].read_text())
    nodes = {n["id"]: n for n in profile["nodes"]}
    deltas = profile["timeDeltas"]
    self_us: collections.Counter = collections.Counter()
    for sample, delta in zip(profile["samples"], deltas):
        self_us[sample] += delta
    by_function: collections.Counter = collections.Counter()
    by_file: collections.Counter = collections.Counter()
    for node_id, micros in self_us.items():
        frame = nodes[node_id]["callFrame"]
        url = frame.get("url", "")
        short = url.split("node_modules/")[-1] if "node_modules/" in url else url.rsplit("/", 2)[-1] if url else "(native)"
        name = frame.get("functionName") or "(anonymous)"
        by_function[f"{name}  {short}:{frame.get('lineNumber', 0) + 1}"] += micros
        by_file[short.split(":")[0]] += micros
    total = sum(self_us.values())
    print(f"\nV8 profile {profiles[-1].name}: {total / 1e6:.2f} s sampled")
    print("self time by file:")
    for name, micros in by_file.most_common(top):
        print(f"  {micros / 1e6:7.2f} s  {micros / total:5.1%}  {name}")
    print("self time by function:")
    for name, micros in by_function.most_common(top):
        print(f"  {micros / 1e6:7.2f} s  {micros / total:5.1%}  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("case", nargs="+", help="as for bench/bench_app.py: reference | replay SPEC packs | waves N")
    parser.add_argument("--top", type=int, default=30, help="rows per table (default 30)")
    parser.add_argument("--node", action="store_true", help="also profile the jsii runtime with V8's CPU profiler")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.node and not args.child:
        with tempfile.TemporaryDirectory() as profile_dir:
            env = dict(os.environ, NODE_OPTIONS=f"--cpu-prof --cpu-prof-dir={profile_dir}")
            subprocess.run([sys.executable, __file__, *args.case, "--top", str(args.top), "--child"], env=env, check=True)
            _node_summary(Path(profile_dir), args.top)
        return

    from bench.bench_app import _case

    with tempfile.TemporaryDirectory() as outdir:
        started = time.perf_counter()
        app = _case(outdir, args.case)
        built = time.perf_counter()
        profiler = cProfile.Profile()
        cpu = time.process_time()
        profiler.enable()
        app.synth()
        profiler.disable()
        python_cpu = time.process_time() - cpu
        done = time.perf_counter()
    print(f"build {built - started:.2f} s, synth {done - built:.2f} s wall, of which Python CPU {python_cpu:.2f} s")
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(args.top)
    # Our callbacks: the functions of dms_constructs/ and stacks/ that Node called back into.
    stats.sort_stats("cumulative").print_stats(r"(dms_constructs|stacks)/", args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
