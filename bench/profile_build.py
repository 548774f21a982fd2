"""Where the build phase (everything before `app.synth()`) spends its time: jsii round trips by caller
and by construct type, and a cProfile summary.

    python bench/profile_build.py reference           # the reference app with packs
    python bench/profile_build.py waves 10            # 10 synthetic waves
    python bench/profile_build.py waves 10 --cprofile 25    # also Python time by owner (ours, jsii, waiting)

Every call of the jsii kernel (`create`, `invoke`, `get`, `set`, `sinvoke`, `sget`, `sset`) is counted
and attributed to the innermost frame of our code (`dms_constructs/`, `stacks/`) on the Python stack, and
`create` calls also to the jsii type they create. Counting costs little next to a round trip; the times
printed are with the counters on.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import io
import json
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("JSII_NODE", str(ROOT / "node_modules" / ".bin" / "node"))

METHODS = ("create", "invoke", "get", "set", "sinvoke", "sget", "sset")
_OURS = (str(ROOT / "dms_constructs") + os.sep, str(ROOT / "stacks") + os.sep)


_VIA = [False]  # `--via`: name the innermost two frames of our code, not one


def _caller() -> str:
    frame = sys._getframe(3)
    found: list[str] = []
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.startswith(_OURS):
            found.append(f"{os.path.relpath(filename, ROOT)}:{frame.f_code.co_name}")
            if not _VIA[0] or len(found) == 2:
                break
        frame = frame.f_back
    return " <- ".join(found) or "(outside our code)"


def instrument() -> tuple[collections.Counter, collections.Counter, collections.Counter, dict]:
    """Wrap the kernel's methods with counters; return (by method, by caller, by created type, state)."""
    import jsii
    from jsii._kernel import Kernel

    by_method: collections.Counter = collections.Counter()
    by_caller: collections.Counter = collections.Counter()
    by_type: collections.Counter = collections.Counter()
    state = {"on": False, "depth": 0, "time_total": 0.0,
             "time_by_caller": collections.Counter(), "time_by_type": collections.Counter()}

    def count(name: str, args: tuple) -> tuple[str, str]:
        by_method[name] += 1
        caller = _caller()
        by_caller[caller] += 1
        fqn = ""
        if name == "create":
            klass = args[0]
            fqn = getattr(klass, "__jsii_type__", None) or klass.__name__
            by_type[fqn] += 1
        return caller, fqn

    def timed(name: str, call, args: tuple, kwargs: dict):
        if not state["on"] or state["depth"]:
            return call(*args, **kwargs)
        caller, fqn = count(name, args)
        state["depth"] += 1
        started = time.perf_counter()
        try:
            return call(*args, **kwargs)
        finally:
            elapsed = time.perf_counter() - started
            state["depth"] -= 1
            state["time_by_caller"][caller] += elapsed
            state["time_total"] += elapsed
            if fqn:
                state["time_by_type"][fqn] += elapsed

    def wrap_class(name: str) -> None:
        original = getattr(Kernel, name)

        def counted(self, *args, **kwargs):
            return timed(name, lambda *a, **k: original(self, *a, **k), args, kwargs)

        setattr(Kernel, name, counted)

    def wrap_module(name: str) -> None:
        # Generated bindings call `jsii.create(...)`, `jsii.get(...)`, ...: the kernel's methods bound at import.
        original = getattr(jsii, name)

        def counted(*args, **kwargs):
            return timed(name, original, args, kwargs)

        setattr(jsii, name, counted)

    for name in METHODS:
        wrap_module(name)
        wrap_class(name)
    return by_method, by_caller, by_type, state


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("case", nargs="+", help="reference | reference-nopacks | waves N")
    parser.add_argument("--top", type=int, default=25, help="rows per table")
    parser.add_argument("--cprofile", type=int, default=0, help="also print the top N functions by cumulative time")
    parser.add_argument("--synth", action="store_true", help="also time app.synth()")
    parser.add_argument("--dump", type=Path, help="also write every caller's and type's call count to this JSON file")
    parser.add_argument("--via", action="store_true", help="attribute calls to the innermost two frames of our code")
    options = parser.parse_args()
    _VIA[0] = options.via

    by_method, by_caller, by_type, state = instrument()
    import aws_cdk  # noqa: F401 - load the library (and start the kernel) before timing

    from bench.bench_app import _case

    profiler = cProfile.Profile() if options.cprofile else None
    with tempfile.TemporaryDirectory() as outdir:
        state["on"] = True
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        app = _case(outdir, options.case)
        if profiler:
            profiler.disable()
        built = time.perf_counter()
        state["on"] = False
        print(f"build: {built - started:.2f} s, {sum(by_method.values())} jsii calls (outermost) taking {state['time_total']:.2f} s")
        if options.synth:
            from dms_constructs.checks import DmsChecks

            # The packs must run once per app: count the runs of the one written in Python.
            runs = []
            validate = DmsChecks.validate
            DmsChecks.validate = lambda self, context: runs.append(1) or validate(self, context)  # type: ignore[method-assign]
            app.synth()
            DmsChecks.validate = validate  # type: ignore[method-assign]
            print(f"synth: {time.perf_counter() - built:.2f} s; DmsChecks.validate ran {len(runs)} time(s)")

    print("\njsii calls by method:", dict(by_method.most_common()))
    print(f"\njsii calls by caller (innermost frame in dms_constructs/ or stacks/) by time in the call, top {options.top}:")
    print(f"{'calls':>8} {'s':>7}")
    for caller, seconds in state["time_by_caller"].most_common(options.top):
        print(f"{by_caller[caller]:>8} {seconds:>7.2f}  {caller}")
    print(f"\njsii objects created by type (time in `create`, children built in its constructor included), top {options.top} ({sum(by_type.values())} in all):")
    print(f"{'created':>8} {'s':>7}")
    for fqn, seconds in state["time_by_type"].most_common(options.top):
        print(f"{by_type[fqn]:>8} {seconds:>7.2f}  {fqn}")
    if options.dump:
        options.dump.write_text(json.dumps({
            "total": sum(by_method.values()),
            "by_method": dict(by_method.most_common()),
            "by_caller": dict(by_caller.most_common()),
            "by_type": dict(by_type.most_common()),
        }, indent=1) + "\n")
    if profiler:
        stats = pstats.Stats(profiler)
        print("\nPython time of the build by owner (cProfile self time, profiler overhead included):")
        for owner, seconds in _by_owner(stats).most_common():
            print(f"  {seconds:7.2f} s  {owner}")
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(options.cprofile)
        print(out.getvalue())


_JSII_PARTS = (os.sep + "jsii" + os.sep, os.sep + "typeguard" + os.sep, os.sep + "cattrs" + os.sep, os.sep + "cattr" + os.sep,
               os.sep + "attr" + os.sep, os.sep + "aws_cdk" + os.sep, os.sep + "constructs" + os.sep, os.sep + "cdk_nag" + os.sep)


def _by_owner(stats: pstats.Stats) -> "collections.Counter[str]":
    """Self time by who spends it: our code, jsii's Python runtime with the generated bindings (marshalling
    each call, the bindings' argument type checks), waiting for the Node side (the pipe), the rest."""
    owners: "collections.Counter[str]" = collections.Counter()
    for (filename, _, function), (_, _, self_time, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        if function in ("<method 'readline' of '_io.BufferedReader' objects>", "<method 'flush' of '_io.BufferedWriter' objects>"):
            owner = "waiting for the jsii runtime (Node) to answer"
        elif filename.startswith(_OURS):
            owner = "our code (dms_constructs/, stacks/)"
        elif any(part in filename for part in _JSII_PARTS) or filename.endswith("typing.py"):
            owner = "jsii's Python runtime and the generated bindings (incl. their type checks)"
        else:
            owner = "the rest (loading modules, json and the standard library)"
        owners[owner] += self_time
    return owners


if __name__ == "__main__":
    main()
