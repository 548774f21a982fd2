"""Monitoring of a wave: alarms from typed thresholds, events, encrypted topic, log groups, dashboard."""

from __future__ import annotations

import pytest
from aws_cdk import Duration
from aws_cdk.assertions import Template

from dms_constructs import AlarmThresholds, DmsConfigError, MigrationWave, Notifications, ReplicationInstanceCapacity
from stacks.config import ENVIRONMENTS

from .conftest import AZS, env_stack, routed_network
from .helpers import resources


@pytest.fixture(scope="module")
def monitored():
    stack = env_stack()
    wave = MigrationWave(
        stack,
        "Orders",
        network=routed_network(stack),
        capacity=ReplicationInstanceCapacity(allocated_storage_gib=100),
        alarms=AlarmThresholds(free_storage_percent=25),
        notifications=Notifications(email_addresses=["oncall@example.com"], notify_on_ok=True, dms_event_subscription=True),
    )
    return wave, Template.from_stack(stack).to_json()


def _alarms(t: dict) -> dict[str, dict]:
    return {r["Properties"]["MetricName"]: r["Properties"] for r in resources(t, "AWS::CloudWatch::Alarm").values()}


def test_instance_alarms_use_the_instance_dimension_and_notify(monitored):
    _, t = monitored
    alarms = _alarms(t)
    assert {"CPUUtilization", "FreeableMemory", "SwapUsage", "FreeStorageSpace"} <= set(alarms)
    topic_id = next(iter(resources(t, "AWS::SNS::Topic")))
    for props in alarms.values():
        assert props["Namespace"] == "AWS/DMS"
        assert props["Dimensions"] == [{"Name": "ReplicationInstanceIdentifier", "Value": "orders"}]
        assert props["AlarmActions"] == [{"Ref": topic_id}]
        assert props["OKActions"] == [{"Ref": topic_id}]
        assert props["AlarmName"].startswith("dms-orders-")


def test_free_storage_threshold_is_a_share_of_allocated_storage(monitored):
    _, t = monitored
    props = _alarms(t)["FreeStorageSpace"]
    assert props["Threshold"] == 100 * 1024**3 * 0.25
    assert props["ComparisonOperator"] == "LessThanThreshold"


def test_topic_is_encrypted_with_the_wave_key_and_tls_only(monitored):
    wave, t = monitored
    (topic,) = resources(t, "AWS::SNS::Topic").values()
    assert topic["Properties"]["KmsMasterKeyId"]["Fn::GetAtt"][1] == "Arn"
    (policy,) = resources(t, "AWS::SNS::TopicPolicy").values()
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    assert any(s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}} for s in statements)
    publishers = {s["Principal"]["Service"] for s in statements if s["Effect"] == "Allow" and "Service" in s.get("Principal", {})}
    assert {"cloudwatch.amazonaws.com", "events.amazonaws.com", "dms.amazonaws.com"} <= publishers


def test_key_policy_lets_logs_and_publishers_use_the_key(monitored):
    _, t = monitored
    keys = resources(t, "AWS::KMS::Key").values()
    statements = [s for k in keys for s in k["Properties"]["KeyPolicy"]["Statement"]]
    services = []
    for s in statements:
        service = s.get("Principal", {}).get("Service")
        services += service if isinstance(service, list) else [service] if service else []
    assert {"cloudwatch.amazonaws.com", "events.amazonaws.com", "dms.amazonaws.com"} <= {s for s in services if isinstance(s, str)}
    assert {"Fn::Join": ["", ["logs.", {"Ref": "AWS::Region"}, ".amazonaws.com"]]} in services


def test_instance_events_rule_targets_the_topic(monitored):
    _, t = monitored
    rules = [r["Properties"] for r in resources(t, "AWS::Events::Rule").values()]
    (instance_rule,) = [r for r in rules if "DMS Replication Instance State Change" in r["EventPattern"]["detail-type"]]
    assert instance_rule["EventPattern"]["source"] == ["aws.dms"]
    assert "DMS Replication Instance Failover State" in instance_rule["EventPattern"]["detail-type"]
    assert len(instance_rule["Targets"]) == 1


def test_task_log_group_is_pre_created_with_retention_and_key(monitored):
    _, t = monitored
    groups = [g["Properties"] for g in resources(t, "AWS::Logs::LogGroup").values() if g["Properties"].get("LogGroupName") == "dms-tasks-orders"]
    assert len(groups) == 1
    assert groups[0]["RetentionInDays"] == 365
    assert "KmsKeyId" in groups[0]


def test_email_subscription_and_dms_event_subscription(monitored):
    _, t = monitored
    (sub,) = resources(t, "AWS::SNS::Subscription").values()
    assert sub["Properties"]["Endpoint"] == "oncall@example.com"
    (events_sub,) = resources(t, "AWS::DMS::EventSubscription").values()
    assert events_sub["Properties"]["SourceType"] == "replication-instance"
    assert events_sub["Properties"]["SourceIds"] == ["orders"]


def test_dashboard_per_wave(monitored):
    _, t = monitored
    (dashboard,) = resources(t, "AWS::CloudWatch::Dashboard").values()
    assert dashboard["Properties"]["DashboardName"] == "dms-orders"


def test_thresholds_differ_per_environment(reference_app):
    _, stages, _ = reference_app
    cdc = {s.config.name: s.config.alarms.cdc_latency.to_seconds() for s in stages}
    assert cdc["prod"] < cdc["staging"] < cdc["dev"]
    for stage in stages:
        template = stage.synth().get_stack_artifact(stage.migration.artifact_id).template
        cpu = [r["Properties"]["Threshold"] for r in resources(template, "AWS::CloudWatch::Alarm").values() if r["Properties"]["MetricName"] == "CPUUtilization"]
        assert cpu and set(cpu) == {ENVIRONMENTS[stage.config.name].alarms.cpu_utilization_percent}


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(cpu_utilization_percent=0), "AlarmThresholds.cpu_utilization_percent: must be between 1 and 100 percent (got 0); choose a value in 1..100"),
        (dict(free_storage_percent=150), "AlarmThresholds.free_storage_percent: must be between 1 and 100 percent (got 150); choose a value in 1..100"),
        (dict(evaluation_periods=0), "AlarmThresholds.evaluation_periods: must be between 1 and 100 (got 0); choose a value in 1..100"),
        (dict(period=Duration.seconds(90)), "AlarmThresholds.period: must be a whole number of minutes, at least one (got '90 seconds'); use e.g. Duration.minutes(5)"),
        (dict(cdc_latency=Duration.seconds(0)), "AlarmThresholds.cdc_latency: must be at least one second (got '0 seconds'); use e.g. Duration.minutes(10)"),
    ],
)
def test_threshold_validation_messages(kwargs, message):
    with pytest.raises(DmsConfigError) as err:
        AlarmThresholds(**kwargs)
    assert str(err.value) == message


def test_email_validation_message():
    with pytest.raises(DmsConfigError) as err:
        Notifications(email_addresses=["oncall"])
    assert str(err.value) == "Notifications.email_addresses: is not an email address (got 'oncall'); use e.g. 'dba-oncall@example.com'"
