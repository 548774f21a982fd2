"""The migration log: one EventBridge rule per wave that sends every DMS event of the wave's resources to a
retained, KMS-encrypted log group, and one plain `AWS::Logs::ResourcePolicy` per stack that lets EventBridge
write there (the compliance packs run over the same wave in tests/test_phases.py)."""

from __future__ import annotations

import json

import pytest
from aws_cdk import App, RemovalPolicy

from dms_constructs import DmsServiceRoles, MigrationWave, ServerlessCapacity
from dms_constructs.migration_log import migration_log_rule_name
from dms_constructs.phases import MigrationPhase

from .conftest import AZS, env_stack
from .helpers import resources
from .test_phases import _build


@pytest.fixture(scope="module")
def template() -> dict:
    return _build(MigrationPhase.MIGRATING, checks=False)


def _by_path(template: dict, type_: str, path: str) -> tuple[str, dict]:
    (found,) = [(lid, r) for lid, r in resources(template, type_).items() if r["Metadata"]["aws:cdk:path"] == path]
    return found


def test_log_group_is_named_for_the_wave_encrypted_with_its_key_kept_a_year(template):
    _, group = _by_path(template, "AWS::Logs::LogGroup", "Test/W/MigrationLog/LogGroup/Resource")
    (key,) = [lid for lid, r in resources(template, "AWS::KMS::Key").items() if r["Metadata"]["aws:cdk:path"] == "Test/W/Key/Resource/Resource"]
    assert group["Properties"]["LogGroupName"] == "/aws/events/dms/w"
    assert group["Properties"]["KmsKeyId"] == {"Fn::GetAtt": [key, "Arn"]}
    assert group["Properties"]["RetentionInDays"] == 365
    assert group["DeletionPolicy"] == "RetainExceptOnCreate"
    assert group["UpdateReplacePolicy"] == "Retain"


def test_rule_sends_every_dms_event_of_the_waves_resources_to_the_log_group(template):
    lid, rule = _by_path(template, "AWS::Events::Rule", "Test/W/MigrationLog/Rule")
    props = rule["Properties"]
    refs = {r["Metadata"]["aws:cdk:path"]: k for k, r in template["Resources"].items()}
    assert props["Name"] == "dms-w-log"
    assert props["State"] == "ENABLED"
    assert props["EventPattern"] == {
        "source": ["aws.dms"],
        "resources": [
            {"Ref": refs["Test/W/ReplicationInstance/Resource"]},
            {"Ref": refs["Test/W/Endpoints/src/Resource"]},
            {"Ref": refs["Test/W/Endpoints/tgt/Resource"]},
            {"Ref": refs["Test/W/Tasks/a/Resource"]},
            {"Ref": refs["Test/W/Tasks/b/Resource"]},
        ],
    }
    assert props["Targets"] == [{
        "Arn": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":logs:eu-west-1:123456789012:log-group:/aws/events/dms/w"]]},
        "Id": "MigrationLog",
    }]
    (policy,) = resources(template, "AWS::Logs::ResourcePolicy")
    assert sorted(rule["DependsOn"]) == sorted([policy, refs["Test/W/MigrationLog/LogGroup/Resource"]])


def test_resource_policy_lets_only_this_accounts_wave_rules_write(template):
    (policy,) = resources(template, "AWS::Logs::ResourcePolicy").values()
    assert policy["Properties"]["PolicyName"] == "dms-migration-log-Test"
    group, _ = _by_path(template, "AWS::Logs::LogGroup", "Test/W/MigrationLog/LogGroup/Resource")
    parts = policy["Properties"]["PolicyDocument"]["Fn::Join"][1]
    document = json.loads("".join(
        "GROUP_ARN" if p == {"Fn::GetAtt": [group, "Arn"]} else "aws" if p == {"Ref": "AWS::Partition"} else p for p in parts
    ))
    # CreateLogStream without the rule's ARN as a condition: EventBridge sends aws:SourceArn with PutLogEvents only.
    assert document == {
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "DmsMigrationLogStreams",
            "Effect": "Allow",
            "Principal": {"Service": ["events.amazonaws.com", "delivery.logs.amazonaws.com"]},
            "Action": "logs:CreateLogStream",
            "Resource": ["GROUP_ARN"],
        }, {
            "Sid": "DmsMigrationLogDelivery",
            "Effect": "Allow",
            "Principal": {"Service": ["events.amazonaws.com", "delivery.logs.amazonaws.com"]},
            "Action": "logs:PutLogEvents",
            "Resource": ["GROUP_ARN"],
            "Condition": {
                "StringEquals": {"aws:SourceAccount": "123456789012"},
                "ArnEquals": {"aws:SourceArn": ["arn:aws:events:eu-west-1:123456789012:rule/dms-w-log"]},
            },
        }],
    }


def test_one_resource_policy_per_stack_for_every_wave():
    app = App()
    stack = env_stack(app)
    roles = DmsServiceRoles(stack, "Roles")
    first = MigrationWave(stack, "A", name="a", service_roles=roles, availability_zones=AZS)
    MigrationWave(stack, "B", name="b", service_roles=roles, network=first.network)
    template = app.synth().get_stack_by_name(stack.stack_name).template
    (policy,) = resources(template, "AWS::Logs::ResourcePolicy").values()
    text = json.dumps(policy["Properties"]["PolicyDocument"])
    assert "rule/dms-a-log" in text and "rule/dms-b-log" in text
    names = sorted(r["Properties"]["LogGroupName"] for r in resources(template, "AWS::Logs::LogGroup").values() if r["Properties"].get("LogGroupName", "").startswith("/aws/events/"))
    assert names == ["/aws/events/dms/a", "/aws/events/dms/b"]


def test_a_serverless_wave_without_tasks_has_a_log_group_but_no_rule_yet():
    app = App()
    stack = env_stack(app)
    MigrationWave(stack, "L", name="l", service_roles=DmsServiceRoles(stack, "Roles"), availability_zones=AZS, capacity=ServerlessCapacity())
    template = app.synth().get_stack_by_name(stack.stack_name).template
    assert [r["Properties"]["LogGroupName"] for r in resources(template, "AWS::Logs::LogGroup").values() if "LogGroupName" in r["Properties"]] == ["/aws/events/dms/l"]
    assert not [r for r in resources(template, "AWS::Events::Rule").values() if r["Properties"]["Name"] == "dms-l-log"]
    assert not resources(template, "AWS::Logs::ResourcePolicy")  # an empty policy would fail to deploy


def test_a_destroyed_wave_destroys_its_migration_log():
    app = App()
    stack = env_stack(app)
    MigrationWave(stack, "W", name="w", service_roles=DmsServiceRoles(stack, "Roles"), availability_zones=AZS, removal_policy=RemovalPolicy.DESTROY)
    template = app.synth().get_stack_by_name(stack.stack_name).template
    (group,) = [r for r in resources(template, "AWS::Logs::LogGroup").values() if r["Properties"].get("LogGroupName") == "/aws/events/dms/w"]
    assert group["DeletionPolicy"] == "Delete"


def test_long_wave_identifiers_give_rule_names_within_the_limit():
    assert migration_log_rule_name("w") == "dms-w-log"
    assert migration_log_rule_name("x" * 50) == "dms-" + "x" * 50 + "-log"  # the longest wave identifier fits
    assert migration_log_rule_name("y" * 70) == "dms-" + "y" * 56 + "-log"  # cut to EventBridge's 64 characters


def test_add_arn_starts_a_new_list_after_twenty():
    from dms_constructs.event_patterns import add_arn

    rules: list[list[str]] = []
    started = [add_arn(rules, f"arn-{i}") for i in range(1, 42)]
    assert [i for i, new in enumerate(started, start=1) if new] == [1, 21, 41]
    assert [len(r) for r in rules] == [20, 20, 1]
    assert rules[1][0] == "arn-21"


def test_past_twenty_resources_a_second_rule_continues_each_rule_under_eventbridge_s_pattern_quota():
    # EventBridge refuses an event pattern over 2,048 characters (quota "Event pattern size"): 24 DMS ARNs in one
    # pattern would fail the deploy that adds the last of them.
    from .test_phases import TableMappings, _endpoint

    app = App(context={"aws:cdk:enable-path-metadata": True})
    stack = env_stack(app)
    wave = MigrationWave(stack, "W", name="w", service_roles=DmsServiceRoles(stack, "Roles"), availability_zones=AZS)
    source = wave.add_source("src", _endpoint("10.20.1.10", "10.20.1.0/24"))
    target = wave.add_target("tgt", _endpoint("10.20.2.10", "10.20.2.0/24"))
    for i in range(1, 22):
        wave.add_task(f"t{i}", source=source, target=target, table_mappings=TableMappings().include(f"s{i}", "%"))
    template = app.synth().get_stack_by_name(stack.stack_name).template
    refs = {r["Metadata"]["aws:cdk:path"]: k for k, r in template["Resources"].items()}
    rules = {r["Metadata"]["aws:cdk:path"]: r["Properties"] for r in resources(template, "AWS::Events::Rule").values()}
    task = [{"Ref": refs[f"Test/W/Tasks/t{i}/Resource"]} for i in range(1, 22)]
    # The migration log: the instance, 2 endpoints and 21 tasks; the first rule keeps its path and name.
    log, log2 = rules["Test/W/MigrationLog/Rule"], rules["Test/W/MigrationLog/Rule-2"]
    assert (log["Name"], log2["Name"]) == ("dms-w-log", "dms-w-log-2")
    assert log["EventPattern"]["resources"] == [
        {"Ref": refs["Test/W/ReplicationInstance/Resource"]}, {"Ref": refs["Test/W/Endpoints/src/Resource"]},
        {"Ref": refs["Test/W/Endpoints/tgt/Resource"]}, *task[:17]]
    assert log2["EventPattern"] == {"source": ["aws.dms"], "resources": task[17:]}
    assert log2["Targets"] == log["Targets"]
    # The task state-change rule: 20 tasks, then 1.
    tasks, tasks2 = rules["Test/W/Monitoring/TaskEvents/Resource"], rules["Test/W/Monitoring/TaskEvents-2/Resource"]
    assert (tasks["Name"], tasks2["Name"]) == ("dms-w-tasks", "dms-w-tasks-2")
    assert (tasks["EventPattern"]["resources"], tasks2["EventPattern"]["resources"]) == (task[:20], task[20:])
    assert tasks2["EventPattern"]["detail-type"] == ["DMS Replication Task State Change"]
    assert tasks2["Targets"][0]["RoleArn"] == tasks["Targets"][0]["RoleArn"]
    # Both log rules may write to the one group; the events role trusts both task rules.
    (policy,) = resources(template, "AWS::Logs::ResourcePolicy").values()
    text = json.dumps(policy["Properties"]["PolicyDocument"])
    assert text.count("rule/dms-w-log\\\"") == 1 and text.count("rule/dms-w-log-2") == 1
    assert text.count("log-group:/aws/events/dms/w") == 0 and text.count(refs["Test/W/MigrationLog/LogGroup/Resource"]) == 2
    trust = json.dumps([r for r in resources(template, "AWS::IAM::Role").values()
                        if "events.amazonaws.com" in json.dumps(r["Properties"]["AssumeRolePolicyDocument"])])
    assert "rule/dms-w-tasks\"" in trust and "rule/dms-w-tasks-2\"" in trust
