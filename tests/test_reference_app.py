"""The reference app, all environments: secure defaults, account roles once, compliance, snapshots."""

from __future__ import annotations

import pytest
from syrupy.extensions.json import JSONSnapshotExtension

from .conftest import normalise
from .helpers import resources, tag_map

ENVS = ["dev", "staging", "prod"]  # written out: an environment added to or dropped from stacks/config.py fails here
WAVE_TAG_KEYS = {"Application", "Environment", "Owner", "CostCenter", "DataClassification", "MigrationWave"}


@pytest.fixture(scope="module")
def templates(reference_templates) -> dict[str, dict[str, dict]]:
    """{env: {stack id: template}} read from the synthesized assembly."""
    return reference_templates


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
        assert props["MultiAZ"] is {"dev": False, "staging": True, "prod": True}[env]


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
    stack imports them by name and its DMS resources wait for nothing. There is no baseline stack: it would
    be empty, and CDK's default validation rules (on, as `cdk init` recommends) refuse an empty template
    (CloudFormation-Validate::F0001), so `app.synth()` fails if an empty baseline comes back."""
    from dms_constructs import ImportedDmsServiceRoles
    from stacks.reference_app import build_reference_app, create_app

    app = create_app(context={"dev.service_roles": "import"}, outdir=str(tmp_path))
    assert app.node.try_get_context("@aws-cdk/core:validateAgainstDefaultRules") is True
    (stage,) = build_reference_app(app, ["dev"])
    app.synth()  # the compliance gate and CloudFormation's default rules pass
    templates = {s.stack_name: s.template for s in stage.synth().stacks}
    assert sorted(templates) == ["dev-Migration"]
    for template in templates.values():
        names = [r["Properties"].get("RoleName") for r in resources(template, "AWS::IAM::Role").values()]
        assert not {"dms-vpc-role", "dms-cloudwatch-logs-role"} & set(names)
    assert stage.baseline is None
    assert stage.migration.dependencies == []
    assert isinstance(stage.migration.service_roles, ImportedDmsServiceRoles)
    assert stage.migration.service_roles.vpc_role.role_name == "dms-vpc-role"
    # Nothing waits for a role this app does not create (instances wait only for their task log group).
    for type_ in ("AWS::DMS::ReplicationSubnetGroup", "AWS::DMS::ReplicationInstance"):
        for r in resources(templates["dev-Migration"], type_).values():
            assert all(dependency.startswith("OrdersMonitoringInstanceTaskLogs") or "MonitoringInstanceTaskLogs" in dependency
                       for dependency in r.get("DependsOn", []))


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
        # Groups with a fixed name (DMS's, and the waves' migration logs) are removed only when the operation
        # that created them rolls back (a name left behind would collide with the next create); every other
        # group is kept as is.
        fixed_name = group["Properties"].get("LogGroupName", "").startswith(("dms-tasks-", "dms-serverless-replication-", "/aws/events/dms/"))
        assert group["DeletionPolicy"] == ("RetainExceptOnCreate" if fixed_name else "Retain")
        assert group["UpdateReplacePolicy"] == "Retain"


@pytest.mark.parametrize("env", ENVS)
def test_network_is_isolated_with_flow_logs_endpoints_and_a_closed_default_group(templates, env):
    t = templates[env]["Migration"]
    assert not resources(t, "AWS::EC2::NatGateway")
    assert not resources(t, "AWS::EC2::InternetGateway")
    subnets = resources(t, "AWS::EC2::Subnet")
    assert len({s["Properties"]["AvailabilityZone"] for s in subnets.values()}) == {"dev": 2, "staging": 2, "prod": 3}[env]
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


# --- the network path: every database network routed, nothing looked up ------------------------------

#: Per environment: (transit gateway, application VPC, its network, its route tables).
NETWORKS = {
    "dev": ("tgw-0000000000000000a", "vpc-0000000000000000a", "10.30.0.0/16", ["rtb-0000000000000000a", "rtb-0000000000000000b"]),
    "staging": ("tgw-0100000000000000a", "vpc-0100000000000000a", "10.31.0.0/16", ["rtb-0100000000000000a", "rtb-0100000000000000b"]),
    "prod": ("tgw-0200000000000000a", "vpc-0200000000000000a", "10.32.0.0/16", ["rtb-0200000000000000a", "rtb-0200000000000000b"]),
}
ON_PREMISES = ["10.50.0.0/16", "10.51.0.0/16", "10.52.0.0/16", "10.53.0.0/16"]


def _dms_route_tables(t: dict) -> list[str]:
    return sorted(k for k in resources(t, "AWS::EC2::RouteTable") if k.startswith("NetworkVpcDmsSubnet"))


def _routes(t: dict) -> set[tuple[str, str, str]]:
    """(route table, destination, target) of every route, route tables by logical id or literal id."""
    out = set()
    for r in resources(t, "AWS::EC2::Route").values():
        p = r["Properties"]
        table = p["RouteTableId"]["Ref"] if isinstance(p["RouteTableId"], dict) else p["RouteTableId"]
        target = p.get("TransitGatewayId") or "peering"
        out.add((table, p["DestinationCidrBlock"], target))
    return out


def test_no_stack_of_any_environment_asks_for_context_or_carries_an_error(reference_app):
    from pathlib import Path
    import json as _json

    _, _, assembly = reference_app
    for manifest_path in Path(assembly.directory).glob("**/manifest.json"):
        manifest = _json.loads(manifest_path.read_text())
        assert "missing" not in manifest, manifest_path
        for name, artifact in manifest.get("artifacts", {}).items():
            errors = [e for entries in artifact.get("metadata", {}).values() for e in entries if e["type"] == "aws:cdk:error"]
            assert errors == [], name


@pytest.mark.parametrize("env", ENVS)
def test_on_premises_networks_are_routed_over_the_transit_gateway(templates, env):
    t = templates[env]["Migration"]
    tgw, _, _, _ = NETWORKS[env]
    tables = _dms_route_tables(t)
    assert len(tables) == {"dev": 2, "staging": 2, "prod": 3}[env]  # one DMS subnet per zone
    assert {r for r in _routes(t) if r[2] == tgw} == {(table, cidr, tgw) for table in tables for cidr in ON_PREMISES}
    (attachment,) = resources(t, "AWS::EC2::TransitGatewayVpcAttachment").values()
    assert attachment["Properties"]["TransitGatewayId"] == tgw
    assert len(attachment["Properties"]["SubnetIds"]) == len(tables)


@pytest.mark.parametrize("env", ENVS)
def test_the_application_vpc_is_peered_and_routed_both_ways(templates, env):
    t = templates[env]["Migration"]
    _, vpc_id, cidr, app_tables = NETWORKS[env]
    (peering,) = resources(t, "AWS::EC2::VPCPeeringConnection").values()
    assert peering["Properties"]["PeerVpcId"] == vpc_id and "PeerOwnerId" not in peering["Properties"]
    peering_routes = {r for r in _routes(t) if r[2] == "peering"}
    assert peering_routes == {(table, cidr, "peering") for table in _dms_route_tables(t)} | {
        (table, "10.20.0.0/16", "peering") for table in app_tables}


@pytest.mark.parametrize("env", ENVS)
def test_on_premises_names_are_forwarded_to_the_on_premises_name_servers(templates, env):
    t = templates[env]["Migration"]
    (rule,) = resources(t, "AWS::Route53Resolver::ResolverRule").values()
    assert rule["Properties"]["DomainName"] == f"{env}.corp.example.com"
    assert rule["Properties"]["TargetIps"] == [{"Ip": "10.50.0.2", "Port": "53"}, {"Ip": "10.50.0.3", "Port": "53"}]
    assert len(resources(t, "AWS::Route53Resolver::ResolverRuleAssociation")) == 1


@pytest.mark.parametrize("env", ENVS)
def test_every_network_a_dms_group_may_reach_is_routed(templates, env):
    t = templates[env]["Migration"]
    _, _, app_cidr, _ = NETWORKS[env]
    dms_groups = {k for k, r in resources(t, "AWS::EC2::SecurityGroup").items() if "DMS replication" in r["Properties"]["GroupDescription"]}
    egress = [e for g in dms_groups for e in t["Resources"][g]["Properties"].get("SecurityGroupEgress", [])]
    egress += [r["Properties"] for r in resources(t, "AWS::EC2::SecurityGroupEgress").values()
               if r["Properties"]["GroupId"]["Fn::GetAtt"][0] in dms_groups]
    cidrs = {e["CidrIp"] for e in egress if "CidrIp" in e}
    # The VPC itself (its endpoints) and the on-premises sources; the targets by security group.
    assert cidrs == {"10.20.0.0/16", *ON_PREMISES}
    assert {e["DestinationSecurityGroupId"] for e in egress if "DestinationSecurityGroupId" in e} == {
        "sg-00000000000000001", "sg-00000000000000002", "sg-00000000000000003", "sg-00000000000000004"}
    assert not [e for e in egress if e.get("CidrIp") in ("0.0.0.0/0",) or "CidrIpv6" in e]
    assert app_cidr not in cidrs


@pytest.mark.parametrize("env", ENVS)
def test_rules_between_peered_groups_wait_for_the_peering_routes(templates, env):
    t = templates[env]["Migration"]
    peering_routes = {k for k, r in resources(t, "AWS::EC2::Route").items() if "VpcPeeringConnectionId" in r["Properties"]}
    for rule in resources(t, "AWS::EC2::SecurityGroupIngress").values():
        assert "SourceSecurityGroupId" in rule["Properties"]
        assert peering_routes <= set(rule["DependsOn"])


# --- operator roles and naming (stacks/operators.py, NamingConvention) -------------------------------


def _roles_by_name(template: dict) -> dict[str, tuple[str, dict]]:
    return {r["Properties"]["RoleName"]: (k, r["Properties"]) for k, r in resources(template, "AWS::IAM::Role").items()
            if "RoleName" in r["Properties"] and isinstance(r["Properties"]["RoleName"], str)}


@pytest.mark.parametrize("env", ENVS)
def test_each_environment_has_a_migration_admin_and_viewer_trusting_its_account_with_mfa(templates, env):
    roles = _roles_by_name(templates[env]["Migration"])
    account = {"dev": "111111111111", "staging": "222222222222", "prod": "333333333333"}[env]
    for name in (f"{env}-migration-admin-dms", f"{env}-migration-viewer-dms"):
        _, props = roles[name]
        assert props["AssumeRolePolicyDocument"]["Statement"] == [{
            "Action": "sts:AssumeRole",
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{account}:root"},  # a literal partition: the recommended flags (cdk.json)
        }]
        assert props["MaxSessionDuration"] == 3600
        assert "Policies" not in props  # no inline policies


def _policy_actions(template: dict, role_logical_id: str) -> set[str]:
    actions: set[str] = set()
    for policy in resources(template, "AWS::IAM::ManagedPolicy").values():
        if {"Ref": role_logical_id} in policy["Properties"].get("Roles", []):
            for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
                action = statement["Action"]
                actions.update([action] if isinstance(action, str) else action)
    return actions


@pytest.mark.parametrize("env", ENVS)
def test_the_viewer_watches_and_the_admin_also_runs_tasks_neither_reads_secrets_or_changes_resources(templates, env):
    t = templates[env]["Migration"]
    roles = _roles_by_name(t)
    viewer = _policy_actions(t, roles[f"{env}-migration-viewer-dms"][0])
    admin = _policy_actions(t, roles[f"{env}-migration-admin-dms"][0])
    assert {"dms:DescribeReplicationTasks", "cloudwatch:GetMetricData", "logs:GetLogEvents"} <= viewer
    assert not {"dms:StartReplicationTask", "dms:StopReplicationTask", "dms:StartReplication", "dms:TestConnection"} & viewer
    assert {"dms:StartReplicationTask", "dms:StopReplicationTask", "dms:ReloadTables", "dms:StartReplication",
            "dms:StopReplication", "dms:TestConnection", "dms:StartReplicationTaskAssessmentRun"} <= admin
    assert viewer < admin
    # Running an assessment passes its service role to DMS: the admin's one IAM action, where tasks have
    # assessments (staging and prod).
    assert {a for a in admin if a.startswith("iam:")} == ({"iam:PassRole"} if env in ("staging", "prod") else set())
    for actions in (viewer, admin - {"iam:PassRole"}):
        assert not [a for a in actions if a.startswith(("secretsmanager:", "kms:", "iam:")) or a.endswith("*")]
        assert not [a for a in actions if a.split(":")[1].startswith(("Create", "Modify", "Delete"))]


@pytest.mark.parametrize("env", ENVS)
def test_dms_identifiers_follow_env_app_purpose_dms(templates, env):
    t = templates[env]["Migration"]
    instances = sorted(r["Properties"]["ReplicationInstanceIdentifier"] for r in resources(t, "AWS::DMS::ReplicationInstance").values())
    assert instances == [f"{env}-accounts-instance-dms", f"{env}-claims-instance-dms", f"{env}-orders-instance-dms",
                         f"{env}-point-of-sale-instance-dms"]
    tasks = sorted(r["Properties"]["ReplicationTaskIdentifier"] for r in resources(t, "AWS::DMS::ReplicationTask").values())
    assert tasks == [f"{env}-accounts-accounts-dms", f"{env}-claims-claims-dms", f"{env}-orders-customers-dms",
                     f"{env}-orders-orders-cdc-dms", f"{env}-point-of-sale-pos-dms"]
    (config,) = resources(t, "AWS::DMS::ReplicationConfig").values()
    assert config["Properties"]["ReplicationConfigIdentifier"] == f"{env}-data-lake-orders-to-lake-dms"
    endpoints = sorted(r["Properties"]["EndpointIdentifier"] for r in resources(t, "AWS::DMS::Endpoint").values())
    assert f"{env}-orders-mysql-dms" in endpoints and f"{env}-data-lake-s3-dms" in endpoints
    assert all(e.startswith(f"{env}-") and e.endswith("-dms") for e in endpoints)


@pytest.mark.parametrize("env", ENVS)
def test_every_wave_is_in_the_phase_its_environment_declares(templates, env):
    waves = templates[env]["Migration"]["Metadata"]["dms-constructs:waves"]["waves"]
    assert {w["name"]: w["phase"] for w in waves} == {
        "orders": "MIGRATING", "claims": "MIGRATING", "pos": "MIGRATING", "accounts": "MIGRATING", "lake": "MIGRATING",
    }


@pytest.mark.parametrize("env, assessed", [("dev", False), ("staging", True), ("prod", True)])
def test_the_serverless_lake_task_is_assessed_when_started_in_staging_and_prod(templates, env, assessed):
    t = templates[env]["Migration"]
    (lake,) = [w for w in t["Metadata"]["dms-constructs:waves"]["waves"] if w["name"] == "lake"]
    (task,) = lake["tasks"]
    (key_id,) = [k for k in resources(t, "AWS::KMS::Key") if k.startswith("LakeKey")]
    statements = [s for s in t["Resources"][key_id]["Properties"]["KeyPolicy"]["Statement"] if s.get("Sid") == "AllowDmsServerlessAssessmentResults"]
    if not assessed:
        assert "assessment" not in task and statements == []  # the record's None is left out of the template
        return
    # Started by the cutover team, not the deploy: the runbook's start command carries the assessment.
    assert task["assessment"] == {
        "run_on_create": False, "folder": f"{env}-data-lake-orders-to-lake-dms", "kms_key_arn": {"Fn::GetAtt": [key_id, "Arn"]},
        "include_only": [], "exclude": [],
    }
    assert len(statements) == 1
    assert [k for k in resources(t, "Custom::DmsStartOnce") if k.startswith("Lake")] == []
