"""DMS Schema Conversion and homogeneous data migrations (`wave.add_migration_project`): data providers from the
wave's endpoints (engine names and settings blocks per the CloudFormation schema), the instance profile in the
wave's network, the projects' descriptors and roles, the bucket, data migrations, compliance, cfn-lint, stable
identity and every validation message.

The module's wave has one project per engine pair of interest:

- `pg-apg`: PostgreSQL (generated secret) -> Aurora PostgreSQL (existing secret), with a full-load-and-CDC data
  migration (8 jobs, selection rules) and transformation rules;
- `my-aurora`: MySQL -> Aurora MySQL with a full-load data migration without CloudWatch logs;
- `ora-apg`: Oracle -> Aurora PostgreSQL, schema conversion only (shares the Aurora PostgreSQL data provider);
- `mss-maria`, `mss-dw`: SQL Server -> MariaDB and -> Redshift, schema conversion only;
- `mongo-doc`: MongoDB -> DocumentDB with a CDC data migration.
"""

from __future__ import annotations

import json

import pytest
from aws_cdk import App, Stack, Validations
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk.assertions import Template
from cdk_nag import AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks

from dms_constructs import (
    DataMigration,
    DmsConfigError,
    DmsServiceRoles,
    ExistingReplicationInstance,
    MigrationPhase,
    MigrationType,
    MigrationWave,
    NetworkType,
    ServerlessCapacity,
)
from dms_constructs.certificates import EndpointCertificate
from dms_constructs.checks import DmsChecks
from dms_constructs.credentials import EndpointCredentials
from dms_constructs.endpoints import DatabaseEndpoint
from dms_constructs.table_mappings import TableMappings

from .conftest import env_stack, routed_network
from .helpers import cfn_lint, resources

NET = ec2.Peer.ipv4("10.1.0.0/16")
CERT_ARN = "arn:aws:dms:eu-west-1:123456789012:cert:CORPROOTCA"
WALLET_ARN = "arn:aws:dms:eu-west-1:123456789012:cert:ORACLEWALLET"
SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-apg-AbCdEf"
RULES = {"rules": [{"rule-type": "transformation", "rule-id": "1", "rule-name": "lower", "rule-action": "convert-lowercase",
                    "rule-target": "schema", "object-locator": {"schema-name": "%"}}]}


def _generated() -> EndpointCredentials:
    return EndpointCredentials.generate(username="dms", no_rotation_reason="Rotated by the database team every quarter")


def _build(stack: Stack) -> MigrationWave:
    roles = DmsServiceRoles(stack, "Roles", include_redshift_role=True)
    wave = MigrationWave(stack, "W", service_roles=roles, network=routed_network(stack))
    secret = secretsmanager.Secret.from_secret_complete_arn(stack, "ApgSecret", SECRET_ARN)
    cert = EndpointCertificate.from_certificate_arn(CERT_ARN)
    pg = wave.add_source("pg", DatabaseEndpoint.postgresql(
        host="pg.corp.example", database_name="orders", peer=NET, certificate=cert, credentials=_generated()))
    apg = wave.add_target("apg", DatabaseEndpoint.aurora_postgresql(
        host="apg.cluster-abc.eu-west-1.rds.amazonaws.com", database_name="orders", peer=NET,
        credentials=EndpointCredentials.from_secret(secret)))
    my = wave.add_source("my", DatabaseEndpoint.mysql(host="my.corp.example", peer=NET, certificate=cert, credentials=_generated()))
    aurora = wave.add_target("aurora", DatabaseEndpoint.aurora_mysql(
        host="aurora.cluster-abc.eu-west-1.rds.amazonaws.com", peer=NET, certificate=cert, credentials=_generated()))
    ora = wave.add_source("ora", DatabaseEndpoint.oracle(
        host="ora.corp.example", database_name="ORCL", peer=NET, certificate=EndpointCertificate.from_certificate_arn(WALLET_ARN),
        credentials=_generated()))
    mss = wave.add_source("mss", DatabaseEndpoint.sqlserver(
        host="mss.corp.example", database_name="pos", peer=NET, credentials=_generated()))
    maria = wave.add_target("maria", DatabaseEndpoint.mariadb(
        host="maria.corp.example", port=3307, database_name="pos", peer=NET, certificate=cert, credentials=_generated()))
    dw = wave.add_target("dw", DatabaseEndpoint.redshift(
        host="dw.abc.eu-west-1.redshift.amazonaws.com", database_name="dev", peer=NET, credentials=_generated()))
    mongo = wave.add_source("mongo", DatabaseEndpoint.mongodb(
        host="mongo.corp.example", database_name="catalog", peer=NET, certificate=cert, credentials=_generated()))
    doc = wave.add_target("doc", DatabaseEndpoint.documentdb(
        host="doc.cluster-abc.eu-west-1.docdb.amazonaws.com", database_name="catalog", peer=NET, certificate=cert,
        credentials=_generated()))
    wave.add_migration_project("pg-apg", source=pg, target=apg, transformation_rules=RULES, data_migration=DataMigration(
        number_of_jobs=8, selection_rules=TableMappings().include("orders", "%").exclude("orders", "audit_%")))
    wave.add_migration_project("my-aurora", source=my, target=aurora,
                               data_migration=DataMigration(migration_type=MigrationType.FULL_LOAD, cloudwatch_logs=False))
    wave.add_migration_project("ora-apg", source=ora, target=apg)
    wave.add_migration_project("mss-maria", source=mss, target=maria)
    wave.add_migration_project("mss-dw", source=mss, target=dw)
    wave.add_migration_project("mongo-doc", source=mongo, target=doc, data_migration=DataMigration(migration_type="cdc"))
    return wave


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    outdir = tmp_path_factory.mktemp("cdk.out")
    # Path metadata as the CDK CLI writes it: cfn-lint recognises CDK templates by it.
    app = App(outdir=str(outdir), context={"aws:cdk:enable-path-metadata": True})
    stack = env_stack(app, "T")
    wave = _build(stack)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app), PCIDSS321Checks(app), DmsChecks(app))
    template = app.synth().get_stack_by_name(stack.stack_name).template  # raises on any unacknowledged finding
    return app, stack, wave, template, outdir


def _id(stack: Stack, construct) -> str:
    return stack.get_logical_id(construct.node.default_child if hasattr(construct, "node") and construct.node.default_child else construct)


def _ref(stack, construct) -> dict:
    return {"Ref": stack.get_logical_id(construct)}


def _arn(stack, resource, attribute: str = "Arn") -> dict:
    return {"Fn::GetAtt": [stack.get_logical_id(resource), attribute]}


def _props(template: dict, type_: str, **match) -> dict:
    (found,) = [r["Properties"] for r in resources(template, type_).values() if all(r["Properties"].get(k) == v for k, v in match.items())]
    return found


# --- data providers ------------------------------------------------------------------------------------


def test_each_endpoint_becomes_a_data_provider_with_the_schema_s_engine_and_settings_block(built):
    _, stack, wave, template, _ = built
    providers = {r["Properties"]["DataProviderName"]: (r["Properties"]["Engine"], r["Properties"]["Settings"])
                 for r in resources(template, "AWS::DMS::DataProvider").values()}
    assert providers == {
        "w-pg-dms": ("postgres", {"PostgreSqlSettings": {
            "ServerName": "pg.corp.example", "Port": 5432, "DatabaseName": "orders", "SslMode": "verify-full", "CertificateArn": CERT_ARN}}),
        # The schema spells Aurora PostgreSQL with an underscore (the endpoint's EngineName has a hyphen).
        "w-apg-dms": ("aurora_postgresql", {"PostgreSqlSettings": {
            "ServerName": "apg.cluster-abc.eu-west-1.rds.amazonaws.com", "Port": 5432, "DatabaseName": "orders", "SslMode": "require"}}),
        # MySqlSettings has no DatabaseName; Aurora MySQL is engine `aurora` with MySqlSettings.
        "w-my-dms": ("mysql", {"MySqlSettings": {"ServerName": "my.corp.example", "Port": 3306, "SslMode": "verify-full", "CertificateArn": CERT_ARN}}),
        "w-aurora-dms": ("aurora", {"MySqlSettings": {
            "ServerName": "aurora.cluster-abc.eu-west-1.rds.amazonaws.com", "Port": 3306, "SslMode": "verify-full", "CertificateArn": CERT_ARN}}),
        "w-maria-dms": ("mariadb", {"MariaDbSettings": {"ServerName": "maria.corp.example", "Port": 3307, "SslMode": "verify-full", "CertificateArn": CERT_ARN}}),
        "w-ora-dms": ("oracle", {"OracleSettings": {
            # Oracle over SSL: the TCPS port (2484 by default), not the plain listener's 1521.
            "ServerName": "ora.corp.example", "Port": 2484, "DatabaseName": "ORCL", "SslMode": "verify-ca", "CertificateArn": WALLET_ARN}}),
        "w-mss-dms": ("sqlserver", {"MicrosoftSqlServerSettings": {
            "ServerName": "mss.corp.example", "Port": 1433, "DatabaseName": "pos", "SslMode": "require"}}),
        "w-dw-dms": ("redshift", {"RedshiftSettings": {"ServerName": "dw.abc.eu-west-1.redshift.amazonaws.com", "Port": 5439, "DatabaseName": "dev"}}),
        "w-mongo-dms": ("mongodb", {"MongoDbSettings": {
            "ServerName": "mongo.corp.example", "Port": 27017, "DatabaseName": "catalog", "SslMode": "verify-full",
            "CertificateArn": CERT_ARN, "AuthType": "password"}}),
        "w-doc-dms": ("docdb", {"DocDbSettings": {
            "ServerName": "doc.cluster-abc.eu-west-1.docdb.amazonaws.com", "Port": 27017, "DatabaseName": "catalog",
            "SslMode": "verify-full", "CertificateArn": CERT_ARN}}),
    }


def test_a_database_in_two_projects_has_one_data_provider(built):
    _, stack, wave, template, _ = built
    apg = wave.migration_projects["pg-apg"].target
    assert wave.migration_projects["ora-apg"].target is apg
    provider_id = stack.get_logical_id(apg.resource)
    for project in ("pg-apg", "ora-apg"):
        props = template["Resources"][stack.get_logical_id(wave.migration_projects[project].resource)]["Properties"]
        assert props["TargetDataProviderDescriptors"][0]["DataProviderIdentifier"] == {"Fn::GetAtt": [provider_id, "DataProviderArn"]}
    assert len(resources(template, "AWS::DMS::DataProvider")) == 10


# --- the instance profile ------------------------------------------------------------------------------


def test_the_instance_profile_is_the_wave_s_network_key_and_never_public(built):
    _, stack, wave, template, _ = built
    (profile_id, profile), = resources(template, "AWS::DMS::InstanceProfile").items()
    props = profile["Properties"]
    assert {k: v for k, v in props.items() if k != "Tags"} == {
        "InstanceProfileName": "w-profile-dms",
        "SubnetGroupIdentifier": _ref(stack, wave.subnet_group.resource),
        "VpcSecurityGroups": [_arn(stack, wave.security_group.node.default_child, "GroupId")],
        "KmsKeyArn": _arn(stack, wave.encryption_key.node.default_child),
        "PubliclyAccessible": False,
        "NetworkType": "IPV4",
    }
    # DMS needs dms-vpc-role before it places anything in the VPC (created in this stack here).
    assert stack.get_logical_id(wave.service_roles.dependable.node.default_child) in profile["DependsOn"]
    for project in wave.migration_projects.values():
        props = template["Resources"][stack.get_logical_id(project.resource)]["Properties"]
        assert props["InstanceProfileIdentifier"] == {"Fn::GetAtt": [profile_id, "InstanceProfileArn"]}


# --- projects ------------------------------------------------------------------------------------------


def test_a_project_names_its_data_providers_secrets_role_bucket_and_rules(built):
    _, stack, wave, template, _ = built
    project = wave.migration_projects["pg-apg"]
    props = template["Resources"][stack.get_logical_id(project.resource)]["Properties"]
    role = _arn(stack, project.secrets_access.role.node.default_child)
    pg_secret = wave.endpoints["pg"].secret
    storage = wave.node.find_child("SchemaConversion").storage
    assert props["MigrationProjectName"] == "w-pg-apg-dms"
    assert props["SourceDataProviderDescriptors"] == [{
        "DataProviderIdentifier": _arn(stack, project.source.resource, "DataProviderArn"),
        "SecretsManagerSecretId": _ref(stack, pg_secret.node.default_child),
        "SecretsManagerAccessRoleArn": role,
    }]
    assert props["TargetDataProviderDescriptors"] == [{
        "DataProviderIdentifier": _arn(stack, project.target.resource, "DataProviderArn"),
        "SecretsManagerSecretId": SECRET_ARN,
        "SecretsManagerAccessRoleArn": role,
    }]
    assert props["SchemaConversionApplicationAttributes"] == {
        "S3BucketPath": {"Fn::Join": ["", ["s3://", _ref(stack, storage.bucket.node.default_child)]]},
        "S3BucketRoleArn": _arn(stack, storage.role.node.default_child),
    }
    assert json.loads(props["TransformationRules"]) == RULES
    assert "TransformationRules" not in template["Resources"][stack.get_logical_id(wave.migration_projects["ora-apg"].resource)]["Properties"]


def test_a_project_s_secrets_role_reads_only_its_two_secrets(built):
    _, stack, wave, template, _ = built
    project = wave.migration_projects["pg-apg"]
    policy = template["Resources"][stack.get_logical_id(project.secrets_access.policy.node.default_child)]["Properties"]
    assert policy["PolicyDocument"]["Statement"] == [
        {"Action": "secretsmanager:GetSecretValue", "Effect": "Allow",
         "Resource": [_ref(stack, wave.endpoints["pg"].secret.node.default_child), SECRET_ARN]},
        # The generated secret is under the wave's key; the existing one under aws/secretsmanager (no grant).
        {"Action": ["kms:Decrypt", "kms:DescribeKey"], "Effect": "Allow", "Resource": _arn(stack, wave.encryption_key.node.default_child)},
    ]
    assert policy["Roles"] == [_ref(stack, project.secrets_access.role.node.default_child)]
    # The project waits for the policy (its role is referenced).
    depends = template["Resources"][stack.get_logical_id(project.resource)]["DependsOn"]
    assert stack.get_logical_id(project.secrets_access.policy.node.default_child) in depends


def _trust(template: dict, stack: Stack, role) -> list[dict]:
    return template["Resources"][stack.get_logical_id(role.node.default_child)]["Properties"]["AssumeRolePolicyDocument"]["Statement"]


ACCOUNT = {"Ref": "AWS::AccountId"}
DMS_CONDITIONS = {
    "StringEquals": {"aws:SourceAccount": ACCOUNT},
    "ArnLike": {"aws:SourceArn": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":dms:", {"Ref": "AWS::Region"}, ":", ACCOUNT, ":*"]]}},
}
DMS_GLOBAL = {"Fn::Join": ["", ["dms.", {"Ref": "AWS::URLSuffix"}]]}
DMS_REGIONAL = {"Fn::Join": ["", ["dms.", {"Ref": "AWS::Region"}, ".", {"Ref": "AWS::URLSuffix"}]]}
DATA_MIGRATIONS = {"Fn::Join": ["", ["dms-data-migrations.", {"Ref": "AWS::URLSuffix"}]]}


def _principals(statements: list[dict]) -> list[tuple[object, object]]:
    out = []
    for s in statements:
        services = s["Principal"]["Service"]
        for service in services if isinstance(services, list) else [services]:
            out.append((service, s.get("Condition")))
    return sorted(out, key=json.dumps)


def test_secrets_roles_trust_dms_for_this_account_and_data_migrations_only_with_a_data_migration(built):
    _, stack, wave, template, _ = built
    with_migration = _principals(_trust(template, stack, wave.migration_projects["pg-apg"].secrets_access.role))
    assert with_migration == sorted([
        (DMS_GLOBAL, DMS_CONDITIONS), (DMS_REGIONAL, DMS_CONDITIONS),
        (DATA_MIGRATIONS, {"StringEquals": {"aws:SourceAccount": ACCOUNT}}),
    ], key=json.dumps)
    without = _principals(_trust(template, stack, wave.migration_projects["ora-apg"].secrets_access.role))
    assert without == sorted([(DMS_GLOBAL, DMS_CONDITIONS), (DMS_REGIONAL, DMS_CONDITIONS)], key=json.dumps)


# --- the bucket ----------------------------------------------------------------------------------------


def test_the_schema_conversion_bucket_is_sse_s3_private_versioned_tls_only_and_access_logged(built):
    _, stack, wave, template, _ = built
    storage = wave.node.find_child("SchemaConversion").storage
    bucket_id = stack.get_logical_id(storage.bucket.node.default_child)
    props = template["Resources"][bucket_id]["Properties"]
    # DMS Schema Conversion writes only to SSE-S3 buckets.
    assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"] == [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
    assert props["VersioningConfiguration"] == {"Status": "Enabled"}
    assert props["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True}
    assert props["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    assert props["LoggingConfiguration"] == {
        "DestinationBucketName": _ref(stack, storage.access_logs.node.default_child), "LogFilePrefix": "schema-conversion/"}
    assert template["Resources"][bucket_id]["DeletionPolicy"] == "Retain"
    (policy,) = [p for p in resources(template, "AWS::S3::BucketPolicy").values() if p["Properties"]["Bucket"] == {"Ref": bucket_id}]
    deny = [s for s in policy["Properties"]["PolicyDocument"]["Statement"] if s["Effect"] == "Deny"]
    assert deny[0]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}} and deny[0]["Action"] == "s3:*"
    assert {s["id"] for s in template["Resources"][bucket_id]["Metadata"]["checkov"]["skip"]} == {"CKV_AWS_145"}


def test_the_bucket_role_reaches_only_the_bucket(built):
    _, stack, wave, template, _ = built
    storage = wave.node.find_child("SchemaConversion").storage
    bucket_arn = _arn(stack, storage.bucket.node.default_child)
    policy = template["Resources"][stack.get_logical_id(storage.policy.node.default_child)]["Properties"]
    assert policy["PolicyDocument"]["Statement"] == [
        {"Action": ["s3:ListBucket", "s3:GetBucketLocation", "s3:GetBucketVersioning"], "Effect": "Allow", "Resource": bucket_arn},
        {"Action": ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject"], "Effect": "Allow",
         "Resource": {"Fn::Join": ["", [bucket_arn, "/*"]]}},
    ]
    assert _principals(_trust(template, stack, storage.role)) == sorted([(DMS_GLOBAL, DMS_CONDITIONS), (DMS_REGIONAL, DMS_CONDITIONS)], key=json.dumps)


def test_dms_schema_conversion_reaches_s3_through_the_gateway_endpoint(built):
    _, stack, wave, template, _ = built
    group = _arn(stack, wave.security_group.node.default_child, "GroupId")
    egress = [r["Properties"] for r in resources(template, "AWS::EC2::SecurityGroupEgress").values()] + [
        dict(rule, GroupId=group) for rule in template["Resources"][stack.get_logical_id(wave.security_group.node.default_child)]["Properties"].get("SecurityGroupEgress", [])]
    assert [e for e in egress if e.get("GroupId") == group and "DestinationPrefixListId" in e and e["FromPort"] == 443]


# --- data migrations -----------------------------------------------------------------------------------


def test_data_migrations_have_their_type_settings_project_and_role(built):
    _, stack, wave, template, _ = built
    pg = wave.migration_projects["pg-apg"].data_migration
    props = template["Resources"][stack.get_logical_id(pg.resource)]["Properties"]
    assert {k: v for k, v in props.items() if k != "Tags"} == {
        "DataMigrationName": "w-pg-apg-dms",
        "DataMigrationType": "full-load-and-cdc",
        "MigrationProjectIdentifier": _arn(stack, wave.migration_projects["pg-apg"].resource, "MigrationProjectArn"),
        "ServiceAccessRoleArn": _arn(stack, pg.service_role.role.node.default_child),
        "DataMigrationSettings": {
            "CloudwatchLogsEnabled": True, "NumberOfJobs": 8,
            "SelectionRules": json.dumps({"rules": [
                {"rule-type": "selection", "rule-id": "1", "rule-name": "include-orders-%", "rule-action": "include",
                 "object-locator": {"schema-name": "orders", "table-name": "%"}},
                {"rule-type": "selection", "rule-id": "2", "rule-name": "exclude-orders-audit_%", "rule-action": "exclude",
                 "object-locator": {"schema-name": "orders", "table-name": "audit_%"}},
            ]}),
        },
    }
    assert template["Resources"][stack.get_logical_id(pg.resource)]["DependsOn"] == [stack.get_logical_id(pg.service_role.policy.node.default_child)]
    my = template["Resources"][stack.get_logical_id(wave.migration_projects["my-aurora"].data_migration.resource)]["Properties"]
    assert (my["DataMigrationType"], my["DataMigrationSettings"]) == ("full-load", {"CloudwatchLogsEnabled": False})
    doc = template["Resources"][stack.get_logical_id(wave.migration_projects["mongo-doc"].data_migration.resource)]["Properties"]
    assert doc["DataMigrationType"] == "cdc"
    # Schema conversion only: no data migration.
    assert wave.migration_projects["ora-apg"].data_migration is None
    assert len(resources(template, "AWS::DMS::DataMigration")) == 3


def _scoped(service: str, resource: str) -> dict:
    return {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, f":{service}:", {"Ref": "AWS::Region"}, ":", ACCOUNT, f":{resource}"]]}


def test_a_data_migration_role_has_the_guide_s_policy_in_this_account_and_region_and_reads_only_the_project_s_secrets(built):
    _, stack, wave, template, _ = built
    migration = wave.migration_projects["pg-apg"].data_migration
    statements = template["Resources"][stack.get_logical_id(migration.service_role.policy.node.default_child)]["Properties"]["PolicyDocument"]["Statement"]
    assert [(s["Action"], s["Resource"]) for s in statements] == [
        (["ec2:DescribeRouteTables", "ec2:DescribeSecurityGroups", "ec2:DescribeVpcPeeringConnections", "ec2:DescribeVpcs",
          "ec2:DescribePrefixLists", "logs:DescribeLogGroups"], "*"),
        ("servicequotas:GetServiceQuota", _scoped("servicequotas", "vpc/L-0EA8095F")),
        (["logs:CreateLogGroup", "logs:DescribeLogStreams"], _scoped("logs", "log-group:dms-data-migration-*")),
        (["logs:CreateLogStream", "logs:PutLogEvents"], _scoped("logs", "log-group:dms-data-migration-*:log-stream:dms-data-migration-*")),
        ("cloudwatch:PutMetricData", "*"),
        (["ec2:CreateRoute", "ec2:DeleteRoute"], _scoped("ec2", "route-table/*")),
        ("ec2:CreateTags", [_scoped("ec2", "security-group/*"), _scoped("ec2", "security-group-rule/*"), _scoped("ec2", "route-table/*"),
                            _scoped("ec2", "vpc-peering-connection/*"), _scoped("ec2", "vpc/*")]),
        (["ec2:AuthorizeSecurityGroupEgress", "ec2:AuthorizeSecurityGroupIngress"], _scoped("ec2", "security-group-rule/*")),
        (["ec2:AuthorizeSecurityGroupEgress", "ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress",
          "ec2:RevokeSecurityGroupIngress"], _scoped("ec2", "security-group/*")),
        (["ec2:AcceptVpcPeeringConnection", "ec2:ModifyVpcPeeringConnectionOptions"], _scoped("ec2", "vpc-peering-connection/*")),
        ("ec2:AcceptVpcPeeringConnection", _scoped("ec2", "vpc/*")),
        ("secretsmanager:GetSecretValue", [_ref(stack, wave.endpoints["pg"].secret.node.default_child), SECRET_ARN]),
        (["kms:Decrypt", "kms:DescribeKey"], _arn(stack, wave.encryption_key.node.default_child)),
    ]
    assert _principals(_trust(template, stack, migration.service_role.role)) == sorted([
        (DATA_MIGRATIONS, {"StringEquals": {"aws:SourceAccount": ACCOUNT}}), (DMS_REGIONAL, DMS_CONDITIONS)], key=json.dumps)


# --- compliance and the CloudFormation schema ------------------------------------------------------------


def test_the_wave_passes_the_compliance_packs(built):
    # The fixture synthesizes under AwsSolutions, HIPAA Security, NIST 800-53 R5, PCI DSS 3.2.1 and DmsChecks: it
    # raises on any unacknowledged finding. What the packs would flag is acknowledged where it is created:
    _, stack, wave, template, _ = built
    assert resources(template, "AWS::DMS::MigrationProject")


def test_the_template_passes_cfn_lint_against_the_resource_schemas(built):
    *_, outdir = built
    code, output = cfn_lint(str(outdir / "T.template.json"))
    assert code == 0, output


# --- identity --------------------------------------------------------------------------------------------


def _ids(extra: bool) -> dict[str, str]:
    stack = env_stack()
    wave = MigrationWave(stack, "W", network=routed_network(stack))
    pg = wave.add_source("pg", DatabaseEndpoint.postgresql(host="pg", database_name="d", peer=NET, credentials=_generated()))
    if extra:  # another endpoint and project declared first must not move the ones below
        my = wave.add_source("my", DatabaseEndpoint.mysql(host="my", peer=NET, credentials=_generated(),
                                                          certificate=EndpointCertificate.from_certificate_arn(CERT_ARN)))
    apg = wave.add_target("apg", DatabaseEndpoint.aurora_postgresql(host="apg", database_name="d", peer=NET, credentials=_generated()))
    if extra:
        wave.add_migration_project("aaa", source=my, target=apg)
    wave.add_migration_project("orders", source=pg, target=apg, data_migration=DataMigration())
    template = Template.from_stack(stack).to_json()
    return {k: v["Type"] for k, v in template["Resources"].items() if v["Type"].startswith(("AWS::DMS::", "AWS::S3::", "AWS::IAM::"))}


def test_adding_a_project_moves_no_logical_id_and_ids_come_from_names():
    before, after = _ids(False), _ids(True)
    assert before.items() <= after.items()
    # Written out: renaming a construct id here replaces a resource.
    assert {k for k, t in before.items() if t in ("AWS::DMS::DataProvider", "AWS::DMS::InstanceProfile", "AWS::DMS::MigrationProject",
                                                   "AWS::DMS::DataMigration")} == {
        "WSchemaConversionDataProviderspg04C0DFC6", "WSchemaConversionDataProvidersapg4F6FF4BD",
        "WSchemaConversionInstanceProfileD649207E", "WSchemaConversionProjectsordersE7F9AF61",
        "WSchemaConversionProjectsordersDataMigrationBE9A0EB7",
    }


def test_project_names_that_fold_to_one_dms_name_are_refused():
    stack = env_stack()
    wave = MigrationWave(stack, "W", network=routed_network(stack))
    pg = wave.add_source("pg", DatabaseEndpoint.postgresql(host="pg", database_name="d", peer=NET, credentials=_generated()))
    apg = wave.add_target("apg", DatabaseEndpoint.aurora_postgresql(host="apg", database_name="d", peer=NET, credentials=_generated()))
    wave.add_migration_project("orders_v2", source=pg, target=apg)
    with pytest.raises(DmsConfigError, match=r"forms the migration project identifier 'w-orders-v2-dms', which .* already has"):
        wave.add_migration_project("orders-v2", source=pg, target=apg)


# --- validation ------------------------------------------------------------------------------------------


@pytest.fixture()
def small():
    stack = env_stack()
    wave = MigrationWave(stack, "W", network=routed_network(stack))
    pg = wave.add_source("pg", DatabaseEndpoint.postgresql(host="pg", database_name="d", peer=NET, credentials=_generated()))
    apg = wave.add_target("apg", DatabaseEndpoint.aurora_postgresql(host="apg", database_name="d", peer=NET, credentials=_generated()))
    return stack, wave, pg, apg


def test_an_engine_data_providers_do_not_support_is_refused(small):
    stack, wave, pg, _ = small
    from aws_cdk import aws_s3 as s3

    lake = wave.add_target("lake", DatabaseEndpoint.s3(s3.Bucket.from_bucket_name(stack, "B", "lake")))
    with pytest.raises(DmsConfigError, match=r"^DataProvider\(lake\)\.engine: is an engine AWS::DMS::DataProvider does not support .*"
                                             r"\(got 's3'\); use a database endpoint of one of: aurora, aurora-postgresql, db2, "
                                             r"db2-zos, docdb, mariadb, mongodb, mysql, oracle, postgres, redshift, sqlserver, sybase"):
        wave.add_migration_project("p", source=pg, target=lake)


def test_a_data_migration_between_different_engines_is_refused_naming_the_fix(small):
    stack, wave, pg, _ = small
    my = wave.add_target("my", DatabaseEndpoint.mysql(host="my", peer=NET, credentials=_generated(),
                                                      certificate=EndpointCertificate.from_certificate_arn(CERT_ARN)))
    with pytest.raises(DmsConfigError, match=r"^MigrationWave\(W\)\.add_migration_project\(p\)\.data_migration: is a heterogeneous pair: a homogeneous data "
                                             r"migration from postgres writes only to postgres, aurora-postgresql "
                                             r"\(got 'postgres -> mysql'\); drop data_migration and migrate the data with wave\.add_task"):
        wave.add_migration_project("p", source=pg, target=my, data_migration=DataMigration())
    # The refused project created nothing; schema conversion alone is fine for the same pair.
    assert wave.node.try_find_child("SchemaConversion") is None
    assert wave.add_migration_project("p", source=pg, target=my).data_migration is None


def test_a_data_migration_from_an_engine_without_homogeneous_migrations_is_refused(small):
    stack, wave, _, apg = small
    ora = wave.add_source("ora", DatabaseEndpoint.oracle(host="o", database_name="ORCL", peer=NET, credentials=_generated(),
                                                         certificate=EndpointCertificate.from_certificate_arn(WALLET_ARN)))
    with pytest.raises(DmsConfigError, match=r"needs a homogeneous engine pair, and DMS has no homogeneous data migration from oracle "
                                             r"\(only from MySQL-compatible, PostgreSQL and MongoDB-compatible databases\) "
                                             r"\(got 'oracle -> aurora-postgresql'\)"):
        wave.add_migration_project("p", source=ora, target=apg, data_migration=DataMigration())


def test_endpoints_must_be_this_wave_s_and_in_their_direction(small):
    stack, wave, pg, apg = small
    other = MigrationWave(stack, "Other", network=routed_network(stack, "OtherNetwork"))
    foreign = other.add_source("pg", DatabaseEndpoint.postgresql(host="pg", database_name="d", peer=NET, credentials=_generated()))
    with pytest.raises(DmsConfigError, match=r"^MigrationWave\(W\)\.add_migration_project\(p\)\.source: is not an endpoint of this wave "
                                             r"\(got 'pg'\); add it with wave\.add_source\(\.\.\.\) first"):
        wave.add_migration_project("p", source=foreign, target=apg)
    with pytest.raises(DmsConfigError, match=r"\.target: is a source endpoint \(got 'pg'\); pass an endpoint added with wave\.add_target"):
        wave.add_migration_project("p", source=pg, target=pg)


def test_a_project_name_is_used_once(small):
    _, wave, pg, apg = small
    wave.add_migration_project("p", source=pg, target=apg)
    with pytest.raises(DmsConfigError, match=r"names a migration project this wave already has \(got 'p'\)"):
        wave.add_migration_project("p", source=pg, target=apg)


def test_every_project_of_a_wave_shares_the_instance_profile_s_network_type(small):
    _, wave, pg, apg = small
    wave.add_migration_project("a", source=pg, target=apg, network_type=NetworkType.DUAL)
    with pytest.raises(DmsConfigError, match=r"\(b\)\.network_type: differs from the wave's instance profile \(DUAL\), which every project "
                                             r"of the wave shares \(got 'IPV4'\); give every migration project of a wave the same"):
        wave.add_migration_project("b", source=pg, target=apg)
    with pytest.raises(DmsConfigError, match=r"network_type: is not an instance profile network type \(got 'IPV6'\)"):
        wave.add_migration_project("c", source=pg, target=apg, network_type="IPV6")


@pytest.mark.parametrize("rules, message", [
    ("{not json", r"transformation_rules: is not JSON"),
    ({"rules": []}, r"transformation_rules: is not a transformation rules document .* \(got \['rules'\]\)"),
    ([1], r"transformation_rules: is not a transformation rules document .* \(got 'list'\)"),
])
def test_transformation_rules_must_be_a_rules_document(small, rules, message):
    _, wave, pg, apg = small
    with pytest.raises(DmsConfigError, match=message):
        wave.add_migration_project("p", source=pg, target=apg, transformation_rules=rules)


@pytest.mark.parametrize("kwargs, message", [
    (dict(number_of_jobs=0), r"^DataMigration\.number_of_jobs: .*\(got 0\)"),
    (dict(number_of_jobs=51), r"^DataMigration\.number_of_jobs: .*\(got 51\)"),
    (dict(migration_type="full-load-only"), r"^DataMigration\.migration_type: is not a data migration type \(got 'full-load-only'\); "
                                            r"use MigrationType\.FULL_LOAD, MigrationType\.CDC or MigrationType\.FULL_LOAD_AND_CDC"),
    (dict(cloudwatch_logs="yes"), r"^DataMigration\.cloudwatch_logs: "),
    (dict(selection_rules=TableMappings().include("s").rename_schema("s", "t")),
     r"^DataMigration\.selection_rules: holds rules other than selection rules, which homogeneous data migrations do not apply .*"
     r"\(got \['transformation'\]\); keep only include/exclude rules"),
])
def test_data_migration_settings_are_checked(kwargs, message):
    with pytest.raises(DmsConfigError, match=message):
        DataMigration(**kwargs)


def test_a_data_migration_is_passed_as_a_data_migration(small):
    _, wave, pg, apg = small
    with pytest.raises(DmsConfigError, match=r"\(p\)\.data_migration: .*pass DataMigration\(\.\.\.\)"):
        wave.add_migration_project("p", source=pg, target=apg, data_migration={"migration_type": "cdc"})


def test_a_wave_on_an_existing_instance_has_no_subnet_group_for_an_instance_profile():
    stack = env_stack()
    instance = ExistingReplicationInstance.from_replication_instance_attributes(
        stack, "Ri", instance_arn="arn:aws:dms:eu-west-1:123456789012:rep:ABCDEFGHIJ", identifier="shared-instance",
        security_groups=[ec2.SecurityGroup.from_security_group_id(stack, "RiSg", "sg-0123456789abcdef0")])
    wave = MigrationWave(stack, "W", network=routed_network(stack), capacity=instance)
    pg = wave.add_source("pg", DatabaseEndpoint.postgresql(host="pg", database_name="d", peer=NET, credentials=_generated()))
    apg = wave.add_target("apg", DatabaseEndpoint.aurora_postgresql(host="apg", database_name="d", peer=NET, credentials=_generated()))
    with pytest.raises(DmsConfigError, match=r"needs the wave's replication subnet group for its instance profile.*"
                                             r"add migration projects to a wave that creates its own capacity"):
        wave.add_migration_project("p", source=pg, target=apg)


def test_a_serverless_wave_can_declare_a_project_and_a_retired_one_creates_none():
    stack = env_stack()
    wave = MigrationWave(stack, "W", network=routed_network(stack), capacity=ServerlessCapacity(max_capacity_units=4))
    pg = wave.add_source("pg", DatabaseEndpoint.postgresql(host="pg", database_name="d", peer=NET, credentials=_generated()))
    apg = wave.add_target("apg", DatabaseEndpoint.aurora_postgresql(host="apg", database_name="d", peer=NET, credentials=_generated()))
    assert wave.add_migration_project("p", source=pg, target=apg, data_migration=DataMigration()) is not None

    retired_stack = env_stack(id="Retired")
    retired = MigrationWave(retired_stack, "W", phase=MigrationPhase.RETIRED)
    src = retired.add_source("pg", DatabaseEndpoint.postgresql(host="pg", database_name="d", peer=NET, credentials=_generated()))
    dst = retired.add_target("apg", DatabaseEndpoint.aurora_postgresql(host="apg", database_name="d", peer=NET, credentials=_generated()))
    assert retired.add_migration_project("p", source=src, target=dst, data_migration=DataMigration()) is None
    template = Template.from_stack(retired_stack).to_json()
    assert not [r for r in template["Resources"].values() if r["Type"] in (
        "AWS::DMS::DataProvider", "AWS::DMS::InstanceProfile", "AWS::DMS::MigrationProject", "AWS::DMS::DataMigration")]
    assert retired.migration_projects == {}


def _acknowledged(construct) -> dict[str, str]:
    """Finding id -> reason of the acknowledgments recorded on one construct."""
    out: dict[str, str] = {}
    for entry in construct.node.metadata:
        if entry.type == "aws:cdk:acknowledged-rules":
            out.update({k.split("::", 1)[-1] if k.lower().startswith("annotation::") else k: v for k, v in entry.data.items()})
    return out


def test_only_what_dms_schema_conversion_forces_is_acknowledged_on_its_bucket(built):
    _, stack, wave, template, _ = built
    storage = wave.node.find_child("SchemaConversion").storage
    bucket = _acknowledged(storage.bucket.node.default_child)
    assert sorted(bucket) == [
        "HIPAA.Security-S3BucketReplicationEnabled", "HIPAA.Security-S3DefaultEncryptionKMS",
        "NIST.800.53.R5-S3BucketReplicationEnabled", "NIST.800.53.R5-S3DefaultEncryptionKMS",
        "PCI.DSS.321-S3BucketReplicationEnabled", "PCI.DSS.321-S3DefaultEncryptionKMS",
    ]
    assert "only to buckets with SSE-S3" in bucket["HIPAA.Security-S3DefaultEncryptionKMS"]
    # Access logging, TLS and public access are met, not acknowledged; the logs bucket alone is not itself logged.
    assert "AwsSolutions-S1" in _acknowledged(storage.access_logs.node.default_child)
