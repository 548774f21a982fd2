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


def assert_no_events_principal_on_a_topic_or_key(templates: list[dict]) -> None:
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
    assert_no_events_principal_on_a_topic_or_key([monitored[1]])


def test_no_reference_app_template_grants_events_amazonaws_com_on_a_topic_or_key(reference_templates):
    templates = [t for stacks in reference_templates.values() for t in stacks.values()]
    assert templates
    assert_no_events_principal_on_a_topic_or_key(templates)


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


# --- thresholds: every check, with its message ---------------------------------------------------------

_TYPE_FIX = "give a number, e.g. 80"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(cpu_utilization_percent="80"), f"AlarmThresholds.cpu_utilization_percent: must be int or float, not str (got '80'); {_TYPE_FIX}"),
        (dict(cpu_utilization_percent=101), "AlarmThresholds.cpu_utilization_percent: must be between 1 and 100 percent (got 101); choose a value in 1..100"),
        (dict(free_storage_percent="20"), f"AlarmThresholds.free_storage_percent: must be int or float, not str (got '20'); {_TYPE_FIX}"),
        (dict(free_storage_percent=0), "AlarmThresholds.free_storage_percent: must be between 1 and 100 percent (got 0); choose a value in 1..100"),
        (dict(capacity_utilization_percent="90"), f"AlarmThresholds.capacity_utilization_percent: must be int or float, not str (got '90'); {_TYPE_FIX}"),
        (dict(capacity_utilization_percent=0.5), "AlarmThresholds.capacity_utilization_percent: must be between 1 and 100 percent (got 0.5); choose a value in 1..100"),
        (dict(capacity_utilization_percent=100.5), "AlarmThresholds.capacity_utilization_percent: must be between 1 and 100 percent (got 100.5); choose a value in 1..100"),
        (dict(freeable_memory_mib="256"), "AlarmThresholds.freeable_memory_mib: must be int or float, not str (got '256'); give a number of MiB, e.g. 256"),
        (dict(freeable_memory_mib=0), "AlarmThresholds.freeable_memory_mib: must be between 1 and 1048576 MiB (got 0); choose a value in 1..1048576"),
        (dict(swap_usage_mib="512"), "AlarmThresholds.swap_usage_mib: must be int or float, not str (got '512'); give a number of MiB, e.g. 256"),
        (dict(swap_usage_mib=1048577), "AlarmThresholds.swap_usage_mib: must be between 1 and 1048576 MiB (got 1048577); choose a value in 1..1048576"),
        (dict(evaluation_periods=101), "AlarmThresholds.evaluation_periods: must be between 1 and 100 (got 101); choose a value in 1..100"),
        (dict(evaluation_periods=2.0), "AlarmThresholds.evaluation_periods: must be a whole number from 1 to 100 (got 2.0); give an int, e.g. 1"),
        (dict(period=300), "AlarmThresholds.period: must be Duration, not int (got 300); use a Duration, e.g. Duration.minutes(5)"),
        (dict(cdc_latency=600), "AlarmThresholds.cdc_latency: must be Duration, not int (got 600); use a Duration, e.g. Duration.minutes(5)"),
        (dict(period=Duration.seconds(30)), "AlarmThresholds.period: must be a whole number of minutes, at least one (got '30 seconds'); use e.g. Duration.minutes(5)"),
        (dict(period=Duration.millis(500)), "AlarmThresholds.period: must be a whole number of minutes, at least one (got '500 milliseconds'); use e.g. Duration.minutes(5)"),
        (dict(period=Duration.seconds(150)), "AlarmThresholds.period: must be a whole number of minutes, at least one (got '150 seconds'); use e.g. Duration.minutes(5)"),
        # CloudWatch: period x evaluation periods <= one day below one-hour periods, <= seven days from one hour.
        (dict(period=Duration.minutes(15), evaluation_periods=97), "AlarmThresholds.evaluation_periods: times the period (15 minutes) exceeds the one day (periods under an hour) an alarm can evaluate (got 97); lower evaluation_periods or the period"),
        (dict(period=Duration.minutes(59), evaluation_periods=25), "AlarmThresholds.evaluation_periods: times the period (59 minutes) exceeds the one day (periods under an hour) an alarm can evaluate (got 25); lower evaluation_periods or the period"),
        (dict(period=Duration.hours(2), evaluation_periods=85), "AlarmThresholds.evaluation_periods: times the period (2 hours) exceeds the seven days an alarm can evaluate (got 85); lower evaluation_periods or the period"),
        (dict(cdc_latency=Duration.millis(999)), "AlarmThresholds.cdc_latency: must be at least one second (got '999 milliseconds'); use e.g. Duration.minutes(10)"),
        (dict(cdc_latency=Duration.millis(1500)), "AlarmThresholds.cdc_latency: must be a whole number of seconds (the alarm threshold is in seconds) (got '1500 milliseconds'); use e.g. Duration.seconds(90)"),
    ],
)
def test_every_threshold_check_and_its_message(kwargs, message):
    with pytest.raises(DmsConfigError) as err:
        AlarmThresholds(**kwargs)
    assert str(err.value) == message


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(cpu_utilization_percent=1, free_storage_percent=100, capacity_utilization_percent=100),
        dict(freeable_memory_mib=1, swap_usage_mib=1048576),
        dict(period=Duration.minutes(1), evaluation_periods=100),
        dict(period=Duration.minutes(15), evaluation_periods=96),  # exactly one day
        dict(period=Duration.hours(1), evaluation_periods=100),  # from one hour, seven days apply
        dict(period=Duration.hours(2), evaluation_periods=84),  # exactly seven days
        dict(cdc_latency=Duration.seconds(1)),
    ],
)
def test_thresholds_at_the_limits_are_accepted(kwargs):
    thresholds = AlarmThresholds(**kwargs)
    for name, value in kwargs.items():
        assert getattr(thresholds, name) is value


def test_threshold_defaults():
    t = AlarmThresholds()
    assert (t.cpu_utilization_percent, t.freeable_memory_mib, t.swap_usage_mib, t.free_storage_percent, t.capacity_utilization_percent) == (80, 256, 512, 20, 90)
    assert (t.cdc_latency.to_seconds(), t.period.to_seconds(), t.evaluation_periods) == (600, 300, 3)


@pytest.mark.parametrize(
    "addresses, message",
    [
        (["x@y"], "Notifications.email_addresses: is not an email address (got 'x@y'); use e.g. 'dba-oncall@example.com'"),
        (["a b@example.com"], "Notifications.email_addresses: is not an email address (got 'a b@example.com'); use e.g. 'dba-oncall@example.com'"),
        (["@example.com"], "Notifications.email_addresses: is not an email address (got '@example.com'); use e.g. 'dba-oncall@example.com'"),
        (["oncall@example.com", "z"], "Notifications.email_addresses: is not an email address (got 'z'); use e.g. 'dba-oncall@example.com'"),
        ("oncall@example.com", "Notifications.email_addresses: must be a list of strings, not one string (got 'oncall@example.com'); write ['oncall@example.com']"),
        ([""], "Notifications.email_addresses: is not a non-empty string (got ''); give e.g. ['dba-oncall@example.com']"),
    ],
)
def test_every_email_check_and_its_message(addresses, message):
    with pytest.raises(DmsConfigError) as err:
        Notifications(email_addresses=addresses)
    assert str(err.value) == message


def test_notification_defaults():
    n = Notifications(email_addresses=["a@b.co"])
    assert (tuple(n.extra_topics), n.notify_on_ok, n.dms_event_subscription) == ((), False, False)


def test_names_and_durations_in_alarm_names_and_messages():
    from dms_constructs.monitoring import _as_seconds, _kebab, _rule_name

    assert [_kebab("CdcLatencySource"), _kebab("Cpu"), _kebab("cpu")] == ["cdc-latency-source", "cpu", "cpu"]
    assert [_as_seconds(90_000), _as_seconds(1500), _as_seconds(0)] == ["90 seconds", "1500 milliseconds", "0 seconds"]
    # 64 characters is EventBridge's limit: kept as it is up to there, shortened with a hash beyond.
    assert _rule_name("b" * 54, "tasks") == "dms-" + "b" * 54 + "-tasks"
    assert _rule_name("b" * 55, "tasks") == "dms-" + "b" * 45 + "-e8b4faae-tasks"  # sha256 of the full name
    assert _rule_name("a" * 50, "serverless") == "dms-" + "a" * 40 + "-78e53b8f-serverless"


# --- one wave, every alarm, rule, subscription and dashboard row written out ------------------------------


@pytest.fixture(scope="module")
def alarmed() -> dict:
    """Wave `orders` (50 GiB instance, removal DESTROY) with thresholds unlike the defaults, an extra topic,
    no OK notifications, DMS event subscriptions, a CDC task `orders` and a full-load task `history`."""
    from aws_cdk import RemovalPolicy
    from aws_cdk import aws_ec2 as ec2
    from aws_cdk import aws_sns as sns

    from dms_constructs import DatabaseEndpoint, EndpointCredentials
    from dms_constructs.table_mappings import TableMappings
    from dms_constructs.tasks import MigrationType

    def pg(host: str, cidr: str) -> DatabaseEndpoint:
        return DatabaseEndpoint.postgresql(host=host, database_name="app", peer=ec2.Peer.ipv4(cidr),
                                           credentials=EndpointCredentials.generate(username="dms_user", no_rotation_reason="test database outside AWS"))

    stack = env_stack()
    pager = sns.Topic.from_topic_arn(stack, "Pager", "arn:aws:sns:eu-west-1:123456789012:pager")
    wave = MigrationWave(
        stack, "Orders", network=routed_network(stack), removal_policy=RemovalPolicy.DESTROY,
        capacity=ReplicationInstanceCapacity(allocated_storage_gib=50),
        alarms=AlarmThresholds(cpu_utilization_percent=70, freeable_memory_mib=300, swap_usage_mib=600, free_storage_percent=10,
                               cdc_latency=Duration.seconds(90), period=Duration.minutes(10), evaluation_periods=4),
        notifications=Notifications(extra_topics=[pager], dms_event_subscription=True),
    )
    source, target = wave.add_source("src", pg("src.example.com", "10.1.0.0/16")), wave.add_target("tgt", pg("tgt.example.com", "10.2.0.0/16"))
    wave.add_task("orders", source=source, target=target, table_mappings=TableMappings().include("orders", "%"))
    wave.add_task("history", source=source, target=target, table_mappings=TableMappings().include("history", "%"), migration_type=MigrationType.FULL_LOAD)
    return Template.from_stack(stack).to_json()


_TOPIC = {"Ref": "OrdersMonitoringTopic8540CF42"}
_PAGER = "arn:aws:sns:eu-west-1:123456789012:pager"
_INSTANCE = {"Name": "ReplicationInstanceIdentifier", "Value": "orders-instance-dms"}
_ORDERS_TASK = {"Name": "ReplicationTaskIdentifier", "Value": {"Fn::Select": [6, {"Fn::Split": [":", {"Ref": "OrdersTasksordersA94E61FE"}]}]}}
#: logical id -> (name, description, metric, statistic, comparison, threshold, dimensions); all: AWS/DMS,
#: 600 s, 4 evaluation periods, missing data not breaching, both topics notified, no OK actions.
_EXPECTED_ALARMS = {
    "OrdersMonitoringInstanceCpuUtilization786129C8": ("dms-orders-cpu-utilization", "DMS orders: CPU above 70%.", "CPUUtilization", "Average", "GreaterThanThreshold", 70, [_INSTANCE]),
    "OrdersMonitoringInstanceFreeableMemory34B21845": ("dms-orders-freeable-memory", "DMS orders: freeable memory below 300 MiB.", "FreeableMemory", "Average", "LessThanThreshold", 300 * 1024 * 1024, [_INSTANCE]),
    "OrdersMonitoringInstanceSwapUsage841B6A6F": ("dms-orders-swap-usage", "DMS orders: swap above 600 MiB.", "SwapUsage", "Average", "GreaterThanThreshold", 600 * 1024 * 1024, [_INSTANCE]),
    "OrdersMonitoringInstanceFreeStorageSpace9BA07F89": ("dms-orders-free-storage-space", "DMS orders: free storage below 10% of 50 GiB.", "FreeStorageSpace", "Average", "LessThanThreshold", 5 * 1024**3, [_INSTANCE]),
    "OrdersMonitoringTaskordersCdcLatencySourceA91A0A2A": ("dms-orders-orders-cdc-latency-source", "DMS orders-orders: CDC source latency above 90 s.", "CDCLatencySource", "Maximum", "GreaterThanThreshold", 90, [_INSTANCE, _ORDERS_TASK]),
    "OrdersMonitoringTaskordersCdcLatencyTarget7EA3E0DD": ("dms-orders-orders-cdc-latency-target", "DMS orders-orders: CDC target latency above 90 s.", "CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 90, [_INSTANCE, _ORDERS_TASK]),
}


def test_every_alarm_of_a_wave_written_out(alarmed):
    alarms = {k: v["Properties"] for k, v in resources(alarmed, "AWS::CloudWatch::Alarm").items()}
    assert set(alarms) == set(_EXPECTED_ALARMS)  # the full-load task `history` has no CDC latency alarm
    for logical_id, (name, description, metric, statistic, comparison, threshold, dimensions) in _EXPECTED_ALARMS.items():
        assert alarms[logical_id] == {
            "AlarmActions": [_TOPIC, _PAGER], "AlarmDescription": description, "AlarmName": name,
            "ComparisonOperator": comparison, "Dimensions": dimensions, "EvaluationPeriods": 4, "MetricName": metric,
            "Namespace": "AWS/DMS", "Period": 600, "Statistic": statistic, "Tags": [{"Key": "MigrationWave", "Value": "Orders"}],
            "Threshold": threshold, "TreatMissingData": "notBreaching",
        }, logical_id


_ROLE = {"Fn::GetAtt": ["OrdersMonitoringEventsRole8034549E", "Arn"]}
_TARGETS = [{"Arn": _TOPIC, "Id": "Target0", "RoleArn": _ROLE}, {"Arn": _PAGER, "Id": "Target1", "RoleArn": _ROLE}]


def test_event_rules_of_the_instance_and_the_tasks(alarmed):
    rules = {r["Properties"]["Name"]: r["Properties"] for r in resources(alarmed, "AWS::Events::Rule").values()}
    assert rules["dms-orders-instance"] == {
        "Description": "DMS instance orders-instance-dms: state changes, failover and low storage",
        "EventPattern": {"detail-type": ["DMS Replication Instance State Change", "DMS Replication Instance Failover State",
                                         "DMS Replication Instance Storage State Change"],
                         "resources": [{"Ref": "OrdersReplicationInstance78E40215"}], "source": ["aws.dms"]},
        "Name": "dms-orders-instance", "State": "ENABLED", "Tags": [{"Key": "MigrationWave", "Value": "Orders"}], "Targets": _TARGETS,
    }
    # One rule for every task of the wave (both tasks listed), not one per task.
    assert rules["dms-orders-tasks"] == {
        "Description": "DMS tasks of wave Orders: state changes and failures",
        "EventPattern": {"detail-type": ["DMS Replication Task State Change"],
                         "resources": [{"Ref": "OrdersTasksordersA94E61FE"}, {"Ref": "OrdersTaskshistoryD5C8AB58"}], "source": ["aws.dms"]},
        "Name": "dms-orders-tasks", "State": "ENABLED", "Tags": [{"Key": "MigrationWave", "Value": "Orders"}], "Targets": _TARGETS,
    }
    assert set(rules) == {"dms-orders-instance", "dms-orders-tasks", "dms-orders-log"}


def test_events_role_trusts_both_rules_and_publishes_to_both_topics(alarmed):
    (role,) = [r for k, r in resources(alarmed, "AWS::IAM::Role").items() if k.startswith("OrdersMonitoringEventsRole")]
    rule = lambda name: {"Fn::Join": ["", ["arn:", _PARTITION, f":events:eu-west-1:123456789012:rule/{name}"]]}  # noqa: E731
    assert role["Properties"]["AssumeRolePolicyDocument"]["Statement"] == [
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
         "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"},
                       "ArnEquals": {"aws:SourceArn": [rule("dms-orders-instance"), rule("dms-orders-tasks")]}}},
    ]
    assert role["Properties"]["Description"] == "Lets the EventBridge rules of DMS migration wave Orders publish to its topics."
    (_, policy) = _only(alarmed, "AWS::IAM::ManagedPolicy", "OrdersMonitoringEventsPolicy")
    # The imported pager topic has no known key: only the wave's key is granted.
    assert policy["Properties"]["PolicyDocument"]["Statement"] == [
        {"Action": "sns:Publish", "Effect": "Allow", "Resource": [_TOPIC, _PAGER]},
        {"Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Effect": "Allow", "Resource": {"Fn::GetAtt": ["OrdersKeyFB6E0812", "Arn"]}},
    ]


def test_an_extra_topic_imported_with_its_key_lets_the_events_role_use_that_key_too():
    from aws_cdk import aws_sns as sns

    stack = env_stack()
    pager_key = "arn:aws:kms:eu-west-1:123456789012:key/11112222-3333-4444-5555-666677778888"
    pager = sns.Topic.from_topic_attributes(stack, "Pager", topic_arn=_PAGER, key_arn=pager_key)
    MigrationWave(stack, "Orders", network=routed_network(stack), notifications=Notifications(extra_topics=[pager]))
    (_, policy) = _only(Template.from_stack(stack).to_json(), "AWS::IAM::ManagedPolicy", "OrdersMonitoringEventsPolicy")
    assert policy["Properties"]["PolicyDocument"]["Statement"] == [
        {"Action": "sns:Publish", "Effect": "Allow", "Resource": [_TOPIC, _PAGER]},
        {"Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Effect": "Allow",
         "Resource": [{"Fn::GetAtt": ["OrdersKeyFB6E0812", "Arn"]}, pager_key]},
    ]


def test_dms_event_subscriptions_per_source_type(alarmed):
    subscriptions = {s["Properties"]["SubscriptionName"]: s["Properties"] for s in resources(alarmed, "AWS::DMS::EventSubscription").values()}
    tags = [{"Key": "MigrationWave", "Value": "Orders"}]
    # The names end in the first 8 hex digits of the SHA-256 of the source ids, one per line.
    assert subscriptions == {
        "dms-orders-instances-d80bd621": {
            "Enabled": True, "EventCategories": ["failure", "failover", "low storage", "configuration change", "deletion"],
            "SnsTopicArn": _TOPIC, "SourceIds": ["orders-instance-dms"], "SourceType": "replication-instance",
            "SubscriptionName": "dms-orders-instances-d80bd621", "Tags": tags},
        "dms-orders-tasks-23570067": {
            "Enabled": True, "EventCategories": ["failure", "state change", "deletion"], "SnsTopicArn": _TOPIC,
            "SourceIds": ["orders-orders-dms", "orders-history-dms"], "SourceType": "replication-task",
            "SubscriptionName": "dms-orders-tasks-23570067", "Tags": tags},
    }


def test_adding_a_task_renames_the_task_event_subscription_so_cloudformation_may_replace_it():
    # SourceIds and SubscriptionName are create-only: a new task replaces the subscription, which CloudFormation
    # refuses under an unchanged custom name ("cannot update a stack when a custom-named resource requires replacing").
    from aws_cdk import aws_ec2 as ec2

    from dms_constructs import DatabaseEndpoint, EndpointCredentials
    from dms_constructs.table_mappings import TableMappings

    def task_subscription(*tasks: str) -> dict[str, tuple[str, list[str]]]:
        stack = env_stack()
        wave = MigrationWave(stack, "Orders", network=routed_network(stack), notifications=Notifications(dms_event_subscription=True))
        credentials = EndpointCredentials.generate(username="dms_user", no_rotation_reason="test database outside AWS")
        source = wave.add_source("src", DatabaseEndpoint.postgresql(host="src.example.com", database_name="app", peer=ec2.Peer.ipv4("10.1.0.0/16"), credentials=credentials))
        target = wave.add_target("tgt", DatabaseEndpoint.postgresql(host="tgt.example.com", database_name="app", peer=ec2.Peer.ipv4("10.2.0.0/16"), credentials=credentials))
        for task in tasks:
            wave.add_task(task, source=source, target=target, table_mappings=TableMappings().include(task, "%"))
        found = resources(Template.from_stack(stack).to_json(), "AWS::DMS::EventSubscription")
        return {k: (v["Properties"]["SubscriptionName"], v["Properties"]["SourceIds"]) for k, v in found.items()
                if v["Properties"]["SourceType"] == "replication-task"}

    (logical_id,) = before = task_subscription("orders")
    assert before[logical_id] == ("dms-orders-tasks-4819c2cc", ["orders-orders-dms"])
    assert task_subscription("orders", "history") == {logical_id: ("dms-orders-tasks-23570067", ["orders-orders-dms", "orders-history-dms"])}


def test_destroyed_wave_task_log_group_is_deleted_with_it(alarmed):
    (_, group) = _only(alarmed, "AWS::Logs::LogGroup", "OrdersMonitoringInstanceTaskLogs")
    assert group == {
        "Type": "AWS::Logs::LogGroup",
        "Properties": {"KmsKeyId": {"Fn::GetAtt": ["OrdersKeyFB6E0812", "Arn"]}, "LogGroupName": "dms-tasks-orders-instance-dms",
                       "RetentionInDays": 365, "Tags": [{"Key": "MigrationWave", "Value": "Orders"}]},
        "UpdateReplacePolicy": "Delete", "DeletionPolicy": "Delete",
    }
    (_, instance) = _only(alarmed, "AWS::DMS::ReplicationInstance", "OrdersReplicationInstance")
    assert "OrdersMonitoringInstanceTaskLogs3179D067" in instance["DependsOn"]


def _dashboard_widgets(template: dict) -> list[dict]:
    """The dashboard body as JSON, each CloudFormation token replaced by `<token>`."""
    import json

    (dashboard,) = resources(template, "AWS::CloudWatch::Dashboard").values()
    parts = dashboard["Properties"]["DashboardBody"]["Fn::Join"][1]
    return json.loads("".join(p if isinstance(p, str) else "<token>" for p in parts))["widgets"]


def test_dashboard_rows_written_out(alarmed):
    rows = [
        (w["type"], w["width"], w["height"], w["properties"].get("title") or w["properties"].get("markdown"),
         [m[1] for m in w["properties"].get("metrics", [])], len(w["properties"].get("alarms", [])))
        for w in _dashboard_widgets(alarmed)
    ]
    assert rows == [
        ("text", 24, 1, "# DMS migration wave Orders", [], 0),
        ("metric", 6, 6, "Instance CPU %", ["CPUUtilization"], 0),
        ("metric", 6, 6, "Freeable memory / swap (bytes)", ["FreeableMemory", "SwapUsage"], 0),
        ("metric", 6, 6, "Free storage (bytes)", ["FreeStorageSpace"], 0),
        ("alarm", 6, 3, "Instance alarms", [], 4),
        ("metric", 8, 6, "orders: CDC latency (s)", ["CDCLatencySource", "CDCLatencyTarget"], 0),
        ("metric", 8, 6, "orders: throughput", ["FullLoadThroughputRowsTarget", "CDCThroughputRowsTarget", "CDCIncomingChanges"], 0),
        ("metric", 8, 6, "orders: validation", ["ValidationSucceededRecordCount", "ValidationFailedOverallCount", "ValidationPendingOverallCount"], 0),
        ("alarm", 24, 2, "orders: alarms", [], 2),
        ("metric", 8, 6, "history: CDC latency (s)", ["CDCLatencySource", "CDCLatencyTarget"], 0),
        ("metric", 8, 6, "history: throughput", ["FullLoadThroughputRowsTarget", "CDCThroughputRowsTarget", "CDCIncomingChanges"], 0),
        ("metric", 8, 6, "history: validation", ["ValidationSucceededRecordCount", "ValidationFailedOverallCount", "ValidationPendingOverallCount"], 0),
    ]
    widgets = _dashboard_widgets(alarmed)
    # The alarmed task's latency graph shows its alarms' metrics (10-minute period); the full-load task's the defaults.
    assert [m[-1] for m in widgets[5]["properties"]["metrics"]] == [{"period": 600, "stat": "Maximum"}] * 2
    assert [m[-1] for m in widgets[9]["properties"]["metrics"]] == [{"stat": "Maximum"}] * 2
    assert widgets[2]["properties"]["metrics"][1][-1] == {"yAxis": "right"}
    assert widgets[6]["properties"]["metrics"][2][-1] == {"stat": "Sum", "yAxis": "right"}


_CUT_OVER_REASON = (
    "The wave is CUT_OVER: its tasks are stopped on purpose, so their CDC latency and capacity alarms would only "
    "page about an intended stop; their actions come back when the wave returns to MIGRATING."
)


def test_cut_over_silences_only_the_task_alarms_and_acknowledges_why():
    import re

    from aws_cdk import aws_ec2 as ec2

    from dms_constructs import DatabaseEndpoint, EndpointCredentials
    from dms_constructs.phases import MigrationPhase
    from dms_constructs.table_mappings import TableMappings

    def pg(host: str, cidr: str) -> DatabaseEndpoint:
        return DatabaseEndpoint.postgresql(host=host, database_name="app", peer=ec2.Peer.ipv4(cidr),
                                           credentials=EndpointCredentials.generate(username="dms_user", no_rotation_reason="test database outside AWS"))

    stack = env_stack()
    wave = MigrationWave(stack, "Orders", network=routed_network(stack), phase=MigrationPhase.CUT_OVER)
    source, target = wave.add_source("src", pg("src.example.com", "10.1.0.0/16")), wave.add_target("tgt", pg("tgt.example.com", "10.2.0.0/16"))
    wave.add_task("orders", source=source, target=target, table_mappings=TableMappings().include("orders", "%"))
    t = Template.from_stack(stack).to_json()
    assert {r["Properties"]["AlarmName"]: r["Properties"].get("ActionsEnabled") for r in resources(t, "AWS::CloudWatch::Alarm").values()} == {
        "dms-orders-cpu-utilization": None, "dms-orders-freeable-memory": None, "dms-orders-swap-usage": None,
        "dms-orders-free-storage-space": None,
        "dms-orders-orders-cdc-latency-source": False, "dms-orders-orders-cdc-latency-target": False,
    }
    acknowledged = sorted(
        (c.node.path, re.sub(r"^annotation::", "", k, flags=re.I), v)
        for c in wave.node.find_all() if "Monitoring" in c.node.path
        for e in c.node.metadata if e.type == "aws:cdk:acknowledged-rules" for k, v in e.data.items()
    )
    assert acknowledged == [
        (f"Test/Orders/Monitoring/Task-orders/{alarm}/Resource", finding, _CUT_OVER_REASON)
        for alarm in ("CdcLatencySource", "CdcLatencyTarget")
        for finding in ("HIPAA.Security-CloudWatchAlarmAction", "NIST.800.53.R5-CloudWatchAlarmAction", "PCI.DSS.321-CloudWatchAlarmAction")
    ]


# --- L1 resources at the L2 construct paths (issue #13) -------------------------------------------------------


def test_dashboard_positions_written_out(alarmed):
    # As cloudwatch.Dashboard laid them out: rows one below the other, a row wrapping below its tallest widget.
    assert [(w["x"], w["y"]) for w in _dashboard_widgets(alarmed)] == [
        (0, 0),
        (0, 1), (6, 1), (12, 1), (18, 1),
        (0, 7), (8, 7), (16, 7), (0, 13),
        (0, 15), (8, 15), (16, 15),
    ]


def test_public_monitoring_resources_are_l1_at_the_l2_paths(monitored):
    from aws_cdk import Stack
    from aws_cdk import aws_cloudwatch as cloudwatch
    from aws_cdk import aws_iam as iam

    wave, _ = monitored
    monitoring = wave.monitoring
    assert all(isinstance(a, cloudwatch.CfnAlarm) for a in monitoring.alarms)
    assert [a.node.path for a in monitoring.alarms] == [
        f"Test/Orders/Monitoring/Instance/{name}/Resource" for name in ("CpuUtilization", "FreeableMemory", "SwapUsage", "FreeStorageSpace")
    ]
    assert [a.alarm_name for a in monitoring.alarms] == [
        "dms-orders-cpu-utilization", "dms-orders-freeable-memory", "dms-orders-swap-usage", "dms-orders-free-storage-space"]
    assert monitoring.task_alarms == {}
    assert isinstance(monitoring.dashboard, cloudwatch.CfnDashboard)
    assert monitoring.dashboard.node.path == "Test/Orders/Monitoring/Dashboard/Resource"
    assert isinstance(monitoring.events_role, iam.CfnRole)
    assert monitoring.events_role.node.path == "Test/Orders/Monitoring/EventsRole/Resource"
    # The documented way to an IAlarm.
    stack = Stack.of(wave)
    imported = cloudwatch.Alarm.from_alarm_arn(stack, "ImportedCpu", monitoring.alarms[0].attr_arn)
    assert stack.resolve(imported.alarm_arn) == {"Fn::GetAtt": ["OrdersMonitoringInstanceCpuUtilization786129C8", "Arn"]}


def test_add_widgets_adds_a_row_below_the_waves_rows():
    from aws_cdk import aws_cloudwatch as cloudwatch

    stack = env_stack()
    wave = MigrationWave(stack, "Orders", network=routed_network(stack))
    wave.monitoring.add_widgets()  # nothing to add: no row
    wave.monitoring.add_widgets(cloudwatch.TextWidget(markdown="extra", width=12, height=2),
                                cloudwatch.TextWidget(markdown="more", width=18, height=3))
    widgets = _dashboard_widgets(Template.from_stack(stack).to_json())
    assert widgets[-3:] == [
        {"type": "alarm", "width": 6, "height": 3, "x": 18, "y": 1, "properties": {"title": "Instance alarms", "alarms": ["<token>"] * 4}},
        {"type": "text", "width": 12, "height": 2, "x": 0, "y": 7, "properties": {"markdown": "extra"}},
        {"type": "text", "width": 18, "height": 3, "x": 0, "y": 9, "properties": {"markdown": "more"}},
    ]


def test_metric_spec_renders_like_cloudwatch_metric():
    from dms_constructs.metrics import metric_spec

    latency = metric_spec("CDCLatencySource", {"ReplicationInstanceIdentifier": "i", "ReplicationTaskIdentifier": "t"}, period_seconds=600)
    assert latency.graph_json() == ["AWS/DMS", "CDCLatencySource", "ReplicationInstanceIdentifier", "i", "ReplicationTaskIdentifier", "t",
                                    {"period": 600, "stat": "Maximum"}]
    assert metric_spec("CDCIncomingChanges", {"A": "a"}).graph_json("right") == ["AWS/DMS", "CDCIncomingChanges", "A", "a", {"stat": "Sum", "yAxis": "right"}]
    assert metric_spec("CPUUtilization", {"A": "a"}).graph_json() == ["AWS/DMS", "CPUUtilization", "A", "a"]
    props = latency.alarm_properties()
    assert [(d.name, d.value) for d in props.pop("dimensions")] == [("ReplicationInstanceIdentifier", "i"), ("ReplicationTaskIdentifier", "t")]
    assert props == {"namespace": "AWS/DMS", "metric_name": "CDCLatencySource", "statistic": "Maximum", "period": 600}


def test_an_existing_instance_is_its_owners_to_watch():
    """A wave on an existing replication instance adds no instance alarm, events rule or task log group for it."""
    from aws_cdk import aws_ec2 as ec2

    from dms_constructs import ExistingReplicationInstance

    stack = env_stack()
    security_group = ec2.SecurityGroup.from_security_group_id(stack, "RiSg", "sg-0bbbbbbbbbbbbbbbb", allow_all_outbound=False, mutable=True)
    instance = ExistingReplicationInstance.from_replication_instance_attributes(
        stack, "Ri", instance_arn="arn:aws:dms:eu-west-1:123456789012:rep:INSTANCE1234567890ABCD",
        identifier="shared-instance", security_groups=[security_group],
    )
    MigrationWave(stack, "Orders", network=routed_network(stack), capacity=instance)
    t = Template.from_stack(stack).to_json()
    assert resources(t, "AWS::CloudWatch::Alarm") == {}
    instance_rules = [rule_id for rule_id, rule in resources(t, "AWS::Events::Rule").items()
                      if "DMS Replication Instance State Change" in str(rule["Properties"].get("EventPattern"))]
    assert instance_rules == []
    assert [g["Properties"]["LogGroupName"] for g in resources(t, "AWS::Logs::LogGroup").values()
            if "dms-tasks" in str(g["Properties"].get("LogGroupName"))] == []


def test_the_events_role_trust_policy_names_its_grammar_version(monitored):
    _, t = monitored
    (_, role) = _only(t, "AWS::IAM::Role", "OrdersMonitoringEventsRole")
    assert role["Properties"]["AssumeRolePolicyDocument"]["Version"] == "2012-10-17"


def test_every_metric_widget_is_a_time_series_graph(alarmed):
    assert [w["properties"]["view"] for w in _dashboard_widgets(alarmed) if w["type"] == "metric"] == ["timeSeries"] * 9


def test_an_imported_key_warns_what_its_policy_must_allow_and_an_own_key_does_not():
    from aws_cdk import aws_kms as kms
    from aws_cdk.assertions import Annotations, Match

    stack = env_stack()
    key = kms.Key.from_key_arn(stack, "Central", "arn:aws:kms:eu-west-1:123456789012:key/0123abcd-0123-4567-89ab-0123456789ab")
    MigrationWave(stack, "Orders", network=routed_network(stack), encryption_key=key)
    own_stack = env_stack(id="Own")
    own = kms.Key(own_stack, "Own")
    MigrationWave(own_stack, "Orders", network=routed_network(own_stack), encryption_key=own)
    warnings = Annotations.from_stack(stack).find_warning("/Test/Orders", Match.string_like_regexp("imported"))
    assert [w.entry.data for w in warnings] == [
        "MigrationWave(Orders).encryption_key is imported, so its key policy cannot be extended here. It must allow: "
        "logs.<region>.amazonaws.com to use the key for this account's log groups (condition kms:EncryptionContext:aws:logs:arn), "
        "or the wave's log groups fail to create; cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey* for this "
        "account's alarms dms-orders-*, or alarm notifications to the wave's encrypted topic are dropped; and dms.amazonaws.com "
        "the same, with Notifications(dms_event_subscription=True) or serverless premigration assessments. Or leave "
        "encryption_key unset: the wave then creates its own key with these statements. "
        "[ack: dms-constructs:imported-key-policy]"
    ]
    assert Annotations.from_stack(own_stack).find_warning("*", Match.string_like_regexp("imported")) == []
