"""Replication capacity: the defaults, the bounds and messages of ReplicationInstanceCapacity and
ServerlessCapacity, and what a ReplicationInstance renders, in a bare stack (no wave), so the mutation
run of capacity.py (`make mutate MODULES=capacity`) stays fast."""

from __future__ import annotations

from typing import Any, Callable

import pytest
from aws_cdk import App, Duration, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_kms as kms
from aws_cdk.assertions import Template

from dms_constructs import DmsConfigError, ReplicationInstance, ReplicationInstanceCapacity, ServerlessCapacity

from .conftest import env_stack

R = "ReplicationInstanceCapacity"
S = "ServerlessCapacity"
LAB = dict(multi_az=False, single_az_reason="a lab, rebuilt in minutes")


def _message(call: Callable[[], Any]) -> str:
    with pytest.raises(DmsConfigError) as error:
        call()
    return str(error.value)


# --- ReplicationInstanceCapacity ----------------------------------------------------------------


def test_instance_capacity_defaults():
    capacity = ReplicationInstanceCapacity()
    assert (capacity.instance_class, capacity.allocated_storage_gib, capacity.multi_az, capacity.single_az_reason,
            capacity.engine_version, capacity.preferred_maintenance_window, capacity.availability_zone) == (
        "dms.t3.medium", 50, True, None, None, "sun:02:00-sun:04:00", None)


@pytest.mark.parametrize("kwargs", [
    dict(allocated_storage_gib=5), dict(allocated_storage_gib=6144), dict(engine_version="3.5.4"), dict(engine_version="3.6.10"),
    dict(instance_class="dms.r6i.24xlarge"), dict(availability_zone="eu-west-1c", **LAB),
    dict(preferred_maintenance_window="sat:23:45-sun:00:15"),
])
def test_instance_capacity_accepts_the_documented_values(kwargs):
    capacity = ReplicationInstanceCapacity(**kwargs)
    assert {k: getattr(capacity, k) for k in kwargs} == kwargs


@pytest.mark.parametrize("kwargs, message", [
    (dict(allocated_storage_gib=4), f"{R}.allocated_storage_gib: must be between 5 and 6144 GiB (got 4); choose a value in 5..6144"),
    (dict(allocated_storage_gib=6145), f"{R}.allocated_storage_gib: must be between 5 and 6144 GiB (got 6145); choose a value in 5..6144"),
    (dict(instance_class="db.r6i.large"), f"{R}.instance_class: is not a DMS replication instance class (dms.<family>.<size>) (got 'db.r6i.large'); "
                                          "use e.g. 'dms.t3.medium', 'dms.r6i.large' or 'dms.c6i.2xlarge' (lower case, size micro..24xlarge)"),
    (dict(engine_version="3.5"), f"{R}.engine_version: is not a DMS engine version (got '3.5'); use the form '3.5.4'"),
    (dict(engine_version="v3.5.4"), f"{R}.engine_version: is not a DMS engine version (got 'v3.5.4'); use the form '3.5.4'"),
    (dict(availability_zone="eu-west-1a"), f"{R}.availability_zone: cannot be set on a Multi-AZ instance (got 'eu-west-1a'); "
                                           "remove availability_zone, or set multi_az=False with a single_az_reason"),
    (dict(availability_zone="west", **LAB), f"{R}.availability_zone: is not an availability zone name (a Region name and a letter) (got 'west'); give e.g. 'eu-west-1a'"),
    (dict(multi_az="yes"), f"{R}.multi_az: must be bool, not str (got 'yes'); use True or False"),
    (dict(multi_az=False), f"{R}.multi_az: turns off Multi-AZ, which Security Hub control DMS.13 requires (got False); "
                           "keep multi_az=True, or give single_az_reason='why an AZ outage is acceptable here'"),
    (dict(multi_az=False, single_az_reason="  "), f"{R}.multi_az: turns off Multi-AZ, which Security Hub control DMS.13 requires (got False); "
                                                  "keep multi_az=True, or give single_az_reason='why an AZ outage is acceptable here'"),
    (dict(preferred_maintenance_window="sun:02:00-sun:02:29"), f"{R}.preferred_maintenance_window: is shorter than the 30 minutes DMS requires "
                                                               "(got 'sun:02:00-sun:02:29'); make the window at least 30 minutes long"),
])
def test_instance_capacity_refuses_with_the_prop_and_the_fix(kwargs, message):
    assert _message(lambda: ReplicationInstanceCapacity(**kwargs)) == message


def test_a_reason_with_multi_az_on_is_kept_but_changes_nothing():
    assert ReplicationInstanceCapacity(single_az_reason="unused").multi_az is True


# --- ServerlessCapacity -------------------------------------------------------------------------


def test_serverless_capacity_defaults():
    capacity = ServerlessCapacity()
    assert (capacity.max_capacity_units, capacity.min_capacity_units, capacity.multi_az, capacity.single_az_reason,
            capacity.preferred_maintenance_window) == (16, None, True, None, "sun:02:00-sun:04:00")


@pytest.mark.parametrize("kwargs", [
    dict(max_capacity_units=1), dict(max_capacity_units=384), dict(min_capacity_units=16), dict(min_capacity_units=1, max_capacity_units=2),
    dict(**LAB),
])
def test_serverless_capacity_accepts_dms_steps(kwargs):
    capacity = ServerlessCapacity(**kwargs)
    assert {k: getattr(capacity, k) for k in kwargs} == kwargs


STEPS = "use one of 1, 2, 4, 8, 16, 32, 64, 128, 192, 256, 384"


@pytest.mark.parametrize("kwargs, message", [
    (dict(max_capacity_units=3), f"{S}.max_capacity_units: is not a DMS capacity unit step (got 3); {STEPS}"),
    (dict(max_capacity_units=512), f"{S}.max_capacity_units: is not a DMS capacity unit step (got 512); {STEPS}"),
    (dict(max_capacity_units=True), f"{S}.max_capacity_units: is not a DMS capacity unit step (got True); {STEPS}"),
    (dict(min_capacity_units="4"), f"{S}.min_capacity_units: is not a DMS capacity unit step (got '4'); {STEPS}"),
    (dict(min_capacity_units=3), f"{S}.min_capacity_units: is not a DMS capacity unit step (got 3); {STEPS}"),
    (dict(min_capacity_units=32), f"{S}.min_capacity_units: is above max_capacity_units (16) (got 32); lower the minimum or raise the maximum"),
    (dict(multi_az=False), f"{S}.multi_az: turns off Multi-AZ, which Security Hub control DMS.13 requires (got False); "
                           "keep multi_az=True, or give single_az_reason='why an AZ outage is acceptable here'"),
    (dict(multi_az=False, single_az_reason=1), f"{S}.single_az_reason: must be str, not int (got 1); say why an AZ outage is acceptable here, as text"),
    (dict(preferred_maintenance_window="sunday"), f"{S}.preferred_maintenance_window: is not a maintenance window (got 'sunday'); "
                                                  "use 'ddd:hh24:mi-ddd:hh24:mi' in UTC, e.g. 'sun:02:00-sun:04:00'"),
])
def test_serverless_capacity_refuses_with_the_prop_and_the_fix(kwargs, message):
    assert _message(lambda: ServerlessCapacity(**kwargs)) == message


# --- ReplicationInstance ------------------------------------------------------------------------


def _instance(stack: Stack, capacity: ReplicationInstanceCapacity, **extra: Any) -> ReplicationInstance:
    return ReplicationInstance(
        stack, "Instance", identifier="orders-instance-dms", capacity=capacity, subnet_group_identifier="orders-subnets-dms",
        security_group_ids=["sg-0123456789abcdef0"], encryption_key=kms.Key.from_key_arn(
            stack, "Key", "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"), **extra)


def test_an_instance_renders_its_capacity_and_secure_settings():
    stack = env_stack()
    capacity = ReplicationInstanceCapacity(instance_class="dms.r6i.large", allocated_storage_gib=100, engine_version="3.5.4",
                                           preferred_maintenance_window="sat:03:00-sat:05:00", availability_zone="eu-west-1b", **LAB)
    instance = _instance(stack, capacity)
    resources = Template.from_stack(stack).find_resources("AWS::DMS::ReplicationInstance")
    assert list(resources) == ["InstanceC1063A87"]
    assert resources["InstanceC1063A87"]["Properties"] == {
        "ReplicationInstanceIdentifier": "orders-instance-dms",
        "ReplicationInstanceClass": "dms.r6i.large",
        "AllocatedStorage": 100,
        "EngineVersion": "3.5.4",
        "MultiAZ": False,
        "AvailabilityZone": "eu-west-1b",
        "PreferredMaintenanceWindow": "sat:03:00-sat:05:00",
        "PubliclyAccessible": False,
        "AutoMinorVersionUpgrade": True,
        "KmsKeyId": "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555",
        "ReplicationSubnetGroupIdentifier": "orders-subnets-dms",
        "VpcSecurityGroupIds": ["sg-0123456789abcdef0"],
    }
    assert (instance.identifier, instance.capacity) == ("orders-instance-dms", capacity)
    assert stack.resolve(instance.instance_arn) == {"Ref": "InstanceC1063A87"}


def test_an_instance_waits_for_the_vpc_role_in_its_stack_and_connects_through_its_groups():
    stack = env_stack()
    role = ec2.CfnSecurityGroup(stack, "StandInForTheVpcRole", group_description="x")
    group = ec2.SecurityGroup.from_security_group_id(stack, "Group", "sg-0123456789abcdef0")
    instance = _instance(stack, ReplicationInstanceCapacity(), vpc_role_dependable=role, security_groups=[group])
    assert Template.from_stack(stack).find_resources("AWS::DMS::ReplicationInstance")["InstanceC1063A87"]["DependsOn"] == ["StandInForTheVpcRole"]
    assert [stack.resolve(g.security_group_id) for g in instance.connections.security_groups] == ["sg-0123456789abcdef0"]


def test_an_instance_without_groups_has_empty_connections():
    assert _instance(env_stack(), ReplicationInstanceCapacity()).connections.security_groups == []


def test_a_pinned_zone_must_be_in_the_stack_s_region_when_it_is_known():
    capacity = ReplicationInstanceCapacity(availability_zone="us-east-1a", **LAB)
    assert _message(lambda: _instance(env_stack(), capacity)) == (
        f"{R}.availability_zone: is a zone of us-east-1, not of the stack's Region eu-west-1 (got 'us-east-1a'); use zones of eu-west-1, e.g. 'eu-west-1a'")
    agnostic = Stack(App(), "Agnostic")  # region unknown at synth: any zone's shape is accepted
    _instance(agnostic, capacity)
    assert Template.from_stack(agnostic).find_resources("AWS::DMS::ReplicationInstance")["InstanceC1063A87"]["Properties"]["AvailabilityZone"] == "us-east-1a"


@pytest.mark.parametrize("method, metric_name", [
    ("metric_cpu_utilization", "CPUUtilization"), ("metric_freeable_memory", "FreeableMemory"),
    ("metric_swap_usage", "SwapUsage"), ("metric_free_storage_space", "FreeStorageSpace"),
])
def test_instance_metrics_are_dms_metrics_of_this_instance(method, metric_name):
    metric = getattr(_instance(env_stack(), ReplicationInstanceCapacity()), method)()
    assert (metric.namespace, metric.metric_name, metric.dimensions, metric.statistic, metric.period.to_minutes()) == (
        "AWS/DMS", metric_name, {"ReplicationInstanceIdentifier": "orders-instance-dms"}, "Average", 5)


@pytest.mark.parametrize("method", ["metric", "metric_cpu_utilization", "metric_freeable_memory", "metric_swap_usage", "metric_free_storage_space"])
def test_instance_metric_options_pass_through(method):
    instance = _instance(env_stack(), ReplicationInstanceCapacity())
    args = ("CPUUtilization",) if method == "metric" else ()
    metric = getattr(instance, method)(*args, statistic="Maximum", period=Duration.minutes(1))
    assert (metric.statistic, metric.period.to_minutes()) == ("Maximum", 1)
