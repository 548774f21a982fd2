"""Identity that does not move: which user-facing changes keep every stateful logical id and DMS
identifier, and which renames move them (renaming is an explicit operation: README, "Changing a running
migration").

Stateful here: DMS resources, the secrets and keys they use, and the named log groups. The expected ids
of the small wave below are written out literally; each innocent change must leave all of them as they
are (additions are fine).
"""

from __future__ import annotations

from typing import Any, Callable, Optional

import pytest
from aws_cdk import App, Duration, RemovalPolicy
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_logs as logs
from aws_cdk.assertions import Template

from dms_constructs import (
    AlarmThresholds,
    DatabaseEndpoint,
    DmsServiceRoles,
    EndpointCredentials,
    MigrationType,
    MigrationWave,
    Notifications,
    ReplicationInstanceCapacity,
    WaveTags,
)
from dms_constructs.table_mappings import TableMappings
from dms_constructs.task_settings import TaskSettings

from .conftest import env_stack, routed_network

# The property that holds each stateful type's name (None: CloudFormation names it).
NAMES: dict[str, Optional[str]] = {
    "AWS::DMS::ReplicationInstance": "ReplicationInstanceIdentifier",
    "AWS::DMS::ReplicationTask": "ReplicationTaskIdentifier",
    "AWS::DMS::ReplicationConfig": "ReplicationConfigIdentifier",
    "AWS::DMS::Endpoint": "EndpointIdentifier",
    "AWS::DMS::ReplicationSubnetGroup": "ReplicationSubnetGroupIdentifier",
    "AWS::DMS::Certificate": "CertificateIdentifier",
    "AWS::SecretsManager::Secret": "Name",
    "AWS::KMS::Key": None,
    "AWS::Logs::LogGroup": "LogGroupName",
}

# The small wave's stateful resources: logical id -> (type, DMS identifier or name).
EXPECTED = {
    "NetworkKeyCB21031E": ("AWS::KMS::Key", None),
    "NetworkFlowLogGroup4F8CEEEF": ("AWS::Logs::LogGroup", None),
    "OrdersKeyFB6E0812": ("AWS::KMS::Key", None),
    "OrdersSubnetGroupE7C94A3D": ("AWS::DMS::ReplicationSubnetGroup", "prod-orders-subnets-dms"),
    "OrdersReplicationInstance78E40215": ("AWS::DMS::ReplicationInstance", "prod-orders-instance-dms"),
    "OrdersMonitoringInstanceTaskLogs3179D067": ("AWS::Logs::LogGroup", "dms-tasks-prod-orders-instance-dms"),
    "OrdersEndpointspgsourceSecret37DEA1D0": ("AWS::SecretsManager::Secret", None),
    "OrdersEndpointspgsourceE131B015": ("AWS::DMS::Endpoint", "prod-orders-pg-source-dms"),
    "OrdersEndpointspgtargetSecretFDD7443D": ("AWS::SecretsManager::Secret", None),
    "OrdersEndpointspgtarget3938A33C": ("AWS::DMS::Endpoint", "prod-orders-pg-target-dms"),
    "OrdersTaskscustomers2946D19E": ("AWS::DMS::ReplicationTask", "prod-orders-customers-dms"),
    "OrdersSecretFieldsLogs14E61B59": ("AWS::Logs::LogGroup", None),
    "OrdersMigrationLogLogGroupBE029CF6": ("AWS::Logs::LogGroup", "/aws/events/dms/prod-orders"),
}

TAGS = WaveTags(application="orders", environment="prod", owner="team@example.com", cost_center="CC-1", data_classification="internal")


def _postgres(host: str, cidr: str) -> DatabaseEndpoint:
    return DatabaseEndpoint.postgresql(
        host=host, database_name="app", peer=ec2.Peer.ipv4(cidr),
        credentials=EndpointCredentials.generate(username="dms_user", no_rotation_reason="test database outside AWS"),
    )


def build(
    *,
    wave_id: str = "Orders",
    wave_props: Optional[dict[str, Any]] = None,
    source_name: str = "pg-source",
    target_name: str = "pg-target",
    task_name: str = "customers",
    task_props: Optional[dict[str, Any]] = None,
    before_wave: Optional[Callable] = None,
    after_task: Optional[Callable] = None,
    target_first: bool = False,
    source_host: str = "src.example.com",
    template_out: Optional[list] = None,
) -> dict[str, tuple[str, Any]]:
    """The stateful resources of a stack holding the small wave, after the given variation."""
    stack = env_stack(App())
    roles = DmsServiceRoles.from_account(stack, "Roles")
    network = routed_network(stack)
    if before_wave:
        before_wave(stack, network, roles)
    props = dict(name="orders", identifier_prefix="prod", network=network, service_roles=roles, tags=TAGS)
    wave = MigrationWave(stack, wave_id, **{**props, **(wave_props or {})})
    if target_first:
        target = wave.add_target(target_name, _postgres("tgt.example.com", "10.2.0.0/16"))
        source = wave.add_source(source_name, _postgres(source_host, "10.1.0.0/16"))
    else:
        source = wave.add_source(source_name, _postgres(source_host, "10.1.0.0/16"))
        target = wave.add_target(target_name, _postgres("tgt.example.com", "10.2.0.0/16"))
    task = dict(source=source, target=target, table_mappings=TableMappings().include("sales", "customers"))
    wave.add_task(task_name, **{**task, **(task_props or {})})
    if after_task:
        after_task(wave, source, target)
    template = Template.from_stack(stack).to_json()
    if template_out is not None:
        template_out.append(template)
    return stateful(template)


def stateful(template: dict) -> dict[str, tuple[str, Any]]:
    result = {}
    for logical_id, resource in template["Resources"].items():
        if resource["Type"] in NAMES:
            prop = NAMES[resource["Type"]]
            result[logical_id] = (resource["Type"], resource.get("Properties", {}).get(prop) if prop else None)
    return result


def kept(after: dict) -> dict:
    """The EXPECTED resources as they are in `after` (absent ones missing)."""
    return {k: after[k] for k in EXPECTED if k in after}


@pytest.fixture(scope="module")
def base_template() -> dict:
    """The small wave's template, built once for the tests that only read it."""
    templates: list[dict] = []
    build(template_out=templates)
    return templates[0]


@pytest.fixture(scope="module")
def base(base_template) -> dict:
    return stateful(base_template)


def test_the_small_wave_has_exactly_the_expected_stateful_ids(base):
    assert base == EXPECTED


def _another_wave(stack, network, roles) -> None:
    MigrationWave(stack, "Billing", name="billing", identifier_prefix="prod", network=network, service_roles=roles, tags=TAGS)


def _another_task_and_endpoint(wave, source, target) -> None:
    other = wave.add_source("pg-other", _postgres("other.example.com", "10.3.0.0/16"))
    wave.add_task("addresses", source=other, target=target, table_mappings=TableMappings().include("sales", "addresses"))
    wave.add_task("orders", source=source, target=target, table_mappings=TableMappings().include("sales", "orders"), migration_type=MigrationType.CDC)


INNOCENT = {
    "tags": dict(wave_props=dict(tags=WaveTags(application="shop", environment="prod", owner="other@example.com", cost_center="CC-9", data_classification="restricted"))),
    "alarm thresholds": dict(wave_props=dict(alarms=AlarmThresholds(cpu_utilization_percent=50, cdc_latency=Duration.minutes(1), evaluation_periods=1))),
    "notifications": dict(wave_props=dict(notifications=Notifications(email_addresses=("oncall@example.com",)))),
    "instance size": dict(wave_props=dict(capacity=ReplicationInstanceCapacity(instance_class="dms.r6i.xlarge", allocated_storage_gib=500))),
    "retention and removal policy": dict(wave_props=dict(log_retention=logs.RetentionDays.TWO_YEARS, removal_policy=RemovalPolicy.DESTROY)),
    "table mappings": dict(task_props=dict(table_mappings=TableMappings().include("sales", "%").exclude("sales", "tmp_%"))),
    "task settings": dict(task_props=dict(settings=TaskSettings(commit_rate=20000, batch_apply=True))),
    "start after create": dict(task_props=dict(start_after_create=True)),
    "pause during updates": dict(wave_props=dict(pause_tasks_during_updates=True)),
    "a wave added before it": dict(before_wave=_another_wave),
    "endpoints added in another order": dict(target_first=True),
}


@pytest.mark.parametrize("change", list(INNOCENT))
def test_innocent_changes_keep_every_stateful_logical_id_and_identifier(change):
    assert kept(build(**INNOCENT[change])) == EXPECTED


def test_adding_a_task_and_an_endpoint_keeps_every_stateful_id_and_adds_theirs():
    templates: list[dict] = []
    after = build(after_task=_another_task_and_endpoint, template_out=templates)
    assert kept(after) == EXPECTED
    added = {v for k, v in after.items() if k not in EXPECTED}
    assert {("AWS::DMS::ReplicationTask", "prod-orders-addresses-dms"), ("AWS::DMS::ReplicationTask", "prod-orders-orders-dms"),
            ("AWS::DMS::Endpoint", "prod-orders-pg-other-dms")} <= added


# --- renames move ids: an explicit operation ----------------------------------------------------------


def _identifiers(ids: dict) -> dict[str, Any]:
    return {k: v[1] for k, v in ids.items() if v[1] is not None}


def test_renaming_the_wave_keeps_logical_ids_and_renames_every_dms_identifier(base):
    after = build(wave_props=dict(name="sales"))
    assert set(kept(after)) == set(EXPECTED)  # same logical ids: CloudFormation updates or replaces in place
    assert _identifiers(kept(after)) == {
        "OrdersSubnetGroupE7C94A3D": "prod-sales-subnets-dms",  # create-only: the subnet group, instance and task are replaced
        "OrdersReplicationInstance78E40215": "prod-sales-instance-dms",
        "OrdersMonitoringInstanceTaskLogs3179D067": "dms-tasks-prod-sales-instance-dms",
        "OrdersEndpointspgsourceE131B015": "prod-sales-pg-source-dms",
        "OrdersEndpointspgtarget3938A33C": "prod-sales-pg-target-dms",
        "OrdersTaskscustomers2946D19E": "prod-sales-customers-dms",
        "OrdersMigrationLogLogGroupBE029CF6": "/aws/events/dms/prod-sales",
    }


def test_changing_the_identifier_prefix_renames_every_dms_identifier():
    after = build(wave_props=dict(identifier_prefix="production"))
    assert set(kept(after)) == set(EXPECTED)
    assert _identifiers(kept(after))["OrdersSubnetGroupE7C94A3D"] == "production-orders-subnets-dms"
    assert _identifiers(kept(after))["OrdersTaskscustomers2946D19E"] == "production-orders-customers-dms"


def test_changing_the_wave_construct_id_moves_logical_ids_but_not_identifiers():
    after = build(wave_id="Sales")
    assert kept(after) == {"NetworkKeyCB21031E": EXPECTED["NetworkKeyCB21031E"], "NetworkFlowLogGroup4F8CEEEF": EXPECTED["NetworkFlowLogGroup4F8CEEEF"]}
    # Same identifiers under new logical ids: CloudFormation would create them before deleting the old
    # ones, and the fixed identifiers collide (the guard reports "renamed: delete + create").
    assert sorted(v[1] for v in after.values() if v[1]) == sorted(v[1] for v in EXPECTED.values() if v[1])


def test_renaming_an_endpoint_moves_it_and_its_secret_but_not_the_task_or_the_other_endpoint():
    after = build(source_name="pg-src")
    gone = set(EXPECTED) - set(after)
    assert gone == {"OrdersEndpointspgsourceSecret37DEA1D0", "OrdersEndpointspgsourceE131B015"}
    assert ("AWS::DMS::Endpoint", "prod-orders-pg-src-dms") in after.values()
    assert kept(after)["OrdersTaskscustomers2946D19E"] == ("AWS::DMS::ReplicationTask", "prod-orders-customers-dms")


def test_renaming_a_task_moves_only_the_task():
    after = build(task_name="clients")
    assert set(EXPECTED) - set(after) == {"OrdersTaskscustomers2946D19E"}
    assert ("AWS::DMS::ReplicationTask", "prod-orders-clients-dms") in after.values()


def test_changing_the_migration_type_keeps_ids_the_guard_reports_the_replacement():
    assert kept(build(task_props=dict(migration_type=MigrationType.FULL_LOAD))) == EXPECTED


# --- the reference app --------------------------------------------------------------------------------


def _reference_prod(monkeypatch, waves: Optional[list] = None) -> dict:
    import stacks.migration_stack as migration_stack
    from stacks.config import ENVIRONMENTS
    from stacks.reference_app import create_app
    from stacks.stage import MigrationEnvironment

    if waves is not None:
        monkeypatch.setattr(migration_stack, "WAVES", waves)
    # Without CDK's built-in CloudFormation validation: it only checks templates (the session's synth of the
    # reference app ran it on prod) and changes no logical id; here it would validate prod's templates again.
    app = create_app(builtin_cloud_formation_validation=False)
    stage = MigrationEnvironment(app, ENVIRONMENTS["prod"])
    return stateful(Template.from_stack(stage.migration).to_json())


def test_reordering_and_adding_reference_waves_moves_no_stateful_id(monkeypatch, reference_templates):
    from stacks.waves import WAVES, wave_props

    # The reference app's prod migration stack as the session synthesized it: the build `_reference_prod(monkeypatch)`
    # makes (same environment config, same feature flags), without a second synth of prod.
    original = stateful(reference_templates["prod"]["Migration"])
    assert len([v for v in original.values() if v[0] == "AWS::DMS::ReplicationTask"]) >= 5

    def extra(scope, config, network, roles):
        return MigrationWave(scope, "Returns", name="returns", **wave_props(config, network, roles, "returns", "internal"))

    changed = _reference_prod(monkeypatch, [extra, *reversed(WAVES)])
    assert {k: changed.get(k) for k in original} == original
    assert len(changed) > len(original)


def test_moving_a_generated_endpoint_s_host_keeps_every_id_and_its_generated_password(base_template):
    """Not an identity change, but state: CloudFormation generates a new password whenever
    GenerateSecretString changes, so the host must not be part of it (it reaches the secret through
    Custom::DmsSecretFields); the guard would report a change ("regenerate")."""
    before, after = [base_template], []
    assert stateful(base_template) == EXPECTED
    assert build(source_host="src2.example.com", template_out=after) == EXPECTED
    secret = "OrdersEndpointspgsourceSecret37DEA1D0"
    generate = [t["Resources"][secret]["Properties"]["GenerateSecretString"] for t in (before[0], after[0])]
    assert generate[0] == generate[1] and "host" not in generate[0]["SecretStringTemplate"]
    fields = [next(r["Properties"]["Fields"] for r in t["Resources"].values() if r["Type"] == "Custom::DmsSecretFields" and r["Properties"]["SecretId"] == {"Ref": secret}) for t in (before[0], after[0])]
    assert "src.example.com" in str(fields[0]) and "src2.example.com" in str(fields[1])
