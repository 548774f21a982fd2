"""Shared fixtures. jsii runs on the Node 22 from node_modules (set before aws_cdk is imported)."""

from __future__ import annotations

import gc
import inspect
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
_NODE = ROOT / "node_modules" / ".bin" / "node"
if "JSII_NODE" not in os.environ and _NODE.exists():
    os.environ["JSII_NODE"] = str(_NODE)

from hypothesis import HealthCheck, settings  # noqa: E402

if TYPE_CHECKING:
    from aws_cdk import App, Stack

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


# --- Python's garbage collector, tuned for a test process ------------------------------------------------
#
# A worker holds a few million long-lived objects (the jsii-generated aws_cdk modules, botocore's and moto's)
# and every moto test creates and drops large service models. Under the default thresholds (700, 10, 10) a full
# collection traverses all of it every few tests: measured on tests/test_pause_resume.py + test_starter.py,
# 43% of the CPU went to the collector (25 full collections, 0.3 s each). Fewer young collections and the
# imported modules frozen after collection (`gc.freeze()`: never traversed again) cut those files' CPU by a
# third. Only when cycles are collected changes; what the tests run and assert does not.
gc.set_threshold(50_000, 20, 100)


def pytest_collection_finish(session: pytest.Session) -> None:
    gc.collect()
    gc.freeze()


# --- botocore's service models, parsed once per process -------------------------------------------------
#
# moto's `mock_aws()` hides boto3's default session, so each handler test's `boto3.client(...)` starts a new
# botocore session whose new loader parses the service's model files again (DMS's is large): 0.1-0.2 s of CPU
# per test, over a hundred tests. One loader per data path serves every session of the process, as one
# session's loader serves all its clients; the models are read-only data, and moto's backends (the state the
# tests assert on) are still reset by each `mock_aws()`. Measured: the handler tests of test_pause_resume,
# test_starter and test_cutover_handler took 44% less CPU.
try:
    import functools

    import botocore.session
except ImportError:  # an environment without boto3 (`make test-oldest`): nothing to share
    pass
else:
    if not hasattr(botocore.session.create_loader, "cache_info"):
        botocore.session.create_loader = functools.lru_cache(maxsize=None)(botocore.session.create_loader)


# --- CDK's built-in CloudFormation validation only where it can fail a synth ------------------------------
#
# Every `App.synth()` runs CDK's built-in CloudFormation template validation (a WebAssembly rule engine) unless
# the App is built with `builtin_cloud_formation_validation=False`. Starting the engine costs about 7 s of
# CPU in each jsii Node process, and it validates every template again on each synth (2 s for a wave with
# every kind of endpoint). Without the feature flag `@aws-cdk/core:validateAgainstDefaultRules` (or
# `@aws-cdk/core:strictCfnValidateErrors`) its findings are downgraded to warnings printed on Node's stderr,
# which no test reads: it cannot fail such a synth, so the tests' Apps skip it. Apps that set the flag (the
# reference app: `create_app` passes cdk.json's feature flags) keep it, and it fails their synth as in `cdk synth`.

_DEFAULT_RULES_FLAGS = ("@aws-cdk/core:validateAgainstDefaultRules", "@aws-cdk/core:strictCfnValidateErrors")


def _validation_can_fail(kwargs: dict) -> bool:
    contexts = [kwargs.get("context") or {}, kwargs.get("post_cli_context") or {}, json.loads(os.environ.get("CDK_CONTEXT_JSON") or "{}")]
    return any(str(context.get(flag)).lower() == "true" for context in contexts for flag in _DEFAULT_RULES_FLAGS)


def _skip_warning_only_validation() -> None:
    """Default `App(builtin_cloud_formation_validation=...)` to off unless the App's context sets a flag above."""
    from aws_cdk import App

    if getattr(App.__init__, "_dms_tests", False):
        return
    if "builtin_cloud_formation_validation" not in inspect.signature(App.__init__).parameters:
        return  # an aws-cdk-lib without the built-in validation (the oldest we support, under `make test-oldest`)
    init = App.__init__

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("builtin_cloud_formation_validation") is None and not _validation_can_fail(kwargs):
            kwargs["builtin_cloud_formation_validation"] = False
        init(self, *args, **kwargs)

    __init__._dms_tests = True  # type: ignore[attr-defined]
    App.__init__ = __init__  # type: ignore[method-assign]


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
    from aws_cdk import App, Environment, Stack

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


# --- one worker per shared synth (pytest-xdist) ----------------------------------------------------------
#
# `pytest -n 2 --dist loadgroup` hands the tests to the two workers one group at a time: every test that uses
# the reference app is one group (the app is synthesized once per run, on one worker) and every other
# module's tests are one group each (a module-scoped fixture is built once, on one worker). The groups
# are computed where the fixtures are known, in the workers' collection, and read by the controller's
# scheduler below. (xdist's own `xdist_group` marker cannot do it under pytest 9: xdist tags the group
# onto `item._nodeid`, which pytest 9 no longer reads, so every test became its own group and every
# module and session fixture was built on both workers; a group suffix on the nodeid would also break
# syrupy's snapshot names. Upstream: pytest-dev/pytest-xdist#1386, fix proposed in #1388.) Without xdist
# none of this runs.

_GROUPS_DIR = "dms_test_groups"  # the workerinput key: the directory the workers write their groups to
_GROUPS_KEY = pytest.StashKey[Path]()  # the controller's copy of that directory


# Modules whose Apps set `@aws-cdk/core:validateAgainstDefaultRules`, so CDK's CloudFormation rule engine runs on
# their synths (about 7 s of CPU to start, once per Node process; see above): they go with the reference app,
# whose synth starts the engine anyway, so that it starts on one worker only.
_DEFAULT_RULES_MODULES = frozenset({"tests/test_core_scenarios.py", "tests/test_pipeline.py", "tests/test_reference_app.py"})


# Seconds of the groups whose cost is far from 0.1 s per test (subprocesses, compliance packs, property-based
# tests; or many cheap tests), measured with `--durations=0` on the idle machine (2 cores, 27 November 2026;
# checkov and cfn-lint after they started once per module and in-process). The scheduler hands out the costliest
# groups first, so that the run does not end with one worker busy on a heavy module while the other idles; other
# groups count 0.1 s per test. Only the order changes, never what runs.
_GROUP_COSTS = {
    "reference_app": 44.5,
    "tests/test_schema_conversion.py": 27.0,
    "tests/test_identity.py": 12.0,
    "tests/test_endpoints.py": 10.5,
    "tests/test_idioms.py": 9.0,
    "tests/test_examples.py": 8.5,
    "tests/test_malformed_documents.py": 7.0,
    "tests/test_checkov.py": 6.5,
    "tests/test_checks.py": 6.5,
    "tests/test_engines.py": 6.0,
    "tests/test_pause_resume.py": 5.5,
    "tests/test_secret_fields.py": 4.5,
    "tests/test_phases.py": 4.5,
    "tests/test_connection_tests.py": 4.5,
    "tests/test_engines_db2_neptune_redis.py": 4.0,
    "tests/test_inputs.py": 4.0,
    "tests/test_table_mappings.py": 4.0,
    "tests/test_connectivity.py": 4.0,
    "tests/test_hardening.py": 3.5,
    "tests/test_serverless_assessments.py": 3.0,
    "tests/test_wave.py": 3.0,
    "tests/test_guard.py": 3.0,
    "tests/test_task_data.py": 3.0,
    "tests/test_monitoring.py": 3.0,
    "tests/test_network_paths.py": 2.5,
    "tests/test_suite_honesty.py": 2.5,
    "tests/test_starter.py": 2.0,
    "tests/test_property_strategies.py": 2.0,
    "tests/test_assessments.py": 1.5,
    "tests/test_task_settings.py": 1.5,
    "tests/test_cutover_handler.py": 1.0,
    "tests/test_facts.py": 0.5,
    "tests/test_integ.py": 0.5,
    "tests/test_clear_errors.py": 0.5,
    "tests/test_capacity.py": 0.5,
    "tests/test_secure_defaults.py": 0.5,
    "tests/test_validation.py": 0.5,
}


def _group_cost(group: str, tests: int) -> float:
    return _GROUP_COSTS.get(group, 0.1 * tests)


def _group_of(item: pytest.Item) -> str:
    """The scheduling group of a test: "reference_app" when it uses the session's reference app (or CDK's rule
    engine, above), else its module."""
    module = item.nodeid.split("::", 1)[0]
    return "reference_app" if "reference_app" in getattr(item, "fixturenames", ()) or module in _DEFAULT_RULES_MODULES else module


def pytest_configure(config: pytest.Config) -> None:
    # The xdist controller runs no test: it need not start jsii (aws_cdk is imported by the tests it hands out).
    if hasattr(config, "workerinput") or not _loadgroup(config):
        _skip_warning_only_validation()
    if config.pluginmanager.hasplugin("xdist") and not hasattr(config, "workerinput") and _loadgroup(config):
        import tempfile

        config.stash[_GROUPS_KEY] = Path(tempfile.mkdtemp(prefix="dms-test-groups-"))


def pytest_unconfigure(config: pytest.Config) -> None:
    directory = config.stash.get(_GROUPS_KEY, None)
    if directory is not None:
        import shutil

        shutil.rmtree(directory, ignore_errors=True)


def _loadgroup(config: pytest.Config) -> bool:
    return getattr(config.option, "dist", "no") == "loadgroup" and bool(getattr(config.option, "numprocesses", None))


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """Controller: tell each worker where to write the groups of the tests it collected."""
    directory = node.config.stash.get(_GROUPS_KEY, None)
    if directory is not None:
        node.workerinput[_GROUPS_DIR] = str(directory)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Worker: write {nodeid: group} for the controller's scheduler (written whole, then renamed into place)."""
    directory = getattr(config, "workerinput", {}).get(_GROUPS_DIR)
    if directory:
        worker = config.workerinput["workerid"]
        partial = Path(directory) / f".{worker}.json"
        partial.write_text(json.dumps({item.nodeid: _group_of(item) for item in items}))
        partial.replace(Path(directory) / f"{worker}.json")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """Controller, `--dist loadgroup`: xdist's scope scheduling with our groups as the scopes (largest group
    first, so the reference app's group starts at once and the other worker takes the rest)."""
    directory = config.stash.get(_GROUPS_KEY, None)
    if directory is None:
        return None
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        groups: dict[str, str] | None = None
        ordered = False

        def _split_scope(self, nodeid: str) -> str:
            if self.groups is None:  # the workers wrote their files before reporting their collection
                written = sorted(directory.glob("gw*.json"))
                self.groups = json.loads(written[0].read_text()) if written else {}
            return self.groups.get(nodeid) or nodeid.split("::", 1)[0]

        def _assign_work_unit(self, node) -> None:
            if not self.ordered:  # once, before the first group is handed out: the costliest groups first
                for scope in sorted(self.workqueue, key=lambda scope: -_group_cost(scope, len(self.workqueue[scope]))):
                    self.workqueue.move_to_end(scope)
                self.ordered = True
            super()._assign_work_unit(node)

    return GroupScheduling(config, log)
