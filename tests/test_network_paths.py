"""Egress never to any address, the S3 prefix list resolved at deploy time, VPC endpoint policies, and
DMS pointed at the Secrets Manager VPC endpoint."""

from __future__ import annotations

import json

import pytest
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Template

from dms_constructs import DatabaseEndpoint, EndpointCredentials, MigrationNetwork, MigrationWave, ServerlessCapacity
from dms_constructs.table_mappings import TableMappings

from .conftest import AZS, env_stack, routed_network
from .helpers import resources, walk

_PARTITION = {"Ref": "AWS::Partition"}
_ACCOUNT_PRINCIPALS_ON_ACCOUNT_RESOURCES = {
    "Action": "*",
    "Condition": {
        "StringEquals": {"aws:PrincipalAccount": "123456789012"},
        "StringEqualsIfExists": {"aws:ResourceAccount": "123456789012"},
    },
    "Effect": "Allow",
    "Principal": {"AWS": "*"},
    "Resource": "*",
    "Sid": "AccountPrincipalsOnAccountResources",
}


def _pg(host: str, cidr: str, **kwargs) -> DatabaseEndpoint:
    return DatabaseEndpoint.postgresql(
        host=host, database_name="app", peer=ec2.Peer.ipv4(cidr),
        credentials=EndpointCredentials.generate(username="dms_user", no_rotation_reason="test database outside AWS"), **kwargs,
    )


@pytest.fixture(scope="module")
def lake():
    """A serverless wave writing to an S3 bucket of this account and one of another account."""
    stack = env_stack()
    wave = MigrationWave(stack, "Lake", network=routed_network(stack, "LakeNetwork"), capacity=ServerlessCapacity())
    source = wave.add_source("pg", _pg("src.example.com", "10.1.0.0/16"))
    own = wave.add_target("own", DatabaseEndpoint.s3(s3.Bucket.from_bucket_name(wave, "Own", "own-bucket"), folder="x"))
    other = s3.Bucket.from_bucket_attributes(wave, "Other", bucket_name="partner-bucket", account="999999999999")
    partner = wave.add_target("partner", DatabaseEndpoint.s3(other, folder="y"))
    wave.add_task("own", source=source, target=own, table_mappings=TableMappings().include("a", "%"))
    wave.add_task("partner", source=source, target=partner, table_mappings=TableMappings().include("b", "%"))
    return stack, wave, Template.from_stack(stack).to_json()


def _one(t: dict, type_: str, prefix: str) -> tuple[str, dict]:
    (item,) = [(k, v) for k, v in resources(t, type_).items() if k.startswith(prefix)]
    return item


# --- no egress to any address ---------------------------------------------------------------------------


def _wide_egress(template: dict) -> list[tuple[str, dict]]:
    found = []
    for logical_id, r in template.get("Resources", {}).items():
        rules = []
        if r["Type"] == "AWS::EC2::SecurityGroup":
            rules = r["Properties"].get("SecurityGroupEgress", [])
        elif r["Type"] == "AWS::EC2::SecurityGroupEgress":
            rules = [r["Properties"]]
        found += [(logical_id, rule) for rule in rules if rule.get("CidrIp") == "0.0.0.0/0" or rule.get("CidrIpv6") == "::/0"]
    return found


def test_no_security_group_of_the_reference_app_egresses_to_any_address(reference_templates):
    templates = {f"{env}/{env}-{stack}": t for env, stacks in reference_templates.items() for stack, t in stacks.items()}
    assert len(templates) == 6
    assert {name: _wide_egress(t) for name, t in templates.items() if _wide_egress(t)} == {}
    # The lake wave writes to S3 in every environment: its egress goes to the prefix list instead.
    for name, t in templates.items():
        if name.endswith("-Migration"):
            assert any(r["Properties"].get("DestinationPrefixListId") for r in resources(t, "AWS::EC2::SecurityGroupEgress").values())


def test_s3_egress_goes_to_the_prefix_list_resolved_at_deploy_time(lake):
    _, _, t = lake
    assert _wide_egress(t) == []
    lookup_id, lookup = _one(t, "Custom::ManagedPrefixList", "LakeNetworkS3PrefixListLookup")
    (rule,) = [r["Properties"] for r in resources(t, "AWS::EC2::SecurityGroupEgress").values() if "DestinationPrefixListId" in r["Properties"]]
    assert rule == {
        "Description": "HTTPS to Amazon S3 through the VPC gateway endpoint",
        "DestinationPrefixListId": {"Fn::GetAtt": [lookup_id, "PrefixLists.0.PrefixListId"]},
        "FromPort": 443,
        "GroupId": {"Fn::GetAtt": ["LakeSecurityGroup6B7205E8", "GroupId"]},
        "IpProtocol": "tcp",
        "ToPort": 443,
    }
    call = {
        "action": "describeManagedPrefixLists",
        "service": "EC2",
        "outputPaths": ["PrefixLists.0.PrefixListId"],
        "parameters": {"Filters": [{"Name": "prefix-list-name", "Values": ["com.amazonaws.eu-west-1.s3"]}]},
        "physicalResourceId": {"id": "com.amazonaws.eu-west-1.s3"},
    }
    props = lookup["Properties"]
    assert json.loads(props["Create"]) == call
    assert json.loads(props["Update"]) == call
    assert "Delete" not in props
    assert props["ServiceTimeout"] == "300"
    assert props["InstallLatestAwsSdk"] is False
    assert lookup["DependsOn"] == ["LakeNetworkS3PrefixListPolicyFC1EB048"]
    # One lookup per network, however many targets need S3.
    assert len(resources(t, "Custom::ManagedPrefixList")) == 1


def test_the_lookup_has_least_privilege_an_encrypted_log_group_and_no_inline_policy(lake):
    _, _, t = lake
    role_id, role = _one(t, "AWS::IAM::Role", "LakeNetworkS3PrefixListRole")
    assert "Policies" not in role["Properties"] and "ManagedPolicyArns" not in role["Properties"]
    _, policy = _one(t, "AWS::IAM::ManagedPolicy", "LakeNetworkS3PrefixListPolicy")
    logs_id, logs = _one(t, "AWS::Logs::LogGroup", "LakeNetworkS3PrefixListLogs")
    assert policy["Properties"]["Roles"] == [{"Ref": role_id}]
    assert policy["Properties"]["PolicyDocument"]["Statement"] == [
        {"Action": "ec2:DescribeManagedPrefixLists", "Effect": "Allow", "Resource": "*"},
        {"Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Effect": "Allow", "Resource": {"Fn::GetAtt": [logs_id, "Arn"]}},
    ]
    assert logs["Properties"]["RetentionInDays"] == 365
    assert logs["Properties"]["KmsKeyId"] == {"Fn::GetAtt": ["LakeNetworkKey0E26C17B", "Arn"]}
    (function,) = [r for k, r in resources(t, "AWS::Lambda::Function").items() if k.startswith("AWS679f53fac002430cb0da5b7982bd2287")]
    assert function["Properties"]["Role"] == {"Fn::GetAtt": [role_id, "Arn"]}
    assert function["Properties"]["LoggingConfig"] == {"LogGroup": {"Ref": logs_id}}
    assert "VpcConfig" not in function["Properties"]
    assert "DependsOn" not in function
    assert [s["id"] for s in function["Metadata"]["checkov"]["skip"]] == ["CKV_AWS_117", "CKV_AWS_116", "CKV_AWS_115"]


def test_a_given_prefix_list_is_used_as_is():
    stack = env_stack()
    network = MigrationNetwork(stack, "Net", availability_zones=AZS, s3_prefix_list_id="pl-6da54004")
    wave = MigrationWave(stack, "Lake", network=network, capacity=ServerlessCapacity())
    wave.add_target("own", DatabaseEndpoint.s3(s3.Bucket.from_bucket_name(wave, "Own", "own-bucket")))
    t = Template.from_stack(stack).to_json()
    assert not resources(t, "Custom::ManagedPrefixList")
    (rule,) = [r["Properties"] for r in resources(t, "AWS::EC2::SecurityGroupEgress").values() if "DestinationPrefixListId" in r["Properties"]]
    assert (rule["DestinationPrefixListId"], rule["FromPort"], rule["ToPort"]) == ("pl-6da54004", 443, 443)


# --- VPC endpoint policies ------------------------------------------------------------------------------


def test_s3_gateway_endpoint_admits_the_accounts_buckets_cloudformation_responses_and_named_foreign_buckets(lake):
    _, _, t = lake
    (endpoint,) = [r["Properties"] for r in resources(t, "AWS::EC2::VPCEndpoint").values() if r["Properties"]["VpcEndpointType"] == "Gateway"]
    partner = {"Fn::Join": ["", ["arn:", _PARTITION, ":s3:::partner-bucket"]]}
    assert endpoint["PolicyDocument"] == {
        "Statement": [
            {
                "Action": "s3:*",
                "Condition": {"StringEquals": {"aws:PrincipalAccount": "123456789012", "aws:ResourceAccount": "123456789012"}},
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Resource": "*",
                "Sid": "AccountPrincipalsOnAccountBuckets",
            },
            {
                "Action": "s3:PutObject",
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Resource": {"Fn::Join": ["", ["arn:", _PARTITION, ":s3:::cloudformation-custom-resource-response-*/*"]]},
                "Sid": "CloudFormationCustomResourceResponses",
            },
            {
                "Action": "s3:*",
                "Condition": {"StringEquals": {"aws:PrincipalAccount": "123456789012"}},
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Resource": [partner, {"Fn::Join": ["", ["arn:", _PARTITION, ":s3:::partner-bucket/*"]]}],
            },
        ],
        "Version": "2012-10-17",
    }


def test_interface_endpoints_admit_only_the_accounts_principals_and_resources():
    stack = env_stack()
    network = MigrationNetwork(stack, "WNetwork", availability_zones=AZS,
                               interface_endpoints=[ec2.InterfaceVpcEndpointAwsService.DATABASE_MIGRATION_SERVICE])
    MigrationWave(stack, "W", network=network)
    t = Template.from_stack(stack).to_json()
    interface = [r["Properties"] for r in resources(t, "AWS::EC2::VPCEndpoint").values() if r["Properties"]["VpcEndpointType"] == "Interface"]
    services = sorted(json.dumps(e["ServiceName"]) for e in interface)
    assert len(interface) == 2 and "secretsmanager" in services[1] + services[0] and "dms" in services[0] + services[1]
    for endpoint in interface:
        assert endpoint["PolicyDocument"] == {"Statement": [_ACCOUNT_PRINCIPALS_ON_ACCOUNT_RESOURCES], "Version": "2012-10-17"}


def test_every_endpoint_of_the_reference_app_has_a_policy(reference_templates):
    for stacks in reference_templates.values():
        migration = stacks["Migration"]
        endpoints = resources(migration, "AWS::EC2::VPCEndpoint").values()
        assert len(endpoints) >= 2
        for endpoint in endpoints:
            assert endpoint["Properties"]["PolicyDocument"]["Statement"][0]["Sid"] in ("AccountPrincipalsOnAccountBuckets", "AccountPrincipalsOnAccountResources")


# --- secretsManagerEndpointOverride ----------------------------------------------------------------------


def _override(t: dict, endpoint_id: str) -> dict:
    secretsmanager_id = next(k for k, r in resources(t, "AWS::EC2::VPCEndpoint").items() if "SecretsManager" in k)
    return {
        "Fn::Join": ["", ["secretsManagerEndpointOverride=", {"Fn::Select": [1, {"Fn::Split": [":", {"Fn::Select": [0, {"Fn::GetAtt": [secretsmanager_id, "DnsEntries"]}]}]}]}]]
    }


def test_endpoints_reading_secrets_point_dms_at_the_secrets_manager_vpc_endpoint():
    stack = env_stack()
    wave = MigrationWave(stack, "W", network=routed_network(stack, "WNetwork"))
    wave.add_source("plain", _pg("a", "10.1.0.0/16"))
    wave.add_source("extra", _pg("b", "10.1.0.0/16", extra_connection_attributes="heartbeatFrequency=1;"))
    wave.add_source("own", _pg("c", "10.1.0.0/16", extra_connection_attributes="secretsManagerEndpointOverride=vpce-1.example"))
    t = Template.from_stack(stack).to_json()
    attributes = {r["Properties"]["EndpointIdentifier"]: r["Properties"].get("ExtraConnectionAttributes") for r in resources(t, "AWS::DMS::Endpoint").values()}
    override = _override(t, "")
    assert attributes["w-plain-dms"] == override
    joined = override["Fn::Join"][1]
    assert attributes["w-extra-dms"] == {"Fn::Join": ["", ["heartbeatFrequency=1;" + joined[0], *joined[1:]]]}
    assert attributes["w-own-dms"] == "secretsManagerEndpointOverride=vpce-1.example"


def test_no_override_without_an_endpoint_the_network_created_nor_on_s3_targets():
    stack = env_stack()
    vpc = ec2.Vpc(stack, "Vpc", availability_zones=AZS, nat_gateways=1)
    wave = MigrationWave(stack, "W", network=MigrationNetwork(stack, "Existing", vpc=vpc, vpc_cidr="10.0.0.0/16",
                                                               reachable_networks=["10.1.0.0/16"]))
    wave.add_source("pg", _pg("a", "10.1.0.0/16"))
    lake = MigrationWave(stack, "L", network=routed_network(stack, "LNetwork"), capacity=ServerlessCapacity())
    lake.add_target("s3", DatabaseEndpoint.s3(s3.Bucket.from_bucket_name(lake, "B", "lake-bucket")))
    t = Template.from_stack(stack).to_json()
    for r in resources(t, "AWS::DMS::Endpoint").values():
        assert "secretsManagerEndpointOverride" not in json.dumps(r["Properties"].get("ExtraConnectionAttributes"))
    assert "secretsManagerEndpointOverride" not in json.dumps(list(walk(t)))
