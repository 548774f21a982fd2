"""Secure defaults, on their own (a bare stack, no wave): the wave's KMS key and the key-policy statements
services need (`encryption.py`), the private and access-log buckets (`buckets.py`) and the VPC endpoint
policies (`vpc_endpoints.py`). Every expected property is written out; one synth is shared by the file, so
the "secure defaults" mutation run (`make mutate MODULES=secure_defaults`) takes seconds per mutant."""

from __future__ import annotations

import re
from typing import Any

import pytest
from aws_cdk import App, Duration, Environment, RemovalPolicy, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk.assertions import Template

from dms_constructs import vpc_endpoints
from dms_constructs.buckets import access_log_bucket, acknowledge_not_replicated, private_bucket
from dms_constructs.encryption import EncryptionKey

ACCOUNT = "123456789012"
PARTITION = {"Ref": "AWS::Partition"}
REGION = {"Ref": "AWS::Region"}
ROOT_STATEMENT = {"Action": "kms:*", "Effect": "Allow", "Principal": {"AWS": {"Fn::Join": ["", ["arn:", PARTITION, f":iam::{ACCOUNT}:root"]]}}, "Resource": "*"}
NOT_LOGGED = ("This bucket receives the assessment results bucket's server access logs; logging its own access would "
              "write into itself or need a third bucket with the same question.")
SSE_S3 = ("Amazon S3 delivers server access logs only to buckets with SSE-S3 default encryption (not SSE-KMS); the logs "
          "hold request metadata, not assessment results, and are still encrypted at rest.")
NOT_REPLICATED = "Holds only per-run reports that DMS writes again on the next assessment run."
BLOCK_ALL = {"BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True}
OWNER_ENFORCED = {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}


class Built:
    """What the fixture builds, and its template."""

    def __init__(self) -> None:
        app = App(context={"@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy": True})
        stack = Stack(app, "Secure", env=Environment(account=ACCOUNT, region="eu-west-1"))
        self.stack = stack
        self.key = EncryptionKey(stack, "Key")
        self.described = EncryptionKey(stack, "Described", description="orders wave key", removal_policy=RemovalPolicy.DESTROY)
        self.plain = EncryptionKey(stack, "Plain")
        EncryptionKey.allow_cloudwatch_logs(self.key.key)
        EncryptionKey.allow_cloudwatch_logs(self.key.key)  # once only
        EncryptionKey.allow_service_publishers(self.key.key, ["cloudwatch.amazonaws.com"])
        EncryptionKey.allow_service_publishers(self.key.key, ["cloudwatch.amazonaws.com"])  # nothing new
        EncryptionKey.allow_service_publishers(self.key.key, ["cloudwatch.amazonaws.com", "sns.amazonaws.com"])  # sns only
        EncryptionKey.allow_service_publishers(self.key.key, ["dms.amazonaws.com", "cloudwatch.amazonaws.com"], source_arn="arn:aws:dms:eu-west-1:123456789012:*")
        EncryptionKey.allow_service_publishers(self.key.key, ["dms.amazonaws.com"], source_arn="arn:aws:dms:eu-west-1:123456789012:*")  # nothing new
        self.logs = access_log_bucket(stack, "Logs", removal_policy=RemovalPolicy.RETAIN, logged="the assessment results bucket")
        self.dev_logs = access_log_bucket(stack, "DevLogs", removal_policy=RemovalPolicy.DESTROY, logged="a dev wave's results bucket")
        self.results = private_bucket(stack, "Results", removal_policy=RemovalPolicy.DESTROY, access_logs=self.logs,
                                      access_logs_prefix="results/", encryption_key=self.key.key)
        self.conversion = private_bucket(stack, "Conversion", removal_policy=RemovalPolicy.RETAIN, access_logs=self.logs,
                                         access_logs_prefix="conversion/", noncurrent_version_expiration=Duration.days(90))
        acknowledge_not_replicated(NOT_REPLICATED, self.results, self.conversion)
        vpc = ec2.Vpc(stack, "Vpc", availability_zones=["eu-west-1a"], restrict_default_security_group=False,
                      subnet_configuration=[ec2.SubnetConfiguration(name="Dms", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)])
        self.gateway = vpc.add_gateway_endpoint("S3", service=ec2.GatewayVpcEndpointAwsService.S3)
        vpc_endpoints.restrict_s3_gateway_endpoint(self.gateway)
        vpc_endpoints.allow_bucket(self.gateway, "arn:aws:s3:::partner-landing")
        self.secrets = vpc.add_interface_endpoint("Secrets", service=ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER)
        vpc_endpoints.restrict_interface_endpoint(self.secrets)
        self.override = vpc_endpoints.secrets_manager_endpoint_override(self.secrets)
        self.override_again = vpc_endpoints.secrets_manager_endpoint_override(self.secrets)
        self.template = Template.from_stack(stack).to_json()

    def resource(self, construct) -> dict[str, Any]:
        child = construct.node.default_child
        return self.template["Resources"][self.stack.get_logical_id(child)]


@pytest.fixture(scope="module")
def built() -> Built:
    return Built()


def _acknowledged(construct) -> dict[str, str]:
    """Finding id -> reason of the acknowledgments recorded on a bucket's CfnBucket."""
    out: dict[str, str] = {}
    for entry in construct.node.default_child.node.metadata:
        if entry.type == "aws:cdk:acknowledged-rules":
            out.update({re.sub(r"^annotation::", "", k, flags=re.I): v for k, v in entry.data.items()})
    return out


# --- the wave key ---------------------------------------------------------------------------------


def test_a_key_rotates_is_retained_and_names_its_scope_by_default(built):
    assert built.resource(built.plain.key) == {
        "Type": "AWS::KMS::Key",
        "Properties": {"Description": "dms-constructs key for Secure", "EnableKeyRotation": True,
                       "KeyPolicy": {"Statement": [ROOT_STATEMENT], "Version": "2012-10-17"}},
        "UpdateReplacePolicy": "Retain", "DeletionPolicy": "Retain",
    }


def test_a_key_takes_its_description_and_removal_policy(built):
    resource = built.resource(built.described.key)
    assert (resource["Properties"]["Description"], resource["Properties"]["EnableKeyRotation"]) == ("orders wave key", True)
    assert (resource["UpdateReplacePolicy"], resource["DeletionPolicy"]) == ("Delete", "Delete")


def test_cloudwatch_logs_and_service_publishers_are_granted_once_each_with_their_conditions(built):
    assert built.resource(built.key.key)["Properties"]["KeyPolicy"]["Statement"] == [
        ROOT_STATEMENT,
        {
            "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": {"Fn::Join": ["", [
                "arn:", PARTITION, ":logs:", REGION, ":", {"Ref": "AWS::AccountId"}, ":log-group:*"]]}}},
            "Effect": "Allow",
            "Principal": {"Service": {"Fn::Join": ["", ["logs.", REGION, ".amazonaws.com"]]}},
            "Resource": "*",
            "Sid": "AllowCloudWatchLogs",
        },
        {"Action": ["kms:Decrypt", "kms:GenerateDataKey*"], "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
         "Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"}, "Resource": "*"},
        {"Action": ["kms:Decrypt", "kms:GenerateDataKey*"], "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
         "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Resource": "*"},
        {"Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
         "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}, "ArnLike": {"aws:SourceArn": "arn:aws:dms:eu-west-1:123456789012:*"}},
         "Effect": "Allow", "Principal": {"Service": ["dms.amazonaws.com", "cloudwatch.amazonaws.com"]}, "Resource": "*"},
    ]


# --- buckets --------------------------------------------------------------------------------------


def test_the_access_log_bucket_is_sse_s3_tls_only_versioned_private_and_expires_logs(built):
    assert built.resource(built.logs) == {
        "Type": "AWS::S3::Bucket",
        "Properties": {
            "BucketEncryption": {"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
            "LifecycleConfiguration": {"Rules": [{"AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}, "ExpirationInDays": 365,
                                                  "NoncurrentVersionExpiration": {"NoncurrentDays": 30}, "Status": "Enabled"}]},
            "OwnershipControls": OWNER_ENFORCED,
            "PublicAccessBlockConfiguration": BLOCK_ALL,
            "VersioningConfiguration": {"Status": "Enabled"},
        },
        "UpdateReplacePolicy": "Retain", "DeletionPolicy": "Retain",
        "Metadata": {"checkov": {"skip": [{"id": "CKV_AWS_18", "comment": NOT_LOGGED}, {"id": "CKV_AWS_145", "comment": SSE_S3}]}},
    }


def test_the_access_log_bucket_takes_the_removal_policy_it_is_given(built):
    # RETAIN is also CDK's default for a bucket: DESTROY shows that the policy given is the one applied.
    dev_logs = built.resource(built.dev_logs)
    assert (dev_logs["UpdateReplacePolicy"], dev_logs["DeletionPolicy"]) == ("Delete", "Delete")


def test_the_access_log_bucket_acknowledges_each_pack_with_its_reason(built):
    assert _acknowledged(built.logs) == {
        "AwsSolutions-S1": NOT_LOGGED,
        "HIPAA.Security-S3BucketLoggingEnabled": NOT_LOGGED,
        "HIPAA.Security-S3DefaultEncryptionKMS": SSE_S3,
        "NIST.800.53.R5-S3BucketLoggingEnabled": NOT_LOGGED,
        "NIST.800.53.R5-S3DefaultEncryptionKMS": SSE_S3,
        "PCI.DSS.321-S3BucketLoggingEnabled": NOT_LOGGED,
        "PCI.DSS.321-S3DefaultEncryptionKMS": SSE_S3,
    }


def _tls_only(logical_id: str) -> dict[str, Any]:
    arn = {"Fn::GetAtt": [logical_id, "Arn"]}
    return {"Action": "s3:*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}, "Effect": "Deny", "Principal": {"AWS": "*"},
            "Resource": [arn, {"Fn::Join": ["", [arn, "/*"]]}]}


def test_the_access_log_bucket_takes_logs_by_bucket_policy_only_over_tls(built):
    logs = built.stack.get_logical_id(built.logs.node.default_child)
    policies = [r["Properties"] for r in built.template["Resources"].values()
                if r["Type"] == "AWS::S3::BucketPolicy" and r["Properties"]["Bucket"] == {"Ref": logs}]
    statements = policies[0]["PolicyDocument"]["Statement"]
    assert len(policies) == 1 and statements[0] == _tls_only(logs)
    assert {s["Principal"].get("Service") for s in statements[1:]} == {"logging.s3.amazonaws.com"}


def test_a_private_bucket_with_a_key_is_sse_kms_with_a_bucket_key_and_logs_under_its_prefix(built):
    key = built.stack.get_logical_id(built.key.key.node.default_child)
    assert built.resource(built.results) == {
        "Type": "AWS::S3::Bucket",
        "Properties": {
            "BucketEncryption": {"ServerSideEncryptionConfiguration": [{
                "BucketKeyEnabled": True, "ServerSideEncryptionByDefault": {"KMSMasterKeyID": {"Fn::GetAtt": [key, "Arn"]}, "SSEAlgorithm": "aws:kms"}}]},
            "LifecycleConfiguration": {"Rules": [{"AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}, "Id": "versions",
                                                  "NoncurrentVersionExpiration": {"NoncurrentDays": 30}, "Status": "Enabled"}]},
            "LoggingConfiguration": {"DestinationBucketName": {"Ref": built.stack.get_logical_id(built.logs.node.default_child)}, "LogFilePrefix": "results/"},
            "OwnershipControls": OWNER_ENFORCED,
            "PublicAccessBlockConfiguration": BLOCK_ALL,
            "VersioningConfiguration": {"Status": "Enabled"},
        },
        "UpdateReplacePolicy": "Delete", "DeletionPolicy": "Delete",
    }
    results = built.stack.get_logical_id(built.results.node.default_child)
    policy = [r for r in built.template["Resources"].values() if r["Type"] == "AWS::S3::BucketPolicy" and r["Properties"]["Bucket"] == {"Ref": results}]
    assert policy[0]["Properties"]["PolicyDocument"]["Statement"] == [_tls_only(results)]


def test_a_private_bucket_without_a_key_is_sse_s3_and_keeps_old_versions_as_asked(built):
    assert built.resource(built.conversion) == {
        "Type": "AWS::S3::Bucket",
        "Properties": {
            "BucketEncryption": {"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
            "LifecycleConfiguration": {"Rules": [{"AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}, "Id": "versions",
                                                  "NoncurrentVersionExpiration": {"NoncurrentDays": 90}, "Status": "Enabled"}]},
            "LoggingConfiguration": {"DestinationBucketName": {"Ref": built.stack.get_logical_id(built.logs.node.default_child)}, "LogFilePrefix": "conversion/"},
            "OwnershipControls": OWNER_ENFORCED,
            "PublicAccessBlockConfiguration": BLOCK_ALL,
            "VersioningConfiguration": {"Status": "Enabled"},
        },
        "UpdateReplacePolicy": "Retain", "DeletionPolicy": "Retain",
    }


def test_buckets_not_replicated_acknowledge_each_pack_with_the_reason_given(built):
    expected = {
        "HIPAA.Security-S3BucketReplicationEnabled": NOT_REPLICATED,
        "NIST.800.53.R5-S3BucketReplicationEnabled": NOT_REPLICATED,
        "PCI.DSS.321-S3BucketReplicationEnabled": NOT_REPLICATED,
    }
    assert _acknowledged(built.results) == expected
    assert _acknowledged(built.conversion) == expected


# --- VPC endpoints --------------------------------------------------------------------------------


def test_the_s3_gateway_endpoint_admits_this_accounts_principals_on_its_buckets_and_custom_resource_responses(built):
    assert built.resource(built.gateway)["Properties"]["PolicyDocument"] == {"Statement": [
        {"Action": "s3:*", "Condition": {"StringEquals": {"aws:PrincipalAccount": ACCOUNT, "aws:ResourceAccount": ACCOUNT}},
         "Effect": "Allow", "Principal": {"AWS": "*"}, "Resource": "*", "Sid": "AccountPrincipalsOnAccountBuckets"},
        {"Action": "s3:PutObject", "Effect": "Allow", "Principal": {"AWS": "*"},
         "Resource": {"Fn::Join": ["", ["arn:", PARTITION, ":s3:::cloudformation-custom-resource-response-*/*"]]},
         "Sid": "CloudFormationCustomResourceResponses"},
        {"Action": "s3:*", "Condition": {"StringEquals": {"aws:PrincipalAccount": ACCOUNT}}, "Effect": "Allow", "Principal": {"AWS": "*"},
         "Resource": ["arn:aws:s3:::partner-landing", "arn:aws:s3:::partner-landing/*"]},
    ], "Version": "2012-10-17"}


def test_an_interface_endpoint_admits_this_accounts_principals_on_its_resources_where_named(built):
    assert built.resource(built.secrets)["Properties"]["PolicyDocument"] == {"Statement": [
        {"Action": "*", "Condition": {"StringEquals": {"aws:PrincipalAccount": ACCOUNT}, "StringEqualsIfExists": {"aws:ResourceAccount": ACCOUNT}},
         "Effect": "Allow", "Principal": {"AWS": "*"}, "Resource": "*", "Sid": "AccountPrincipalsOnAccountResources"},
    ], "Version": "2012-10-17"}


def test_the_secrets_manager_override_names_the_endpoints_first_dns_name_once(built):
    secrets = built.stack.get_logical_id(built.secrets.node.default_child)
    assert built.override.startswith("secretsManagerEndpointOverride=")
    assert built.stack.resolve(built.override) == {"Fn::Join": ["", [
        "secretsManagerEndpointOverride=",
        {"Fn::Select": [1, {"Fn::Split": [":", {"Fn::Select": [0, {"Fn::GetAtt": [secrets, "DnsEntries"]}]}]}]},
    ]]}
    assert built.override_again == built.override  # the same token, reused
    assert vpc_endpoints.secrets_manager_endpoint_override(None) is None


def test_the_key_keeps_its_construct_id_and_logical_id(built):
    """A KMS key is stateful: a moved construct id would replace it (and strand what it encrypts)."""
    assert built.key.key.node.path == "Secure/Key/Resource"
    assert built.stack.get_logical_id(built.key.key.node.default_child) == "KeyE447D366"
    assert "KeyE447D366" in built.template["Resources"]
