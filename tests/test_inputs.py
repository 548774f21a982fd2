"""Exact messages for the remaining input validations: tasks, CDC start, endpoint names, environment
configs and acknowledgments."""

from __future__ import annotations

import datetime as dt

import pytest
from aws_cdk import aws_ec2 as ec2

from dms_constructs import (
    CdcStart,
    DatabaseEndpoint,
    DmsConfigError,
    EndpointCredentials,
    MigrationType,
    MigrationWave,
    ServerlessCapacity,
)
from dms_constructs.acknowledgments import acknowledge
from dms_constructs.table_mappings import TableMappings
from stacks.config import environment_config

from .conftest import AZS, env_stack, routed_network

MAPPINGS = TableMappings().include("sales", "%")


def _postgres(name: str, cidr: str) -> DatabaseEndpoint:
    return DatabaseEndpoint.postgresql(
        host=f"{name}.example.com", database_name="app", peer=ec2.Peer.ipv4(cidr),
        credentials=EndpointCredentials.generate(username="dms_user", no_rotation_reason="test database outside AWS"),
    )


def _routed_wave(id: str, **kwargs) -> MigrationWave:
    stack = env_stack()
    return MigrationWave(stack, id, network=routed_network(stack), **kwargs)


@pytest.fixture()
def wave_with_endpoints():
    wave = _routed_wave("Orders")
    source = wave.add_source("src", _postgres("src", "10.1.0.0/16"))
    target = wave.add_target("tgt", _postgres("tgt", "10.2.0.0/16"))
    return wave, source, target


def _message(call) -> str:
    with pytest.raises(DmsConfigError) as err:
        call()
    return str(err.value)


def test_duplicate_endpoint_name(wave_with_endpoints):
    wave, _, _ = wave_with_endpoints
    assert _message(lambda: wave.add_target("src", _postgres("x", "10.9.0.0/16"))) == (
        "MigrationWave(Orders).add_target: names an endpoint this wave already has (got 'src'); give every endpoint of a wave its own name"
    )


def test_duplicate_task_name(wave_with_endpoints):
    wave, source, target = wave_with_endpoints
    wave.add_task("sales", source=source, target=target, table_mappings=MAPPINGS)
    assert _message(lambda: wave.add_task("sales", source=source, target=target, table_mappings=MAPPINGS)) == (
        "MigrationWave(Orders).add_task: names a task this wave already has (got 'sales'); give every task of a wave its own name"
    )


def test_task_endpoints_must_belong_to_the_wave_and_face_the_right_way(wave_with_endpoints):
    wave, source, target = wave_with_endpoints
    other = _routed_wave("Other")
    foreign = other.add_source("src", _postgres("src", "10.1.0.0/16"))
    assert _message(lambda: wave.add_task("t", source=foreign, target=target, table_mappings=MAPPINGS)) == (
        "MigrationWave(Orders).add_task(t).source: is not an endpoint of this wave (got 'src'); add it with wave.add_source(...) first, "
        "or import an existing one with ExistingEndpoint.from_endpoint_arn(...)"
    )
    assert _message(lambda: wave.add_task("t", source=target, target=source, table_mappings=MAPPINGS)) == (
        "MigrationWave(Orders).add_task(t).source: is a target endpoint (got 'tgt'); pass an endpoint added with wave.add_source(...)"
    )


def test_cdc_start_only_on_cdc_tasks(wave_with_endpoints):
    wave, source, target = wave_with_endpoints
    start = CdcStart.at_position("0/16B3748")
    message = _message(lambda: wave.add_task("t", source=source, target=target, table_mappings=MAPPINGS, cdc_start=start))
    assert message == (
        f"MigrationWave(Orders).add_task(t).cdc_start: applies only to 'cdc' tasks (this one is 'full-load-and-cdc') (got {start!r}); "
        "use migration_type=MigrationType.CDC, or drop cdc_start"
    )


def test_cdc_start_time_becomes_epoch_seconds(wave_with_endpoints):
    wave, source, target = wave_with_endpoints
    when = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
    task = wave.add_task("t", source=source, target=target, table_mappings=MAPPINGS, migration_type=MigrationType.CDC, cdc_start=CdcStart.at_time(when))
    assert task.resource.cdc_start_time == 1793491200  # 2026-11-01T00:00:00Z in epoch seconds


def test_cdc_start_validation_messages():
    assert _message(lambda: CdcStart.at_position("  ")) == (
        "CdcStart.position: is empty (got '  '); give the LSN/SCN/binlog position or checkpoint to start from"
    )
    naive = dt.datetime(2026, 11, 1)
    assert _message(lambda: CdcStart.at_time(naive)) == (
        "CdcStart.time: has no timezone (got '2026-11-01T00:00:00'); pass an aware datetime, e.g. datetime(..., tzinfo=timezone.utc)"
    )


def test_serverless_replication_cannot_take_a_cdc_start():
    wave = _routed_wave("Lake", capacity=ServerlessCapacity())
    source = wave.add_source("src", _postgres("src", "10.1.0.0/16"))
    target = wave.add_target("tgt", _postgres("tgt", "10.2.0.0/16"))
    start = CdcStart.at_position("0/16B3748")
    assert _message(lambda: wave.add_task("t", source=source, target=target, table_mappings=MAPPINGS, migration_type=MigrationType.CDC, cdc_start=start)) == (
        f"MigrationWave(Lake).add_task(t).cdc_start: cannot be set in a serverless replication config (got {start!r}); "
        "give the start position when starting the replication, or use a replication instance"
    )


def test_serverless_task_renders_json_objects():
    wave = _routed_wave("Lake", capacity=ServerlessCapacity(max_capacity_units=8, min_capacity_units=2))
    source = wave.add_source("src", _postgres("src", "10.1.0.0/16"))
    target = wave.add_target("tgt", _postgres("tgt", "10.2.0.0/16"))
    task = wave.add_task("t", source=source, target=target, table_mappings=MAPPINGS)
    assert isinstance(task.resource.table_mappings, dict) and isinstance(task.resource.replication_settings, dict)
    assert task.resource.replication_config_identifier == "lake-t-dms" == task.resource.resource_identifier


def test_table_mappings_must_be_a_mapping_document(wave_with_endpoints):
    wave, source, target = wave_with_endpoints
    assert _message(lambda: wave.add_task("t", source=source, target=target, table_mappings=42)) == (
        "table_mappings: is not a table mapping (got 'int'); pass a TableMappings, a dict or a JSON string"
    )


def test_acknowledgments_need_a_real_reason():
    stack = env_stack()
    assert _message(lambda: acknowledge(stack, "AwsSolutions-KMS5", "ok")) == (
        "acknowledgment AwsSolutions-KMS5: reason is too short (got 'ok'); say why the finding is acceptable"
    )


def test_environment_overrides_come_from_context():
    context = {"prod.account": "444444444444", "prod.availability_zones": "eu-west-1a, eu-west-1b", "prod.allocated_storage_gib": "300"}
    config = environment_config("prod", context.get)
    assert (config.account, config.availability_zones, config.allocated_storage_gib) == ("444444444444", ("eu-west-1a", "eu-west-1b"), 300)


def test_service_roles_mode_defaults_to_create_and_is_overridable_from_context():
    from stacks.config import ENVIRONMENTS, ServiceRolesMode

    assert {name: c.service_roles for name, c in ENVIRONMENTS.items()} == {
        "dev": ServiceRolesMode.CREATE, "staging": ServiceRolesMode.CREATE, "prod": ServiceRolesMode.CREATE,
    }
    assert environment_config("prod", {"prod.service_roles": "import"}.get).service_roles is ServiceRolesMode.IMPORT
    assert environment_config("prod", {"prod.service_roles": " IMPORT "}.get).service_roles is ServiceRolesMode.IMPORT
    assert environment_config("prod", {}.get).service_roles is ServiceRolesMode.CREATE


@pytest.mark.parametrize(
    "name, context, message",
    [
        ("qa", {}, "env: unknown environment (got 'qa'); use one of: dev, staging, prod"),
        ("dev", {"dev.account": "12345"}, "dev.account: is not a 12-digit AWS account id (got '12345'); set it in stacks/config.py or with -c dev.account=123456789012"),
        ("dev", {"dev.region": "europe"}, "dev.region: is not an AWS region (got 'europe'); use e.g. eu-west-1, or -c dev.region=eu-west-1"),
        ("staging", {"staging.service_roles": "adopt"},
         "staging.service_roles: is not a service roles mode (got 'adopt'); use create (the account baseline creates "
         "dms-vpc-role and dms-cloudwatch-logs-role) or import (they exist already), e.g. -c staging.service_roles=import"),
    ],
)
def test_environment_config_messages(name, context, message):
    assert _message(lambda: environment_config(name, context.get)) == message


# --- the phase of an environment's waves (stacks/config.py) -------------------------------------------------


def test_every_environment_declares_its_phase_and_migrates_today():
    from dms_constructs import MigrationPhase
    from stacks.config import ENVIRONMENTS

    assert {name: c.phase for name, c in ENVIRONMENTS.items()} == {
        "dev": MigrationPhase.MIGRATING, "staging": MigrationPhase.MIGRATING, "prod": MigrationPhase.MIGRATING,
    }


def test_a_phase_written_as_text_is_accepted():
    import dataclasses

    from dms_constructs import MigrationPhase
    from stacks.config import ENVIRONMENTS

    assert dataclasses.replace(ENVIRONMENTS["prod"], phase=" cut_over ").phase is MigrationPhase.CUT_OVER
    assert dataclasses.replace(ENVIRONMENTS["prod"], phase="RETIRED").phase is MigrationPhase.RETIRED


def test_an_unknown_phase_fails_naming_the_environment_s_field_and_the_fix():
    import dataclasses

    from stacks.config import ENVIRONMENTS

    assert _message(lambda: dataclasses.replace(ENVIRONMENTS["staging"], phase="cutover")) == (
        "staging.phase: is not a migration phase (got 'cutover'); use MigrationPhase.MIGRATING, MigrationPhase.CUT_OVER "
        "or MigrationPhase.RETIRED in stacks/config.py"
    )


def test_the_environment_s_phase_reaches_its_waves():
    import dataclasses

    from dms_constructs import DmsServiceRoles, MigrationPhase, MigrationWave
    from stacks.config import ENVIRONMENTS
    from stacks.waves import wave_props

    config = dataclasses.replace(ENVIRONMENTS["staging"], phase="CUT_OVER")
    stack = env_stack()
    props = wave_props(config, routed_network(stack), DmsServiceRoles.from_account(stack, "Roles"), "orders", "confidential")
    assert props["phase"] is MigrationPhase.CUT_OVER
    assert MigrationWave(stack, "Orders", name="orders", **props).phase is MigrationPhase.CUT_OVER
