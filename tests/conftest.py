"""Shared fixtures. jsii runs on the Node 22 from node_modules (set before aws_cdk is imported)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
_NODE = ROOT / "node_modules" / ".bin" / "node"
if "JSII_NODE" not in os.environ and _NODE.exists():
    os.environ["JSII_NODE"] = str(_NODE)

from aws_cdk import App, Environment, Stack  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

# Property-based tests are derandomized by default (`make test`, CI, the delivery pipeline): the same
# examples run on every machine, so a failure is reproducible from the commit alone. Explore with fresh
# random examples locally: `HYPOTHESIS_PROFILE=explore .venv/bin/python -m pytest tests/test_table_mappings.py`
# (a failure prints its `@reproduce_failure` blob; pin it with `--hypothesis-seed=<n>`).
HYPOTHESIS_PROFILE_VARIABLE = "HYPOTHESIS_PROFILE"
settings.register_profile(
    "deterministic", derandomize=True, database=None, max_examples=300, deadline=None,
    suppress_health_check=[HealthCheck.too_slow], print_blob=True,
)
settings.register_profile(
    "explore", derandomize=False, max_examples=3000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow], print_blob=True,
)
settings.load_profile(os.environ.get(HYPOTHESIS_PROFILE_VARIABLE, "deterministic"))


def pytest_sessionstart(session: pytest.Session) -> None:
    """Under `make test-oldest` (DMS_CONSTRUCTS_FROM_WHEEL=1) the tests must import the installed wheel,
    not the source tree next to them."""
    if os.environ.get("DMS_CONSTRUCTS_FROM_WHEEL"):
        import dms_constructs

        location = Path(dms_constructs.__file__).resolve()
        if ROOT / "dms_constructs" in location.parents:
            raise pytest.UsageError(f"DMS_CONSTRUCTS_FROM_WHEEL: dms_constructs imported from the source tree ({location})")

_HASH = re.compile(r"[0-9a-f]{64}")


def normalise(template: Any) -> Any:
    """A template with asset hashes scrubbed, so snapshots change only when the template does."""
    return json.loads(_HASH.sub("<asset-hash>", json.dumps(template, sort_keys=True)))


def env_stack(app: App | None = None, id: str = "Test", region: str = "eu-west-1") -> Stack:
    """A stack with an explicit account and region, as the reference app's stacks have."""
    app = app or App()
    return Stack(app, id, env=Environment(account="123456789012", region=region))


AZS = ["eu-west-1a", "eu-west-1b"]
# The test databases' networks: on premises behind a transit gateway, and an application VPC peered.
ON_PREMISES = ("10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16", "10.4.0.0/16", "10.50.0.0/16")
APPLICATION_VPC = "10.30.0.0/16"


def routed_network(scope, id: str = "Network"):
    """A new DMS network (10.20.0.0/16) that routes the test databases' networks: ON_PREMISES over a
    transit gateway and APPLICATION_VPC over an existing same-account peering connection."""
    from dms_constructs import MigrationNetwork, TransitGatewayAttachment, VpcPeering

    return MigrationNetwork(
        scope, id, availability_zones=AZS,
        transit_gateway=TransitGatewayAttachment(transit_gateway_id="tgw-0123456789abcdef0", routes=ON_PREMISES),
        peerings=[VpcPeering(peer_cidr=APPLICATION_VPC, peering_connection_id="pcx-0123456789abcdef0")],
    )


@pytest.fixture(scope="session")
def reference_app(tmp_path_factory: pytest.TempPathFactory):
    """The reference app, every environment, synthesized once with its compliance gate."""
    from stacks.reference_app import build_reference_app, create_app

    outdir = tmp_path_factory.mktemp("cdk.out")
    app = create_app(outdir=str(outdir))
    stages = build_reference_app(app)
    assembly = app.synth()  # raises when any compliance finding is not acknowledged
    return app, stages, assembly


@pytest.fixture(scope="session")
def reference_templates(reference_app) -> dict[str, dict[str, dict]]:
    """{env: {stack name without the env prefix (AccountBaseline, Migration): template}}, read once from
    the assembly's files (each `artifact.template` would carry the whole template across jsii again).
    Shared by many tests: read, never modify."""
    _, stages, _ = reference_app
    out: dict[str, dict[str, dict]] = {}
    for stage in stages:
        assembly = stage.synth()
        out[stage.config.name] = {
            s.stack_name.split("-", 1)[1]: json.loads((Path(assembly.directory) / s.template_file).read_text())
            for s in assembly.stacks
        }
    return out


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under `pytest -n 2 --dist loadgroup` (pytest-xdist): every test that uses the reference app runs in
    one worker, so the app is synthesized once, and every other module's tests stay together, so a
    module-scoped fixture is built once. Without xdist the marker means nothing."""
    for item in items:
        group = "reference_app" if "reference_app" in getattr(item, "fixturenames", ()) else item.nodeid.split("::", 1)[0]
        item.add_marker(pytest.mark.xdist_group(group))
