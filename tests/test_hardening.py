"""Serverless metric dimension and alarms, DMS log groups that survive redeploys, validation defaults for
consolidations."""

from __future__ import annotations

import json

import pytest
from aws_cdk import RemovalPolicy
from aws_cdk import aws_ec2 as ec2
from aws_cdk.assertions import Template

from dms_constructs import DatabaseEndpoint, EndpointCredentials, MigrationType, MigrationWave, ServerlessCapacity
from dms_constructs.table_mappings import FilterCondition, SourceFilter, TableMappings

from .conftest import AZS, env_stack, routed_network
from .helpers import resources


def _pg(host: str, cidr: str = "10.1.0.0/16", database: str = "app") -> DatabaseEndpoint:
    return DatabaseEndpoint.postgresql(
        host=host, database_name=database, peer=ec2.Peer.ipv4(cidr),
        credentials=EndpointCredentials.generate(username="dms_user", no_rotation_reason="test database outside AWS"),
    )


def _serverless_template(removal_policy: RemovalPolicy = RemovalPolicy.RETAIN) -> dict:
    stack = env_stack()
    wave = MigrationWave(stack, "Lake", network=routed_network(stack, "LakeNetwork"), capacity=ServerlessCapacity(), removal_policy=removal_policy)
    source, target = wave.add_source("s", _pg("src.example.com")), wave.add_target("t", _pg("tgt.example.com", "10.2.0.0/16"))
    wave.add_task("orders", source=source, target=target, table_mappings=TableMappings().include("orders", "%"))
    return Template.from_stack(stack).to_json()


@pytest.fixture(scope="module")
def serverless() -> dict:
    return _serverless_template()


def _alarms(t: dict) -> dict[str, dict]:
    return {r["Properties"]["MetricName"]: r["Properties"] for r in resources(t, "AWS::CloudWatch::Alarm").values()}


# --- serverless metrics -----------------------------------------------------------------------------


def test_serverless_alarms_use_the_replication_config_id_dimension(serverless):
    alarms = _alarms(serverless)
    assert set(alarms) == {"CDCLatencySource", "CDCLatencyTarget", "CapacityUtilization"}
    for props in alarms.values():
        assert props["Dimensions"] == [{"Name": "ReplicationConfigId", "Value": "123456789012:lake-orders-dms"}]


def test_instance_alarms_still_treat_missing_data_as_not_breaching():
    stack = env_stack()
    MigrationWave(stack, "Orders", network=routed_network(stack, "OrdersNetwork"))
    for props in _alarms(Template.from_stack(stack).to_json()).values():
        assert props["TreatMissingData"] == "notBreaching"
        assert "not documented" not in props["AlarmDescription"]


# --- DMS log groups across redeploys ------------------------------------------------------------------


def _named_group(t: dict, name: str) -> tuple[str, dict]:
    (item,) = [(k, v) for k, v in resources(t, "AWS::Logs::LogGroup").items() if v["Properties"].get("LogGroupName") == name]
    return item


def test_kept_serverless_log_group_is_removed_only_when_its_creating_operation_rolls_back(serverless):
    group_id, group = _named_group(serverless, "dms-serverless-replication-lake-orders-dms")
    assert group["DeletionPolicy"] == "RetainExceptOnCreate"
    assert group["UpdateReplacePolicy"] == "Retain"
    (config,) = resources(serverless, "AWS::DMS::ReplicationConfig").values()
    assert group_id in config["DependsOn"]


def test_kept_task_log_group_is_created_before_and_deleted_after_the_instance():
    stack = env_stack()
    MigrationWave(stack, "Orders", network=routed_network(stack, "OrdersNetwork"))
    t = Template.from_stack(stack).to_json()
    group_id, group = _named_group(t, "dms-tasks-orders-instance-dms")
    assert (group["DeletionPolicy"], group["UpdateReplacePolicy"]) == ("RetainExceptOnCreate", "Retain")
    (instance,) = resources(t, "AWS::DMS::ReplicationInstance").values()
    assert group_id in instance["DependsOn"]


def test_destroyed_log_group_is_deleted_after_the_dms_resource_that_writes_to_it():
    t = _serverless_template(RemovalPolicy.DESTROY)
    group_id, group = _named_group(t, "dms-serverless-replication-lake-orders-dms")
    assert (group["DeletionPolicy"], group["UpdateReplacePolicy"]) == ("Delete", "Delete")
    (config,) = resources(t, "AWS::DMS::ReplicationConfig").values()
    assert group_id in config["DependsOn"]


# --- validation defaults --------------------------------------------------------------------------------


def _validation(t: dict) -> dict[str, bool]:
    return {
        r["Properties"]["ReplicationTaskIdentifier"]: json.loads(r["Properties"]["ReplicationTaskSettings"])["ValidationSettings"]["EnableValidation"]
        for r in resources(t, "AWS::DMS::ReplicationTask").values()
    }


def test_validation_stays_on_for_several_tasks_from_one_source_and_with_row_filters():
    stack = env_stack()
    wave = MigrationWave(stack, "W", network=routed_network(stack, "WNetwork"))
    source, target = wave.add_source("s", _pg("src.example.com")), wave.add_target("t", _pg("tgt.example.com", "10.2.0.0/16"))
    wave.add_task("a", source=source, target=target, table_mappings=TableMappings().include("a", "%"))
    filtered = TableMappings().include("b", "orders", filters=[SourceFilter("region", [FilterCondition.eq("eu")])])
    wave.add_task("b", source=source, target=target, table_mappings=filtered)
    assert _validation(Template.from_stack(stack).to_json()) == {"w-a-dms": True, "w-b-dms": True}


def test_validation_is_off_for_every_default_task_of_a_consolidated_target():
    stack = env_stack()
    wave = MigrationWave(stack, "W", network=routed_network(stack, "WNetwork"))
    eu, us = wave.add_source("eu", _pg("eu.example.com")), wave.add_source("us", _pg("us.example.com", "10.3.0.0/16"))
    target = wave.add_target("t", _pg("tgt.example.com", "10.2.0.0/16"))
    other = wave.add_target("other", _pg("other.example.com", "10.4.0.0/16"))
    wave.add_task("eu", source=eu, target=target, table_mappings=TableMappings().include("s", "%"))
    wave.add_task("eu-other", source=eu, target=other, table_mappings=TableMappings().include("s", "%"))
    wave.add_task("us", source=us, target=target, table_mappings=TableMappings().include("s", "%"))
    assert _validation(Template.from_stack(stack).to_json()) == {"w-eu-dms": False, "w-eu-other-dms": True, "w-us-dms": False}
    assert wave.tasks["eu"].settings.validation is False


def test_two_target_endpoints_on_one_database_are_a_consolidation_too():
    stack = env_stack()
    wave = MigrationWave(stack, "W", network=routed_network(stack, "WNetwork"))
    eu, us = wave.add_source("eu", _pg("eu.example.com")), wave.add_source("us", _pg("us.example.com", "10.3.0.0/16"))
    t1 = wave.add_target("t1", _pg("tgt.example.com", "10.2.0.0/16"))
    t2 = wave.add_target("t2", _pg("tgt.example.com", "10.2.0.0/16"))
    wave.add_task("eu", source=eu, target=t1, table_mappings=TableMappings().include("s", "%"))
    wave.add_task("us", source=us, target=t2, table_mappings=TableMappings().include("s", "%"))
    assert _validation(Template.from_stack(stack).to_json()) == {"w-eu-dms": False, "w-us-dms": False}


# --- serverless alarms and events written out ----------------------------------------------------------

_NOTE = (" The serverless metric dimension (ReplicationConfigId = <account>:<config resource id>) is not documented by AWS:"
         " if this alarm stays in INSUFFICIENT_DATA while the replication runs, compare it with"
         " `aws cloudwatch list-metrics --namespace AWS/DMS`.")


@pytest.mark.parametrize(
    "metric, name, what, statistic, threshold",
    [
        ("CDCLatencySource", "dms-lake-orders-cdc-latency-source", "CDC source latency above 600 s.", "Maximum", 600),
        ("CDCLatencyTarget", "dms-lake-orders-cdc-latency-target", "CDC target latency above 600 s.", "Maximum", 600),
        ("CapacityUtilization", "dms-lake-orders-capacity-utilization", "capacity utilisation above 90%.", "Average", 90),
    ],
)
def test_every_serverless_alarm_written_out(serverless, metric, name, what, statistic, threshold):
    assert _alarms(serverless)[metric] == {
        "AlarmActions": [{"Ref": "LakeMonitoringTopic6D29FF51"}], "AlarmDescription": f"DMS lake-orders: {what}{_NOTE}",
        "AlarmName": name, "ComparisonOperator": "GreaterThanThreshold",
        "Dimensions": [{"Name": "ReplicationConfigId", "Value": "123456789012:lake-orders-dms"}], "EvaluationPeriods": 3,
        "MetricName": metric, "Namespace": "AWS/DMS", "Period": 300, "Statistic": statistic,
        "Tags": [{"Key": "MigrationWave", "Value": "Lake"}], "Threshold": threshold, "TreatMissingData": "missing",
    }


def test_serverless_replications_have_one_rule_per_wave(serverless):
    rules = {r["Properties"]["Name"]: r["Properties"] for r in resources(serverless, "AWS::Events::Rule").values()}
    assert rules["dms-lake-serverless"] == {
        "Description": "DMS serverless replications of wave Lake: state changes and failures",
        "EventPattern": {"detail-type": ["DMS Replication State Change"], "resources": [{"Ref": "LakeTasksorders4127298B"}], "source": ["aws.dms"]},
        "Name": "dms-lake-serverless", "State": "ENABLED", "Tags": [{"Key": "MigrationWave", "Value": "Lake"}],
        "Targets": [{"Arn": {"Ref": "LakeMonitoringTopic6D29FF51"}, "Id": "Target0", "RoleArn": {"Fn::GetAtt": ["LakeMonitoringEventsRole43821BC3", "Arn"]}}],
    }
    assert set(rules) == {"dms-lake-serverless", "dms-lake-log"}  # no instance, so no instance rule
    assert resources(serverless, "AWS::DMS::EventSubscription") == {}  # not asked for


def test_serverless_log_group_keeps_its_logical_id(serverless):
    # A kept log group (stateful: the replication's logs) whose construct id moved would be replaced: the
    # new group fails to create under the name the retained one still holds. (The instance's task log group
    # is pinned in test_monitoring: OrdersMonitoringInstanceTaskLogs3179D067.)
    group_id, _ = _named_group(serverless, "dms-serverless-replication-lake-orders-dms")
    assert group_id == "LakeMonitoringTaskordersLogs180A72F9"


def test_the_serverless_rule_keeps_its_logical_id(serverless):
    # The rule has a fixed name (dms-<wave>-serverless): a moved construct id would have CloudFormation create a
    # second rule of that name before deleting the first, which fails.
    rules = {k: r["Properties"]["Name"] for k, r in resources(serverless, "AWS::Events::Rule").items()}
    assert rules["LakeMonitoringServerlessEventsBAE1659C"] == "dms-lake-serverless"
