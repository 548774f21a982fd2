"""Start-once: a custom resource per task that starts it after creation and never on update."""

from __future__ import annotations

import sys
import types

import pytest
from aws_cdk import App, Validations
from aws_cdk import aws_ec2 as ec2
from cdk_nag import AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks

from dms_constructs import DatabaseEndpoint, DmsServiceRoles, EndpointCredentials, MigrationWave, ServerlessCapacity
from dms_constructs import starter
from dms_constructs.checks import DmsChecks
from dms_constructs.table_mappings import TableMappings

from .conftest import AZS, env_stack, routed_network
from .helpers import resources


def _pg(name: str, cidr: str) -> DatabaseEndpoint:
    return DatabaseEndpoint.postgresql(
        host=name, database_name="app", peer=ec2.Peer.ipv4(cidr),
        credentials=EndpointCredentials.generate(username="dms_user", no_rotation_reason="test database outside AWS"),
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    app = App(outdir=str(tmp_path_factory.mktemp("starter")))
    stack = env_stack(app)
    roles = DmsServiceRoles(stack, "Roles")
    wave = MigrationWave(stack, "W", service_roles=roles, network=routed_network(stack))
    source, target = wave.add_source("s", _pg("s", "10.1.0.0/16")), wave.add_target("t", _pg("t", "10.2.0.0/16"))
    wave.add_task("a", source=source, target=target, table_mappings=TableMappings().include("a", "%"), start_after_create=True)
    wave.add_task("b", source=source, target=target, table_mappings=TableMappings().include("b", "%"))
    lake = MigrationWave(stack, "L", service_roles=roles, network=wave.network, capacity=ServerlessCapacity())
    ls, lt = lake.add_source("s", _pg("s", "10.1.0.0/16")), lake.add_target("t", _pg("t", "10.2.0.0/16"))
    lake.add_task("c", source=ls, target=lt, table_mappings=TableMappings().include("c", "%"), start_after_create=True)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app), PCIDSS321Checks(app), DmsChecks(app))
    return app.synth().get_stack_by_name(stack.stack_name).template  # the compliance gate passes


def test_one_start_once_resource_per_opted_in_task(template):
    starts = [r["Properties"] for r in resources(template, "Custom::DmsStartOnce").values()]
    assert sorted(s["Kind"] for s in starts) == ["serverless", "task"]
    task_ids = set(resources(template, "AWS::DMS::ReplicationTask")) | set(resources(template, "AWS::DMS::ReplicationConfig"))
    assert all(s["Arn"]["Ref"] in task_ids for s in starts)


def test_starter_function_is_private_bounded_and_least_privilege(template):
    functions = [f["Properties"] for f in resources(template, "AWS::Lambda::Function").values() if f["Properties"].get("Handler") == "index.handler"]
    assert len(functions) == 2
    for function in functions:
        assert function["ReservedConcurrentExecutions"] == 5 and "VpcConfig" in function
    statements = [s for p in resources(template, "AWS::IAM::ManagedPolicy").values() for s in p["Properties"]["PolicyDocument"]["Statement"]]
    starts = [s for s in statements if s["Action"] in ("dms:StartReplicationTask", "dms:StartReplication")]
    assert len(starts) == 2 and all(isinstance(s["Resource"], dict) for s in starts)
    services = [str(e["Properties"]["ServiceName"]) for e in resources(template, "AWS::EC2::VPCEndpoint").values()]
    assert sum(".dms" in s for s in services) == 1


class _FakeDms:
    def __init__(self, statuses):
        self.statuses, self.started = list(statuses), []

    def describe_replication_tasks(self, Filters):
        return {"ReplicationTasks": [{"Status": self.statuses.pop(0)}]}

    def start_replication_task(self, **kwargs):
        self.started.append(kwargs)

    def start_replication(self, **kwargs):
        self.started.append(kwargs)


def _handler(monkeypatch, statuses):
    dms, responses = _FakeDms(statuses), []
    monkeypatch.setitem(sys.modules, "boto3", types.SimpleNamespace(client=lambda name: dms))
    monkeypatch.setitem(sys.modules, "cfnresponse", types.SimpleNamespace(SUCCESS="SUCCESS", FAILED="FAILED", send=lambda *a, **k: responses.append(a[2])))
    namespace: dict = {}
    exec(starter._HANDLER, namespace)
    monkeypatch.setattr(namespace["time"], "sleep", lambda seconds: None)
    return namespace["handler"], dms, responses


def test_handler_waits_until_ready_then_starts_once(monkeypatch):
    handler, dms, responses = _handler(monkeypatch, ["creating", "ready"])
    handler({"RequestType": "Create", "ResourceProperties": {"Kind": "task", "Arn": "arn:aws:dms:eu-west-1:1:task:ABC"}}, None)
    assert dms.started == [{"ReplicationTaskArn": "arn:aws:dms:eu-west-1:1:task:ABC", "StartReplicationTaskType": "start-replication"}]
    assert responses == ["SUCCESS"]


@pytest.mark.parametrize("request_type", ["Update", "Delete"])
def test_handler_never_restarts_on_update_or_delete(monkeypatch, request_type):
    handler, dms, responses = _handler(monkeypatch, [])
    handler({"RequestType": request_type, "PhysicalResourceId": "start-ABC", "ResourceProperties": {"Kind": "task", "Arn": "arn:x:task:ABC"}}, None)
    assert dms.started == [] and responses == ["SUCCESS"]


def test_handler_reports_failure(monkeypatch):
    handler, dms, responses = _handler(monkeypatch, ["ready"])
    dms.start_replication_task = lambda **kwargs: (_ for _ in ()).throw(RuntimeError("InvalidResourceStateFault"))
    handler({"RequestType": "Create", "ResourceProperties": {"Kind": "task", "Arn": "arn:x:task:ABC"}}, None)
    assert responses == ["FAILED"]
