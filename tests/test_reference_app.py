"""The reference app, all environments: secure defaults, account roles once, compliance, snapshots."""

from __future__ import annotations

import pytest
from syrupy.extensions.json import JSONSnapshotExtension
from stacks.config import ENVIRONMENTS

from .conftest import normalise
from .helpers import resources, tag_map

ENVS = list(ENVIRONMENTS)
WAVE_TAG_KEYS = {"Application", "Environment", "Owner", "CostCenter", "DataClassification", "MigrationWave"}


@pytest.fixture(scope="module")
def templates(reference_app) -> dict[str, dict[str, dict]]:
    """{env: {stack id: template}} read from the synthesized assembly."""
    _, stages, _ = reference_app
    return {
        stage.config.name: {s.stack_name.split("-", 1)[1]: s.template for s in stage.synth().stacks}
        for stage in stages
    }


def test_every_environment_is_synthesized_into_its_own_assembly(reference_app):
    _, _, assembly = reference_app
    assert sorted(a.display_name for a in assembly.nested_assemblies) == sorted(ENVS)
    stage_names = sorted(s.stage_name for s in reference_app[1])
    assert stage_names == sorted(ENVS)
    for stage in reference_app[1]:
        names = sorted(s.stack_name for s in stage.synth().stacks)
        assert names == [f"{stage.stage_name}-AccountBaseline", f"{stage.stage_name}-Migration"]


@pytest.mark.parametrize("env", ENVS)
def test_replication_instances_are_private_patched_encrypted_and_tagged(templates, env):
    instances = resources(templates[env]["Migration"], "AWS::DMS::ReplicationInstance")
    assert instances
    for props in (r["Properties"] for r in instances.values()):
        assert props["PubliclyAccessible"] is False
        assert props["AutoMinorVersionUpgrade"] is True
        assert "Fn::GetAtt" in props["KmsKeyId"]
        assert props["ReplicationInstanceIdentifier"] == props["ReplicationInstanceIdentifier"].lower()
        assert props["ReplicationInstanceIdentifier"].startswith(f"{env}-")
        tags = {t["Key"]: t["Value"] for t in props["Tags"]}
        assert WAVE_TAG_KEYS <= set(tags)
        assert tags["Environment"] == env
        assert props["MultiAZ"] is ENVIRONMENTS[env].multi_az


def test_prod_instances_are_multi_az(templates):
    for r in resources(templates["prod"]["Migration"], "AWS::DMS::ReplicationInstance").values():
        assert r["Properties"]["MultiAZ"] is True


@pytest.mark.parametrize("env", ENVS)
def test_each_environment_creates_each_service_role_exactly_once(templates, env):
    names = [
        r["Properties"].get("RoleName")
        for t in templates[env].values()
        for r in resources(t, "AWS::IAM::Role").values()
    ]
    assert names.count("dms-vpc-role") == 1
    assert names.count("dms-cloudwatch-logs-role") == 1
    baseline = resources(templates[env]["AccountBaseline"], "AWS::IAM::Role")
    assert {r["Properties"]["RoleName"] for r in baseline.values()} == {"dms-vpc-role", "dms-cloudwatch-logs-role"}


@pytest.mark.parametrize("env", ENVS)
def test_service_roles_are_retained_so_destroying_an_environment_keeps_them(templates, env):
    baseline = resources(templates[env]["AccountBaseline"], "AWS::IAM::Role")
    assert {
        r["Properties"]["RoleName"]: (r["DeletionPolicy"], r["UpdateReplacePolicy"]) for r in baseline.values()
    } == {"dms-vpc-role": ("Retain", "Retain"), "dms-cloudwatch-logs-role": ("Retain", "Retain")}
    # the logical ids the README's `cdk import` resource mapping names
    assert set(baseline) == {"DmsServiceRolesVpcRole3EF774CA", "DmsServiceRolesCloudWatchLogsRole43CC547F"}


def test_existing_service_roles_are_imported_not_created(tmp_path):
    """`-c dev.service_roles=import`: no stack of the environment creates a DMS service role; the migration
    stack imports them by name and its DMS resources wait for nothing in the baseline."""
    from dms_constructs import ImportedDmsServiceRoles
    from stacks.reference_app import build_reference_app, create_app

    app = create_app(context={"dev.service_roles": "import"}, outdir=str(tmp_path))
    (stage,) = build_reference_app(app, ["dev"])
    app.synth()  # the compliance gate passes
    templates = {s.stack_name: s.template for s in stage.synth().stacks}
    assert sorted(templates) == ["dev-AccountBaseline", "dev-Migration"]
    for template in templates.values():
        names = [r["Properties"].get("RoleName") for r in resources(template, "AWS::IAM::Role").values()]
        assert not {"dms-vpc-role", "dms-cloudwatch-logs-role"} & set(names)
    assert templates["dev-AccountBaseline"].get("Resources", {}) == {}
    assert stage.baseline.service_roles is None
    assert isinstance(stage.migration.service_roles, ImportedDmsServiceRoles)
    assert stage.migration.service_roles.vpc_role.role_name == "dms-vpc-role"
    for type_ in ("AWS::DMS::ReplicationSubnetGroup", "AWS::DMS::ReplicationInstance"):
        for r in resources(templates["dev-Migration"], type_).values():
            assert "DependsOn" not in r


@pytest.mark.parametrize("env", ENVS)
def test_service_roles_carry_their_managed_policies_and_a_partition_aware_trust(templates, env):
    roles = {r["Properties"]["RoleName"]: r["Properties"] for r in resources(templates[env]["AccountBaseline"], "AWS::IAM::Role").values()}
    expected = {
        "dms-vpc-role": "service-role/AmazonDMSVPCManagementRole",
        "dms-cloudwatch-logs-role": "service-role/AmazonDMSCloudWatchLogsRole",
    }
    for name, policy in expected.items():
        props = roles[name]
        assert props["Path"] == "/"
        arn = props["ManagedPolicyArns"][0]["Fn::Join"][1]
        assert arn[0] == "arn:" and arn[1] == {"Ref": "AWS::Partition"} and arn[2].endswith(policy)
        principal = props["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"]
        assert principal == {"Fn::Join": ["", ["dms.", {"Ref": "AWS::URLSuffix"}]]}


def test_migration_stacks_deploy_after_their_account_baseline(reference_app):
    for stage in reference_app[1]:
        assert stage.baseline in stage.migration.dependencies


def test_prod_is_termination_protected_and_retains_keys(reference_app, templates):
    for stage in reference_app[1]:
        expected = stage.config.name == "prod"
        assert stage.baseline.termination_protection is expected
        assert stage.migration.termination_protection is expected
    for key in resources(templates["prod"]["Migration"], "AWS::KMS::Key").values():
        assert key["DeletionPolicy"] == "Retain"
        assert key["Properties"]["EnableKeyRotation"] is True
    for group in resources(templates["prod"]["Migration"], "AWS::Logs::LogGroup").values():
        assert group["DeletionPolicy"] == "Retain"


@pytest.mark.parametrize("env", ENVS)
def test_network_is_isolated_with_flow_logs_endpoints_and_a_closed_default_group(templates, env):
    t = templates[env]["Migration"]
    assert not resources(t, "AWS::EC2::NatGateway")
    assert not resources(t, "AWS::EC2::InternetGateway")
    subnets = resources(t, "AWS::EC2::Subnet")
    assert len({s["Properties"]["AvailabilityZone"] for s in subnets.values()}) == len(ENVIRONMENTS[env].availability_zones)
    assert all(s["Properties"]["MapPublicIpOnLaunch"] is False for s in subnets.values())
    assert len(resources(t, "AWS::EC2::FlowLog")) == 1
    assert resources(t, "Custom::VpcRestrictDefaultSG")
    groups = resources(t, "AWS::Logs::LogGroup").values()
    assert all("KmsKeyId" in g["Properties"] and "RetentionInDays" in g["Properties"] for g in groups)
    services = [str(e["Properties"]["ServiceName"]) for e in resources(t, "AWS::EC2::VPCEndpoint").values()]
    assert any("secretsmanager" in s for s in services)
    assert any(".s3" in s for s in services)


@pytest.mark.parametrize("env", ENVS)
def test_dms_security_groups_have_no_ingress_and_databases_admit_them(templates, env):
    t = templates[env]["Migration"]
    dms_groups = {k for k, r in resources(t, "AWS::EC2::SecurityGroup").items() if "DMS replication" in r["Properties"]["GroupDescription"]}
    assert len(dms_groups) == 5
    for logical_id in dms_groups:
        assert "SecurityGroupIngress" not in t["Resources"][logical_id]["Properties"]
    ingress = [r["Properties"] for r in resources(t, "AWS::EC2::SecurityGroupIngress").values()]
    assert not [i for i in ingress if isinstance(i["GroupId"], dict) and i["GroupId"].get("Fn::GetAtt", [None])[0] in dms_groups]
    # The RDS/Aurora targets' own groups admit exactly the DMS groups, on the database port.
    assert sorted((i["GroupId"], i["FromPort"]) for i in ingress) == [
        ("sg-00000000000000001", 3306), ("sg-00000000000000002", 5432), ("sg-00000000000000003", 1433), ("sg-00000000000000004", 5432)
    ]
    assert all(i["SourceSecurityGroupId"]["Fn::GetAtt"][0] in dms_groups for i in ingress)


@pytest.mark.parametrize("env", ENVS)
def test_every_taggable_dms_resource_is_tagged(templates, env):
    t = templates[env]["Migration"]
    for type_ in ("AWS::DMS::ReplicationInstance", "AWS::DMS::ReplicationSubnetGroup"):
        for r in resources(t, type_).values():
            assert WAVE_TAG_KEYS <= set(tag_map(r))


@pytest.mark.parametrize("env", ENVS)
def test_snapshot_per_environment(templates, env, snapshot):
    # Review a snapshot diff; regenerate only when the change is intended: pytest --snapshot-update
    assert normalise(templates[env]) == snapshot.use_extension(JSONSnapshotExtension)
