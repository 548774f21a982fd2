"""MigrationWave and its parts: defaults, opt-outs, dependencies, stable ids and input validation."""

from __future__ import annotations

import re

import pytest
from aws_cdk import App, RemovalPolicy, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_kms as kms
from aws_cdk.assertions import Template
from cdk_nag import AwsSolutionsChecks

from dms_constructs import (
    DmsConfigError,
    DmsServiceRoles,
    MigrationNetwork,
    MigrationWave,
    ReplicationInstanceCapacity,
    WaveTags,
)

from .conftest import AZS, env_stack
from .helpers import resources, tag_map

TAGS = WaveTags(application="orders", environment="test", owner="team@example.com", cost_center="CC-1", data_classification="internal")


@pytest.fixture(scope="module")
def one_stack():
    """Service roles and one default wave in a single stack."""
    stack = env_stack()
    roles = DmsServiceRoles(stack, "Roles")
    wave = MigrationWave(stack, "Orders", service_roles=roles, availability_zones=AZS, tags=TAGS)
    return stack, wave, Template.from_stack(stack).to_json()


def _logical_id(template: dict, type_: str) -> str:
    (logical_id,) = resources(template, type_)
    return logical_id


def test_instance_defaults_are_secure(one_stack):
    _, _, t = one_stack
    (props,) = [r["Properties"] for r in resources(t, "AWS::DMS::ReplicationInstance").values()]
    assert props["PubliclyAccessible"] is False
    assert props["AutoMinorVersionUpgrade"] is True
    assert props["MultiAZ"] is True
    assert props["ReplicationInstanceClass"] == "dms.t3.medium"
    assert props["AllocatedStorage"] == 50
    assert props["ReplicationInstanceIdentifier"] == "orders-instance-dms"
    assert props["PreferredMaintenanceWindow"] == "sun:02:00-sun:04:00"
    assert props["KmsKeyId"]["Fn::GetAtt"][1] == "Arn"
    assert "AvailabilityZone" not in props


def test_instance_uses_the_wave_key_subnet_group_and_security_group(one_stack):
    _, wave, t = one_stack
    (props,) = [r["Properties"] for r in resources(t, "AWS::DMS::ReplicationInstance").values()]
    key_ids = set(resources(t, "AWS::KMS::Key"))
    assert props["KmsKeyId"]["Fn::GetAtt"][0] in key_ids
    assert props["ReplicationSubnetGroupIdentifier"] == {"Ref": _logical_id(t, "AWS::DMS::ReplicationSubnetGroup")}
    assert props["VpcSecurityGroupIds"] == [{"Fn::GetAtt": [Stack.of(wave).get_logical_id(wave.security_group.node.default_child), "GroupId"]}]


def test_wave_key_rotates_and_is_retained(one_stack):
    _, _, t = one_stack
    for key in resources(t, "AWS::KMS::Key").values():
        assert key["Properties"]["EnableKeyRotation"] is True
        assert key["DeletionPolicy"] == "Retain"


def test_subnet_group_and_instance_depend_on_the_vpc_role_in_the_same_stack(one_stack):
    _, _, t = one_stack
    role_id = next(k for k, r in resources(t, "AWS::IAM::Role").items() if r["Properties"].get("RoleName") == "dms-vpc-role")
    for type_ in ("AWS::DMS::ReplicationSubnetGroup", "AWS::DMS::ReplicationInstance"):
        (r,) = resources(t, type_).values()
        assert role_id in r["DependsOn"]


def test_subnet_group_spans_two_azs_with_a_stable_identifier(one_stack):
    _, _, t = one_stack
    (props,) = [r["Properties"] for r in resources(t, "AWS::DMS::ReplicationSubnetGroup").values()]
    assert props["ReplicationSubnetGroupIdentifier"] == "orders-subnets-dms"
    assert len(props["SubnetIds"]) == 2


def test_security_group_has_no_ingress_and_only_https_egress_inside_the_vpc(one_stack):
    _, wave, t = one_stack
    sg = t["Resources"][Stack.of(wave).get_logical_id(wave.security_group.node.default_child)]["Properties"]
    assert "SecurityGroupIngress" not in sg
    (egress,) = sg["SecurityGroupEgress"]
    assert (egress["IpProtocol"], egress["FromPort"], egress["ToPort"]) == ("tcp", 443, 443)
    assert egress["CidrIp"] == "10.20.0.0/16"  # the VPC's own network: its interface endpoints


def test_every_taggable_resource_carries_the_wave_tags(one_stack):
    _, _, t = one_stack
    expected = {"Application": "orders", "Environment": "test", "Owner": "team@example.com", "CostCenter": "CC-1",
                "DataClassification": "internal", "MigrationWave": "Orders"}
    for type_ in ("AWS::DMS::ReplicationInstance", "AWS::DMS::ReplicationSubnetGroup", "AWS::KMS::Key", "AWS::EC2::VPC", "AWS::EC2::SecurityGroup"):
        for r in resources(t, type_).values():
            assert expected.items() <= tag_map(r).items(), type_


def test_wave_exposes_what_it_creates(one_stack):
    _, wave, _ = one_stack
    assert wave.replication_instance.identifier == "orders-instance-dms"
    assert wave.connections.security_groups == [wave.security_group]
    assert wave.vpc is wave.network.vpc
    assert isinstance(wave.encryption_key, kms.Key)


def test_default_service_roles_are_imported_not_created():
    stack = env_stack()
    MigrationWave(stack, "Orders", availability_zones=AZS)
    t = Template.from_stack(stack).to_json()
    assert not [r for r in resources(t, "AWS::IAM::Role").values() if r["Properties"].get("RoleName", "").startswith("dms-")]
    # Nothing waits for a role the stack does not create (the instance waits only for its task log group).
    (subnet_group,) = resources(t, "AWS::DMS::ReplicationSubnetGroup").values()
    assert "DependsOn" not in subnet_group
    (instance,) = resources(t, "AWS::DMS::ReplicationInstance").values()
    assert instance["DependsOn"] == ["OrdersMonitoringInstanceTaskLogs3179D067"]


def test_service_roles_twice_for_one_account_fail_at_synth():
    app = App()
    DmsServiceRoles(env_stack(app, "A"), "Roles")
    with pytest.raises(DmsConfigError, match=re.escape("DmsServiceRoles: would create dms-vpc-role a second time for account 123456789012 (already created by A/Roles)")):
        DmsServiceRoles(env_stack(app, "B"), "Roles")


def test_service_roles_in_different_accounts_are_fine():
    app = App()
    DmsServiceRoles(env_stack(app, "A"), "Roles")
    from aws_cdk import Environment

    other = Stack(app, "B", env=Environment(account="210987654321", region="eu-west-1"))
    DmsServiceRoles(other, "Roles")
    names = {r["Properties"]["RoleName"] for r in resources(Template.from_stack(other).to_json(), "AWS::IAM::Role").values()}
    assert names == {"dms-vpc-role", "dms-cloudwatch-logs-role"}


def test_account_roles_are_retained_on_delete_and_on_replacement():
    stack = env_stack()
    DmsServiceRoles(stack, "Roles", include_redshift_role=True)
    t = Template.from_stack(stack).to_json()
    policies = {
        r["Properties"]["RoleName"]: (r.get("DeletionPolicy"), r.get("UpdateReplacePolicy"))
        for r in resources(t, "AWS::IAM::Role").values()
    }
    assert policies == {
        "dms-vpc-role": ("Retain", "Retain"),
        "dms-cloudwatch-logs-role": ("Retain", "Retain"),
        "dms-access-for-endpoint": ("Retain", "Retain"),
    }


def test_redshift_role_is_optional_and_trusts_redshift():
    stack = env_stack()
    DmsServiceRoles(stack, "Roles", include_redshift_role=True, redshift_serverless=True)
    t = Template.from_stack(stack).to_json()
    (role,) = [r for r in resources(t, "AWS::IAM::Role").values() if r["Properties"]["RoleName"] == "dms-access-for-endpoint"]
    services = []
    for statement in role["Properties"]["AssumeRolePolicyDocument"]["Statement"]:
        service = statement["Principal"]["Service"]
        services += service if isinstance(service, list) else [service]
    assert "redshift.amazonaws.com" in services and "redshift-serverless.amazonaws.com" in services
    assert {"Fn::Join": ["", ["dms.", {"Ref": "AWS::URLSuffix"}]]} in services


def test_single_az_is_an_explicit_opt_out_with_a_reason():
    stack = env_stack()
    cap = ReplicationInstanceCapacity(multi_az=False, single_az_reason="dev rehearsal only", availability_zone="eu-west-1a")
    MigrationWave(stack, "Orders", availability_zones=AZS, capacity=cap)
    (props,) = [r["Properties"] for r in resources(Template.from_stack(stack).to_json(), "AWS::DMS::ReplicationInstance").values()]
    assert props["MultiAZ"] is False and props["AvailabilityZone"] == "eu-west-1a"


def test_existing_vpc_and_subnet_selection():
    stack = env_stack()
    vpc = ec2.Vpc.from_vpc_attributes(
        stack, "Vpc", vpc_id="vpc-1", availability_zones=AZS, private_subnet_ids=["subnet-a", "subnet-b"], vpc_cidr_block="10.0.0.0/16"
    )
    MigrationWave(stack, "Orders", vpc=vpc)
    t = Template.from_stack(stack).to_json()
    assert not resources(t, "AWS::EC2::VPC")
    (props,) = [r["Properties"] for r in resources(t, "AWS::DMS::ReplicationSubnetGroup").values()]
    assert props["SubnetIds"] == ["subnet-a", "subnet-b"]


def test_identifier_prefix_and_name_form_dms_identifiers():
    stack = env_stack()
    wave = MigrationWave(stack, "Orders", name="Orders_EU", identifier_prefix="prod", availability_zones=AZS)
    assert wave.identifier == "prod-orders-eu"


def test_adding_a_wave_moves_no_stateful_logical_id():
    def build(extra: bool) -> dict:
        stack = env_stack()
        network = MigrationNetwork(stack, "Network", availability_zones=AZS)
        MigrationWave(stack, "Orders", network=network)
        if extra:
            MigrationWave(stack, "Billing", network=network)
        return Template.from_stack(stack).to_json()["Resources"]

    before, after = build(False), build(True)
    stateful = ("AWS::DMS::ReplicationInstance", "AWS::KMS::Key", "AWS::DMS::ReplicationSubnetGroup", "AWS::Logs::LogGroup", "AWS::EC2::VPC")
    kept = {k for k, v in before.items() if v["Type"] in stateful}
    assert kept and kept <= set(after)
    assert len([v for v in after.values() if v["Type"] == "AWS::DMS::ReplicationInstance"]) == 2


def test_a_key_without_rotation_fails_the_compliance_gate():
    app = App()
    stack = env_stack(app)
    key = kms.Key(stack, "WeakKey", enable_key_rotation=False, removal_policy=RemovalPolicy.RETAIN)
    MigrationWave(stack, "Orders", availability_zones=AZS, encryption_key=key)
    report = AwsSolutionsChecks(app).validate_scope(stack)
    assert not report.success
    assert "AwsSolutions-KMS5" in {v.rule_name for v in report.violations}


def test_the_default_wave_passes_the_compliance_gate():
    app = App()
    stack = env_stack(app)
    DmsServiceRoles(stack, "Roles")
    MigrationWave(stack, "Orders", availability_zones=AZS)
    report = AwsSolutionsChecks(app).validate_scope(stack)
    assert report.success, [(v.rule_name, [r.construct_path for r in v.violating_resources]) for v in report.violations]


# --- input validation: each message names the field, the value and the fix -----------------------

@pytest.mark.parametrize(
    "kwargs, message",
    [
        (
            dict(instance_class="r6i.large"),
            "ReplicationInstanceCapacity.instance_class: is not a DMS replication instance class (dms.<family>.<size>) (got 'r6i.large'); "
            "use e.g. 'dms.t3.medium', 'dms.r6i.large' or 'dms.c6i.2xlarge' (lower case, size micro..24xlarge)",
        ),
        (
            dict(preferred_maintenance_window="sunday 2am"),
            "ReplicationInstanceCapacity.preferred_maintenance_window: is not a maintenance window (got 'sunday 2am'); "
            "use 'ddd:hh24:mi-ddd:hh24:mi' in UTC, e.g. 'sun:02:00-sun:04:00'",
        ),
    ],
)
def test_capacity_validation_messages(kwargs, message):
    with pytest.raises(DmsConfigError) as err:
        ReplicationInstanceCapacity(**kwargs)
    assert str(err.value) == message


def test_a_window_across_the_week_boundary_is_fine():
    # sun 23:30 to mon 00:30 is 60 minutes, not minus six days
    assert ReplicationInstanceCapacity(preferred_maintenance_window="sun:23:30-mon:00:30").preferred_maintenance_window == "sun:23:30-mon:00:30"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (
            dict(name="2024-orders"),
            "MigrationWave.name: cannot form a DMS identifier (it needs a leading letter) (got '2024-orders'); "
            "start the name with a letter, e.g. 'orders'",
        ),
        (
            dict(name="___"),
            "MigrationWave.name: cannot form a DMS identifier (it needs a leading letter) (got '___'); "
            "start the name with a letter, e.g. 'orders'",
        ),
        (
            dict(name="o" * 51),
            f"MigrationWave.name: forms an identifier longer than 50 characters (got '{'o' * 51}'); choose a shorter name",
        ),
        (
            dict(availability_zones=["eu-west-1a"]),
            "MigrationNetwork.availability_zones: needs at least 2 distinct availability zones (DMS subnet groups span two or more) "
            "(got ['eu-west-1a']); list two or more zones of the region",
        ),
        (
            dict(availability_zones=["eu-west-1a", "us-east-1b"]),
            "MigrationNetwork.availability_zones: includes zones outside the stack's region eu-west-1: ['us-east-1b'] "
            "(got ['eu-west-1a', 'us-east-1b']); use zones of eu-west-1, e.g. eu-west-1a",
        ),
        (
            dict(availability_zones=None),
            "MigrationNetwork.availability_zones: is required when the stack has an explicit region (eu-west-1): reading "
            "the stack's zones would be a context lookup (got None); "
            "pass the zones, e.g. availability_zones=['eu-west-1a', 'eu-west-1b']",
        ),
    ],
)
def test_wave_validation_messages(kwargs, message):
    kwargs = {"availability_zones": AZS, **kwargs}
    with pytest.raises(DmsConfigError) as err:
        MigrationWave(env_stack(), "Orders", **kwargs)
    assert str(err.value) == message


def test_fewer_than_two_subnets_is_refused():
    stack = env_stack()
    vpc = ec2.Vpc.from_vpc_attributes(stack, "Vpc", vpc_id="vpc-1", availability_zones=["eu-west-1a"], private_subnet_ids=["subnet-a"])
    with pytest.raises(DmsConfigError) as err:
        MigrationWave(stack, "Orders", vpc=vpc)
    assert str(err.value) == (
        "MigrationNetwork.subnet_selection: must select at least 2 subnets in 2 availability zones for the DMS subnet group "
        "(got \"1 subnets in ['eu-west-1a']\"); select subnets in two or more zones"
    )


def test_env_agnostic_stack_gets_two_azs_without_lookups():
    stack = Stack(App(), "Agnostic")
    MigrationWave(stack, "Orders")
    t = Template.from_stack(stack).to_json()
    assert len(resources(t, "AWS::EC2::Subnet")) == 2


@pytest.mark.parametrize(
    "field, value",
    [("owner", ""), ("cost_center", "   "), ("application", "x" * 257)],
)
def test_wave_tags_must_be_non_empty(field, value):
    kwargs = dict(application="a", environment="e", owner="o", cost_center="c", data_classification="d")
    kwargs[field] = value
    with pytest.raises(DmsConfigError) as err:
        WaveTags(**kwargs)
    assert str(err.value) == (
        f"WaveTags.{field}: must be a non-empty string of at most 256 characters (got {value!r}); "
        f"give the {field.replace('_', ' ')} tag a value"
    )


def test_serverless_wave_has_no_replication_instance():
    from dms_constructs import ServerlessCapacity

    stack = env_stack()
    wave = MigrationWave(stack, "Lake", availability_zones=AZS, capacity=ServerlessCapacity(max_capacity_units=8))
    t = Template.from_stack(stack).to_json()
    assert wave.replication_instance is None
    assert not resources(t, "AWS::DMS::ReplicationInstance")
    assert len(resources(t, "AWS::DMS::ReplicationSubnetGroup")) == 1


# Adding an endpoint and tasks to a wave: tests/test_identity.py::test_adding_a_task_and_an_endpoint_keeps_every_stateful_id_and_adds_theirs
# (the same check against the written-out ids).
