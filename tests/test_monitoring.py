"""Monitoring of a wave: alarms from typed thresholds, events, encrypted topic, log groups, dashboard."""

from __future__ import annotations

import pytest
from aws_cdk import Duration
from aws_cdk.assertions import Template

from dms_constructs import AlarmThresholds, DmsConfigError, MigrationWave, Notifications, ReplicationInstanceCapacity

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
        assert props["Dimensions"] == [{"Name": "ReplicationInstanceIdentifier", "Value": "orders-instance-dms"}]
        assert props["AlarmActions"] == [{"Ref": topic_id}]
        assert props["OKActions"] == [{"Ref": topic_id}]
        assert props["AlarmName"].startswith("dms-orders-")


def test_free_storage_threshold_is_a_share_of_allocated_storage(monitored):
    _, t = monitored
    props = _alarms(t)["FreeStorageSpace"]
    assert props["Threshold"] == 100 * 1024**3 * 0.25
    assert props["ComparisonOperator"] == "LessThanThreshold"


_PARTITION = {"Ref": "AWS::Partition"}
_ALARMS = {"Fn::Join": ["", ["arn:", _PARTITION, ":cloudwatch:eu-west-1:123456789012:alarm:dms-orders-*"]]}


def _only(t: dict, type_: str, prefix: str) -> tuple[str, dict]:
    (item,) = [(k, v) for k, v in resources(t, type_).items() if k.startswith(prefix)]
    return item


def test_topic_policy_grants_publishers_only_with_source_conditions(monitored):
    _, t = monitored
    (topic_id, topic) = _only(t, "AWS::SNS::Topic", "OrdersMonitoringTopic")
    assert topic["Properties"]["KmsMasterKeyId"] == {"Fn::GetAtt": ["OrdersKeyFB6E0812", "Arn"]}
    (policy,) = resources(t, "AWS::SNS::TopicPolicy").values()
    ref = {"Ref": topic_id}
    assert policy["Properties"]["PolicyDocument"]["Statement"] == [
        {"Action": "sns:Publish", "Condition": {"Bool": {"aws:SecureTransport": "false"}}, "Effect": "Deny",
         "Principal": "*", "Resource": ref, "Sid": "AllowPublishThroughSSLOnly"},
        {"Action": "sns:Publish",
         "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}, "ArnLike": {"aws:SourceArn": _ALARMS}},
         "Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"}, "Resource": ref, "Sid": "AllowCloudwatchPublish"},
        {"Action": "sns:Publish", "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}},
         "Effect": "Allow", "Principal": {"Service": "dms.amazonaws.com"}, "Resource": ref, "Sid": "AllowDmsPublish"},
    ]


def _assert_no_events_principal_on_a_topic_or_key(templates: list[dict]) -> None:
    for template in templates:
        for type_, path in (("AWS::SNS::TopicPolicy", "PolicyDocument"), ("AWS::KMS::Key", "KeyPolicy")):
            for r in resources(template, type_).values():
                for statement in r["Properties"][path]["Statement"]:
                    principal = statement.get("Principal")
                    service = principal.get("Service", []) if isinstance(principal, dict) else []
                    assert "events.amazonaws.com" not in (service if isinstance(service, list) else [service])


# Two tests, not one: the reference app's templates are built on one worker (tests/conftest.py groups its
# tests), this module's wave on whichever worker runs the module; together they would build the wave twice.
def test_no_template_grants_events_amazonaws_com_on_a_topic_or_key(monitored):
    _assert_no_events_principal_on_a_topic_or_key([monitored[1]])


def test_no_reference_app_template_grants_events_amazonaws_com_on_a_topic_or_key(reference_templates):
    templates = [t for stacks in reference_templates.values() for t in stacks.values()]
    assert templates
    _assert_no_events_principal_on_a_topic_or_key(templates)


def test_key_policy_grants_publishers_only_with_source_conditions(monitored):
    _, t = monitored
    (_, key) = _only(t, "AWS::KMS::Key", "OrdersKey")
    statements = key["Properties"]["KeyPolicy"]["Statement"]
    logs_principal = {"Fn::Join": ["", ["logs.", {"Ref": "AWS::Region"}, ".amazonaws.com"]]}
    assert [s["Principal"] for s in statements] == [
        {"AWS": {"Fn::Join": ["", ["arn:", _PARTITION, ":iam::123456789012:root"]]}},
        {"Service": logs_principal},
        {"Service": "cloudwatch.amazonaws.com"},
        {"Service": "dms.amazonaws.com"},
    ]
    assert statements[2] == {
        "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
        "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}, "ArnLike": {"aws:SourceArn": _ALARMS}},
        "Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"}, "Resource": "*",
    }
    assert statements[3] == {
        "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
        "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}},
        "Effect": "Allow", "Principal": {"Service": "dms.amazonaws.com"}, "Resource": "*",
    }


def test_without_a_dms_event_subscription_dms_may_not_publish():
    stack = env_stack()
    MigrationWave(stack, "Orders", availability_zones=AZS)
    t = Template.from_stack(stack).to_json()
    (policy,) = resources(t, "AWS::SNS::TopicPolicy").values()
    assert [s["Sid"] for s in policy["Properties"]["PolicyDocument"]["Statement"]] == ["AllowPublishThroughSSLOnly", "AllowCloudwatchPublish"]
    (_, key) = _only(t, "AWS::KMS::Key", "OrdersKey")
    assert "dms.amazonaws.com" not in str(key["Properties"]["KeyPolicy"])


def test_rules_publish_through_a_role_trusted_only_by_the_waves_rules(monitored):
    _, t = monitored
    (role_id, role) = _only(t, "AWS::IAM::Role", "OrdersMonitoringEventsRole")
    rule_arn = {"Fn::Join": ["", ["arn:", _PARTITION, ":events:eu-west-1:123456789012:rule/dms-orders-instance"]]}
    assert role["Properties"]["AssumeRolePolicyDocument"]["Statement"] == [
        {"Action": "sts:AssumeRole",
         "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}, "ArnEquals": {"aws:SourceArn": [rule_arn]}},
         "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}},
    ]
    assert "Policies" not in role["Properties"]
    (_, policy) = _only(t, "AWS::IAM::ManagedPolicy", "OrdersMonitoringEventsPolicy")
    assert policy["Properties"]["Roles"] == [{"Ref": role_id}]
    assert policy["Properties"]["PolicyDocument"]["Statement"] == [
        {"Action": "sns:Publish", "Effect": "Allow", "Resource": {"Ref": "OrdersMonitoringTopic8540CF42"}},
        {"Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Effect": "Allow", "Resource": {"Fn::GetAtt": ["OrdersKeyFB6E0812", "Arn"]}},
    ]


def test_instance_events_rule_targets_the_topic_through_the_role(monitored):
    _, t = monitored
    rules = [r["Properties"] for r in resources(t, "AWS::Events::Rule").values()]
    # (the migration log's rule matches every detail type: it has none)
    (instance_rule,) = [r for r in rules if "DMS Replication Instance State Change" in r["EventPattern"].get("detail-type", [])]
    assert instance_rule["Name"] == "dms-orders-instance"
    assert instance_rule["EventPattern"]["source"] == ["aws.dms"]
    assert "DMS Replication Instance Failover State" in instance_rule["EventPattern"]["detail-type"]
    assert instance_rule["Targets"] == [
        {"Arn": {"Ref": "OrdersMonitoringTopic8540CF42"}, "Id": "Target0",
         "RoleArn": {"Fn::GetAtt": ["OrdersMonitoringEventsRole8034549E", "Arn"]}},
    ]


def test_task_rules_join_the_role_trust_and_long_names_are_shortened():
    from dms_constructs.monitoring import _rule_name

    assert _rule_name("orders", "tasks") == "dms-orders-tasks"
    long_name = _rule_name("a" * 50, "serverless")
    assert len(long_name) == 64 and long_name.startswith("dms-" + "a" * 40) and long_name.endswith("-serverless")
    assert long_name != _rule_name("a" * 49 + "b", "serverless")


def test_task_log_group_is_pre_created_with_retention_and_key(monitored):
    _, t = monitored
    groups = [g["Properties"] for g in resources(t, "AWS::Logs::LogGroup").values() if g["Properties"].get("LogGroupName") == "dms-tasks-orders-instance-dms"]
    assert len(groups) == 1
    assert groups[0]["RetentionInDays"] == 365
    assert "KmsKeyId" in groups[0]


def test_email_subscription_and_dms_event_subscription(monitored):
    _, t = monitored
    (sub,) = resources(t, "AWS::SNS::Subscription").values()
    assert sub["Properties"]["Endpoint"] == "oncall@example.com"
    (events_sub,) = resources(t, "AWS::DMS::EventSubscription").values()
    assert events_sub["Properties"]["SourceType"] == "replication-instance"
    assert events_sub["Properties"]["SourceIds"] == ["orders-instance-dms"]


def test_dashboard_per_wave(monitored):
    _, t = monitored
    (dashboard,) = resources(t, "AWS::CloudWatch::Dashboard").values()
    assert dashboard["Properties"]["DashboardName"] == "dms-orders"


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
