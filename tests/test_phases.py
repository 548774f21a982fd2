"""Phases declared in code: the same wave synthesized MIGRATING, CUT_OVER and RETIRED (instance and
serverless), through the five compliance packs, and what each phase adds, silences or removes."""

from __future__ import annotations

import pytest
from aws_cdk import App, Validations
from aws_cdk import aws_ec2 as ec2
from cdk_nag import AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks

from dms_constructs import DatabaseEndpoint, DmsConfigError, DmsServiceRoles, EndpointCredentials, MigrationWave, SecretRotation, ServerlessCapacity
from dms_constructs.checks import DmsChecks
from dms_constructs.phases import MigrationPhase
from dms_constructs.table_mappings import TableMappings
from dms_constructs.tasks import CdcStart, MigrationType

from .conftest import AZS, env_stack
from .helpers import resources

_NOT_ROTATED = "test database outside AWS"


def _endpoint(host: str, cidr: str, *, rotate: bool = False) -> DatabaseEndpoint:
    credentials = (
        EndpointCredentials.generate(username="dms_user", rotation=SecretRotation.hosted())
        if rotate
        else EndpointCredentials.generate(username="dms_user", no_rotation_reason=_NOT_ROTATED)
    )
    return DatabaseEndpoint.postgresql(host=host, database_name="app", peer=ec2.Peer.ipv4(cidr), credentials=credentials)


def _build(phase: MigrationPhase, *, serverless: bool = False, checks: bool = True) -> dict:
    """Wave `w` on its own new VPC (10.20.0.0/16, which routes only itself): a source whose secret rotates, a
    target whose secret does not, tasks `a` (started once after create) and `b`."""
    app = App(context={"aws:cdk:enable-path-metadata": True})
    stack = env_stack(app)
    roles = DmsServiceRoles(stack, "Roles")
    wave = MigrationWave(
        stack, "W", name="w", service_roles=roles, availability_zones=AZS, phase=phase,
        capacity=ServerlessCapacity() if serverless else None,
    )
    source = wave.add_source("src", _endpoint("10.20.1.10", "10.20.1.0/24", rotate=True))
    target = wave.add_target("tgt", _endpoint("10.20.2.10", "10.20.2.0/24"))
    wave.add_task("a", source=source, target=target, table_mappings=TableMappings().include("a", "%"), start_after_create=True)
    wave.add_task("b", source=source, target=target, table_mappings=TableMappings().include("b", "%"))
    if checks:
        Validations.of(app).add_plugins(AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app), PCIDSS321Checks(app), DmsChecks(app))
    return app.synth().get_stack_by_name(stack.stack_name).template  # the compliance gate passes


@pytest.fixture(scope="module")
def migrating() -> dict:
    return _build(MigrationPhase.MIGRATING)


@pytest.fixture(scope="module")
def cut_over() -> dict:
    return _build(MigrationPhase.CUT_OVER)


@pytest.fixture(scope="module")
def retired() -> dict:
    return _build(MigrationPhase.RETIRED)


def _paths(template: dict, type_: str) -> dict[str, str]:
    """construct path -> logical id, for one resource type."""
    return {r["Metadata"]["aws:cdk:path"]: lid for lid, r in resources(template, type_).items()}


def _types(template: dict) -> set[str]:
    return {r["Type"] for r in template["Resources"].values()}


# --- MIGRATING (the default) -----------------------------------------------------------------------------


def test_migrating_is_the_default_and_adds_no_cutover_resource(migrating):
    assert not resources(migrating, "Custom::DmsStopForCutover")
    assert not resources(migrating, "Custom::DmsRotateOnCutover")
    alarms = resources(migrating, "AWS::CloudWatch::Alarm")
    assert alarms and all("ActionsEnabled" not in a["Properties"] for a in alarms.values())


def test_phase_default_is_migrating():
    stack = env_stack()
    wave = MigrationWave(stack, "W", service_roles=DmsServiceRoles(stack, "Roles"), availability_zones=AZS)
    assert wave.phase is MigrationPhase.MIGRATING


def test_an_unknown_phase_fails_naming_the_phases():
    stack = env_stack()
    with pytest.raises(DmsConfigError) as error:
        MigrationWave(stack, "W", service_roles=DmsServiceRoles(stack, "Roles"), availability_zones=AZS, phase="DONE")
    message = str(error.value)
    assert "MigrationWave.phase" in message and "'DONE'" in message and "is not a migration phase" in message
    assert "use MigrationPhase.MIGRATING, MigrationPhase.CUT_OVER or MigrationPhase.RETIRED" in message


# --- CUT_OVER --------------------------------------------------------------------------------------------


def test_cut_over_stops_every_task_by_arn_and_name(cut_over):
    stops = {r["Properties"]["Name"]: r for r in resources(cut_over, "Custom::DmsStopForCutover").values()}
    assert sorted(stops) == ["w-a-dms", "w-b-dms"]
    tasks = {r["Properties"]["ReplicationTaskIdentifier"]: lid for lid, r in resources(cut_over, "AWS::DMS::ReplicationTask").items()}
    for name, stop in stops.items():
        assert stop["Properties"]["Kind"] == "task"
        assert stop["Properties"]["Arn"] == {"Ref": tasks[name]}
        assert stop["Properties"]["ServiceTimeout"] == "3600"


def test_cut_over_stop_waits_for_the_start_once_of_the_same_task(cut_over):
    (start_once,) = [lid for lid in resources(cut_over, "Custom::DmsStartOnce")]
    stops = {r["Properties"]["Name"]: r for r in resources(cut_over, "Custom::DmsStopForCutover").values()}
    assert start_once in stops["w-a-dms"]["DependsOn"]
    assert start_once not in stops["w-b-dms"].get("DependsOn", [])


def test_cut_over_silences_task_alarms_only(cut_over):
    alarms = {r["Properties"]["AlarmName"]: r["Properties"] for r in resources(cut_over, "AWS::CloudWatch::Alarm").values()}
    silenced = sorted(name for name, p in alarms.items() if p.get("ActionsEnabled") is False)
    assert silenced == [
        "dms-w-a-cdc-latency-source", "dms-w-a-cdc-latency-target",
        "dms-w-b-cdc-latency-source", "dms-w-b-cdc-latency-target",
    ]
    # The instance still runs: its alarms still notify.
    assert "ActionsEnabled" not in alarms["dms-w-cpu-utilization"]
    assert alarms["dms-w-cpu-utilization"]["AlarmActions"]


def test_cut_over_rotates_only_the_rotating_generated_secret_after_every_stop(cut_over):
    (rotation,) = resources(cut_over, "Custom::DmsRotateOnCutover").values()
    secrets = _paths(cut_over, "AWS::SecretsManager::Secret")
    assert rotation["Properties"]["SecretArn"] == {"Ref": secrets["Test/W/Endpoints/src/Secret/Resource"]}
    assert rotation["Properties"]["Name"] == "w-src-dms"
    stops = sorted(resources(cut_over, "Custom::DmsStopForCutover"))
    assert sorted(set(rotation["DependsOn"]) & set(stops)) == stops


def test_cut_over_handler_may_stop_only_the_waves_tasks_and_rotate_only_its_secret(cut_over):
    statements = [
        s for lid, p in resources(cut_over, "AWS::IAM::ManagedPolicy").items() if lid.startswith("WCutoverHandlerPolicy")
        for s in p["Properties"]["PolicyDocument"]["Statement"]
    ]
    by_action = {}
    for s in statements:
        for action in [s["Action"]] if isinstance(s["Action"], str) else s["Action"]:
            by_action.setdefault(action, []).append(s["Resource"])
    task_refs = sorted(lid for lid in resources(cut_over, "AWS::DMS::ReplicationTask"))
    assert sorted(r["Ref"] for r in by_action["dms:StopReplicationTask"]) == task_refs
    secret = _paths(cut_over, "AWS::SecretsManager::Secret")["Test/W/Endpoints/src/Secret/Resource"]
    assert by_action["secretsmanager:RotateSecret"] == [{"Ref": secret}]
    assert by_action["dms:DescribeReplicationTasks"] == ["*"]
    assert "dms:StartReplicationTask" not in by_action


def test_cut_over_keeps_instance_endpoints_and_network_for_a_rollback(cut_over, migrating):
    for type_ in ("AWS::DMS::ReplicationInstance", "AWS::DMS::Endpoint", "AWS::DMS::ReplicationTask", "AWS::EC2::VPC", "AWS::DMS::ReplicationSubnetGroup"):
        assert sorted(resources(cut_over, type_)) == sorted(resources(migrating, type_))


def test_serverless_cut_over_stops_replications_with_stop_replication():
    template = _build(MigrationPhase.CUT_OVER, serverless=True, checks=False)
    stops = sorted((r["Properties"]["Name"], r["Properties"]["Kind"]) for r in resources(template, "Custom::DmsStopForCutover").values())
    assert stops == [("w-a-dms", "serverless"), ("w-b-dms", "serverless")]
    actions = {
        a for lid, p in resources(template, "AWS::IAM::ManagedPolicy").items() if lid.startswith("WCutoverHandlerPolicy")
        for s in p["Properties"]["PolicyDocument"]["Statement"] for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
    }
    assert "dms:StopReplication" in actions and "dms:StopReplicationTask" not in actions
    alarms = [r["Properties"] for r in resources(template, "AWS::CloudWatch::Alarm").values()]
    assert alarms and all(a.get("ActionsEnabled") is False for a in alarms)  # serverless waves have task alarms only


# --- RETIRED ---------------------------------------------------------------------------------------------


RETAINED_PATHS = {
    "AWS::KMS::Key": ["Test/W/Key/Resource/Resource", "Test/W/Network/Key/Resource/Resource"],
    "AWS::Logs::LogGroup": [
        "Test/W/MigrationLog/LogGroup/Resource",
        "Test/W/Monitoring/Instance/TaskLogs/Resource",
        "Test/W/Network/FlowLogGroup/Resource",
    ],
    "AWS::SecretsManager::Secret": ["Test/W/Endpoints/src/Secret/Resource", "Test/W/Endpoints/tgt/Secret/Resource"],
}


@pytest.mark.parametrize("type_", sorted(RETAINED_PATHS))
def test_retired_keeps_keys_logs_and_secrets_under_the_same_logical_ids(migrating, retired, type_):
    kept = _paths(retired, type_)
    assert sorted(kept) == RETAINED_PATHS[type_]
    before = _paths(migrating, type_)
    for path, lid in kept.items():
        assert before[path] == lid, path
        assert retired["Resources"][lid]["DeletionPolicy"] == migrating["Resources"][lid]["DeletionPolicy"]


def test_retired_secrets_keep_their_generated_password_template(migrating, retired):
    for lid in _paths(retired, "AWS::SecretsManager::Secret").values():
        assert retired["Resources"][lid]["Properties"]["GenerateSecretString"] == migrating["Resources"][lid]["Properties"]["GenerateSecretString"]
        assert retired["Resources"][lid]["Properties"]["Description"] == migrating["Resources"][lid]["Properties"]["Description"]
    assert not resources(retired, "AWS::SecretsManager::RotationSchedule")


def test_retired_log_groups_keep_name_retention_and_key(migrating, retired):
    for lid in _paths(retired, "AWS::Logs::LogGroup").values():
        assert retired["Resources"][lid]["Properties"] == migrating["Resources"][lid]["Properties"]


def test_retired_deletes_everything_dms_and_the_waves_network(retired):
    types = _types(retired)
    gone = {
        "AWS::DMS::ReplicationTask", "AWS::DMS::Endpoint", "AWS::DMS::ReplicationInstance", "AWS::DMS::ReplicationSubnetGroup",
        "AWS::DMS::ReplicationConfig", "AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::SecurityGroup", "AWS::EC2::VPCEndpoint",
        "AWS::EC2::FlowLog", "AWS::Lambda::Function", "AWS::CloudWatch::Alarm", "AWS::Events::Rule", "AWS::SNS::Topic",
        "AWS::CloudWatch::Dashboard", "Custom::DmsStartOnce", "AWS::Logs::ResourcePolicy",
    }
    assert types & gone == set()


def test_retired_add_task_still_validates():
    stack = env_stack()
    wave = MigrationWave(stack, "W", name="w", service_roles=DmsServiceRoles(stack, "Roles"), availability_zones=AZS, phase=MigrationPhase.RETIRED)
    source = wave.add_source("src", _endpoint("10.20.1.10", "10.20.1.0/24"))
    target = wave.add_target("tgt", _endpoint("10.20.2.10", "10.20.2.0/24"))
    wave.add_task("a", source=source, target=target, table_mappings=TableMappings().include("a", "%"))
    with pytest.raises(DmsConfigError, match=r"^MigrationWave\(w\)\.add_task: names a task this wave already has \(got 'a'\); give every task of a wave its own name$"):
        wave.add_task("a", source=source, target=target, table_mappings=TableMappings().include("a", "%"))
    with pytest.raises(DmsConfigError, match=r"cdc_start.*applies only to 'cdc' tasks \(this one is 'full-load'\)"):
        wave.add_task("c", source=source, target=target, migration_type=MigrationType.FULL_LOAD,
                      cdc_start=CdcStart.at_position("0/3A0B2C8"), table_mappings=TableMappings().include("c", "%"))
    with pytest.raises(DmsConfigError, match=r"is a target endpoint"):
        wave.add_task("d", source=target, target=target, table_mappings=TableMappings().include("d", "%"))
    with pytest.raises(DmsConfigError, match=r"names an endpoint this wave already has"):
        wave.add_source("src", _endpoint("10.20.1.10", "10.20.1.0/24"))
    assert sorted(wave.retired_tasks) == ["a"] and wave.retired_tasks["a"].identifier == "w-a-dms"


def test_a_retired_wave_says_it_has_no_security_group():
    stack = env_stack()
    wave = MigrationWave(stack, "W", name="w", service_roles=DmsServiceRoles(stack, "Roles"), availability_zones=AZS, phase=MigrationPhase.RETIRED)
    with pytest.raises(DmsConfigError) as error:
        wave.security_group
    assert str(error.value) == (
        "MigrationWave(w).security_group: the wave is RETIRED, so it has no security group (its network, security group, "
        "subnet group, instance, endpoints, tasks and alarms are deleted). Fix: read it only while the wave is MIGRATING or CUT_OVER."
    )


def test_a_retired_wave_s_endpoint_and_task_say_they_have_no_dms_resource():
    # The app's code is the same in every phase: what it reads of an endpoint or task that no longer exists says why.
    stack = env_stack()
    wave = MigrationWave(stack, "W", name="w", service_roles=DmsServiceRoles(stack, "Roles"), availability_zones=AZS, phase=MigrationPhase.RETIRED)
    source = wave.add_source("src", _endpoint("10.20.1.10", "10.20.1.0/24"))
    target = wave.add_target("tgt", _endpoint("10.20.2.10", "10.20.2.0/24"))
    task = wave.add_task("a", source=source, target=target, table_mappings=TableMappings().include("a", "%"))
    with pytest.raises(DmsConfigError) as error:
        source.endpoint_arn
    assert str(error.value) == (
        "RetiredEndpoint(src).endpoint_arn: the wave is RETIRED, so the endpoint no longer exists in DMS and has no "
        "endpoint arn. Fix: read it only while the wave is MIGRATING or CUT_OVER."
    )
    with pytest.raises(DmsConfigError, match=r"^RetiredEndpoint\(tgt\)\.resource: the wave is RETIRED"):
        target.resource
    with pytest.raises(DmsConfigError) as error:
        task.task_arn
    assert str(error.value) == (
        "RetiredTask(a).task_arn: the wave is RETIRED, so the task no longer exists in DMS and has no task arn. "
        "Fix: read it only while the wave is MIGRATING or CUT_OVER."
    )
    with pytest.raises(DmsConfigError, match=r"^RetiredTask\(a\)\.resource_id: "):
        task.resource_id
    # What the records do hold reads as before; anything else is a plain AttributeError.
    assert (source.identifier, target.direction, task.identifier) == ("w-src-dms", "target", "w-a-dms")
    with pytest.raises(AttributeError):
        task.no_such_attribute


def test_retired_serverless_wave_keeps_each_replications_log_group():
    migrating = _build(MigrationPhase.MIGRATING, serverless=True, checks=False)
    retired = _build(MigrationPhase.RETIRED, serverless=True, checks=False)
    groups = {r["Properties"]["LogGroupName"]: lid for lid, r in resources(retired, "AWS::Logs::LogGroup").items() if "LogGroupName" in r["Properties"]}
    assert sorted(groups) == ["/aws/events/dms/w", "dms-serverless-replication-w-a-dms", "dms-serverless-replication-w-b-dms"]
    for name, lid in groups.items():
        assert migrating["Resources"][lid]["Properties"]["LogGroupName"] == name


def test_a_shared_network_is_left_to_its_owner_when_a_wave_retires():
    from .conftest import routed_network

    app = App(context={"aws:cdk:enable-path-metadata": True})
    stack = env_stack(app)
    network = routed_network(stack)
    roles = DmsServiceRoles(stack, "Roles")
    MigrationWave(stack, "W", name="w", service_roles=roles, network=network, phase=MigrationPhase.RETIRED)
    template = app.synth().get_stack_by_name(stack.stack_name).template
    assert len(resources(template, "AWS::EC2::VPC")) == 1  # the shared network stays
    assert [p for p in _paths(template, "AWS::EC2::SecurityGroup") if p.startswith("Test/W/")] == []


def test_endpoints_wait_for_the_instance_so_that_deletion_follows_the_guides_cleanup_order(migrating):
    # CloudFormation deletes dependents first: tasks (they refer to endpoints and instance), then endpoints, then
    # the instance (it refers to the subnet group), then the subnet group.
    (instance,) = resources(migrating, "AWS::DMS::ReplicationInstance")
    (subnet_group,) = resources(migrating, "AWS::DMS::ReplicationSubnetGroup")
    endpoints = resources(migrating, "AWS::DMS::Endpoint")
    assert len(endpoints) == 2 and all(instance in e["DependsOn"] for e in endpoints.values())
    assert migrating["Resources"][instance]["Properties"]["ReplicationSubnetGroupIdentifier"] == {"Ref": subnet_group}
    for task in resources(migrating, "AWS::DMS::ReplicationTask").values():
        assert task["Properties"]["ReplicationInstanceArn"] == {"Ref": instance}
        assert {task["Properties"]["SourceEndpointArn"]["Ref"], task["Properties"]["TargetEndpointArn"]["Ref"]} == set(endpoints)
