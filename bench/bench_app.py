"""One benchmark run in its own process: synthesize a CDK app and print what it produced as JSON.

    python bench/bench_app.py empty            # the floor: an empty stack, no packs
    python bench/bench_app.py reference        # the reference app, all environments, packs on
    python bench/bench_app.py reference-nopacks  # the reference app without the compliance packs
    python bench/bench_app.py waves N          # N synthetic waves (instance, 2 endpoints, 3 tasks, monitoring)
    python bench/bench_app.py replay SPEC packs|nopacks   # the replay floor of a recorded case (bench/replay.py)
    python bench/bench_app.py record SPEC CASE [N]        # record a case's templates and acknowledgments (untimed)
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("JSII_NODE", str(ROOT / "node_modules" / ".bin" / "node"))

WAVES_PER_STACK = 8


def _descendants(pid: int) -> list[int]:
    """The processes below `pid` (the jsii runtime's Node processes), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, stack = [], list(children.get(pid, []))
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def _cpu() -> tuple[float, float]:
    """CPU seconds so far of this Python process and of the jsii Node processes below it, read from /proc
    while they run (a reaped child's time reaches `wait4` only if Python waits for it, which jsii's
    runtime does not always do at exit)."""
    ticks = os.sysconf("SC_CLK_TCK")
    node = 0.0
    for pid in _descendants(os.getpid()):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        node += (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    return time.process_time(), node


def _empty(outdir: str):
    from aws_cdk import App, Stack

    app = App(outdir=outdir)
    Stack(app, "Empty")
    return app


def _reference(outdir: str, packs: bool = True):
    from stacks.config import ENVIRONMENTS, environment_config
    from stacks.reference_app import build_reference_app, create_app
    from stacks.stage import MigrationEnvironment

    app = create_app(outdir=outdir)
    if packs:
        build_reference_app(app)
    else:
        for name in ENVIRONMENTS:
            MigrationEnvironment(app, environment_config(name, app.node.try_get_context))
    return app


def _case(outdir: str, args: list[str]):
    if args[0] == "empty":
        return _empty(outdir)
    if args[0] == "reference":
        return _reference(outdir)
    if args[0] == "reference-nopacks":
        return _reference(outdir, packs=False)
    if args[0] == "waves":
        return _waves(outdir, int(args[1]))
    if args[0] == "replay":
        from bench.replay import build

        return build(Path(args[1]), outdir, packs=args[2] == "packs")
    raise SystemExit(f"unknown case {args}")


def _waves(outdir: str, count: int):
    from aws_cdk import Environment, Stack, Validations

    from dms_constructs import DmsServiceRoles, MigrationNetwork, TransitGatewayAttachment
    from dms_constructs.limits import CloudFormationLimits
    from stacks.reference_app import create_app
    from stacks.synthetic import synthetic_wave

    app = create_app(outdir=outdir)
    env = Environment(account="123456789012", region="eu-west-1")
    baseline = Stack(app, "Baseline", env=env)
    DmsServiceRoles(baseline, "Roles")
    for first in range(0, count, WAVES_PER_STACK):
        stack = Stack(app, f"Waves{first // WAVES_PER_STACK:03d}", env=env)
        stack.add_stack_dependency(baseline)
        network = MigrationNetwork(
            stack, "Network", availability_zones=["eu-west-1a", "eu-west-1b"],
            # The synthetic waves' sources and targets (stacks/synthetic.py) behind a transit gateway.
            transit_gateway=TransitGatewayAttachment(transit_gateway_id="tgw-0123456789abcdef0", routes=["10.50.0.0/16", "10.60.0.0/16"]),
        )
        roles = DmsServiceRoles.from_account(stack, "Roles")
        for index in range(first, min(first + WAVES_PER_STACK, count)):
            synthetic_wave(stack, f"wave{index:03d}", network, roles)
    Validations.of(app).add_plugins(CloudFormationLimits())
    return app


def main() -> None:
    args = sys.argv[1:]
    if args[0] == "record":
        from bench.replay import record

        with tempfile.TemporaryDirectory() as outdir:
            app = _case(outdir, args[2:])
            record(app, app.synth(), Path(args[1]))
        return
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as outdir:
        app = _case(outdir, args)
        built = time.perf_counter()
        python_built, node_built = _cpu()
        app.synth()
        done = time.perf_counter()
        python_done, node_done = _cpu()
        stacks = []
        for path in sorted(Path(outdir).rglob("*.template.json")):
            template = json.loads(path.read_text())
            stacks.append({"stack": path.stem.replace(".template", ""), "resources": len(template.get("Resources", {})), "bytes": path.stat().st_size})
        identical = _replay_identical(Path(args[1]), Path(outdir)) if args[0] == "replay" else None
    # CPU by phase (build: imports, jsii start-up and construction; synth: `app.synth()`) and by side.
    cpu = {"build_python": python_built, "build_node": node_built,
           "synth_python": python_done - python_built, "synth_node": node_done - node_built}
    print(json.dumps({"kind": args[0], "build_s": built - started, "synth_s": done - built, "cpu": cpu, "stacks": stacks, "identical": identical}))


def _replay_identical(spec_path: Path, outdir: Path) -> bool:
    """Whether the replay wrote exactly the recorded resources (every stack, every property)."""
    spec = json.loads(spec_path.read_text())
    recorded = {e["stack_name"]: e["template"]["Resources"] for e in spec["stacks"]}
    recorded.update({e["stack_name"]: e["template"]["Resources"] for stage in spec["stages"] for e in stage["stacks"]})
    produced = [json.loads(path.read_text())["Resources"] for path in outdir.rglob("*.template.json")]
    return sorted(json.dumps(r, sort_keys=True) for r in recorded.values()) == sorted(json.dumps(r, sort_keys=True) for r in produced)


if __name__ == "__main__":
    main()
