"""One benchmark run in its own process: synthesize a CDK app and print what it produced as JSON.

    python bench/bench_app.py empty            # the floor: an empty stack, no packs
    python bench/bench_app.py reference        # the reference app, all environments, packs on
    python bench/bench_app.py waves N          # N synthetic waves (instance, 2 endpoints, 3 tasks, monitoring)
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


def _empty(outdir: str):
    from aws_cdk import App, Stack

    app = App(outdir=outdir)
    Stack(app, "Empty")
    return app


def _reference(outdir: str):
    from stacks.reference_app import build_reference_app, create_app

    app = create_app(outdir=outdir)
    build_reference_app(app)
    return app


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
        stack.add_dependency(baseline)
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
    kind = sys.argv[1]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as outdir:
        if kind == "empty":
            app = _empty(outdir)
        elif kind == "reference":
            app = _reference(outdir)
        else:
            app = _waves(outdir, int(sys.argv[2]))
        built = time.perf_counter()
        app.synth()
        done = time.perf_counter()
        stacks = []
        for path in sorted(Path(outdir).rglob("*.template.json")):
            template = json.loads(path.read_text())
            stacks.append({"stack": path.stem.replace(".template", ""), "resources": len(template.get("Resources", {})), "bytes": path.stat().st_size})
    print(json.dumps({"kind": kind, "build_s": built - started, "synth_s": done - built, "stacks": stacks}))


if __name__ == "__main__":
    main()
