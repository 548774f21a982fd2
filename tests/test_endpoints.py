"""Endpoints: credentials from Secrets Manager, SSL per engine, network reach, S3 and Redshift targets,
compliance, stable ids and input validation."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from aws_cdk import App, Duration, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_rds as rds
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk.assertions import Template
from cdk_nag import AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks

from dms_constructs import DmsConfigError, DmsServiceRoles, MigrationWave
from dms_constructs.certificates import EndpointCertificate
from dms_constructs.credentials import EndpointCredentials, SecretRotation
from dms_constructs.endpoints import DatabaseEndpoint, Engine, PostgreSqlSettings, SslMode

from .conftest import APPLICATION_VPC, AZS, env_stack, routed_network
from .helpers import cfn_lint, resources, walk

PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUEXAMPLE\n-----END CERTIFICATE-----\n"
# A stand-in for an Oracle auto-login wallet (binary; what orapki writes to cwallet.sso).
WALLET = b"\xa1\xf8N6\x00\x00\x00\x06test-wallet\x00\xff"
WALLET_BASE64 = "ofhONgAAAAZ0ZXN0LXdhbGxldAD/"
WALLET_SHA8 = "0cc6f3e7"
CERT_ARN = "arn:aws:dms:eu-west-1:123456789012:cert:ABCDEFGHIJKLMNOP"
NET = ec2.Peer.ipv4("10.1.0.0/16")
SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-src-AbCdEf"


def _acknowledged(construct) -> dict[str, str]:
    """Finding id -> reason of the acknowledgments recorded on one construct."""
    out: dict[str, str] = {}
    for entry in construct.node.metadata:
        if entry.type == "aws:cdk:acknowledged-rules":
            out.update({re.sub(r"^annotation::", "", k, flags=re.I): v for k, v in entry.data.items()})
    return out


def _props(template: dict, bound) -> dict:
    return template["Resources"][Stack.of(bound).get_logical_id(bound.resource)]["Properties"]


def _sg_id(wave) -> dict:
    return {"Fn::GetAtt": [Stack.of(wave).get_logical_id(wave.security_group.node.default_child), "GroupId"]}


def _secret(stack: Stack) -> secretsmanager.ISecret:
    return secretsmanager.Secret.from_secret_complete_arn(stack, "SourceSecret", SECRET_ARN)


def _wallet_file() -> str:
    """WALLET written to a file once per test session (wallets are read from files)."""
    path = Path(tempfile.gettempdir()) / f"dms-constructs-test-{os.getpid()}" / "cwallet.sso"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(WALLET)
    return str(path)


def _build_all(app: App):
    """One stack: account roles (with the Redshift role), a wave and one endpoint of every kind."""
    stack = env_stack(app, "T")
    roles = DmsServiceRoles(stack, "Roles", include_redshift_role=True)
    wave = MigrationWave(stack, "W", service_roles=roles, network=routed_network(stack))
    secret = _secret(stack)
    cert = EndpointCertificate.from_pem_string(PEM)
    db_sg = ec2.SecurityGroup.from_security_group_id(stack, "DbSg", "sg-0123456789abcdef0", mutable=True)
    instance = rds.DatabaseInstance.from_database_instance_attributes(
        stack, "Db", instance_identifier="orders-db", instance_endpoint_address="orders-db.abc.eu-west-1.rds.amazonaws.com",
        port=5432, security_groups=[db_sg], engine=rds.DatabaseInstanceEngine.postgres(version=rds.PostgresEngineVersion.VER_16),
    )
    bucket = s3.Bucket.from_bucket_name(stack, "Lake", "orders-lake")
    e = {}
    e["pg"] = wave.add_source("pg", DatabaseEndpoint.postgresql(
        host="pg.corp.example", database_name="orders", credentials=EndpointCredentials.from_secret(secret), peer=NET,
        slot_name="dms_slot", plugin_name="pglogical"))
    e["my"] = wave.add_source("my", DatabaseEndpoint.mysql(
        host="my.corp.example", peer=NET, certificate=cert,
        credentials=EndpointCredentials.generate(username="dms", rotation=SecretRotation.hosted()), server_timezone="UTC"))
    e["maria"] = wave.add_target("maria", DatabaseEndpoint.mariadb(
        host="maria.corp.example", port=3307, database_name="orders", peer=NET, certificate=cert, ssl_mode=SslMode.VERIFY_CA,
        credentials=EndpointCredentials.from_secret(secret), parallel_load_threads=4))
    e["aurora"] = wave.add_target("aurora", DatabaseEndpoint.aurora_mysql(
        host="aurora.cluster-abc.eu-west-1.rds.amazonaws.com", peer=NET, certificate=cert,
        credentials=EndpointCredentials.from_secret(secret)))
    e["apg"] = wave.add_target("apg", DatabaseEndpoint.aurora_postgresql(
        host="apg.cluster-abc.eu-west-1.rds.amazonaws.com", database_name="orders", peer=NET,
        credentials=EndpointCredentials.from_secret(secret)))
    e["ora"] = wave.add_source("ora", DatabaseEndpoint.oracle(
        host="ora.corp.example", database_name="ORCL", peer=NET, use_logminer_reader=True,
        certificate=EndpointCertificate.from_oracle_wallet_file(_wallet_file()),
        credentials=EndpointCredentials.generate(username="dms", no_rotation_reason="The DBA team rotates Oracle users quarterly")))
    e["mss"] = wave.add_target("mss", DatabaseEndpoint.sqlserver(
        host="mss.corp.example", database_name="orders", peer=NET, credentials=EndpointCredentials.from_secret(secret),
        use_bcp_full_load=True))
    e["rds"] = wave.add_source("rds", DatabaseEndpoint.from_database_instance(
        instance, database_name="orders", credentials=EndpointCredentials.from_secret(secret), network_cidr=APPLICATION_VPC))
    e["legacy"] = wave.add_source("legacy", DatabaseEndpoint.postgresql(
        host="legacy.corp.example", database_name="orders", peer=NET, credentials=EndpointCredentials.from_secret(secret),
        ssl_mode=SslMode.NONE, insecure_reason="The 2009 appliance cannot do TLS; it is replaced after this wave"))
    e["lake"] = wave.add_target("lake", DatabaseEndpoint.s3(bucket, folder="/orders/", timestamp_column_name="dms_ts"))
    e["dw"] = wave.add_target("dw", DatabaseEndpoint.redshift(
        host="dw.abc.eu-west-1.redshift.amazonaws.com", database_name="dev", peer=NET,
        credentials=EndpointCredentials.from_secret(secret), bucket=bucket, bucket_folder="staging"))
    return stack, wave, e


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    outdir = tmp_path_factory.mktemp("cdk.out")
    # Path metadata as the CDK CLI writes it: cfn-lint recognises CDK templates by it.
    app = App(outdir=str(outdir), context={"aws:cdk:enable-path-metadata": True})
    stack, wave, e = _build_all(app)
    template = Template.from_stack(stack).to_json()
    return app, stack, wave, e, template, outdir


@pytest.fixture(scope="module")
def cdk_databases():
    """A second stack: real RDS databases with generated (attached) secrets, and imported service roles."""
    stack = env_stack(App(), "Rds")
    roles = DmsServiceRoles.from_account(stack, "Roles", include_redshift_role=True)
    wave = MigrationWave(stack, "W", service_roles=roles, network=routed_network(stack))
    instance = rds.DatabaseInstance(
        stack, "Instance", vpc=wave.vpc, vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
        engine=rds.DatabaseInstanceEngine.mysql(version=rds.MysqlEngineVersion.VER_8_0),
    )
    cluster = rds.DatabaseCluster(
        stack, "Cluster", vpc=wave.vpc, vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
        engine=rds.DatabaseClusterEngine.aurora_postgres(version=rds.AuroraPostgresEngineVersion.VER_16_4),
        writer=rds.ClusterInstance.provisioned("Writer"),
    )
    cert = EndpointCertificate.from_pem_string(PEM)
    src = wave.add_source("src", DatabaseEndpoint.from_database_instance(instance, certificate=cert))
    tgt = wave.add_target("tgt", DatabaseEndpoint.from_database_cluster(
        cluster, database_name="orders", settings=PostgreSqlSettings()))
    dw = wave.add_target("dw", DatabaseEndpoint.redshift(
        host="dw.example", database_name="dev", peer=NET, credentials=EndpointCredentials.from_secret(_secret(stack))))
    return stack, wave, instance, cluster, src, tgt, dw, Template.from_stack(stack).to_json()


RELATIONAL = {
    "pg": "PostgreSqlSettings", "my": "MySqlSettings", "maria": "MySqlSettings", "aurora": "MySqlSettings",
    "apg": "PostgreSqlSettings", "ora": "OracleSettings", "mss": "MicrosoftSqlServerSettings", "rds": "PostgreSqlSettings",
    "dw": "RedshiftSettings",
}


# --- credentials ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name, block", sorted(RELATIONAL.items()))
def test_every_database_endpoint_reads_its_credentials_from_secrets_manager(built, name, block):
    _, stack, wave, e, t, _ = built
    props = _props(t, e[name])
    role = {"Fn::GetAtt": [stack.get_logical_id(wave.secrets_access_role.node.default_child), "Arn"]}
    assert props[block]["SecretsManagerAccessRoleArn"] == role
    secret_id = props[block]["SecretsManagerSecretId"]
    assert secret_id == SECRET_ARN or secret_id == {"Ref": stack.get_logical_id(e[name].secret.node.default_child)}
    assert props["KmsKeyId"]["Fn::GetAtt"][0] == stack.get_logical_id(wave.encryption_key.node.default_child)
    assert props["EndpointIdentifier"] == f"w-{name}-dms"


def test_no_user_name_password_host_or_port_appears_in_the_template(built):
    *_, t, _ = built
    keys = {k for v in walk(t) if isinstance(v, dict) for k in v}
    assert not keys & {"Password", "Username", "ServerName", "Port", "AsmPassword"}


REGIONAL_DMS = {"Fn::Join": ["", ["dms.", {"Ref": "AWS::Region"}, ".", {"Ref": "AWS::URLSuffix"}]]}
GLOBAL_DMS = {"Fn::Join": ["", ["dms.", {"Ref": "AWS::URLSuffix"}]]}
# Confused-deputy conditions (DMS User Guide, "Cross-service confused deputy prevention"), written out.
SOURCE_CONDITIONS = {
    "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
    "ArnLike": {"aws:SourceArn": {"Fn::Join": ["", [
        "arn:", {"Ref": "AWS::Partition"}, ":dms:", {"Ref": "AWS::Region"}, ":", {"Ref": "AWS::AccountId"}, ":*"]]}},
}


def test_the_secrets_access_role_trusts_only_the_regional_dms_principal_of_this_account(built):
    _, stack, wave, _, t, _ = built
    role = t["Resources"][stack.get_logical_id(wave.secrets_access_role.node.default_child)]["Properties"]
    assert role["AssumeRolePolicyDocument"] == {
        "Version": "2012-10-17",
        "Statement": [{
            "Action": "sts:AssumeRole",
            "Effect": "Allow",
            "Principal": {"Service": REGIONAL_DMS},
            "Condition": {
                "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
                "ArnLike": {"aws:SourceArn": {"Fn::Join": ["", [
                    "arn:", {"Ref": "AWS::Partition"}, ":dms:", {"Ref": "AWS::Region"}, ":", {"Ref": "AWS::AccountId"}, ":*"]]}},
            },
        }],
    }
    assert "Policies" not in role


def test_the_s3_target_role_trusts_dms_only_for_this_account(built):
    _, stack, _, e, t, _ = built
    role = t["Resources"][stack.get_logical_id(e["lake"].service_access_role.node.default_child)]["Properties"]
    assert role["AssumeRolePolicyDocument"] == {
        "Version": "2012-10-17",
        "Statement": [
            {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": REGIONAL_DMS}, "Condition": SOURCE_CONDITIONS},
            {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": GLOBAL_DMS}, "Condition": SOURCE_CONDITIONS},
        ],
    }


def test_account_wide_roles_keep_the_trust_of_the_role_creation_page(built):
    """dms-vpc-role, dms-cloudwatch-logs-role and dms-access-for-endpoint: no conditions (a condition on the
    account-wide roles has broken task logging in the field)."""
    _, stack, _, _, t, _ = built
    roles = {r["Properties"].get("RoleName"): r["Properties"] for r in resources(t, "AWS::IAM::Role").values()}
    for name in ("dms-vpc-role", "dms-cloudwatch-logs-role"):
        assert roles[name]["AssumeRolePolicyDocument"] == {
            "Version": "2012-10-17",
            "Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": GLOBAL_DMS}}],
        }
    assert roles["dms-access-for-endpoint"]["AssumeRolePolicyDocument"] == {
        "Version": "2012-10-17",
        "Statement": [
            {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": GLOBAL_DMS}},
            {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "redshift.amazonaws.com"}},
        ],
    }


def test_the_secrets_policy_grants_exactly_the_endpoint_secrets_and_their_keys(built):
    _, stack, wave, e, t, _ = built
    (policy_id,) = [k for k, r in resources(t, "AWS::IAM::ManagedPolicy").items() if "SecretsAccess" in k]
    statements = t["Resources"][policy_id]["Properties"]["PolicyDocument"]["Statement"]
    secrets = [s["Resource"] for s in statements if "secretsmanager:GetSecretValue" in s["Action"]]
    generated = [{"Ref": stack.get_logical_id(e[n].secret.node.default_child)} for n in ("my", "ora")]
    assert sorted(map(json.dumps, secrets)) == sorted(map(json.dumps, [SECRET_ARN, *generated]))
    kms = [s for s in statements if "kms:Decrypt" in s["Action"]]
    assert kms == [{"Action": ["kms:Decrypt", "kms:DescribeKey"], "Effect": "Allow",
                    "Resource": {"Fn::GetAtt": [stack.get_logical_id(wave.encryption_key.node.default_child), "Arn"]}}]
    assert t["Resources"][policy_id]["Properties"]["Roles"] == [{"Ref": stack.get_logical_id(wave.secrets_access_role.node.default_child)}]
    # Endpoints are created only once DMS may read their secrets.
    assert policy_id in t["Resources"][stack.get_logical_id(e["pg"].resource)]["DependsOn"]


def test_a_generated_secret_is_encrypted_with_the_wave_key_and_avoids_characters_dms_rejects(built):
    _, stack, wave, e, t, _ = built
    secret = t["Resources"][stack.get_logical_id(e["my"].secret.node.default_child)]
    assert secret["Properties"]["KmsKeyId"]["Fn::GetAtt"][0] == stack.get_logical_id(wave.encryption_key.node.default_child)
    assert secret["DeletionPolicy"] == "Retain"
    # Written out: a change to any of these makes CloudFormation generate a new password.
    assert secret["Properties"]["GenerateSecretString"] == {
        "ExcludeCharacters": ";.:+'\"/@\\ ",
        "GenerateStringKey": "password",
        "PasswordLength": 32,
        "SecretStringTemplate": '{"username":"dms"}',
    }


def test_hosted_rotation_runs_in_the_wave_network(built):
    _, stack, wave, e, t, _ = built
    (schedule,) = resources(t, "AWS::SecretsManager::RotationSchedule").values()
    props = schedule["Properties"]
    assert props["SecretId"] == {"Ref": stack.get_logical_id(e["my"].secret.node.default_child)}
    assert props["HostedRotationLambda"]["RotationType"] == "MySQLSingleUser"
    assert props["HostedRotationLambda"]["VpcSecurityGroupIds"] == _sg_id(wave)
    assert props["HostedRotationLambda"]["ExcludeCharacters"] == ";.:+'\"/@\\ "  # as the generated password's
    assert props["RotationRules"]["ScheduleExpression"] == "rate(30 days)"


def test_an_unrotated_secret_records_its_reason_against_each_rotation_finding(built):
    _, _, _, e, _, _ = built
    acknowledged = _acknowledged(e["ora"].secret.node.default_child)
    reason = "The DBA team rotates Oracle users quarterly"
    assert acknowledged == {
        "AwsSolutions-SMG4": reason,
        "HIPAA.Security-SecretsManagerRotationEnabled": reason,
        "NIST.800.53.R5-SecretsManagerRotationEnabled": reason,
    }
    assert _acknowledged(e["my"].secret.node.default_child) == {}


def test_the_wave_exposes_its_secrets_access_role(built):
    _, _, wave, e, _, _ = built
    assert wave.secrets_access_role.node.path == "T/W/SecretsAccess/Role"
    assert e["pg"].secret.secret_arn == SECRET_ARN


# --- SSL -----------------------------------------------------------------------------------------

def test_ssl_modes_default_per_engine(built):
    *_, e, t, _ = built
    modes = {n: _props(t, e[n]).get("SslMode") for n in e}
    assert modes == {
        "pg": "require", "apg": "require", "mss": "require", "rds": "require",  # no certificate: require
        "my": "verify-full", "aurora": "verify-full",  # certificate given: the strongest verifying mode
        "maria": "verify-ca",  # as asked
        "ora": "verify-ca",  # the only mode DMS supports for Oracle
        "legacy": "none",
        "lake": None, "dw": None,  # DMS has no SSL mode for S3 and Redshift
    }
    assert {n: e[n].ssl_mode for n in ("pg", "my", "lake")} == {"pg": SslMode.REQUIRE, "my": SslMode.VERIFY_FULL, "lake": None}


def test_verifying_modes_reference_a_dms_certificate_named_after_the_endpoint(built):
    _, stack, _, e, t, _ = built
    certificates = resources(t, "AWS::DMS::Certificate")
    assert {c["Properties"]["CertificateIdentifier"] for c in certificates.values()} == {
        "w-my-ca-1f76dcb1-dms", "w-maria-ca-1f76dcb1-dms", "w-aurora-ca-1f76dcb1-dms",  # the first 8 hex digits of SHA-256(PEM)
        "w-ora-wallet-0cc6f3e7-dms",
    }
    for name in ("my", "maria", "aurora"):
        props = certificates[stack.get_logical_id(e[name].node.find_child("Certificate"))]["Properties"]
        assert props == {"CertificateIdentifier": props["CertificateIdentifier"], "CertificatePem": PEM}  # no Tags, no wallet
    assert _props(t, e["my"])["CertificateArn"] == {"Ref": stack.get_logical_id(e["my"].node.find_child("Certificate"))}
    assert "CertificateArn" not in _props(t, e["pg"])


def test_oracle_verifies_against_a_wallet_uploaded_as_certificate_wallet(built):
    _, stack, _, e, t, _ = built
    certificate_id = stack.get_logical_id(e["ora"].node.find_child("Certificate"))
    assert resources(t, "AWS::DMS::Certificate")[certificate_id]["Properties"] == {
        "CertificateIdentifier": "w-ora-wallet-0cc6f3e7-dms",
        "CertificateWallet": "ofhONgAAAAZ0ZXN0LXdhbGxldAD/",
    }
    assert _props(t, e["ora"])["SslMode"] == "verify-ca"
    assert _props(t, e["ora"])["CertificateArn"] == {"Ref": certificate_id}


@pytest.mark.parametrize("factory", ["oracle", "mysql", "postgresql"])
def test_an_existing_certificate_by_arn_serves_every_engine(factory):
    stack = env_stack(App(), "Arn")
    wave = MigrationWave(stack, "W", service_roles=DmsServiceRoles(stack, "Roles"), network=routed_network(stack))
    kwargs = dict(host="db.corp.example", peer=NET, credentials=EndpointCredentials.from_secret(_secret(stack)),
                  certificate=EndpointCertificate.from_certificate_arn(CERT_ARN))
    if factory != "mysql":
        kwargs["database_name"] = "orders"
    bound = wave.add_source("db", getattr(DatabaseEndpoint, factory)(**kwargs))
    t = Template.from_stack(stack).to_json()
    assert _props(t, bound)["CertificateArn"] == "arn:aws:dms:eu-west-1:123456789012:cert:ABCDEFGHIJKLMNOP"
    assert _props(t, bound)["SslMode"] == {"oracle": "verify-ca", "mysql": "verify-full", "postgresql": "verify-full"}[factory]
    assert resources(t, "AWS::DMS::Certificate") == {}


def test_ssl_off_records_the_reason_against_the_ssl_rule(built):
    _, _, _, e, _, _ = built
    assert _acknowledged(e["legacy"].resource) == {"DmsChecks-DMS.9": "The 2009 appliance cannot do TLS; it is replaced after this wave"}
    assert _acknowledged(e["pg"].resource) == {}
    assert set(_acknowledged(e["lake"].resource)) == {"DmsChecks-DMS.9"} == set(_acknowledged(e["dw"].resource))


# --- engine settings and names -------------------------------------------------------------------

def test_engine_names_database_names_and_typed_settings(built):
    *_, e, t, _ = built
    assert {n: _props(t, e[n])["EngineName"] for n in e} == {
        "pg": "postgres", "my": "mysql", "maria": "mariadb", "aurora": "aurora", "apg": "aurora-postgresql",
        "ora": "oracle", "mss": "sqlserver", "rds": "postgres", "legacy": "postgres", "lake": "s3", "dw": "redshift",
    }
    assert {n: _props(t, e[n]).get("DatabaseName") for n in ("pg", "my", "maria", "ora", "mss", "dw", "lake")} == {
        "pg": "orders", "my": None, "maria": "orders", "ora": "ORCL", "mss": "orders", "dw": "dev", "lake": None,
    }
    assert _props(t, e["pg"])["PostgreSqlSettings"]["SlotName"] == "dms_slot"
    assert _props(t, e["pg"])["PostgreSqlSettings"]["PluginName"] == "pglogical"
    assert _props(t, e["my"])["MySqlSettings"]["ServerTimezone"] == "UTC"
    maria = _props(t, e["maria"])["MySqlSettings"]
    assert (maria["ParallelLoadThreads"], maria["TargetDbType"]) == (4, "specific-database")
    assert _props(t, e["ora"])["OracleSettings"]["UseLogminerReader"] is True
    assert _props(t, e["mss"])["MicrosoftSqlServerSettings"]["UseBcpFullLoad"] is True


def test_bound_endpoint_attributes(built):
    _, stack, _, e, _, _ = built
    aurora = e["aurora"]
    assert (aurora.name, aurora.identifier, aurora.direction) == ("aurora", "w-aurora-dms", "target")
    assert (aurora.engine, aurora.engine_name, aurora.engine_family) == (Engine.AURORA_MYSQL, "aurora", "mysql")
    assert (aurora.port, aurora.ssl_mode, aurora.database_name) == (3306, SslMode.VERIFY_FULL, None)
    assert stack.resolve(aurora.endpoint_arn) == {"Ref": stack.get_logical_id(aurora.resource)}
    assert aurora.node.path == "T/W/Endpoints/aurora"
    assert {n: e[n].engine_family for n in ("ora", "mss", "lake", "dw", "apg")} == {
        "ora": "oracle", "mss": "sqlserver", "lake": "s3", "dw": "redshift", "apg": "postgres"}
    assert (e["maria"].port, e["mss"].port, e["dw"].port) == (3307, 1433, 5439)


# --- network -------------------------------------------------------------------------------------

def test_databases_outside_cdk_get_egress_to_their_network_on_their_port(built):
    _, stack, wave, _, t, _ = built
    egress = t["Resources"][stack.get_logical_id(wave.security_group.node.default_child)]["Properties"]["SecurityGroupEgress"]
    rules = {(r["CidrIp"], r["FromPort"], r["ToPort"], r["Description"]) for r in egress if r["CidrIp"] == "10.1.0.0/16"}
    # One rule per network and port: endpoints sharing both share the rule of the first one.
    assert rules == {
        ("10.1.0.0/16", port, port, f"DMS endpoint w-{name}-dms ({engine})")
        for name, port, engine in [
            ("pg", 5432, "postgres"), ("my", 3306, "mysql"), ("maria", 3307, "mariadb"), ("ora", 2484, "oracle"),
            ("mss", 1433, "sqlserver"), ("dw", 5439, "redshift"),
        ]
    }
    # No rule to any address: HTTPS for the S3 and Redshift targets goes to the S3 prefix list, resolved
    # at deploy time, in a rule of its own.
    assert not [r for r in egress if r.get("CidrIp") in ("0.0.0.0/0", None) or r.get("CidrIpv6") == "::/0"]
    group_id = stack.get_logical_id(wave.security_group.node.default_child)
    (s3_rule,) = [
        r["Properties"] for r in t["Resources"].values()
        if r["Type"] == "AWS::EC2::SecurityGroupEgress" and r["Properties"]["GroupId"] == {"Fn::GetAtt": [group_id, "GroupId"]}
        and "DestinationPrefixListId" in r["Properties"]
    ]
    assert (s3_rule["FromPort"], s3_rule["ToPort"], s3_rule["Description"]) == (443, 443, "HTTPS to Amazon S3 through the VPC gateway endpoint")
    assert s3_rule["DestinationPrefixListId"]["Fn::GetAtt"][1] == "PrefixLists.0.PrefixListId"


def test_an_imported_rds_instance_admits_the_wave_on_its_port(built):
    _, _, wave, _, t, _ = built
    (ingress,) = resources(t, "AWS::EC2::SecurityGroupIngress").values()
    props = ingress["Properties"]
    assert (props["GroupId"], props["SourceSecurityGroupId"], props["FromPort"], props["ToPort"]) == ("sg-0123456789abcdef0", _sg_id(wave), 5432, 5432)
    (egress,) = [r["Properties"] for r in resources(t, "AWS::EC2::SecurityGroupEgress").values() if r["Properties"].get("DestinationSecurityGroupId") == "sg-0123456789abcdef0"]
    assert (egress["GroupId"], egress["FromPort"]) == (_sg_id(wave), 5432)


def test_cdk_databases_derive_engine_host_port_and_credentials(cdk_databases):
    stack, wave, instance, cluster, src, tgt, _, t = cdk_databases
    assert (src.engine_name, tgt.engine_name) == ("mysql", "aurora-postgresql")
    assert stack.resolve(src.secret.secret_arn) == stack.resolve(instance.secret.secret_arn)
    assert stack.resolve(tgt.secret.secret_arn) == stack.resolve(cluster.secret.secret_arn)
    assert _props(t, src)["SslMode"] == "verify-full" and _props(t, tgt)["SslMode"] == "require"
    assert _props(t, tgt)["PostgreSqlSettings"]["SecretsManagerSecretId"] == {"Ref": stack.get_logical_id(cluster.secret.node.default_child)}
    for db in (instance, cluster):
        db_sg = stack.get_logical_id(db.connections.security_groups[0].node.default_child)
        ingress = [r["Properties"] for r in resources(t, "AWS::EC2::SecurityGroupIngress").values()
                   if r["Properties"]["GroupId"] == {"Fn::GetAtt": [db_sg, "GroupId"]}]
        assert [i["SourceSecurityGroupId"] for i in ingress] == [_sg_id(wave)]
        assert ingress[0]["FromPort"] == {"Fn::GetAtt": [stack.get_logical_id(db.node.default_child), "Endpoint.Port"]}


# --- S3 and Redshift -----------------------------------------------------------------------------

def test_s3_target_settings(built):
    _, stack, wave, e, t, _ = built
    lake = e["lake"]
    settings = _props(t, lake)["S3Settings"]
    key = {"Fn::GetAtt": [stack.get_logical_id(wave.encryption_key.node.default_child), "Arn"]}
    assert settings == {
        "BucketName": "orders-lake",
        "BucketFolder": "orders",
        "DataFormat": "parquet",
        "CompressionType": "GZIP",
        "TimestampColumnName": "dms_ts",
        "EncryptionMode": "SSE_KMS",
        "ServerSideEncryptionKmsKeyId": key,
        "ExpectedBucketOwner": "123456789012",
        "ServiceAccessRoleArn": {"Fn::GetAtt": [stack.get_logical_id(lake.service_access_role.node.default_child), "Arn"]},
    }
    assert "SslMode" not in _props(t, lake) and "S3Settings" not in _props(t, e["pg"])


def test_s3_access_role_is_per_endpoint_and_least_privilege(built):
    _, stack, wave, e, t, _ = built
    lake = e["lake"]
    role = t["Resources"][stack.get_logical_id(lake.service_access_role.node.default_child)]["Properties"]
    assert "Policies" not in role
    policy = t["Resources"][stack.get_logical_id(lake.node.find_child("ServiceAccessPolicy").node.default_child)]["Properties"]
    statements = {json.dumps(s["Action"]): s["Resource"] for s in policy["PolicyDocument"]["Statement"]}
    partition = {"Ref": "AWS::Partition"}
    assert statements == {
        json.dumps(["s3:PutObject", "s3:DeleteObject", "s3:PutObjectTagging"]): {"Fn::Join": ["", ["arn:", partition, ":s3:::orders-lake/orders/*"]]},
        json.dumps("s3:ListBucket"): {"Fn::Join": ["", ["arn:", partition, ":s3:::orders-lake"]]},
        json.dumps(["kms:GenerateDataKey", "kms:Decrypt"]): {"Fn::GetAtt": [stack.get_logical_id(wave.encryption_key.node.default_child), "Arn"]},
    }
    assert _acknowledged(lake.node.find_child("ServiceAccessPolicy").node.default_child).keys() == {
        "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::orders-lake/orders/*]"
    }


def test_redshift_uses_dms_access_for_endpoint(built):
    _, stack, wave, e, t, _ = built
    settings = _props(t, e["dw"])["RedshiftSettings"]
    roles = resources(t, "AWS::IAM::Role")
    (access_role,) = [k for k, r in roles.items() if r["Properties"].get("RoleName") == "dms-access-for-endpoint"]
    assert settings["ServiceAccessRoleArn"] == {"Fn::GetAtt": [access_role, "Arn"]}
    assert (settings["BucketName"], settings["BucketFolder"], settings["EncryptionMode"]) == ("orders-lake", "staging", "SSE_KMS")
    policy = t["Resources"][stack.get_logical_id(e["dw"].node.find_child("RedshiftAccessPolicy").node.default_child)]["Properties"]
    assert policy["Roles"] == [{"Ref": access_role}]


def test_redshift_with_imported_service_roles_attaches_its_policy_by_role_name(cdk_databases):
    stack, _, _, _, _, _, dw, t = cdk_databases
    policy = t["Resources"][stack.get_logical_id(dw.node.find_child("RedshiftAccessPolicy").node.default_child)]["Properties"]
    assert policy["Roles"] == ["dms-access-for-endpoint"]
    assert _props(t, dw)["RedshiftSettings"]["ServiceAccessRoleArn"] == {
        "Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::123456789012:role/dms-access-for-endpoint"]]
    }


# --- compliance and lint -------------------------------------------------------------------------

@pytest.mark.parametrize("pack", [AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks], ids=lambda p: p.__name__)
def test_a_wave_with_every_kind_of_endpoint_passes_the_compliance_packs(built, pack):
    app, stack, *_ = built
    report = pack(app).validate_scope(stack)
    assert report.success, [(v.rule_name, [r.construct_path for r in v.violating_resources]) for v in report.violations]


def test_the_synthesized_template_passes_cfn_lint(built):
    app, *_, outdir = built
    app.synth()
    template = outdir / "T.template.json"
    code, output = cfn_lint(str(template))
    assert code == 0, output


def test_adding_an_endpoint_moves_no_logical_id():
    def build(extra: bool) -> dict:
        stack = env_stack()
        wave = MigrationWave(stack, "W", network=routed_network(stack))
        wave.add_source("pg", DatabaseEndpoint.postgresql(
            host="h", database_name="d", peer=NET,
            credentials=EndpointCredentials.generate(username="dms", no_rotation_reason="rotated by the source team")))
        if extra:
            wave.add_target("lake", DatabaseEndpoint.s3(s3.Bucket.from_bucket_name(stack, "B", "bkt")))
            wave.add_target("my", DatabaseEndpoint.mysql(
                host="h2", peer=NET, certificate=EndpointCertificate.from_pem_string(PEM),
                credentials=EndpointCredentials.from_secret(_secret(stack))))
        return Template.from_stack(stack).to_json()["Resources"]

    before, after = build(False), build(True)
    assert set(before) <= set(after)
    assert len(after) > len(before)


# --- input validation: each message names the field, the value and the fix -----------------------

def _pg(**overrides):
    kwargs = dict(host="h", database_name="d", peer=NET, credentials=EndpointCredentials.from_secret(_secret(env_stack())))
    return DatabaseEndpoint.postgresql(**{**kwargs, **overrides})


@pytest.fixture(scope="module")
def creds():
    return EndpointCredentials.from_secret(_secret(env_stack()))


@pytest.mark.parametrize(
    "factory, kwargs, message",
    [
        ("postgresql", dict(port=0),
         "DatabaseEndpoint.postgresql.port: must be between 1 and 65535 (got 0); choose a value in 1..65535"),
        ("sqlserver", dict(port=70000),
         "DatabaseEndpoint.sqlserver.port: must be between 1 and 65535 (got 70000); choose a value in 1..65535"),
        ("postgresql", dict(host=" "),
         "DatabaseEndpoint.postgresql.host: is empty (got ' '); give the database's host name or address"),
        ("sqlserver", dict(ssl_mode=SslMode.VERIFY_CA),
         "DatabaseEndpoint.sqlserver.ssl_mode: is not supported by DMS for SQL Server endpoints (got 'verify-ca'); use one of: require, verify-full"),
        ("oracle", dict(ssl_mode="require"),
         "DatabaseEndpoint.oracle.ssl_mode: is not supported by DMS for Oracle endpoints (got 'require'); use one of: verify-ca"),
        ("postgresql", dict(ssl_mode="tls"),
         "DatabaseEndpoint.postgresql.ssl_mode: is not an SSL mode (got 'tls'); use one of: require, verify-ca, verify-full"),
        ("postgresql", dict(ssl_mode=SslMode.VERIFY_FULL),
         "DatabaseEndpoint.postgresql.certificate: is required with ssl_mode 'verify-full' (DMS verifies the server certificate against it) "
         "(got None); pass certificate=EndpointCertificate.from_pem_file('<CA bundle>.pem') (for RDS and Aurora: the RDS CA bundle), "
         "or choose ssl_mode=SslMode.REQUIRE"),
        ("mysql", dict(),
         "DatabaseEndpoint.mysql.certificate: is required: DMS supports only certificate-verifying SSL modes (verify-ca, verify-full) "
         "for MySQL endpoints (got None); pass certificate=EndpointCertificate.from_pem_file('<CA bundle>.pem') (for RDS and Aurora: "
         "the RDS CA bundle), or ssl_mode=SslMode.NONE with insecure_reason='why this connection may be unencrypted'"),
        ("postgresql", dict(ssl_mode=SslMode.REQUIRE, certificate="CERT"),
         "DatabaseEndpoint.postgresql.certificate: is unused with ssl_mode 'require', which does not verify the server (got 'given'); "
         "choose a verifying SSL mode (verify-ca / verify-full), or drop the certificate"),
        ("postgresql", dict(ssl_mode=SslMode.NONE),
         "DatabaseEndpoint.postgresql.insecure_reason: is required with ssl_mode=SslMode.NONE: an unencrypted endpoint fails Security Hub "
         "control DMS.9 (got None); give insecure_reason='why this connection may be unencrypted' (at least 10 characters), or keep SSL on"),
        ("postgresql", dict(insecure_reason="we do not care"),
         "DatabaseEndpoint.postgresql.insecure_reason: applies only to ssl_mode=SslMode.NONE (this one is 'require') (got 'we do not care'); "
         "drop insecure_reason"),
        ("postgresql", dict(database_name=None),
         "DatabaseEndpoint.postgresql.database_name: is required for PostgreSQL endpoints (got None); give the database DMS connects to"),
        ("oracle", dict(database_name=""),
         "DatabaseEndpoint.oracle.database_name: is required for Oracle endpoints (got ''); give the SID or service name"),
        ("postgresql", dict(peer=ec2.Peer.any_ipv4()),
         "DatabaseEndpoint.postgresql.peer: opens the wave's egress to the whole internet (got '0.0.0.0/0'); give the database's own "
         "network, e.g. ec2.Peer.ipv4('10.1.0.0/16'), or a prefix list"),
        ("sqlserver", dict(peer=ec2.Peer.any_ipv6()),
         "DatabaseEndpoint.sqlserver.peer: opens the wave's egress to the whole internet (got '::/0'); give the database's own "
         "network, e.g. ec2.Peer.ipv4('10.1.0.0/16'), or a prefix list"),
        ("postgresql", dict(plugin_name="wal2json"),
         "DatabaseEndpoint.postgresql.plugin_name: is not a value DMS accepts (got 'wal2json'); use one of: pglogical, test-decoding, no-preference"),
        ("sqlserver", dict(safeguard_policy="none"),
         "DatabaseEndpoint.sqlserver.safeguard_policy: is not a value DMS accepts (got 'none'); use one of: "
         "rely-on-sql-server-replication-agent, exclusive-automatic-truncation, shared-automatic-truncation"),
        ("postgresql", dict(extra_connection_attributes="heartbeatFrequency=5;password=hunter2"),
         "DatabaseEndpoint.postgresql.extra_connection_attributes: sets connection values that come from the endpoint's secret "
         "(got '<password=...>'); keep user name, password, host and port in the secret (EndpointCredentials)"),
        ("postgresql", dict(peer=None),
         "DatabaseEndpoint.postgresql.peer: is required (got None); give the database's network, e.g. ec2.Peer.ipv4('10.1.0.0/16'), "
         "or a prefix list"),
        ("oracle", dict(ssl_mode=SslMode.NONE, insecure_reason="no TLS listener on this host", certificate="CERT"),
         "DatabaseEndpoint.oracle.certificate: is unused with ssl_mode=SslMode.NONE (got 'given'); drop the certificate, or choose a "
         "verifying SSL mode"),
        ("postgresql", dict(credentials=None),
         "DatabaseEndpoint.postgresql.credentials: is required (got None); pass EndpointCredentials.from_secret(secret) or "
         "EndpointCredentials.generate(username=...)"),
        # Oracle verifies only against a wallet; every other engine only against a PEM bundle.
        ("oracle", dict(certificate="CERT"),
         "DatabaseEndpoint.oracle.certificate: is a PEM certificate bundle, but DMS verifies Oracle endpoints only against an "
         "Oracle wallet (verify-ca with a PEM fails when the endpoint connects) (got '<PEM text>'); make a wallet that holds the "
         "CA with orapki (orapki wallet create -wallet <dir> -auto_login_only; orapki wallet add -wallet <dir> -trusted_cert "
         "-cert <ca>.pem -auto_login_only) and pass certificate=EndpointCertificate.from_oracle_wallet_file('<dir>/cwallet.sso')"),
        ("oracle", dict(certificate=None),
         "DatabaseEndpoint.oracle.certificate: is required: DMS supports only certificate-verifying SSL modes (verify-ca) for "
         "Oracle endpoints (got None); pass certificate=EndpointCertificate.from_oracle_wallet_file('<dir>/cwallet.sso'), an "
         "Oracle wallet holding the CA made with orapki (orapki wallet create -wallet <dir> -auto_login_only; orapki wallet add "
         "-wallet <dir> -trusted_cert -cert <ca>.pem -auto_login_only), or ssl_mode=SslMode.NONE with "
         "insecure_reason='why this connection may be unencrypted'"),
        ("oracle", dict(ssl_mode=SslMode.VERIFY_CA, certificate=None),
         "DatabaseEndpoint.oracle.certificate: is required with ssl_mode 'verify-ca' (DMS verifies the server certificate against "
         "it) (got None); pass certificate=EndpointCertificate.from_oracle_wallet_file('<dir>/cwallet.sso'), an Oracle wallet "
         "holding the CA made with orapki (orapki wallet create -wallet <dir> -auto_login_only; orapki wallet add -wallet <dir> "
         "-trusted_cert -cert <ca>.pem -auto_login_only), or ssl_mode=SslMode.NONE with an insecure_reason"),
        ("mysql", dict(certificate="WALLET"),
         "DatabaseEndpoint.mysql.certificate: is an Oracle wallet, which DMS uses only for Oracle endpoints (this one is MySQL) "
         "(got '{wallet}'); pass the CA bundle in PEM form: certificate=EndpointCertificate.from_pem_file('<CA bundle>.pem')"),
        ("postgresql", dict(ssl_mode=SslMode.VERIFY_CA, certificate="WALLET"),
         "DatabaseEndpoint.postgresql.certificate: is an Oracle wallet, which DMS uses only for Oracle endpoints (this one is "
         "PostgreSQL) (got '{wallet}'); pass the CA bundle in PEM form: "
         "certificate=EndpointCertificate.from_pem_file('<CA bundle>.pem')"),
    ],
)
def test_endpoint_validation_messages(creds, factory, kwargs, message):
    base = dict(host="h", peer=NET, credentials=creds)
    if factory in ("postgresql", "oracle", "sqlserver"):
        base["database_name"] = "d"
    if kwargs.get("certificate") == "CERT":
        kwargs = {**kwargs, "certificate": EndpointCertificate.from_pem_string(PEM)}
    if kwargs.get("certificate") == "WALLET":
        kwargs = {**kwargs, "certificate": EndpointCertificate.from_oracle_wallet_file(_wallet_file())}
    if factory == "oracle" and "ssl_mode" not in kwargs:
        base["certificate"] = EndpointCertificate.from_oracle_wallet_file(_wallet_file())
    message = message.replace("{wallet}", _wallet_file())
    with pytest.raises(DmsConfigError) as err:
        getattr(DatabaseEndpoint, factory)(**{**base, **kwargs})
    assert str(err.value) == message


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: EndpointCertificate.from_pem_string("MIIBszCCAVmgAwIBAgIU"),
         "EndpointCertificate.from_pem_string: is not a PEM certificate bundle (got 'MIIBszCCAVmgAwIBAgIU'); give the CA certificate(s) "
         "in PEM form, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----"),
        (lambda: EndpointCertificate.from_pem_string(PEM + "-----BEGIN RSA PRIVATE KEY-----\nxx\n-----END RSA PRIVATE KEY-----\n"),
         "EndpointCertificate.from_pem_string: contains a private key, which must never go into a template (got '<PEM with a private key>'); "
         "give only the CA certificate(s); DMS needs no private key to verify a server"),
        (lambda: EndpointCertificate.from_pem_file("/nonexistent/global-bundle.pem"),
         "EndpointCertificate.from_pem_file: cannot be read (FileNotFoundError) (got '/nonexistent/global-bundle.pem'); "
         "give the path of a readable PEM file"),
        (lambda: EndpointCertificate.from_arn("arn:aws:dms:eu-west-1:123456789012:endpoint:ABC"),
         "EndpointCertificate.from_arn: is not a DMS certificate ARN (got 'arn:aws:dms:eu-west-1:123456789012:endpoint:ABC'); "
         "use the form arn:<partition>:dms:<region>:<account>:cert:<id>"),
        (lambda: EndpointCertificate.from_certificate_arn("arn:aws:dms:eu-west-1:1234:cert:ABC"),
         "EndpointCertificate.from_certificate_arn: is not a DMS certificate ARN (got 'arn:aws:dms:eu-west-1:1234:cert:ABC'); "
         "use the form arn:<partition>:dms:<region>:<account>:cert:<id>"),
        (lambda: EndpointCertificate.from_certificate_arn("arn:aws:acm:eu-west-1:123456789012:certificate/abc"),
         "EndpointCertificate.from_certificate_arn: is not a DMS certificate ARN (got "
         "'arn:aws:acm:eu-west-1:123456789012:certificate/abc'); use the form arn:<partition>:dms:<region>:<account>:cert:<id>"),
        (lambda: EndpointCertificate.from_oracle_wallet_file("/nonexistent/cwallet.sso"),
         "EndpointCertificate.from_oracle_wallet_file: cannot be read (FileNotFoundError) (got '/nonexistent/cwallet.sso'); give "
         "the path of the Oracle wallet file cwallet.sso (make it with orapki: orapki wallet create -wallet <dir> -auto_login_only; "
         "orapki wallet add -wallet <dir> -trusted_cert -cert <ca>.pem -auto_login_only)"),
        (lambda: EndpointCredentials.generate(username="", no_rotation_reason="rotated by the source team"),
         "EndpointCredentials.generate.username: is empty (got ''); give the database user DMS connects as, e.g. username='dms_user'"),
        (lambda: EndpointCredentials.generate(username="dms"),
         "EndpointCredentials.generate.rotation: is off, and a secret without rotation fails AwsSolutions-SMG4 and the HIPAA and NIST "
         "800-53 rotation rules (got None); pass rotation=SecretRotation.hosted(), or no_rotation_reason='why this secret is not rotated' "
         "(at least 10 characters)"),
        (lambda: EndpointCredentials.generate(username="dms", rotation=SecretRotation.hosted(), no_rotation_reason="both at once here"),
         "EndpointCredentials.generate.no_rotation_reason: cannot be combined with rotation (got 'both at once here'); "
         "drop no_rotation_reason, or set rotation=None"),
        (lambda: EndpointCredentials.generate(username="dms", port=0, no_rotation_reason="rotated by the source team"),
         "EndpointCredentials.generate.port: must be between 1 and 65535 (got 0); choose a value in 1..65535"),
        (lambda: DatabaseEndpoint.s3(s3.Bucket.from_bucket_name(env_stack(), "B", "bkt"), data_format="json"),
         "DatabaseEndpoint.s3.data_format: is not a format this library writes (got 'json'); use 'parquet' or 'csv'"),
        (lambda: DatabaseEndpoint.s3(s3.Bucket.from_bucket_name(env_stack(), "B", "bkt"), peer=ec2.Peer.any_ipv4()),
         "DatabaseEndpoint.s3.peer: opens the wave's egress to the whole internet (got '0.0.0.0/0'); give the database's own "
         "network, e.g. ec2.Peer.ipv4('10.1.0.0/16'), or a prefix list"),
        (lambda: EndpointCredentials.from_secret(None),
         "EndpointCredentials.from_secret: needs a secret (got None); pass a secretsmanager.ISecret"),
        (lambda: SecretRotation.hosted(schedule=Duration.days(0)),
         "SecretRotation.schedule (days): must be between 1 and 1000 (got 0); choose a value in 1..1000"),
        (lambda: DatabaseEndpoint.s3(s3.Bucket.from_bucket_name(env_stack(), "B", "bkt"), compression="zstd"),
         "DatabaseEndpoint.s3.compression: is not a DMS compression type (got 'zstd'); use 'gzip' or 'none'"),
        (lambda: DatabaseEndpoint.redshift(host="h", database_name="dev", peer=NET, bucket_folder="staging",
                                           credentials=EndpointCredentials.from_secret(_secret(env_stack()))),
         "DatabaseEndpoint.redshift.bucket_folder: needs a bucket (got 'staging'); pass bucket=..., or drop bucket_folder"),
        (lambda: DatabaseEndpoint.redshift(host="h", database_name="", peer=NET, credentials=EndpointCredentials.from_secret(_secret(env_stack()))),
         "DatabaseEndpoint.redshift.database_name: is required for Redshift endpoints (got ''); give the database DMS connects to"),
        (lambda: DatabaseEndpoint.from_database_instance(
            rds.DatabaseInstance.from_database_instance_attributes(env_stack(), "I", instance_identifier="i", instance_endpoint_address="h", port=5432, security_groups=[]),
            credentials=EndpointCredentials.from_secret(_secret(env_stack()))),
         "DatabaseEndpoint.from_database_instance.engine: cannot be derived from the database (got None); pass engine=Engine.POSTGRES "
         "(or the engine of the database)"),
        (lambda: DatabaseEndpoint.from_database_instance(
            rds.DatabaseInstance.from_database_instance_attributes(env_stack(), "I", instance_identifier="i", instance_endpoint_address="h", port=5432, security_groups=[]),
            engine=Engine.POSTGRES, database_name="d"),
         "DatabaseEndpoint.from_database_instance.credentials: cannot default: the database has no attached secret (one created with "
         "rds.Credentials.from_generated_secret holds host and port) (got None); pass credentials=EndpointCredentials.from_secret(secret) "
         "or EndpointCredentials.generate(username=...)"),
        (lambda: DatabaseEndpoint.from_database_instance(
            rds.DatabaseInstance.from_database_instance_attributes(env_stack(), "I", instance_identifier="i", instance_endpoint_address="h", port=5432, security_groups=[]),
            engine=Engine.POSTGRES, database_name="d", credentials=EndpointCredentials.from_secret(_secret(env_stack())), settings=PostgreSqlSettings(plugin_name="x")),
         "DatabaseEndpoint.from_database_instance.settings.plugin_name: is not a value DMS accepts (got 'x'); use one of: pglogical, "
         "test-decoding, no-preference"),
        (lambda: DatabaseEndpoint.from_database_instance(
            rds.DatabaseInstance.from_database_instance_attributes(env_stack(), "I", instance_identifier="i", instance_endpoint_address="h", port=5432, security_groups=[]),
            engine="s3"),
         "DatabaseEndpoint.from_database_instance.engine: is not a relational DMS engine (got 's3'); use one of: mysql, mariadb, aurora, "
         "postgres, aurora-postgresql, oracle, sqlserver"),
    ],
)
def test_certificate_credentials_and_target_validation_messages(call, message):
    with pytest.raises(DmsConfigError) as err:
        call()
    assert str(err.value) == message


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("cwallet.sso", b"",
         "EndpointCertificate.from_oracle_wallet_file: is empty (got '{path}'); give the cwallet.sso that orapki wrote "
         "(orapki wallet create -wallet <dir> -auto_login_only; orapki wallet add -wallet <dir> -trusted_cert -cert <ca>.pem "
         "-auto_login_only)"),
        ("cwallet.sso", PEM.encode(),
         "EndpointCertificate.from_oracle_wallet_file: is a PEM text file, not an Oracle wallet (DMS takes only wallets for "
         "Oracle SSL) (got '{path}'); make a wallet that holds this CA with orapki (orapki wallet create -wallet <dir> "
         "-auto_login_only; orapki wallet add -wallet <dir> -trusted_cert -cert <ca>.pem -auto_login_only) and pass "
         "<dir>/cwallet.sso"),
        ("ca.pem", b"\n\n  " + PEM.encode(),
         "EndpointCertificate.from_oracle_wallet_file: is a PEM text file, not an Oracle wallet (DMS takes only wallets for "
         "Oracle SSL) (got '{path}'); make a wallet that holds this CA with orapki (orapki wallet create -wallet <dir> "
         "-auto_login_only; orapki wallet add -wallet <dir> -trusted_cert -cert <ca>.pem -auto_login_only) and pass "
         "<dir>/cwallet.sso"),
        ("ewallet.p12", b"0\x82\x05\x10\x02\x01\x03",
         "EndpointCertificate.from_oracle_wallet_file: is a password-protected PKCS#12 wallet, which DMS cannot open (got "
         "'{path}'); pass the auto-login wallet cwallet.sso (orapki wallet create -wallet <dir> -auto_login_only; orapki wallet "
         "add -wallet <dir> -trusted_cert -cert <ca>.pem -auto_login_only)"),
    ],
)
def test_wallet_file_validation_messages(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DmsConfigError) as err:
        EndpointCertificate.from_oracle_wallet_file(str(path))
    assert str(err.value) == message.replace("{path}", str(path))


def test_certificate_kinds():
    assert EndpointCertificate.from_pem_string(PEM).kind == "pem"
    assert EndpointCertificate.from_oracle_wallet_file(_wallet_file()).kind == "oracle-wallet"
    assert EndpointCertificate.from_certificate_arn(CERT_ARN).kind == "existing"
    assert EndpointCertificate.from_arn(CERT_ARN).kind == "existing"
    assert EndpointCertificate.from_oracle_wallet_file(_wallet_file()).pem is None


def test_settings_of_another_engine_are_refused(cdk_databases):
    _, _, instance, *_ = cdk_databases
    with pytest.raises(DmsConfigError) as err:
        DatabaseEndpoint.from_database_instance(instance, settings=PostgreSqlSettings(), certificate=EndpointCertificate.from_pem_string(PEM))
    assert str(err.value) == (
        "DatabaseEndpoint.from_database_instance.settings: does not match the database's engine (MySQL) (got 'PostgreSqlSettings'); "
        "pass MySqlSettings(...)"
    )


@pytest.mark.parametrize(
    "direction, endpoint, message",
    [
        ("source", lambda s: DatabaseEndpoint.s3(s3.Bucket.from_bucket_name(s, "B", "bkt")),
         "MigrationWave(W).add_source(x): S3 endpoints can only be targets when built with DatabaseEndpoint.s3 (for an S3 "
         "source use DatabaseEndpoint.s3_source) (got 'source'); add it with wave.add_target(...)"),
        ("source", lambda s: DatabaseEndpoint.redshift(host="h", database_name="d", peer=NET, credentials=EndpointCredentials.from_secret(_secret(s))),
         "MigrationWave(W).add_source(x): Redshift endpoints can only be targets (got 'source'); add it with wave.add_target(...)"),
        ("target", lambda s: _pg(slot_name="dms_slot"),
         "MigrationWave(W).add_target(x).slot_name: applies only to source endpoints (this one is a target) (got 'dms_slot'); "
         "drop slot_name, or add the endpoint with wave.add_source(...)"),
        ("source", lambda s: DatabaseEndpoint.mysql(host="h", peer=NET, database_name="orders", certificate=EndpointCertificate.from_pem_string(PEM),
                                                    credentials=EndpointCredentials.from_secret(_secret(s))),
         "MigrationWave(W).add_source(x).database_name: cannot be set on a MySQL source: DMS reads every database the user can see "
         "(got 'orders'); drop database_name and select schemas in the task's table mappings"),
    ],
)
def test_direction_validation_messages(built, direction, endpoint, message):
    _, stack, wave, *_ = built
    with pytest.raises(DmsConfigError) as err:
        getattr(wave, f"add_{direction}")("x", endpoint(Stack(App(), "Scratch")))
    assert str(err.value) == message
    assert "x" not in wave.endpoints


def test_redshift_without_the_redshift_role_is_refused():
    stack = env_stack()
    wave = MigrationWave(stack, "W", network=routed_network(stack))
    endpoint = DatabaseEndpoint.redshift(host="h", database_name="d", peer=NET, credentials=EndpointCredentials.from_secret(_secret(stack)))
    with pytest.raises(DmsConfigError) as err:
        wave.add_target("dw", endpoint)
    assert str(err.value) == (
        "MigrationWave(W).add_target(dw): Redshift targets need the dms-access-for-endpoint role, which the wave's service roles do not "
        "include (got None); create them with DmsServiceRoles(..., include_redshift_role=True) or import them with "
        "DmsServiceRoles.from_account(..., include_redshift_role=True)"
    )


def test_an_imported_cluster_keeps_its_extra_connection_attributes():
    stack = env_stack()
    wave = MigrationWave(stack, "W", network=routed_network(stack))
    cluster = rds.DatabaseCluster.from_database_cluster_attributes(
        stack, "Aurora", cluster_identifier="orders", cluster_endpoint_address="orders.cluster-x.eu-west-1.rds.amazonaws.com",
        port=5432, engine=rds.DatabaseClusterEngine.AURORA_POSTGRESQL,
        security_groups=[ec2.SecurityGroup.from_security_group_id(stack, "AuroraSg", "sg-0123456789abcdef0")])
    source = wave.add_source("aurora", DatabaseEndpoint.from_database_cluster(
        cluster, database_name="orders", credentials=EndpointCredentials.from_secret(_secret(stack)), network_cidr=APPLICATION_VPC,
        extra_connection_attributes="heartbeatFrequency=5"))
    props = Template.from_stack(stack).to_json()["Resources"][stack.get_logical_id(source.resource)]["Properties"]
    # (followed by the Secrets Manager VPC endpoint the wave adds)
    assert props["ExtraConnectionAttributes"]["Fn::Join"][1][0] == "heartbeatFrequency=5;secretsManagerEndpointOverride="


def test_redshift_credentials_are_required_by_name():
    with pytest.raises(DmsConfigError) as err:
        DatabaseEndpoint.redshift(host="dw.example", database_name="dev", peer=NET, credentials=None)
    assert str(err.value) == (
        "DatabaseEndpoint.redshift.credentials: is required (got None); pass EndpointCredentials.from_secret(secret) or "
        "EndpointCredentials.generate(username=...)")


def test_an_unrouted_database_is_refused_naming_the_endpoint_and_the_routes_to_add():
    stack = env_stack()
    wave = MigrationWave(stack, "W", availability_zones=AZS)  # a new VPC that routes only itself
    with pytest.raises(DmsConfigError) as err:
        wave.add_source("pg", DatabaseEndpoint.postgresql(host="pg.corp.example", database_name="orders", peer=ec2.Peer.ipv4("10.50.0.0/16"),
                                                          credentials=EndpointCredentials.generate(username="dms", no_rotation_reason="test database outside AWS")))
    assert str(err.value) == (
        "MigrationWave(W).add_source(pg).peer: the database's network (10.50.0.0/16 port 5432) is not routed from the DMS subnets of "
        "Test/W/Network (routes: 10.20.0.0/16 via local) (got '10.50.0.0/16'); attach a transit gateway with a route to 10.50.0.0/16 "
        "(MigrationNetwork(transit_gateway=TransitGatewayAttachment(transit_gateway_id='tgw-...', routes=['10.50.0.0/16']))), peer the "
        "database's VPC (peerings=[VpcPeering(peer_cidr='10.50.0.0/16', ...)]), or propagate a VPN gateway's routes "
        "(vpn_gateway=VpnGateway(vpn_gateway_id='vgw-...', routes=['10.50.0.0/16']))")


def test_an_imported_database_must_say_where_it_is():
    stack = env_stack()
    wave = MigrationWave(stack, "W", availability_zones=AZS)
    cluster = rds.DatabaseCluster.from_database_cluster_attributes(
        stack, "Aurora", cluster_identifier="orders", cluster_endpoint_address="orders.cluster-x.eu-west-1.rds.amazonaws.com",
        port=5432, engine=rds.DatabaseClusterEngine.AURORA_POSTGRESQL,
        security_groups=[ec2.SecurityGroup.from_security_group_id(stack, "AuroraSg", "sg-0123456789abcdef0")])
    endpoint = DatabaseEndpoint.from_database_cluster(cluster, database_name="orders", credentials=EndpointCredentials.from_secret(_secret(stack)))
    with pytest.raises(DmsConfigError) as err:
        wave.add_target("aurora", endpoint)
    assert str(err.value) == (
        "MigrationWave(W).add_target(aurora).network_cidr: is required: the database is not in the wave's VPC, or it is imported and "
        "does not say where it is, so no route to it can be proven (got None); pass network_cidr='<the database VPC's IPv4 network>' to "
        "DatabaseEndpoint.from_database_cluster/from_database_instance (it must be routed from the DMS subnets), or create the database "
        "with vpc=wave.vpc"
    )
    assert wave.endpoints == {}


@pytest.mark.parametrize("factory", ["mongodb", "documentdb"])
def test_document_databases_require_credentials_by_name(factory):
    with pytest.raises(DmsConfigError) as err:
        getattr(DatabaseEndpoint, factory)(host="docs.example", database_name="orders", peer=NET, credentials=None)
    assert str(err.value) == (
        f"DatabaseEndpoint.{factory}.credentials: is required (got None); pass EndpointCredentials.from_secret(secret) or "
        "EndpointCredentials.generate(username=...)")


@pytest.mark.parametrize(
    "engine, expected",
    [
        (lambda: rds.DatabaseInstanceEngine.oracle_ee(version=rds.OracleEngineVersion.VER_19), Engine.ORACLE),  # oracle-ee
        (lambda: rds.DatabaseInstanceEngine.oracle_se2(version=rds.OracleEngineVersion.VER_19), Engine.ORACLE),  # oracle-se2
        (lambda: rds.DatabaseInstanceEngine.sql_server_se(version=rds.SqlServerEngineVersion.VER_16), Engine.SQLSERVER),  # sqlserver-se
        (lambda: rds.DatabaseInstanceEngine.sql_server_ee(version=rds.SqlServerEngineVersion.VER_16), Engine.SQLSERVER),  # sqlserver-ee
    ],
    ids=["oracle-ee", "oracle-se2", "sqlserver-se", "sqlserver-ee"],
)
def test_the_engine_of_an_rds_oracle_or_sql_server_edition_is_derived(engine, expected):
    stack = env_stack()
    instance = rds.DatabaseInstance.from_database_instance_attributes(
        stack, "Db", instance_identifier="db", instance_endpoint_address="db.abc.eu-west-1.rds.amazonaws.com", port=1521,
        security_groups=[ec2.SecurityGroup.from_security_group_id(stack, "DbSg", "sg-0123456789abcdef0")], engine=engine())
    endpoint = DatabaseEndpoint.from_database_instance(
        instance, database_name="ORCL", credentials=EndpointCredentials.from_secret(_secret(stack)), network_cidr=APPLICATION_VPC,
        ssl_mode=SslMode.NONE, insecure_reason="lab database without a TLS listener")
    assert endpoint.engine == expected


def test_a_redshift_target_keeps_its_extra_connection_attributes():
    stack = env_stack()
    wave = MigrationWave(stack, "W", service_roles=DmsServiceRoles(stack, "Roles", include_redshift_role=True), network=routed_network(stack))
    bound = wave.add_target("dw", DatabaseEndpoint.redshift(
        host="dw.example", database_name="dev", peer=NET, credentials=EndpointCredentials.from_secret(_secret(stack)),
        extra_connection_attributes="acceptAnyDate=true;truncateColumns=true"))
    attributes = stack.resolve(bound.resource.extra_connection_attributes)
    # (followed by the Secrets Manager VPC endpoint the wave adds)
    assert attributes["Fn::Join"][1][0] == "acceptAnyDate=true;truncateColumns=true;secretsManagerEndpointOverride="
