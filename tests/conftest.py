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

_HASH = re.compile(r"[0-9a-f]{64}")


def normalise(template: Any) -> Any:
    """A template with asset hashes scrubbed, so snapshots change only when the template does."""
    return json.loads(_HASH.sub("<asset-hash>", json.dumps(template, sort_keys=True)))


def env_stack(app: App | None = None, id: str = "Test", region: str = "eu-west-1") -> Stack:
    """A stack with an explicit account and region, as the reference app's stacks have."""
    app = app or App()
    return Stack(app, id, env=Environment(account="123456789012", region=region))


AZS = ["eu-west-1a", "eu-west-1b"]


@pytest.fixture(scope="session")
def reference_app(tmp_path_factory: pytest.TempPathFactory):
    """The reference app, every environment, synthesized once with its compliance gate."""
    from stacks.reference_app import build_reference_app, create_app

    outdir = tmp_path_factory.mktemp("cdk.out")
    app = create_app(outdir=str(outdir))
    stages = build_reference_app(app)
    assembly = app.synth()  # raises when any compliance finding is not acknowledged
    return app, stages, assembly
