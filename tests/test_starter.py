"""Start-once: a custom resource per opted-in task on CDK's Provider framework, and its handler.

Template tests read a wave with two opted-in tasks and one that is not, plus a serverless wave, all
through the five compliance packs. Handler tests run `lifecycle/start_once/handler.py` against moto's
DMS (replication tasks) and botocore's Stubber where moto has no model (serverless replications,
DMS's ResourceNotFoundFault on describe, other errors).
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import boto3
import pytest
from aws_cdk import App, RemovalPolicy, Validations
from aws_cdk import aws_ec2 as ec2
from botocore.stub import Stubber
from cdk_nag import AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks

from dms_constructs import DatabaseEndpoint, DmsServiceRoles, EndpointCredentials, MigrationWave, ServerlessCapacity
from dms_constructs.checks import DmsChecks
from dms_constructs.table_mappings import TableMappings

from .conftest import env_stack, routed_network
from .helpers import lambda_import, resources, create_moto_task, task_status

REGION = "eu-west-1"


def _pg(name: str, cidr: str) -> DatabaseEndpoint:
    return DatabaseEndpoint.postgresql(
        host=name, database_name="app", peer=ec2.Peer.ipv4(cidr),
        credentials=EndpointCredentials.generate(username="dms_user", no_rotation_reason="test database outside AWS"),
    )


@pytest.fixture(scope="module")
def synthesized(tmp_path_factory):
    outdir = tmp_path_factory.mktemp("starter")
    app = App(outdir=str(outdir))
    stack = env_stack(app)
    roles = DmsServiceRoles(stack, "Roles")
    wave = MigrationWave(stack, "W", service_roles=roles, network=routed_network(stack))
    source, target = wave.add_source("s", _pg("s", "10.1.0.0/16")), wave.add_target("t", _pg("t", "10.2.0.0/16"))
    wave.add_task("a", source=source, target=target, table_mappings=TableMappings().include("a", "%"), start_after_create=True)
    wave.add_task("b", source=source, target=target, table_mappings=TableMappings().include("b", "%"))
    wave.add_task("d", source=source, target=target, table_mappings=TableMappings().include("d", "%"), start_after_create=True)
    lake = MigrationWave(stack, "L", service_roles=roles, network=wave.network, capacity=ServerlessCapacity())
    ls, lt = lake.add_source("s", _pg("s", "10.1.0.0/16")), lake.add_target("t", _pg("t", "10.2.0.0/16"))
    lake.add_task("c", source=ls, target=lt, table_mappings=TableMappings().include("c", "%"), start_after_create=True)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app), PCIDSS321Checks(app), DmsChecks(app))
    template = app.synth().get_stack_by_name(stack.stack_name).template  # the compliance gate passes
    return template, outdir


@pytest.fixture(scope="module")
def template(synthesized):
    return synthesized[0]


def _logical_id(template: dict, type_: str, prefix: str) -> str:
    (logical_id,) = [k for k in resources(template, type_) if k.startswith(prefix)]
    return logical_id


def _functions(template: dict, handler: str) -> dict[str, dict]:
    """The starters' functions with this handler (the waves' other custom resources have their own)."""
    return {k: v["Properties"] for k, v in resources(template, "AWS::Lambda::Function").items()
            if v["Properties"].get("Handler") == handler and "Starter" in k}


# --- template ------------------------------------------------------------------------------------------


def test_one_start_once_resource_per_opted_in_task_with_a_service_timeout(template):
    starts = {k: r["Properties"] for k, r in resources(template, "Custom::DmsStartOnce").items()}
    assert sorted(starts) == sorted([_logical_id(template, "Custom::DmsStartOnce", p) for p in ("WTasksaStartOnce", "WTasksdStartOnce", "LTaskscStartOnce")])
    by_name = {s["Name"]: s for s in starts.values()}
    assert sorted(by_name) == ["l-c-dms", "w-a-dms", "w-d-dms"]
    assert by_name["w-a-dms"]["Kind"] == "task" and by_name["w-d-dms"]["Kind"] == "task" and by_name["l-c-dms"]["Kind"] == "serverless"
    assert by_name["w-a-dms"]["Arn"] == {"Ref": _logical_id(template, "AWS::DMS::ReplicationTask", "WTasksa")}
    assert by_name["l-c-dms"]["Arn"] == {"Ref": _logical_id(template, "AWS::DMS::ReplicationConfig", "LTasksc")}
    for start in starts.values():
        assert start["ServiceTimeout"] == "3600"  # CloudFormation's maximum; the waiter gives up at 50 minutes


def test_one_provider_per_wave_is_the_service_token(template):
    entrypoints = _functions(template, "framework.onEvent")
    assert len(entrypoints) == 2  # waves W and L, not one per task
    starts = {s["Properties"]["Name"]: s["Properties"] for s in resources(template, "Custom::DmsStartOnce").values()}
    w_entrypoint = [k for k in entrypoints if k.startswith("WStarterProviderframeworkonEvent")]
    assert starts["w-a-dms"]["ServiceToken"] == starts["w-d-dms"]["ServiceToken"] == {"Fn::GetAtt": [w_entrypoint[0], "Arn"]}
    assert len(_functions(template, "start_once/handler.is_complete")) == 2 and len(_functions(template, "start_once/handler.on_event")) == 2


def test_waiter_polls_every_30_seconds_for_50_minutes_and_logs_everything(template):
    machines = resources(template, "AWS::StepFunctions::StateMachine")
    assert len(machines) == 2
    for machine in machines.values():
        definition = "".join(p if isinstance(p, str) else "<ref>" for p in machine["Properties"]["DefinitionString"]["Fn::Join"][1])
        assert '"IntervalSeconds":30,"MaxAttempts":100,"BackoffRate":1' in definition
        logging = machine["Properties"]["LoggingConfiguration"]
        assert logging["Level"] == "ALL" and logging["IncludeExecutionData"] is False
        (destination,) = logging["Destinations"]
        assert destination["CloudWatchLogsLogGroup"]["LogGroupArn"]["Fn::GetAtt"][0].startswith(("WStarterLogs", "LStarterLogs"))


def test_no_starter_function_runs_in_a_vpc_and_no_dms_endpoint_or_security_group_is_added(template):
    functions = {}
    for handler in ("start_once/handler.on_event", "start_once/handler.is_complete", "framework.onEvent", "framework.isComplete", "framework.onTimeout"):
        functions.update(_functions(template, handler))
    assert len(functions) == 10
    for props in functions.values():
        assert "VpcConfig" not in props
        assert props["LoggingConfig"]["LogGroup"]["Ref"].startswith(("WStarterLogs", "LStarterLogs"))
    services = [str(e["Properties"]["ServiceName"]) for e in resources(template, "AWS::EC2::VPCEndpoint").values()]
    assert not any("dms" in s for s in services)
    assert not [k for k in resources(template, "AWS::EC2::SecurityGroup") if "Starter" in k]


def test_python_handlers_run_the_packaged_module_with_a_short_timeout(template):
    for props in list(_functions(template, "start_once/handler.on_event").values()) + list(_functions(template, "start_once/handler.is_complete").values()):
        assert props["Runtime"] == "python3.14"
        assert props["Timeout"] == 180


def test_handler_asset_holds_only_the_handler_module_and_the_shared_stop_module(synthesized):
    template, outdir = synthesized
    keys = {p["Code"]["S3Key"] for h in ("start_once/handler.on_event", "start_once/handler.is_complete") for p in _functions(template, h).values()}
    assert len(keys) == 1  # both handlers of both waves share one asset
    asset = Path(outdir) / f"asset.{keys.pop().removesuffix('.zip')}"
    assert sorted(os.listdir(asset)) == ["start_once", "stop_before_delete.py"]  # no __init__.py, no other module
    assert sorted(os.listdir(asset / "start_once")) == ["handler.py"]
    # As the Lambda runtime loads `start_once/handler.on_event`: the shared module from the asset's root.
    assert lambda_import(asset, "start_once.handler", "stop_before_delete") == {
        "start_once.handler": str(asset / "start_once" / "handler.py"), "stop_before_delete": str(asset / "stop_before_delete.py")}


def test_starter_log_groups_are_encrypted_and_kept_one_year(template):
    for logical_id in [k for k in resources(template, "AWS::Logs::LogGroup") if "StarterLogs" in k]:
        props = template["Resources"][logical_id]["Properties"]
        assert props["RetentionInDays"] == 365
        assert "Fn::GetAtt" in props["KmsKeyId"]


def _starter_policies(template: dict, wave: str) -> dict[str, list[dict]]:
    return {
        k: v["Properties"]["PolicyDocument"]["Statement"]
        for k, v in resources(template, "AWS::IAM::ManagedPolicy").items()
        if k.startswith(f"{wave}Starter")
    }


def test_only_the_handler_may_start_and_only_the_opted_in_tasks(template):
    statements = [s for policy in _starter_policies(template, "W").values() for s in policy]
    starts = [s for s in statements if "dms:Start" in str(s["Action"])]
    task = lambda prefix: {"Ref": _logical_id(template, "AWS::DMS::ReplicationTask", prefix)}  # noqa: E731
    assert sorted((s["Action"], str(s["Resource"])) for s in starts) == sorted(
        [(["dms:StartReplicationTask", "dms:StopReplicationTask"], str(task("WTasksa"))),
         (["dms:StartReplicationTask", "dms:StopReplicationTask"], str(task("WTasksd")))]
    )
    (handler_policy,) = [k for k in _starter_policies(template, "W") if k.startswith("WStarterHandlerPolicy")]
    assert all(s in _starter_policies(template, "W")[handler_policy] for s in starts)
    describe = [s for s in statements if s["Resource"] == "*"]
    assert describe == [{"Action": ["dms:DescribeReplicationTasks", "dms:DescribeReplications"], "Effect": "Allow", "Resource": "*"}]
    lake = [s for policy in _starter_policies(template, "L").values() for s in policy if "dms:Start" in str(s["Action"])]
    assert lake == [{"Action": ["dms:StartReplication", "dms:StopReplication"], "Effect": "Allow",
                     "Resource": {"Ref": _logical_id(template, "AWS::DMS::ReplicationConfig", "LTasksc")}}]


def test_only_the_handler_may_read_this_stack_s_status_and_template(template):
    for wave in ("W", "L"):
        reads = {k: s for k, policy in _starter_policies(template, wave).items() for s in policy if "cloudformation:" in str(s["Action"])}
        assert list(reads.values()) == [{"Action": ["cloudformation:DescribeStacks", "cloudformation:GetTemplate"], "Effect": "Allow", "Resource": {"Ref": "AWS::StackId"}}]
        assert [k[:len(wave) + len("StarterHandlerPolicy")] for k in reads] == [f"{wave}StarterHandlerPolicy"]


def test_each_start_once_names_its_task_s_logical_id_and_deletion_policy(template):
    starts = {s["Properties"]["Name"]: s["Properties"] for s in resources(template, "Custom::DmsStartOnce").values()}
    assert starts["w-a-dms"]["TaskLogicalId"] == _logical_id(template, "AWS::DMS::ReplicationTask", "WTasksa")
    assert starts["w-d-dms"]["TaskLogicalId"] == _logical_id(template, "AWS::DMS::ReplicationTask", "WTasksd")
    assert starts["l-c-dms"]["TaskLogicalId"] == _logical_id(template, "AWS::DMS::ReplicationConfig", "LTasksc")
    assert {name: s["TaskDeletionPolicy"] for name, s in starts.items()} == {"w-a-dms": "Delete", "w-d-dms": "Delete", "l-c-dms": "Delete"}


@pytest.mark.parametrize(
    "policy, expected",
    [(RemovalPolicy.RETAIN, "Retain"), (RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE, "RetainExceptOnCreate"), (RemovalPolicy.DESTROY, "Delete")],
)
def test_the_deletion_policy_is_the_task_s_own_even_when_set_after_the_start(policy, expected):
    app = App()
    stack = env_stack(app)
    wave = MigrationWave(stack, "W", service_roles=DmsServiceRoles(stack, "Roles"), network=routed_network(stack))
    source, target = wave.add_source("s", _pg("s", "10.1.0.0/16")), wave.add_target("t", _pg("t", "10.2.0.0/16"))
    task = wave.add_task("a", source=source, target=target, table_mappings=TableMappings().include("a", "%"), start_after_create=True)
    task.resource.apply_removal_policy(policy)  # after add_task made the start-once resource
    template = app.synth().get_stack_by_name(stack.stack_name).template
    (start,) = resources(template, "Custom::DmsStartOnce").values()
    (task_resource,) = resources(template, "AWS::DMS::ReplicationTask").values()
    assert start["Properties"]["TaskDeletionPolicy"] == expected
    assert task_resource.get("DeletionPolicy", "Delete") == expected  # what CloudFormation will do


def test_starter_roles_have_no_inline_policies_except_the_framework_waiter(template):
    inline = [k for k in resources(template, "AWS::IAM::Policy") if "Starter" in k]
    assert sorted(inline) == sorted(k for k in inline if "Providerwaiterstatemachine" in k) and len(inline) == 2
    roles = [v["Properties"] for k, v in resources(template, "AWS::IAM::Role").items() if k.startswith("WStarter")]
    assert len(roles) == 5  # OnEvent, Handler, Framework, Waiter, and the waiter state machine's own
    assert all("ManagedPolicyArns" not in r and "Policies" not in r for r in roles)


def test_every_start_once_request_waits_for_every_policy(template):
    (entrypoint,) = [k for k in _functions(template, "framework.onEvent") if k.startswith("WStarter")]
    assert sorted(template["Resources"][entrypoint]["DependsOn"]) == sorted(_starter_policies(template, "W"))


def test_reference_app_starts_only_the_dev_accounts_task(reference_templates):
    for env, stacks in reference_templates.items():
        names = sorted(r["Properties"]["Name"] for r in resources(stacks["Migration"], "Custom::DmsStartOnce").values())
        assert names == (["dev-accounts-accounts-dms"] if env == "dev" else []), env
    # dev is destroyable (`cdk destroy`): its started task is not retained, so the start-once's delete stops it first
    (dev_start,) = resources(reference_templates["dev"]["Migration"], "Custom::DmsStartOnce").values()
    task_id = dev_start["Properties"]["TaskLogicalId"]
    assert dev_start["Properties"]["TaskDeletionPolicy"] == "Delete"
    assert reference_templates["dev"]["Migration"]["Resources"][task_id]["Type"] == "AWS::DMS::ReplicationTask"
    assert "DeletionPolicy" not in reference_templates["dev"]["Migration"]["Resources"][task_id]


# --- handler: replication tasks against moto -----------------------------------------------------------

from dms_constructs.lifecycle.start_once import handler  # noqa: E402


def _create_event(arn: str, kind: str = "task", name: str = "w-a") -> dict:
    return {"RequestType": "Create", "ResourceProperties": {"ServiceToken": "x", "Kind": kind, "Arn": arn, "Name": name}}


@pytest.fixture
def moto_dms(monkeypatch):
    """moto's DMS with one new task (status `creating`); yields (client, task arn, backend task, start calls)."""
    from moto import mock_aws
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dms.models import DatabaseMigrationServiceBackend, dms_backends

    starts: list[str] = []
    original = DatabaseMigrationServiceBackend.start_replication_task

    def counting_start(self, replication_task_arn):
        starts.append(replication_task_arn)
        return original(self, replication_task_arn)

    monkeypatch.setattr(DatabaseMigrationServiceBackend, "start_replication_task", counting_start)
    with mock_aws():
        client = boto3.client("dms", region_name=REGION)
        arn = create_moto_task(client)
        monkeypatch.setattr(handler, "_CLIENT", client)
        yield client, arn, dms_backends[DEFAULT_ACCOUNT_ID][REGION].replication_tasks[arn], starts


_status = task_status


def test_on_event_create_starts_nothing_and_names_the_physical_id_after_the_task(moto_dms, monkeypatch):
    client, arn, _, starts = moto_dms
    monkeypatch.setattr(handler, "_now", lambda: 1_790_000_000.5)
    assert handler.on_event(_create_event(arn)) == {"PhysicalResourceId": "start-w-a", "RequestedAt": "1790000000"}
    assert starts == [] and _status(client, arn) == "creating"


def test_slow_readiness_waits_over_several_polls_then_starts_once(moto_dms):
    client, arn, task, starts = moto_dms
    event = _create_event(arn)
    for status in ("creating", "creating", "modifying", "testing"):
        task.status = status
        assert handler.is_complete(event) == {"IsComplete": False}
    assert starts == []
    task.status = "ready"
    assert handler.is_complete(event) == {"IsComplete": True}
    assert starts == [arn]


def test_retried_polls_and_events_never_start_a_started_task_again(moto_dms):
    client, arn, task, starts = moto_dms
    task.status = "ready"
    event = _create_event(arn)
    assert handler.is_complete(event) == {"IsComplete": True}
    for _ in range(3):  # the waiter or a second execution asks again
        assert handler.on_event(event)["PhysicalResourceId"] == "start-w-a"
        assert handler.is_complete(event) == {"IsComplete": True}
    assert starts == [arn]


@pytest.mark.parametrize("status", ["starting", "running", "stopping", "stopped"])
def test_a_task_an_earlier_attempt_started_is_a_success_without_a_start(moto_dms, status):
    _, arn, task, starts = moto_dms
    task.status = status  # `stopped`: e.g. a full load that finished; starting it again would reload the target
    assert handler.is_complete(_create_event(arn)) == {"IsComplete": True}
    assert starts == []


@pytest.mark.parametrize("status", ["failed", "failed-move", "deleting"])
def test_a_broken_task_fails_with_a_message_naming_it(moto_dms, status):
    _, arn, task, starts = moto_dms
    task.status = status
    with pytest.raises(handler.StartOnceError, match=rf"^DMS replication task w-a is {status}, so it was not started: no failure message$"):
        handler.is_complete(_create_event(arn))
    assert starts == []


def test_a_missing_task_fails_with_a_message_naming_it(moto_dms):
    _, arn, _, starts = moto_dms
    missing = arn.replace(":task:w-a", ":task:GONE")
    with pytest.raises(handler.StartOnceError, match=r"^DMS replication task w-gone \(arn:aws:dms:eu-west-1:123456789012:task:GONE\) does not exist"):
        handler.is_complete(_create_event(missing, name="w-gone"))
    assert starts == []


def test_start_refused_because_another_attempt_started_it_is_a_success(moto_dms, monkeypatch):
    from moto.dms.exceptions import InvalidResourceStateFault
    from moto.dms.models import DatabaseMigrationServiceBackend

    _, arn, task, _ = moto_dms
    task.status = "ready"

    def raced(self, replication_task_arn):
        task.status = "starting"  # a concurrent attempt won the race
        raise InvalidResourceStateFault("Replication task is currently starting")

    monkeypatch.setattr(DatabaseMigrationServiceBackend, "start_replication_task", raced)
    assert handler.is_complete(_create_event(arn)) == {"IsComplete": True}


def test_start_refused_while_the_task_is_still_not_started_polls_again(moto_dms, monkeypatch):
    from moto.dms.exceptions import InvalidResourceStateFault
    from moto.dms.models import DatabaseMigrationServiceBackend

    _, arn, task, _ = moto_dms
    task.status = "ready"

    def refused(self, replication_task_arn):
        raise InvalidResourceStateFault("Replication task is not ready")

    monkeypatch.setattr(DatabaseMigrationServiceBackend, "start_replication_task", refused)
    assert handler.is_complete(_create_event(arn)) == {"IsComplete": False}


def _refusing(monkeypatch, task, message="Replication instance is being modified") -> list[str]:
    from moto.dms.exceptions import InvalidResourceStateFault
    from moto.dms.models import DatabaseMigrationServiceBackend

    refused: list[str] = []

    def refuse(self, replication_task_arn):
        refused.append(replication_task_arn)
        raise InvalidResourceStateFault(message)

    task.status = "ready"
    monkeypatch.setattr(DatabaseMigrationServiceBackend, "start_replication_task", refuse)
    return refused


def test_refused_starts_of_a_ready_task_poll_again_within_ten_minutes_of_the_request(moto_dms, monkeypatch):
    _, arn, task, _ = moto_dms
    refused = _refusing(monkeypatch, task)
    event = dict(_create_event(arn), RequestedAt="1790000000")
    for elapsed in (30, 300, 599):
        monkeypatch.setattr(handler, "_now", lambda elapsed=elapsed: 1_790_000_000 + elapsed)
        assert handler.is_complete(event) == {"IsComplete": False}
    assert len(refused) == 3


def test_a_start_dms_keeps_refusing_fails_after_ten_minutes_with_dms_s_message(moto_dms, monkeypatch):
    _, arn, task, _ = moto_dms
    refused = _refusing(monkeypatch, task)
    monkeypatch.setattr(handler, "_now", lambda: 1_790_000_000 + 600)
    with pytest.raises(handler.StartOnceError, match=r"^DMS still refuses to start replication task w-a \(ready\) 10 minutes after the request: Replication instance is being modified$"):
        handler.is_complete(dict(_create_event(arn), RequestedAt="1790000000"))
    assert len(refused) == 1


def test_a_refused_start_of_a_task_that_moved_on_is_not_counted(moto_dms, monkeypatch):
    from moto.dms.exceptions import InvalidResourceStateFault
    from moto.dms.models import DatabaseMigrationServiceBackend

    _, arn, task, _ = moto_dms
    task.status = "ready"

    def refuse_while_modifying(self, replication_task_arn):
        task.status = "modifying"  # not startable for now: waited on, however long ago the request was
        raise InvalidResourceStateFault("Replication task is being modified")

    monkeypatch.setattr(DatabaseMigrationServiceBackend, "start_replication_task", refuse_while_modifying)
    monkeypatch.setattr(handler, "_now", lambda: 1_790_000_000 + 3000)
    assert handler.is_complete(dict(_create_event(arn), RequestedAt="1790000000")) == {"IsComplete": False}


def test_a_request_an_older_handler_answered_has_no_refusal_bound(moto_dms, monkeypatch):
    _, arn, task, _ = moto_dms
    _refusing(monkeypatch, task)
    monkeypatch.setattr(handler, "_now", lambda: 1_790_000_000 + 3000)
    assert handler.is_complete(_create_event(arn)) == {"IsComplete": False}  # no RequestedAt: poll as before


@pytest.mark.parametrize("request_type", ["Update", "Delete"])
def test_update_and_delete_never_start_stop_or_restart(moto_dms, request_type):
    client, arn, task, starts = moto_dms
    task.status = "ready"
    event = dict(_create_event(arn), RequestType=request_type, PhysicalResourceId="start-w-a")
    assert handler.on_event(event) == {"PhysicalResourceId": "start-w-a"}
    assert handler.is_complete(event) == {"IsComplete": True}
    assert starts == [] and _status(client, arn) == "ready"


def test_bad_properties_fail_with_what_was_expected():
    event = {"RequestType": "Create", "ResourceProperties": {"Kind": "instance"}}
    with pytest.raises(handler.StartOnceError, match=r"^start-once: expected Kind 'task' or 'serverless' and an Arn, got Kind='instance' Arn=None$"):
        handler.on_event(event)


# --- handler: what moto does not model, with botocore's Stubber ----------------------------------------

TASK_ARN = "arn:aws:dms:eu-west-1:123456789012:task:ABC"
CONFIG_ARN = "arn:aws:dms:eu-west-1:123456789012:replication-config:XYZ"
TASK_FILTER = {"Filters": [{"Name": "replication-task-arn", "Values": [TASK_ARN]}], "WithoutSettings": True}
CONFIG_FILTER = {"Filters": [{"Name": "replication-config-arn", "Values": [CONFIG_ARN]}]}
START_CONFIG = {"ReplicationConfigArn": CONFIG_ARN, "StartReplicationType": "start-replication"}


@pytest.fixture
def stubbed(monkeypatch):
    client = boto3.client("dms", region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test")
    monkeypatch.setattr(handler, "_CLIENT", client)
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def _replications(status: str, **extra) -> dict:
    return {"Replications": [dict({"ReplicationConfigArn": CONFIG_ARN, "Status": status}, **extra)]}


def test_task_relays_dms_failure_message(stubbed):
    stubbed.add_response("describe_replication_tasks", {"ReplicationTasks": [{"Status": "failed", "LastFailureMessage": "Test connection failed for endpoint"}]}, TASK_FILTER)
    with pytest.raises(handler.StartOnceError, match=r"^DMS replication task w-a is failed, so it was not started: Test connection failed for endpoint$"):
        handler.is_complete(_create_event(TASK_ARN))


def test_task_missing_as_dms_reports_it_resource_not_found(stubbed):
    stubbed.add_client_error("describe_replication_tasks", "ResourceNotFoundFault", "No Tasks found matching provided filters", expected_params=TASK_FILTER)
    with pytest.raises(handler.StartOnceError, match=r"^DMS replication task w-a \(.*:task:ABC\) does not exist"):
        handler.is_complete(_create_event(TASK_ARN))


def test_task_start_errors_other_than_a_state_conflict_propagate(stubbed):
    stubbed.add_response("describe_replication_tasks", {"ReplicationTasks": [{"Status": "ready"}]}, TASK_FILTER)
    stubbed.add_client_error("start_replication_task", "AccessDeniedFault", "not authorized", expected_params={"ReplicationTaskArn": TASK_ARN, "StartReplicationTaskType": "start-replication"})
    with pytest.raises(handler.ClientError, match="AccessDeniedFault"):
        handler.is_complete(_create_event(TASK_ARN))


@pytest.mark.parametrize("status", ["created", "ready"])
def test_serverless_starts_a_new_replication_once(stubbed, status):
    stubbed.add_response("describe_replications", _replications(status), CONFIG_FILTER)
    stubbed.add_response("start_replication", {"Replication": {"ReplicationConfigArn": CONFIG_ARN, "Status": "initializing"}}, START_CONFIG)
    assert handler.is_complete(_create_event(CONFIG_ARN, kind="serverless", name="l-c")) == {"IsComplete": True}


def test_serverless_without_a_replication_record_yet_is_started(stubbed):
    stubbed.add_response("describe_replications", {"Replications": []}, CONFIG_FILTER)
    stubbed.add_response("start_replication", {"Replication": {"Status": "initializing"}}, START_CONFIG)
    assert handler.is_complete(_create_event(CONFIG_ARN, kind="serverless", name="l-c")) == {"IsComplete": True}


@pytest.mark.parametrize("status", ["initializing", "fetching_metadata", "provisioning_capacity", "replication_starting", "running", "stopped"])
def test_serverless_started_by_an_earlier_attempt_is_a_success_without_a_start(stubbed, status):
    stubbed.add_response("describe_replications", _replications(status, ReplicationStats={"StartDate": datetime.datetime(2026, 11, 1)}), CONFIG_FILTER)
    assert handler.is_complete(_create_event(CONFIG_ARN, kind="serverless", name="l-c")) == {"IsComplete": True}


def test_serverless_failed_replication_fails_with_its_failure_messages(stubbed):
    stubbed.add_response("describe_replications", _replications("failed", FailureMessages=["Test connection failed", "Source unreachable"]), CONFIG_FILTER)
    with pytest.raises(handler.StartOnceError, match=r"^DMS serverless replication l-c is failed, so it was not started: Test connection failed; Source unreachable$"):
        handler.is_complete(_create_event(CONFIG_ARN, kind="serverless", name="l-c"))


def test_serverless_missing_config_fails_with_a_message_naming_it(stubbed):
    stubbed.add_client_error("describe_replications", "ResourceNotFoundFault", "not found", expected_params=CONFIG_FILTER)
    stubbed.add_client_error("start_replication", "ResourceNotFoundFault", "Replication config not found", expected_params=START_CONFIG)
    with pytest.raises(handler.StartOnceError, match=r"^DMS serverless replication config l-c \(.*:replication-config:XYZ\) does not exist"):
        handler.is_complete(_create_event(CONFIG_ARN, kind="serverless", name="l-c"))


def test_serverless_start_refused_because_it_already_started_is_a_success(stubbed):
    stubbed.add_response("describe_replications", _replications("created"), CONFIG_FILTER)
    stubbed.add_client_error("start_replication", "InvalidResourceStateFault", "already starting", expected_params=START_CONFIG)
    stubbed.add_response("describe_replications", _replications("initializing"), CONFIG_FILTER)
    assert handler.is_complete(_create_event(CONFIG_ARN, kind="serverless", name="l-c")) == {"IsComplete": True}


def test_serverless_start_dms_keeps_refusing_fails_after_ten_minutes_with_dms_s_message(stubbed, monkeypatch):
    stubbed.add_response("describe_replications", _replications("created"), CONFIG_FILTER)
    stubbed.add_client_error("start_replication", "InvalidResourceStateFault", "Endpoint is being modified", expected_params=START_CONFIG)
    stubbed.add_response("describe_replications", _replications("created"), CONFIG_FILTER)
    monkeypatch.setattr(handler, "_now", lambda: 1_790_000_000 + 601)
    with pytest.raises(handler.StartOnceError, match=r"^DMS still refuses to start serverless replication l-c \(created\) 10 minutes after the request: Endpoint is being modified$"):
        handler.is_complete(dict(_create_event(CONFIG_ARN, kind="serverless", name="l-c"), RequestedAt="1790000000"))


def test_serverless_start_refused_within_ten_minutes_polls_again(stubbed, monkeypatch):
    stubbed.add_response("describe_replications", _replications("created"), CONFIG_FILTER)
    stubbed.add_client_error("start_replication", "InvalidResourceStateFault", "Endpoint is being modified", expected_params=START_CONFIG)
    stubbed.add_response("describe_replications", _replications("created"), CONFIG_FILTER)
    monkeypatch.setattr(handler, "_now", lambda: 1_790_000_000 + 599)
    assert handler.is_complete(dict(_create_event(CONFIG_ARN, kind="serverless", name="l-c"), RequestedAt="1790000000")) == {"IsComplete": False}


def test_serverless_unknown_status_is_waited_on(stubbed):
    stubbed.add_response("describe_replications", _replications("some-new-status"), CONFIG_FILTER)
    assert handler.is_complete(_create_event(CONFIG_ARN, kind="serverless", name="l-c")) == {"IsComplete": False}


def test_serverless_update_calls_nothing(stubbed):
    event = dict(_create_event(CONFIG_ARN, kind="serverless", name="l-c"), RequestType="Update", PhysicalResourceId="start-XYZ")
    assert handler.on_event(event) == {"PhysicalResourceId": "start-XYZ"}
    assert handler.is_complete(event) == {"IsComplete": True}  # the Stubber fails on any unplanned call


def test_serverless_delete_of_a_stopped_replication_only_looks(stubbed):
    event = dict(_create_event(CONFIG_ARN, kind="serverless", name="l-c"), RequestType="Delete", PhysicalResourceId="start-XYZ")
    assert handler.on_event(event) == {"PhysicalResourceId": "start-XYZ"}
    stubbed.add_response("describe_replications", _replications("stopped"), CONFIG_FILTER)
    assert handler.is_complete(event) == {"IsComplete": True}  # stopping while the stack stays: test_stop_before_delete
