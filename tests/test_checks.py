"""DmsChecks: every rule fires on a hand-written non-compliant L1 resource and stays quiet on its compliant
twin and on unresolved tokens; findings fail synth, acknowledgments lift them, options work.

Few apps are built (each costs jsii time): one non-compliant stack and one compliant stack, both
synthesized with the pack attached (so the template path is exercised), then re-checked with
`validate_scope` (the rendered-L1 path) and compared.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import (
    Acknowledgment,
    App,
    Aws,
    CfnParameter,
    Environment,
    Fn,
    SecretValue,
    Stack,
    Stage,
    Tags,
    Validations,
)
from aws_cdk import CfnTag
from aws_cdk import aws_dms as dms
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
import jsii
from cdk_nag import IApplyRule, NagMessageLevel, NagPack

from dms_constructs.checks import DmsChecks, RULES, rules_markdown
from dms_constructs.checks import rules as R
from dms_constructs.checks._values import UNKNOWN, join_to_text
from dms_constructs.checks._view import TemplateView
from dms_constructs.errors import DmsConfigError

ROOT = Path(__file__).resolve().parent.parent
ENV = Environment(account="123456789012", region="eu-west-1")
CERT = "arn:aws:dms:eu-west-1:123456789012:cert:ABCDEFGHIJKLMNOP"
PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUEXAMPLE\n-----END CERTIFICATE-----\n"
SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"
ROLE_ARN = "arn:aws:iam::123456789012:role/dms-secrets"
CMK = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"

LOG_ALL = {
    "Logging": {
        "EnableLogging": True,
        "LogComponents": [
            {"Id": c, "Severity": "LOGGER_SEVERITY_DEFAULT"}
            for c in ("SOURCE_CAPTURE", "SOURCE_UNLOAD", "TARGET_APPLY", "TARGET_LOAD")
        ],
    }
}


# ------------------------------------------------------------------------------------------------
# builders
# ------------------------------------------------------------------------------------------------
def _instance(scope, id: str, **props: Any) -> dms.CfnReplicationInstance:
    return dms.CfnReplicationInstance(scope, id, replication_instance_class="dms.t3.medium", **props)


def _task(scope, id: str, settings: Any = None) -> dms.CfnReplicationTask:
    return dms.CfnReplicationTask(
        scope,
        id,
        migration_type="full-load-and-cdc",
        replication_instance_arn="arn:aws:dms:eu-west-1:123456789012:rep:X",
        source_endpoint_arn="arn:aws:dms:eu-west-1:123456789012:endpoint:S",
        target_endpoint_arn="arn:aws:dms:eu-west-1:123456789012:endpoint:T",
        table_mappings='{"rules": []}',
        replication_task_settings=settings,
    )


def _config(scope, id: str, compute: dict, settings: Any = None) -> dms.CfnReplicationConfig:
    return dms.CfnReplicationConfig(
        scope,
        id,
        replication_config_identifier=id.lower(),
        replication_type="full-load",
        source_endpoint_arn="arn:aws:dms:eu-west-1:123456789012:endpoint:S",
        target_endpoint_arn="arn:aws:dms:eu-west-1:123456789012:endpoint:T",
        table_mappings={"rules": []},
        compute_config=dms.CfnReplicationConfig.ComputeConfigProperty(max_capacity_units=4, **compute),
        replication_settings=settings,
    )


def _endpoint(scope, id: str, engine: str, **props: Any) -> dms.CfnEndpoint:
    return dms.CfnEndpoint(scope, id, endpoint_type="source", engine_name=engine, **props)


def _subnet_group(scope, id: str) -> dms.CfnReplicationSubnetGroup:
    return dms.CfnReplicationSubnetGroup(
        scope, id, replication_subnet_group_description="dms", subnet_ids=["subnet-1", "subnet-2"]
    )


def _events(scope, id: str) -> dms.CfnEventSubscription:
    return dms.CfnEventSubscription(scope, id, sns_topic_arn="arn:aws:sns:eu-west-1:123456789012:dms")


def _secrets_role(scope, id: str, principal: iam.IPrincipal) -> iam.Role:
    role = iam.Role(scope, id, assumed_by=principal)
    role.add_to_policy(iam.PolicyStatement(actions=["secretsmanager:GetSecretValue"], resources=[SECRET]))
    return role


def _vpc_role(scope) -> iam.Role:
    return iam.Role(scope, "VpcRole", role_name="dms-vpc-role", assumed_by=iam.ServicePrincipal("dms.amazonaws.com"))


def _dms_network(scope, prefix: str, *, vpc_role: iam.Role, routed: bool) -> None:
    """A replication instance in a VPC 10.20.0.0/16 whose security group may reach 10.50.0.0/16 on
    5432; with `routed`, each DMS subnet's route table sends 10.50.0.0/16 to a transit gateway."""
    vpc = ec2.CfnVPC(scope, f"{prefix}Vpc", cidr_block="10.20.0.0/16")
    subnets = []
    for i, zone in ((1, "eu-west-1a"), (2, "eu-west-1b")):
        subnet = ec2.CfnSubnet(scope, f"{prefix}Subnet{i}", vpc_id=vpc.ref, cidr_block=f"10.20.{i}.0/24", availability_zone=zone)
        table = ec2.CfnRouteTable(scope, f"{prefix}Table{i}", vpc_id=vpc.ref)
        ec2.CfnSubnetRouteTableAssociation(scope, f"{prefix}Association{i}", subnet_id=subnet.ref, route_table_id=table.ref)
        if routed:
            ec2.CfnRoute(scope, f"{prefix}Route{i}", route_table_id=table.ref, destination_cidr_block="10.50.0.0/16",
                         transit_gateway_id="tgw-0123456789abcdef0")
        subnets.append(subnet.ref)
    group = ec2.CfnSecurityGroup(scope, f"{prefix}SecurityGroup", group_description="dms", vpc_id=vpc.ref, security_group_egress=[
        ec2.CfnSecurityGroup.EgressProperty(ip_protocol="tcp", from_port=443, to_port=443, cidr_ip="10.20.0.0/16"),
    ])
    ec2.CfnSecurityGroupEgress(scope, f"{prefix}ToDatabase", group_id=group.attr_group_id, ip_protocol="tcp",
                               from_port=5432, to_port=5432, cidr_ip="10.50.0.0/16")
    tags = [CfnTag(key="Owner", value="data-team")]
    subnet_group = dms.CfnReplicationSubnetGroup(scope, f"{prefix}SubnetGroup", replication_subnet_group_description="dms",
                                                 subnet_ids=subnets, tags=tags)
    subnet_group.node.add_dependency(vpc_role)
    _instance(scope, f"{prefix}Instance", publicly_accessible=False, multi_az=True, auto_minor_version_upgrade=True,
              kms_key_id=CMK, replication_subnet_group_identifier=subnet_group.ref,
              vpc_security_group_ids=[group.attr_group_id], tags=tags)


def _synth_report(app: App, outdir: Path) -> tuple[bool, set[tuple[str, str]]]:
    """Synthesize with the pack attached; (passed, {(rule, construct path)}) from the validation report."""
    try:
        app.synth()
        passed = True
    except RuntimeError as error:
        assert "ValidationFailed" in str(error)
        passed = False
    report = json.loads((outdir / "validation-report.json").read_text()) if (outdir / "validation-report.json").exists() else {}
    findings = {
        (v["ruleName"], c["constructPath"])
        for plugin in report.get("pluginReports", [])
        if plugin["pluginName"] == DmsChecks.PACK_NAME
        for v in plugin["violations"]
        for c in v["violatingConstructs"]
    }
    return passed, findings


def _findings(report) -> set[tuple[str, str]]:
    return {(v.rule_name, r.construct_path) for v in report.violations for r in v.violating_resources}


# ------------------------------------------------------------------------------------------------
# the non-compliant stack: every rule, some several ways
# ------------------------------------------------------------------------------------------------
#: rule suffix -> construct paths (under the "Bad" stack) that must be reported, and nothing else.
EXPECTED_BAD: dict[str, set[str]] = {
    "DMS.1": {"PublicByDefault", "PublicTrue"},
    "DMS.3": {"Events"},
    "DMS.4": {"PublicByDefault", "PublicTrue"},
    "DMS.5": {"SubnetGroup"},
    "DMS.6": {"PublicByDefault"},
    "DMS.7": {"TaskNoSettings", "TaskLoggingOff", "TaskInfoSeverity", "TaskSourceOnly", "Serverless"},
    "DMS.8": {"TaskNoSettings", "TaskLoggingOff", "TaskInfoSeverity", "Serverless"},
    "DMS.9": {"PostgresNoSsl", "MysqlRequire", "OracleVerifyNoCert", "SqlServerNone", "OracleVerifyPem"},
    "DMS.10": {"NeptuneNoIam"},
    "DMS.11": {"MongoNoAuth"},
    "DMS.12": {"RedisPlaintext"},
    "DMS.13": {"PublicByDefault", "PublicTrue", "Serverless"},
    "DMS.KmsKey": {"PublicByDefault", "PublicTrue", "Serverless"},
    "DMS.Password": {"PostgresNoSsl", "SqlServerNone"},
    "DMS.SecretsManager": {"PostgresNoSsl", "MysqlRequire", "OracleVerifyNoCert", "SqlServerNone"},
    "DMS.VpcRole": {"PublicByDefault", "PublicTrue", "SubnetGroup", "Serverless"},
    "DMS.RegionalPrincipal": {"SecretsRoleGlobal/Resource", "SecretsRoleInline"},
    "DMS.Reachability": {"UnroutedInstance"},
}


def _build_bad(stack: Stack) -> None:
    vpc_role = _vpc_role(stack)
    _dms_network(stack, "Unrouted", vpc_role=vpc_role, routed=False)
    # DMS.1 omitted (CFN default true), DMS.4 untagged, DMS.6 off, DMS.13 single-AZ, no CMK, no vpc-role dependency
    _instance(stack, "PublicByDefault", auto_minor_version_upgrade=False)
    _instance(stack, "PublicTrue", publicly_accessible=True, multi_az=False, kms_key_id="alias/aws/dms")
    _subnet_group(stack, "SubnetGroup")
    _events(stack, "Events")
    _task(stack, "TaskNoSettings")
    _task(stack, "TaskLoggingOff", json.dumps({"Logging": {"EnableLogging": False}}))
    _task(
        stack,
        "TaskInfoSeverity",  # INFO is below LOGGER_SEVERITY_DEFAULT for Security Hub
        json.dumps({"Logging": {"EnableLogging": True, "LogComponents": [
            {"Id": c, "Severity": "LOGGER_SEVERITY_INFO"}
            for c in ("SOURCE_CAPTURE", "SOURCE_UNLOAD", "TARGET_APPLY", "TARGET_LOAD")
        ]}}),
    )
    _task(
        stack,
        "TaskSourceOnly",  # source logged (DMS.8 passes), target not (DMS.7 fails)
        json.dumps({"Logging": {"EnableLogging": True, "LogComponents": [
            {"Id": "SOURCE_CAPTURE", "Severity": "LOGGER_SEVERITY_DEBUG"},
            {"Id": "SOURCE_UNLOAD", "Severity": "LOGGER_SEVERITY_DEFAULT"},
        ]}}),
    )
    _config(stack, "Serverless", {"multi_az": False}, {"Logging": {"EnableLogging": False}})
    _endpoint(stack, "PostgresNoSsl", "postgres", username="dms", password="hunter2")
    _endpoint(stack, "MysqlRequire", "mysql", ssl_mode="require", certificate_arn=CERT)  # require: not for MySQL
    _endpoint(stack, "OracleVerifyNoCert", "oracle", ssl_mode="verify-ca")
    # a PEM bundle for Oracle: DMS verifies Oracle only against a wallet, so this fails when it connects
    pem = dms.CfnCertificate(stack, "PemCertificate", certificate_pem=PEM)
    _endpoint(stack, "OracleVerifyPem", "oracle", ssl_mode="verify-ca", certificate_arn=pem.ref,
              oracle_settings=_ssm(dms.CfnEndpoint.OracleSettingsProperty))
    _endpoint(
        stack,
        "SqlServerNone",
        "sqlserver",
        ssl_mode="none",
        microsoft_sql_server_settings=dms.CfnEndpoint.MicrosoftSqlServerSettingsProperty(password="hunter2"),
    )
    _endpoint(
        stack,
        "MongoNoAuth",
        "mongodb",
        ssl_mode="verify-full",
        certificate_arn=CERT,
        mongo_db_settings=dms.CfnEndpoint.MongoDbSettingsProperty(auth_type="no"),
    )
    _endpoint(stack, "NeptuneNoIam", "neptune", neptune_settings=dms.CfnEndpoint.NeptuneSettingsProperty(
        s3_bucket_name="b", s3_bucket_folder="f", service_access_role_arn=ROLE_ARN))
    _endpoint(stack, "RedisPlaintext", "redis", redis_settings=dms.CfnEndpoint.RedisSettingsProperty(
        server_name="redis.example", port=6379, ssl_security_protocol="plaintext"))
    _secrets_role(stack, "SecretsRoleGlobal", iam.ServicePrincipal("dms.amazonaws.com"))
    iam.CfnRole(
        stack,
        "SecretsRoleInline",
        assume_role_policy_document={"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "dms.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
        policies=[iam.CfnRole.PolicyProperty(policy_name="secrets", policy_document={
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": ["secretsmanager:Get*"], "Resource": "*"}]})],
    )


# ------------------------------------------------------------------------------------------------
# the compliant stack: a twin for every rule, plus unresolved tokens that must never be findings
# ------------------------------------------------------------------------------------------------
#: rule suffix -> construct paths (under the "Good" stack) the rule must find COMPLIANT (not merely not applicable).
COMPLIANT_TWINS: dict[str, set[str]] = {
    "DMS.1": {"Instance"},
    "DMS.3": {"Events"},
    "DMS.4": {"Instance"},
    "DMS.5": {"SubnetGroup"},
    "DMS.6": {"Instance", "InstanceUpgrades"},
    "DMS.7": {"Task", "TaskDebug", "Serverless"},
    "DMS.8": {"Task", "TaskDebug", "Serverless"},
    "DMS.9": {"Postgres", "MysqlVerifyCa", "SqlServerRequire", "OracleVerifyCa", "OracleWallet", "MysqlPem", "Mongo",
              "Sybase", "Db2"},
    "DMS.10": {"Neptune"},
    "DMS.11": {"Mongo", "MongoPassword"},
    "DMS.12": {"Redis", "RedisDefault"},
    "DMS.13": {"Instance", "Serverless"},
    "DMS.KmsKey": {"Instance", "InstanceUpgrades", "Serverless"},
    "DMS.Password": {"Postgres", "RedisDefault"},
    "DMS.SecretsManager": {"Postgres", "MysqlVerifyCa", "SqlServerRequire", "OracleVerifyCa", "Mongo", "Sybase", "Db2"},
    "DMS.VpcRole": {"SubnetGroup", "Instance", "InstanceUpgrades", "Serverless"},
    "DMS.RegionalPrincipal": {"SecretsRoleRegional/Resource", "SecretsRoleBoth/Resource", "SecretsRoleJoin"},
    "DMS.Reachability": {"RoutedInstance"},
}

#: rule suffix -> construct paths (under "Good") whose deciding value is an unresolved token.
TOKEN_CASES: dict[str, set[str]] = {
    "DMS.1": {"TokenInstance"},
    "DMS.13": {"TokenInstance"},
    "DMS.7": {"TokenTask"},
    "DMS.8": {"TokenTask"},
    "DMS.9": {"TokenEngine", "TokenSslMode"},
    "DMS.SecretsManager": {"TokenEngine"},
    "DMS.RegionalPrincipal": {"SecretsRoleToken/Resource"},
}


def _ssm(settings_cls, **extra):
    return settings_cls(secrets_manager_secret_id=SECRET, secrets_manager_access_role_arn=ROLE_ARN, **extra)


def _build_good(stack: Stack) -> None:
    Tags.of(stack).add("Project", "migration")  # satisfies DMS.3/4/5 once aspects run
    vpc_role = _vpc_role(stack)
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    _dms_network(stack, "Routed", vpc_role=vpc_role, routed=True)

    subnet_group = _subnet_group(stack, "SubnetGroup")
    subnet_group.node.add_dependency(vpc_role)  # construct-level dependency on the L2 role
    # Depends on dms-vpc-role only through the subnet group it references (transitively)
    _instance(
        stack,
        "Instance",
        publicly_accessible=False,
        multi_az=True,
        kms_key_id=key.key_arn,
        replication_subnet_group_identifier=subnet_group.ref,
    )
    upgrades = _instance(
        stack, "InstanceUpgrades", publicly_accessible=False, multi_az=True,
        auto_minor_version_upgrade=True, kms_key_id=CMK,
    )
    upgrades.add_dependency(vpc_role.node.default_child)  # resource-level DependsOn
    Tags.of(upgrades).add("Owner", "data-team")
    events = _events(stack, "Events")
    Tags.of(events).add("Owner", "data-team")

    _task(stack, "Task", json.dumps(LOG_ALL))
    _task(stack, "TaskDebug", json.dumps({"Logging": {"EnableLogging": "true", "LogComponents": [
        {"Id": "TARGET_APPLY", "Severity": "LOGGER_SEVERITY_DETAILED_DEBUG"},
        {"Id": "TARGET_LOAD", "Severity": "LOGGER_SEVERITY_DEBUG"},
        {"Id": "SOURCE_CAPTURE", "Severity": "LOGGER_SEVERITY_DEBUG"},
        {"Id": "SOURCE_UNLOAD", "Severity": "LOGGER_SEVERITY_DEFAULT"},
    ]}}))
    serverless = _config(stack, "Serverless", {"multi_az": True, "kms_key_id": key.key_arn}, LOG_ALL)
    serverless.node.add_dependency(vpc_role)

    _endpoint(stack, "Postgres", "postgres", ssl_mode="verify-full", certificate_arn=CERT,
              postgre_sql_settings=_ssm(dms.CfnEndpoint.PostgreSqlSettingsProperty))
    _endpoint(stack, "MysqlVerifyCa", "mysql", ssl_mode="verify-ca", certificate_arn=CERT,
              my_sql_settings=_ssm(dms.CfnEndpoint.MySqlSettingsProperty))
    _endpoint(stack, "SqlServerRequire", "sqlserver", ssl_mode="require",
              microsoft_sql_server_settings=_ssm(dms.CfnEndpoint.MicrosoftSqlServerSettingsProperty))
    _endpoint(stack, "OracleVerifyCa", "oracle", ssl_mode="verify-ca", certificate_arn=CERT,
              oracle_settings=_ssm(dms.CfnEndpoint.OracleSettingsProperty))
    # certificates created in the stack: a wallet for Oracle, a PEM for MySQL
    wallet = dms.CfnCertificate(stack, "WalletCertificate", certificate_wallet="ofhONgAAAAZ0ZXN0LXdhbGxldAD/")
    _endpoint(stack, "OracleWallet", "oracle", ssl_mode="verify-ca", certificate_arn=wallet.ref,
              oracle_settings=_ssm(dms.CfnEndpoint.OracleSettingsProperty))
    pem = dms.CfnCertificate(stack, "PemCertificate", certificate_pem=PEM)
    _endpoint(stack, "MysqlPem", "mysql", ssl_mode="verify-full", certificate_arn=pem.ref,
              my_sql_settings=_ssm(dms.CfnEndpoint.MySqlSettingsProperty))
    _endpoint(stack, "Sybase", "sybase", ssl_mode="verify-full", certificate_arn=CERT,
              sybase_settings=_ssm(dms.CfnEndpoint.SybaseSettingsProperty))
    _endpoint(stack, "Db2", "db2", ssl_mode="verify-ca", certificate_arn=CERT,
              ibm_db2_settings=_ssm(dms.CfnEndpoint.IbmDb2SettingsProperty))
    _endpoint(stack, "Mongo", "mongodb", ssl_mode="require",  # AuthType omitted: "password"
              mongo_db_settings=_ssm(dms.CfnEndpoint.MongoDbSettingsProperty))
    _endpoint(stack, "MongoPassword", "mongodb", ssl_mode="verify-full", certificate_arn=CERT,
              mongo_db_settings=_ssm(dms.CfnEndpoint.MongoDbSettingsProperty, auth_type="password", auth_mechanism="scram_sha_1"))
    _endpoint(stack, "Neptune", "neptune", neptune_settings=dms.CfnEndpoint.NeptuneSettingsProperty(
        s3_bucket_name="b", s3_bucket_folder="f", service_access_role_arn=ROLE_ARN, iam_auth_enabled=True))
    _endpoint(stack, "Redis", "redis", redis_settings=dms.CfnEndpoint.RedisSettingsProperty(
        server_name="redis.example", port=6379, ssl_security_protocol="ssl-encryption"))
    _endpoint(stack, "RedisDefault", "redis", redis_settings=dms.CfnEndpoint.RedisSettingsProperty(  # TLS by default
        server_name="redis.example", port=6379, auth_type="auth-token",
        auth_password=SecretValue.secrets_manager(SECRET, json_field="token").unsafe_unwrap()))  # dynamic reference
    _endpoint(stack, "S3", "s3", s3_settings=dms.CfnEndpoint.S3SettingsProperty(  # no SslMode, no credentials
        bucket_name="b", service_access_role_arn=ROLE_ARN))

    _secrets_role(stack, "SecretsRoleRegional", iam.ServicePrincipal(f"dms.{Aws.REGION}.amazonaws.com"))
    _secrets_role(stack, "SecretsRoleBoth", iam.CompositePrincipal(
        iam.ServicePrincipal("dms.amazonaws.com"), iam.ServicePrincipal(f"dms.{stack.region}.amazonaws.com")))
    iam.CfnRole(
        stack,
        "SecretsRoleJoin",
        assume_role_policy_document={"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": ["dms.amazonaws.com", Fn.join("", ["dms.", Aws.REGION, ".", Aws.URL_SUFFIX])]},
            "Action": "sts:AssumeRole"}]},
        policies=[iam.CfnRole.PolicyProperty(policy_name="secrets", policy_document={
            "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": SECRET}]})],
    )
    # a role for another DMS purpose (no Secrets Manager access) may trust the global principal alone
    iam.Role(stack, "CloudWatchRole", assumed_by=iam.ServicePrincipal("dms.amazonaws.com"))

    # unresolved tokens: never a finding
    public = CfnParameter(stack, "Public", type="String", allowed_values=["true", "false"], default="false")
    multi_az = CfnParameter(stack, "MultiAz", type="String", default="true")
    engine = CfnParameter(stack, "Engine", type="String", default="postgres")
    ssl_mode = CfnParameter(stack, "SslMode", type="String", default="verify-full")
    CfnParameter(stack, "Severity", type="String", default="LOGGER_SEVERITY_DEFAULT")
    principal = CfnParameter(stack, "Principal", type="String", default="dms.eu-west-1.amazonaws.com")
    token_instance = _instance(stack, "TokenInstance", publicly_accessible=public.value, multi_az=multi_az.value,
                               kms_key_id=Fn.import_value("MigrationKeyArn"))
    token_instance.node.add_dependency(vpc_role)
    _task(stack, "TokenTask", Fn.sub(json.dumps(LOG_ALL).replace("LOGGER_SEVERITY_DEFAULT", "${Severity}")))
    _endpoint(stack, "TokenEngine", engine.value_as_string)
    _endpoint(stack, "TokenSslMode", "postgres", ssl_mode=ssl_mode.value_as_string, certificate_arn=CERT,
              postgre_sql_settings=_ssm(dms.CfnEndpoint.PostgreSqlSettingsProperty))
    _secrets_role(stack, "SecretsRoleToken", iam.CompositePrincipal(
        iam.ServicePrincipal("dms.amazonaws.com"), iam.ServicePrincipal(principal.value_as_string)))


# ------------------------------------------------------------------------------------------------
# fixtures: two apps, each synthesized once with the pack attached
# ------------------------------------------------------------------------------------------------
class Checked:
    def __init__(self, tmp: Path, name: str, build) -> None:
        self.outdir = tmp / name
        # With path metadata (as the CDK CLI writes it), synth checks the templates first and hands only
        # the flagged resources to cdk-nag; `validate_scope` below walks the tree: the two must agree.
        self.app = App(outdir=str(self.outdir), context={"aws:cdk:enable-path-metadata": True})
        self.stack = Stack(self.app, name, env=ENV)
        build(self.stack)
        self.pack = DmsChecks(self.app)
        Validations.of(self.app).add_plugins(self.pack)
        self.synth_passed, self.synth_findings = _synth_report(self.app, self.outdir)
        self.report = self.pack.validate_scope(self.stack)  # after synth: aspects (tags) and dependencies applied
        self.findings = _findings(self.report)
        self.template = TemplateView(str(self.outdir / f"{name}.template.json"))

    def path(self, relative: str) -> str:
        return f"{self.stack.node.path}/{relative}"

    def outcome(self, rule_suffix: str, relative: str, options: R.Options = R.Options()) -> R.Outcome:
        """Evaluate one rule on one resource of the synthesized template."""
        node = self.stack.node.find_child(relative.split("/")[0])
        for part in relative.split("/")[1:]:
            node = node.node.find_child(part)
        logical_id = self.stack.resolve(node.logical_id)
        rule = R.rule(rule_suffix)
        return rule.evaluate(self.template.resource(logical_id), self.template, options)


@pytest.fixture(scope="module")
def bad(tmp_path_factory) -> Checked:
    return Checked(tmp_path_factory.mktemp("checks"), "Bad", _build_bad)


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Checked:
    return Checked(tmp_path_factory.mktemp("checks"), "Good", _build_good)


# ------------------------------------------------------------------------------------------------
# the rule table
# ------------------------------------------------------------------------------------------------
def test_rule_table_is_complete_and_consistent():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("DmsChecks-DMS.") for i in ids)
    assert {r.suffix for r in RULES} == set(EXPECTED_BAD) == set(COMPLIANT_TWINS)
    for r in RULES:
        assert r.checks and r.fix and r.info and r.explanation and r.resource_types, r.id
        assert r.control == r.suffix or r.control == "-", r.id
    assert DmsChecks.RULES is RULES
    assert DmsChecks.MULTI_AZ_RULE_ID == "DmsChecks-DMS.13"  # the id dms_constructs.wave acknowledges


def test_docs_table_is_generated_from_the_rules():
    text = (ROOT / "docs" / "RULES.md").read_text()
    assert rules_markdown() in text, "docs/RULES.md is stale: paste DmsChecks.rules_markdown() into it"


def test_plugin_identity():
    pack = DmsChecks()
    assert pack.name == "DmsChecks"
    assert pack.read_pack_name == "DmsChecks"
    assert pack.version
    assert pack.rule_ids == [
        "DmsChecks-DMS.1", "DmsChecks-DMS.3", "DmsChecks-DMS.4", "DmsChecks-DMS.5", "DmsChecks-DMS.6", "DmsChecks-DMS.7",
        "DmsChecks-DMS.8", "DmsChecks-DMS.9", "DmsChecks-DMS.10", "DmsChecks-DMS.11", "DmsChecks-DMS.12", "DmsChecks-DMS.13",
        "DmsChecks-DMS.KmsKey", "DmsChecks-DMS.Password", "DmsChecks-DMS.SecretsManager", "DmsChecks-DMS.VpcRole",
        "DmsChecks-DMS.RegionalPrincipal", "DmsChecks-DMS.Reachability",
    ]


# ------------------------------------------------------------------------------------------------
# each rule fires on its non-compliant resources, and on nothing else
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", list(EXPECTED_BAD))
def test_rule_fires_on_non_compliant_l1(bad, suffix):
    reported = {path for rule, path in bad.findings if rule == f"DmsChecks-{suffix}"}
    assert reported == {bad.path(p) for p in EXPECTED_BAD[suffix]}


def test_non_compliant_stack_has_exactly_the_expected_findings(bad):
    expected = {(f"DmsChecks-{s}", bad.path(p)) for s, paths in EXPECTED_BAD.items() for p in paths}
    assert bad.findings == expected
    assert not bad.report.success


@pytest.mark.parametrize("suffix", list(COMPLIANT_TWINS))
def test_rule_passes_compliant_twin(good, suffix):
    for relative in COMPLIANT_TWINS[suffix]:
        assert good.outcome(suffix, relative) is R.Outcome.COMPLIANT, relative


@pytest.mark.parametrize("suffix", list(TOKEN_CASES))
def test_unresolved_tokens_are_not_applicable(good, suffix):
    for relative in TOKEN_CASES[suffix]:
        assert good.outcome(suffix, relative) is R.Outcome.NOT_APPLICABLE, relative


def test_compliant_stack_has_no_findings(good):
    assert good.findings == set(), good.findings
    assert good.report.success


# ------------------------------------------------------------------------------------------------
# synth: the template path agrees with validate_scope, findings fail synth, acknowledgments lift them
# ------------------------------------------------------------------------------------------------
def test_synth_fails_on_findings_and_reports_the_same_as_validate_scope(bad):
    assert not bad.synth_passed
    assert bad.synth_findings == bad.findings


def test_synth_passes_compliant_stack(good):
    assert good.synth_passed, good.synth_findings
    assert good.synth_findings == set()


def _single_az_app(tmp_path: Path, acknowledge: bool, **pack_options: Any) -> tuple[bool, set, Stack]:
    app = App(outdir=str(tmp_path))
    stack = Stack(app, "Dev", env=ENV)
    Tags.of(stack).add("Project", "migration")
    instance = _instance(stack, "Instance", publicly_accessible=True, multi_az=False, kms_key_id=CMK)
    instance.add_property_override("PubliclyAccessible", False)  # the template path sees overrides
    if acknowledge:
        Validations.of(instance).acknowledge(
            Acknowledgment(id="DmsChecks-DMS.13", reason="dev runs single-AZ to halve its cost")
        )
    Validations.of(app).add_plugins(DmsChecks(app, **pack_options))
    passed, findings = _synth_report(app, tmp_path)
    return passed, findings, stack


def test_unacknowledged_finding_fails_synth(tmp_path):
    passed, findings, _ = _single_az_app(tmp_path, acknowledge=False)
    assert not passed
    assert findings == {("DmsChecks-DMS.13", "Dev/Instance")}


def test_acknowledgment_lifts_the_finding(tmp_path):
    passed, findings, stack = _single_az_app(tmp_path, acknowledge=True)
    assert passed and findings == set()
    report = DmsChecks().validate_scope(stack)
    assert "DmsChecks-DMS.13" not in {v.rule_name for v in report.violations}


def test_multi_az_as_warning_reports_but_does_not_fail_synth(tmp_path, bad):
    passed, findings, _ = _single_az_app(tmp_path, acknowledge=False, multi_az_level=NagMessageLevel.WARN)
    assert passed
    assert findings == {("DmsChecks-DMS.13", "Dev/Instance")}

    report = DmsChecks(multi_az_level="warning").validate_scope(bad.stack)
    severities = {v.rule_name: v.severity for v in report.violations}
    assert severities["DmsChecks-DMS.13"] == "warning"
    assert severities["DmsChecks-DMS.1"] == "error"


def test_plugin_on_a_stage_checks_only_that_stage(tmp_path):
    app = App(outdir=str(tmp_path))
    dev = Stage(app, "Dev")
    Tags.of(dev).add("Project", "migration")
    _instance(Stack(dev, "Migration", env=ENV), "Instance", publicly_accessible=False, multi_az=False, kms_key_id=CMK)
    _instance(Stack(app, "Elsewhere", env=ENV), "Instance")  # not in the stage: not this plugin's business
    Validations.of(dev).add_plugins(DmsChecks(dev))
    passed, findings = _synth_report(app, tmp_path)
    assert not passed
    assert findings == {("DmsChecks-DMS.13", "Dev/Migration/Instance")}


def test_nag_pack_subclassing_in_python_supports_finding_ids():
    """Contract test of cdk-nag and jsii (the one test of third-party behaviour here, kept on purpose): the
    mechanism DmsChecks relies on: jsii calls a Python `_check_resource` back, and a Python
    `IApplyRule` may return a compliance value or finding ids (`Rule[Finding]`, acknowledged one by one)."""

    @jsii.implements(IApplyRule)
    class Apply:  # jsii reads an interface's members through properties, not plain attributes
        def __init__(self, node):
            self._node = node

        rule_suffix_override = property(lambda self: "Demo")
        info = property(lambda self: "demo finding")
        explanation = property(lambda self: "demo")
        level = property(lambda self: NagMessageLevel.ERROR)
        node = property(lambda self: self._node)

        def rule(self, node):
            return ["first", "second"]

    class Demo(NagPack):
        def __init__(self):
            super().__init__()
            self._pack_name = "Demo"

        @property
        def name(self):
            return "Demo"

        def _check_resource(self, node):
            self._apply_rule(Apply(node))

    app = App()
    stack = Stack(app, "S")
    instance = _instance(stack, "Instance")
    Validations.of(instance).acknowledge(Acknowledgment(id="Demo-Demo[first]", reason="demonstrates one finding id"))
    assert {v.rule_name for v in Demo().validate_scope(stack).violations} == {"Demo-Demo[second]"}


def test_a_rule_that_raises_is_a_finding_not_a_pass(monkeypatch):
    from dms_constructs.checks import pack as pack_module

    def boom(resource, view, options):
        raise KeyError("unexpected shape")

    broken = dataclasses.replace(R.rule("DMS.1"), evaluate=boom)
    monkeypatch.setattr(pack_module, "RULES_BY_TYPE", {R.REPLICATION_INSTANCE: (broken,)})
    app = App()
    stack = Stack(app, "S")
    _instance(stack, "Instance", publicly_accessible=False)
    violations = DmsChecks(verbose=True).validate_scope(stack).violations
    assert [(v.rule_name, v.severity) for v in violations] == [("DmsChecks-DMS.1", "error")]
    assert "Rule threw an error" in violations[0].description and "unexpected shape" in violations[0].description


# ------------------------------------------------------------------------------------------------
# options
# ------------------------------------------------------------------------------------------------
def test_required_tag_keys(good):
    owner = DmsChecks(required_tag_keys=["Owner"]).validate_scope(good.stack)
    tagged = {(v.rule_name, r.construct_path) for v in owner.violations for r in v.violating_resources
              if v.rule_name in ("DmsChecks-DMS.3", "DmsChecks-DMS.4", "DmsChecks-DMS.5")}
    # everything lacks Owner except InstanceUpgrades and Events
    assert tagged == {
        ("DmsChecks-DMS.4", "Good/Instance"),
        ("DmsChecks-DMS.4", "Good/TokenInstance"),
        ("DmsChecks-DMS.5", "Good/SubnetGroup"),
    }
    assert "Required tag keys: Owner." in next(v.description for v in owner.violations if v.rule_name == "DmsChecks-DMS.4")
    project = DmsChecks(required_tag_keys=["Project"]).validate_scope(good.stack)
    assert project.violations == []


def test_tags_from_tags_of_satisfy_the_tag_rules(good):
    for suffix, relative in (("DMS.3", "Events"), ("DMS.4", "Instance"), ("DMS.5", "SubnetGroup")):
        options = R.Options(required_tag_keys=("Project",))
        assert good.outcome(suffix, relative, options) is R.Outcome.COMPLIANT


def test_verbose_adds_the_explanation(bad):
    report = DmsChecks(verbose=True).validate_scope(bad.stack)
    description = next(v.description for v in report.violations if v.rule_name == "DmsChecks-DMS.1")
    assert "Fix: set `PubliclyAccessible: false`" in description
    assert "A public replication instance gets a public IP address reachable from the internet." in description
    # Not verbose by default: the finding's one line and its fix, without the explanation.
    default = next(v.description for v in DmsChecks().validate_scope(bad.stack).violations if v.rule_name == "DmsChecks-DMS.1")
    assert default == (
        "The DMS replication instance is publicly accessible, or omits PubliclyAccessible (which CloudFormation "
        "defaults to true). Fix: set `PubliclyAccessible: false` (`publicly_accessible=False`) and place the "
        "instance in private subnets."
    )


_TAG_FIX = "pass e.g. required_tag_keys=['Owner', 'CostCenter'] (a list, not a single string)"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"required_tag_keys": "Owner"}, f"DmsChecks.required_tag_keys: must be a list of non-empty tag keys (got 'Owner'); {_TAG_FIX}"),
        ({"required_tag_keys": ["Owner", ""]}, f"DmsChecks.required_tag_keys: must be a list of non-empty tag keys (got ['Owner', '']); {_TAG_FIX}"),
        ({"multi_az_level": "loud"}, "multi_az_level: is not a message level (got 'loud'); use NagMessageLevel.ERROR or NagMessageLevel.WARN ('error' or 'warning')"),
    ],
)
def test_bad_options_fail_with_the_fix(kwargs, message):
    with pytest.raises(DmsConfigError) as raised:
        DmsChecks(**kwargs)
    assert str(raised.value) == message


# ------------------------------------------------------------------------------------------------
# value helpers, without jsii
# ------------------------------------------------------------------------------------------------
def test_regional_principal_forms():
    join = {"Fn::Join": ["", ["dms.", {"Ref": "AWS::Region"}, ".", {"Ref": "AWS::URLSuffix"}]]}
    assert R.classify_service_principal(join) == "regional"
    assert R.classify_service_principal({"Fn::Sub": "dms.${AWS::Region}.amazonaws.com"}) == "regional"
    assert R.classify_service_principal("dms.eu-west-1.amazonaws.com") == "regional"
    assert R.classify_service_principal("dms.us-gov-west-1.amazonaws.com") == "regional"
    assert R.classify_service_principal("dms.cn-north-1.amazonaws.com.cn") == "regional"
    assert R.classify_service_principal("dms.amazonaws.com") == "global"
    assert R.classify_service_principal("lambda.amazonaws.com") == "other"
    assert R.classify_service_principal({"Ref": "PrincipalParam"}) == "unknown"
    assert join_to_text({"Fn::Join": ["", ["a", {"Fn::GetAtt": ["X", "Arn"]}]]}) is UNKNOWN


def test_plaintext_secret_forms():
    assert R.is_plaintext_secret("hunter2")
    assert not R.is_plaintext_secret("{{resolve:secretsmanager:db:SecretString:password}}")
    assert not R.is_plaintext_secret({"Fn::Join": ["", ["{{resolve:secretsmanager:", {"Ref": "S"}, ":SecretString:p}}"]]})
    assert not R.is_plaintext_secret({"Ref": "NoEchoPassword"})
    assert not R.is_plaintext_secret(None)


def test_logging_reads_json_strings_and_objects():
    components = ("TARGET_APPLY", "TARGET_LOAD")  # DMS.7: target database logging (Security Hub)
    assert R.TARGET_LOG_COMPONENTS == components
    assert R.logging_outcome(R.json_document(json.dumps(LOG_ALL)), components) is R.Outcome.COMPLIANT
    assert R.logging_outcome(R.json_document(LOG_ALL), components) is R.Outcome.COMPLIANT
    assert R.logging_outcome(R.json_document("not json"), components) is R.Outcome.NON_COMPLIANT
    assert R.logging_outcome(R.json_document({"Fn::Join": ["", ["{", "}"]]}), components) is R.Outcome.NOT_APPLICABLE
    for severity, outcome in (
        ("LOGGER_SEVERITY_ERROR", R.Outcome.NON_COMPLIANT),
        ("LOGGER_SEVERITY_WARNING", R.Outcome.NON_COMPLIANT),
        ("LOGGER_SEVERITY_INFO", R.Outcome.NON_COMPLIANT),
        ("LOGGER_SEVERITY_DEFAULT", R.Outcome.COMPLIANT),
        ("LOGGER_SEVERITY_DEBUG", R.Outcome.COMPLIANT),
        ("LOGGER_SEVERITY_DETAILED_DEBUG", R.Outcome.COMPLIANT),
        ({"Ref": "Severity"}, R.Outcome.NOT_APPLICABLE),
    ):
        doc = {"Logging": {"EnableLogging": True, "LogComponents": [{"Id": c, "Severity": severity} for c in components]}}
        assert R.logging_outcome(doc, components) is outcome, severity


# ------------------------------------------------------------------------------------------------
# synth reads the templates first: only flagged resources go through cdk-nag, the report is unchanged
# ------------------------------------------------------------------------------------------------
def _two_place_app(tmp_path: Path, path_metadata: bool) -> tuple[App, Path]:
    """A stage created before a top-level stack, each with non-compliant instances; one finding acknowledged."""
    outdir = tmp_path / ("with-paths" if path_metadata else "without-paths")
    app = App(outdir=str(outdir), context={"aws:cdk:enable-path-metadata": path_metadata})
    dev = Stack(Stage(app, "Dev"), "Migration", env=ENV)
    elsewhere = Stack(app, "Elsewhere", env=ENV)
    for stack in (dev, elsewhere):
        Tags.of(stack).add("Project", "migration")
    single_az = _instance(dev, "SingleAz", publicly_accessible=False, multi_az=False, kms_key_id=CMK)
    Validations.of(single_az).acknowledge(Acknowledgment(id="DmsChecks-DMS.13", reason="dev runs single-AZ to halve its cost"))
    _instance(dev, "Public", publicly_accessible=True, multi_az=True, kms_key_id=CMK)
    _instance(elsewhere, "Public", publicly_accessible=True, multi_az=False, kms_key_id=CMK)
    _instance(elsewhere, "Compliant", publicly_accessible=False, multi_az=True, kms_key_id=CMK)
    Validations.of(app).add_plugins(DmsChecks(app))
    return app, outdir


def _ordered_findings(outdir: Path) -> list[tuple[str, list[str]]]:
    report = json.loads((outdir / "validation-report.json").read_text())
    return [
        (v["ruleName"], v["severity"], [c["constructPath"] for c in v["violatingConstructs"]])
        for plugin in report["pluginReports"]
        if plugin["pluginName"] == DmsChecks.PACK_NAME
        for v in plugin["violations"]
    ]


@pytest.mark.parametrize("path_metadata", [True, False], ids=["templates-first", "tree-walk"])
def test_synth_reports_findings_in_app_order_with_or_without_path_metadata(tmp_path, path_metadata):
    app, outdir = _two_place_app(tmp_path, path_metadata)
    with pytest.raises(RuntimeError, match="ValidationFailed"):
        app.synth()
    # The order of a walk of the app: the stage (created first) before the top-level stack.
    assert _ordered_findings(outdir) == [
        ("DmsChecks-DMS.1", "error", ["Dev/Migration/Public", "Elsewhere/Public"]),
        ("DmsChecks-DMS.13", "error", ["Elsewhere/Public"]),
    ]


def test_with_path_metadata_synth_hands_cdk_nag_only_the_flagged_resources(tmp_path, monkeypatch):
    from dms_constructs.checks import pack as pack_module

    checked: list[str] = []
    original = pack_module.DmsChecks._check_resource

    def counting(self, node):
        checked.append(node.node.path)
        return original(self, node)

    monkeypatch.setattr(pack_module.DmsChecks, "_check_resource", counting)
    app, _ = _two_place_app(tmp_path, path_metadata=True)
    with pytest.raises(RuntimeError, match="ValidationFailed"):
        app.synth()
    # Not the compliant instance; the acknowledged one is flagged (cdk-nag then honours the acknowledgment).
    assert checked == ["Dev/Migration/SingleAz", "Dev/Migration/Public", "Elsewhere/Public"]


def test_a_nested_stack_is_still_checked_when_synth_reads_templates(tmp_path):
    from aws_cdk import NestedStack

    app = App(outdir=str(tmp_path), context={"aws:cdk:enable-path-metadata": True})
    parent = Stack(app, "Parent", env=ENV)
    Tags.of(parent).add("Project", "migration")
    _instance(NestedStack(parent, "Child"), "Public", publicly_accessible=True, multi_az=True, kms_key_id=CMK)
    Validations.of(app).add_plugins(DmsChecks(app))
    passed, findings = _synth_report(app, tmp_path)
    assert not passed
    assert findings == {("DmsChecks-DMS.1", "Parent/Child/Public")}


@pytest.mark.parametrize("written_path", ["Parent/Nowhere", "Nowhere/At/All", "Parent/Group", "Parent/Compliant"])
def test_a_hand_edited_path_metadata_does_not_hide_a_finding(tmp_path, written_path):
    app = App(outdir=str(tmp_path), context={"aws:cdk:enable-path-metadata": True})
    parent = Stack(app, "Parent", env=ENV)
    Tags.of(parent).add("Project", "migration")
    ec2.CfnSecurityGroup(parent, "Group", group_description="not a replication instance")
    _instance(parent, "Compliant", publicly_accessible=False, multi_az=True, kms_key_id=CMK)
    public = _instance(parent, "Public", publicly_accessible=True, multi_az=True, kms_key_id=CMK)
    public.add_metadata("aws:cdk:path", written_path)  # points nowhere, at another type, or at a compliant twin
    Validations.of(app).add_plugins(DmsChecks(app))
    passed, findings = _synth_report(app, tmp_path)
    assert not passed
    assert findings == {("DmsChecks-DMS.1", "Parent/Public")}


def test_one_rule_failing_on_resources_in_two_stacks_still_fails_synth(tmp_path):
    # Synth checks each flagged resource on its own and merges the findings of one rule: the merged
    # finding keeps its severity, so it still fails synth.
    app = App(outdir=str(tmp_path), context={"aws:cdk:enable-path-metadata": True})
    for name in ("First", "Second"):
        stack = Stack(app, name, env=ENV)
        Tags.of(stack).add("Project", "migration")
        _instance(stack, "Public", publicly_accessible=True, multi_az=True, kms_key_id=CMK)
    Validations.of(app).add_plugins(DmsChecks(app))
    with pytest.raises(RuntimeError, match="ValidationFailed"):
        app.synth()
    assert _ordered_findings(tmp_path) == [("DmsChecks-DMS.1", "error", ["First/Public", "Second/Public"])]
