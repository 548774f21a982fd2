"""Endpoints of issue #19's engines: IBM Db2 LUW, Db2 for z/OS and SAP ASE sources, Amazon Neptune, Redis OSS
and Babelfish for Aurora PostgreSQL targets — settings as the CloudFormation reference names them, secrets
where DMS reads them, SSL per the DMS guide's table, least-privilege service access roles, egress to the
database network, the five compliance packs, the rule pack's knowledge of the engines, and input validation."""

from __future__ import annotations

import pytest
from aws_cdk import App
from aws_cdk import aws_dms as dms
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk.assertions import Template
from cdk_nag import AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks

from dms_constructs import (
    DatabaseEndpoint,
    Db2Settings,
    DmsConfigError,
    MigrationWave,
    NeptuneSettings,
    SecretRotation,
    SslMode,
)
from dms_constructs.certificates import EndpointCertificate
from dms_constructs.checks import DmsChecks
from dms_constructs.checks import rules as R
from dms_constructs.credentials import EndpointCredentials

from .conftest import AZS, env_stack, routed_network

PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUEXAMPLE\n-----END CERTIFICATE-----\n"
DATA_CENTRE = "10.1.0.0/16"
NET = ec2.Peer.ipv4(DATA_CENTRE)
GRAPH_NET = ec2.Peer.ipv4("10.30.0.0/16")
ZOS_REASON = "The mainframe is reached only over an IPsec VPN that encrypts every packet."
PACKS = [AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks, DmsChecks]


def _secret(stack, id: str) -> secretsmanager.ISecret:
    return secretsmanager.Secret.from_secret_complete_arn(stack, id, f"arn:aws:secretsmanager:eu-west-1:123456789012:secret:{id}-AbCdEf")


def _creds(stack, id: str) -> EndpointCredentials:
    return EndpointCredentials.from_secret(_secret(stack, id))


@pytest.fixture(scope="module")
def built():
    app = App()
    stack = env_stack(app, "T")
    wave = MigrationWave(stack, "W", network=routed_network(stack), availability_zones=AZS)
    bucket_key = kms.Key(stack, "StagingKey", enable_key_rotation=True)
    bucket = s3.Bucket.from_bucket_attributes(stack, "Staging", bucket_name="graph-staging", encryption_key=bucket_key)
    db2 = wave.add_source("db2", DatabaseEndpoint.db2(
        host="db2.corp.example", database_name="SALES", credentials=_creds(stack, "Db2Secret"), peer=NET, port=50443,
        certificate=EndpointCertificate.from_pem_string(PEM),
        settings=Db2Settings(max_k_bytes_per_read=128, set_data_capture_changes=True),
    ))
    zos = wave.add_source("zos", DatabaseEndpoint.db2_zos(
        host="10.1.9.9", database_name="DSNLOC1", credentials=_creds(stack, "ZosSecret"), peer=NET,
        insecure_reason=ZOS_REASON,
    ))
    ase = wave.add_source("ase", DatabaseEndpoint.sybase(
        host="ase.corp.example", database_name="orders", credentials=_creds(stack, "AseSecret"), peer=NET,
        certificate=EndpointCertificate.from_pem_string(PEM),
    ))
    babel = wave.add_target("babel", DatabaseEndpoint.babelfish(
        host="bf.cluster-abc.eu-west-1.rds.amazonaws.com", babelfish_database_name="orders",
        credentials=_creds(stack, "BabelSecret"), peer=GRAPH_NET,
    ))
    graph = wave.add_target("graph", DatabaseEndpoint.neptune(
        host="g.cluster-abc.eu-west-1.neptune.amazonaws.com", peer=GRAPH_NET, bucket=bucket, bucket_folder="graph/",
        cluster_resource_id="cluster-ABCDEFGHIJKLMNOPQRSTUVWXYZ", settings=NeptuneSettings(max_retry_count=3),
    ))
    cache = wave.add_target("cache", DatabaseEndpoint.redis(
        host="clustercfg.cache.abc.euw1.cache.amazonaws.com", peer=GRAPH_NET, auth_secret=_secret(stack, "RedisAuth"),
        certificate=EndpointCertificate.from_pem_string(PEM),
    ))
    return app, stack, wave, dict(db2=db2, zos=zos, ase=ase, babel=babel, graph=graph, cache=cache), Template.from_stack(stack).to_json()


def _props(t, stack, bound):
    return t["Resources"][stack.get_logical_id(bound.resource)]["Properties"]


def _secret_settings(stack, wave, id: str) -> dict:
    role = wave.node.find_child("SecretsAccess").role
    return {
        "SecretsManagerSecretId": f"arn:aws:secretsmanager:eu-west-1:123456789012:secret:{id}-AbCdEf",
        "SecretsManagerAccessRoleArn": {"Fn::GetAtt": [stack.get_logical_id(role.node.default_child), "Arn"]},
    }


# --- sources: Db2 LUW, Db2 for z/OS, SAP ASE -------------------------------------------------------

def test_db2_source_reads_its_secret_and_verifies_the_ca(built):
    _, stack, wave, eps, t = built
    props = _props(t, stack, eps["db2"])
    assert (props["EngineName"], props["EndpointType"], props["DatabaseName"], props["SslMode"]) == ("db2", "source", "SALES", "verify-ca")
    assert props["CertificateArn"] == {"Ref": stack.get_logical_id(eps["db2"].node.find_child("Certificate"))}
    assert props["IbmDb2Settings"] == {**_secret_settings(stack, wave, "Db2Secret"), "MaxKBytesPerRead": 128, "SetDataCaptureChanges": True}
    assert not {"Username", "Password", "ServerName", "Port"} & set(props)
    assert (eps["db2"].engine_name, eps["db2"].engine_family, eps["db2"].port, eps["db2"].ssl_mode) == ("db2", "db2", 50443, SslMode.VERIFY_CA)


def test_db2_for_zos_source_has_no_ssl_mode_and_records_why(built):
    _, stack, wave, eps, t = built
    props = _props(t, stack, eps["zos"])
    assert (props["EngineName"], props["EndpointType"], props["DatabaseName"]) == ("db2-zos", "source", "DSNLOC1")
    assert "SslMode" not in props and "CertificateArn" not in props
    assert props["IbmDb2Settings"] == _secret_settings(stack, wave, "ZosSecret")
    assert eps["zos"].ssl_mode is SslMode.NONE and eps["zos"].port == 446
    acknowledged = [m.data for m in eps["zos"].resource.node.metadata if m.type == "aws:cdk:acknowledged-rules"]
    assert acknowledged == [{"Annotation::DmsChecks-DMS.9": "The mainframe is reached only over an IPsec VPN that encrypts every packet."}]


def test_sybase_source_verifies_the_full_chain(built):
    _, stack, wave, eps, t = built
    props = _props(t, stack, eps["ase"])
    assert (props["EngineName"], props["SslMode"], props["DatabaseName"]) == ("sybase", "verify-full", "orders")
    assert props["SybaseSettings"] == _secret_settings(stack, wave, "AseSecret")
    assert eps["ase"].port == 5000


# --- targets: Babelfish, Neptune, Redis -------------------------------------------------------------

def test_babelfish_target_is_an_aurora_postgresql_endpoint_in_babelfish_mode(built):
    _, stack, wave, eps, t = built
    props = _props(t, stack, eps["babel"])
    assert (props["EngineName"], props["EndpointType"], props["DatabaseName"], props["SslMode"]) == (
        "aurora-postgresql", "target", "babelfish_db", "require")
    assert props["PostgreSqlSettings"] == {
        **_secret_settings(stack, wave, "BabelSecret"), "DatabaseMode": "babelfish", "BabelfishDatabaseName": "orders"}
    assert eps["babel"].port == 5432


def test_neptune_target_stages_in_s3_with_iam_authorization(built):
    _, stack, _, eps, t = built
    graph = eps["graph"]
    props = _props(t, stack, graph)
    role_id = stack.get_logical_id(graph.node.find_child("ServiceAccessRole").node.default_child)
    assert (props["EngineName"], props["EndpointType"], props["ServerName"], props["Port"]) == (
        "neptune", "target", "g.cluster-abc.eu-west-1.neptune.amazonaws.com", 8182)
    assert props["NeptuneSettings"] == {
        "ServiceAccessRoleArn": {"Fn::GetAtt": [role_id, "Arn"]},
        "S3BucketName": "graph-staging",
        "S3BucketFolder": "graph",
        "IamAuthEnabled": True,
        "MaxRetryCount": 3,
    }
    assert "SslMode" not in props
    acknowledged = [m.data for m in graph.resource.node.metadata if m.type == "aws:cdk:acknowledged-rules"]
    assert acknowledged == [{"Annotation::DmsChecks-DMS.9": (
        "DMS has no SSL mode for Neptune endpoints: Neptune accepts only HTTPS connections (Amazon Neptune user guide, "
             "'Encrypting connections to your Amazon Neptune database with SSL/HTTPS').")}]
    assert graph.service_access_role is not None and graph.ssl_mode is None


def test_neptune_role_may_only_stage_its_prefix_and_use_its_cluster(built):
    _, stack, _, eps, t = built
    graph = eps["graph"]
    policy = t["Resources"][stack.get_logical_id(graph.node.find_child("ServiceAccessPolicy").node.default_child)]["Properties"]
    key_id = stack.get_logical_id(graph.bucket.encryption_key.node.default_child)
    bucket_arn = {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":s3:::graph-staging"]]}
    assert policy["PolicyDocument"]["Statement"] == [
        {"Action": ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"], "Effect": "Allow",
         "Resource": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":s3:::graph-staging/graph/*"]]}},
        {"Action": "s3:ListBucket", "Effect": "Allow", "Resource": bucket_arn},
        {"Action": ["kms:GenerateDataKey", "kms:Decrypt"], "Effect": "Allow", "Resource": {"Fn::GetAtt": [key_id, "Arn"]}},
        {"Action": ["neptune-db:connect", "neptune-db:StartLoaderJob", "neptune-db:GetLoaderJobStatus",
                    "neptune-db:ReadDataViaQuery", "neptune-db:WriteDataViaQuery", "neptune-db:DeleteDataViaQuery"],
         "Effect": "Allow",
         "Resource": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"},
                                        ":neptune-db:eu-west-1:123456789012:cluster-ABCDEFGHIJKLMNOPQRSTUVWXYZ/*"]]}},
    ]


def test_neptune_role_is_trusted_by_dms_and_by_neptune(built):
    # DMS user guide, "Using Amazon Neptune as a target for AWS Database Migration Service": the role lets "both AWS
    # DMS and Amazon Neptune database service" assume it; Neptune is `rds.amazonaws.com`, with no condition documented.
    _, stack, _, eps, t = built
    role = t["Resources"][stack.get_logical_id(eps["graph"].service_access_role.node.default_child)]["Properties"]
    dms_conditions = {
        "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
        "ArnLike": {"aws:SourceArn": {"Fn::Join": ["", [
            "arn:", {"Ref": "AWS::Partition"}, ":dms:", {"Ref": "AWS::Region"}, ":", {"Ref": "AWS::AccountId"}, ":*"]]}},
    }
    assert role["AssumeRolePolicyDocument"]["Statement"] == [
        {"Action": "sts:AssumeRole", "Condition": dms_conditions, "Effect": "Allow",
         "Principal": {"Service": {"Fn::Join": ["", ["dms.", {"Ref": "AWS::Region"}, ".", {"Ref": "AWS::URLSuffix"}]]}}},
        {"Action": "sts:AssumeRole", "Condition": dms_conditions, "Effect": "Allow",
         "Principal": {"Service": {"Fn::Join": ["", ["dms.", {"Ref": "AWS::URLSuffix"}]]}}},
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "rds.amazonaws.com"}},
    ]


def test_redis_target_uses_tls_and_a_dynamic_reference_for_its_password(built):
    _, stack, _, eps, t = built
    cache = eps["cache"]
    props = _props(t, stack, cache)
    settings = props["RedisSettings"]
    assert (props["EngineName"], props["EndpointType"]) == ("redis", "target")
    assert (settings["ServerName"], settings["Port"], settings["SslSecurityProtocol"], settings["AuthType"]) == (
        "clustercfg.cache.abc.euw1.cache.amazonaws.com", 6379, "ssl-encryption", "auth-token")
    assert settings["SslCaCertificateArn"] == {"Ref": stack.get_logical_id(cache.node.find_child("Certificate"))}
    assert settings["AuthPassword"] == (
        "{{resolve:secretsmanager:arn:aws:secretsmanager:eu-west-1:123456789012:secret:RedisAuth-AbCdEf:SecretString:password::}}")
    assert "AuthUserName" not in settings and "SslMode" not in props
    assert cache.secret is not None


def test_every_endpoint_gets_egress_to_its_network_on_its_port(built):
    _, stack, wave, _, t = built
    egress = t["Resources"][stack.get_logical_id(wave.security_group.node.default_child)]["Properties"]["SecurityGroupEgress"]
    found = {(r["CidrIp"], r["FromPort"]) for r in egress if r.get("CidrIp") in (DATA_CENTRE, "10.30.0.0/16")}
    assert {(DATA_CENTRE, 50443), (DATA_CENTRE, 446), (DATA_CENTRE, 5000), ("10.30.0.0/16", 5432),
            ("10.30.0.0/16", 8182), ("10.30.0.0/16", 6379)} == found


@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.__name__)
def test_the_new_engines_pass_the_compliance_packs(built, pack):
    app, stack, *_ = built
    report = pack(app).validate_scope(stack)
    assert report.success, [(v.rule_name, [r.construct_path for r in v.violating_resources]) for v in report.violations]


# --- opting out, with reasons ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def opted_out():
    app = App()
    stack = env_stack(app, "O")
    wave = MigrationWave(stack, "W", network=routed_network(stack), availability_zones=AZS)
    bucket = s3.Bucket.from_bucket_name(stack, "Staging", "graph-staging-123456789012")
    graph = wave.add_target("graph", DatabaseEndpoint.neptune(
        host="g.example", peer=GRAPH_NET, bucket=bucket, no_iam_auth_reason="The Neptune 1.0 cluster predates IAM auth."))
    cache = wave.add_target("cache", DatabaseEndpoint.redis(
        host="redis.example", peer=GRAPH_NET, auth_type="auth-role", auth_secret=_secret(stack, "RedisUser"),
        plaintext_reason="A Redis 5 lab server without TLS, on an isolated network."))
    return app, stack, graph, cache, Template.from_stack(stack).to_json()


def test_neptune_without_iam_auth_grants_no_cluster_access_and_acknowledges_dms10(opted_out):
    _, stack, graph, _, t = opted_out
    assert _props(t, stack, graph)["NeptuneSettings"]["IamAuthEnabled"] is False
    policy = t["Resources"][stack.get_logical_id(graph.node.find_child("ServiceAccessPolicy").node.default_child)]["Properties"]
    assert not [s for s in policy["PolicyDocument"]["Statement"] if "neptune-db" in str(s["Action"])]
    acknowledged = [m.data for m in graph.resource.node.metadata if m.type == "aws:cdk:acknowledged-rules"]
    assert acknowledged == [
        {"Annotation::DmsChecks-DMS.9": (
             "DMS has no SSL mode for Neptune endpoints: Neptune accepts only HTTPS connections (Amazon Neptune user guide, "
             "'Encrypting connections to your Amazon Neptune database with SSL/HTTPS').")},
        {"Annotation::DmsChecks-DMS.10": "The Neptune 1.0 cluster predates IAM auth."},
    ]


def test_redis_plaintext_and_auth_role_acknowledge_dms12(opted_out):
    _, stack, _, cache, t = opted_out
    settings = _props(t, stack, cache)["RedisSettings"]
    assert (settings["SslSecurityProtocol"], settings["AuthType"]) == ("plaintext", "auth-role")
    assert settings["AuthUserName"] == (
        "{{resolve:secretsmanager:arn:aws:secretsmanager:eu-west-1:123456789012:secret:RedisUser-AbCdEf:SecretString:username::}}")
    acknowledged = [m.data for m in cache.resource.node.metadata if m.type == "aws:cdk:acknowledged-rules"]
    assert acknowledged == [
        {"Annotation::DmsChecks-DMS.9": (
             "DMS has no SSL mode for Redis endpoints: TLS is RedisSettings.SslSecurityProtocol, which the DMS rule pack checks as "
             "DMS.12 ('Using Redis OSS as a target for AWS Database Migration Service', endpoint settings).")},
        {"Annotation::DmsChecks-DMS.12": "A Redis 5 lab server without TLS, on an isolated network."},
    ]


def test_opted_out_endpoints_pass_the_rule_pack_only_through_their_acknowledgments(opted_out):
    app, stack, *_ = opted_out
    report = DmsChecks(app).validate_scope(stack)
    assert report.success, [(v.rule_name, [r.construct_path for r in v.violating_resources]) for v in report.violations]


# --- the rule pack knows the engines ----------------------------------------------------------------

def test_rule_pack_tables_know_the_new_engines():
    assert R.SSL_MODES_BY_ENGINE["db2"] == frozenset({"verify-ca"})
    assert R.SSL_MODES_BY_ENGINE["sybase"] == frozenset({"verify-full"})
    assert "db2-zos" not in R.SSL_MODES_BY_ENGINE  # no SSL mode: DMS.9 does not apply
    assert (R.SECRETS_SETTINGS_BY_ENGINE["db2"], R.SECRETS_SETTINGS_BY_ENGINE["db2-zos"], R.SECRETS_SETTINGS_BY_ENGINE["sybase"]) == (
        "IbmDb2Settings", "IbmDb2Settings", "SybaseSettings")
    assert "neptune" not in R.SECRETS_SETTINGS_BY_ENGINE and "redis" not in R.SECRETS_SETTINGS_BY_ENGINE


def test_rule_pack_flags_unencrypted_db2_and_db2_zos_without_a_secret():
    app = App()
    stack = env_stack(app, "L1")
    dms.CfnEndpoint(stack, "Db2None", endpoint_type="source", engine_name="db2", ssl_mode="none",
                    ibm_db2_settings=dms.CfnEndpoint.IbmDb2SettingsProperty(secrets_manager_secret_id="s", secrets_manager_access_role_arn="r"))
    dms.CfnEndpoint(stack, "ZosPassword", endpoint_type="source", engine_name="db2-zos", username="u", password="{{resolve:ssm-secure:p}}")
    report = DmsChecks(app).validate_scope(stack)
    found = {(v.rule_name.split("-", 1)[-1], r.construct_path.split("/")[-1]) for v in report.violations for r in v.violating_resources}
    assert ("DMS.9", "Db2None") in found
    assert ("DMS.SecretsManager", "ZosPassword") in found
    assert ("DMS.SecretsManager", "Db2None") not in found


# --- directions -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "direction, make, message",
    [
        ("target", lambda s: DatabaseEndpoint.db2_zos(host="h", database_name="d", credentials=_creds(s, "S"), peer=NET,
                                                      insecure_reason=ZOS_REASON),
         "MigrationWave(w).add_target(x): IBM Db2 for z/OS endpoints can only be sources (got 'target'); add it with wave.add_source(...)"),
        ("source", lambda s: DatabaseEndpoint.neptune(host="h", peer=NET, bucket=s3.Bucket.from_bucket_name(s, "B", "bucket-b"),
                                                      cluster_resource_id="cluster-ABC"),
         "MigrationWave(w).add_source(x): Amazon Neptune endpoints can only be targets (got 'source'); add it with wave.add_target(...)"),
        ("source", lambda s: DatabaseEndpoint.redis(host="h", peer=NET, auth_secret=_secret(s, "S")),
         "MigrationWave(w).add_source(x): Redis OSS endpoints can only be targets (got 'source'); add it with wave.add_target(...)"),
        ("source", lambda s: DatabaseEndpoint.babelfish(host="h", babelfish_database_name="d", credentials=_creds(s, "S"), peer=NET),
         "MigrationWave(w).add_source(x): Aurora PostgreSQL endpoints can only be targets when built with DatabaseEndpoint.babelfish "
         "(read the cluster with DatabaseEndpoint.aurora_postgresql) (got 'source'); add it with wave.add_target(...)"),
        ("source", lambda s: DatabaseEndpoint.db2(host="h", database_name="d", credentials=_creds(s, "S"), peer=NET,
                                                  port=50443, certificate=EndpointCertificate.from_pem_string(PEM),
                                                  settings=Db2Settings(keep_csv_files=True)),
         "MigrationWave(w).add_source(x).keep_csv_files: applies only to target endpoints (this one is a source) (got True); "
         "drop keep_csv_files, or add the endpoint with wave.add_target(...)"),
    ],
)
def test_directions_dms_does_not_support_are_refused(direction, make, message):
    stack = env_stack()
    wave = MigrationWave(stack, "W", name="w", network=routed_network(stack), availability_zones=AZS)
    endpoint = make(stack)
    with pytest.raises(DmsConfigError) as err:
        (wave.add_source if direction == "source" else wave.add_target)("x", endpoint)
    assert str(err.value) == message


def test_a_db2_source_keeps_its_extra_connection_attributes():
    # "Using IBM Db2 for Linux, Unix, Windows, and Amazon RDS database (Db2 LUW) as a source for AWS DMS":
    # CurrentLSN=scan starts ongoing replication from a log position DMS finds by scanning.
    stack = env_stack()
    wave = MigrationWave(stack, "W", network=routed_network(stack))
    bound = wave.add_source("db2", _db2(stack, port=50443, certificate=EndpointCertificate.from_pem_string(PEM),
                                        extra_connection_attributes="CurrentLSN=scan"))
    attributes = stack.resolve(bound.resource.extra_connection_attributes)
    # (followed by the Secrets Manager VPC endpoint the wave adds)
    assert attributes["Fn::Join"][1][0] == "CurrentLSN=scan;secretsManagerEndpointOverride="


# --- input validation -------------------------------------------------------------------------------

def _db2(stack, **kwargs):
    options = dict(host="h", database_name="d", credentials=_creds(stack, "S"), peer=NET)
    options.update(kwargs)
    return DatabaseEndpoint.db2(**options)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda s: _db2(s),
         "DatabaseEndpoint.db2.certificate: is required: DMS supports only certificate-verifying SSL modes (verify-ca) for IBM Db2 "
         "LUW endpoints (got None); pass certificate=EndpointCertificate.from_pem_file('<CA bundle>.pem') (for RDS and Aurora: the "
         "RDS CA bundle), or ssl_mode=SslMode.NONE with insecure_reason='why this connection may be unencrypted'"),
        (lambda s: _db2(s, ssl_mode=SslMode.REQUIRE),
         "DatabaseEndpoint.db2.ssl_mode: is not supported by DMS for IBM Db2 LUW endpoints (got 'require'); use one of: verify-ca"),
        (lambda s: _db2(s, credentials=EndpointCredentials.generate(username="dms", rotation=SecretRotation.hosted()),
                        certificate=EndpointCertificate.from_pem_string(PEM)),
         "DatabaseEndpoint.db2.credentials.rotation: is not available: the library has no hosted rotation function for IBM Db2 LUW "
         "(got 'SecretRotation'); pass EndpointCredentials.generate(..., no_rotation_reason='...') and rotate the password on the "
         "database side, or use EndpointCredentials.from_secret(secret) with a rotation you run"),
        (lambda s: DatabaseEndpoint.db2_zos(host="h", database_name="d", credentials=_creds(s, "S"), peer=NET, insecure_reason="vpn"),
         "DatabaseEndpoint.db2_zos.insecure_reason: is required: DMS has no SSL mode for IBM Db2 for z/OS endpoints, so the "
         "connection is unencrypted (got 'vpn'); give insecure_reason='how the connection is protected, e.g. IPsec VPN or MACsec "
         "on Direct Connect' (at least 10 characters)"),
        (lambda s: DatabaseEndpoint.sybase(host="h", database_name="d", credentials=_creds(s, "S"), peer=NET,
                                           ssl_mode=SslMode.VERIFY_CA, certificate=EndpointCertificate.from_pem_string(PEM)),
         "DatabaseEndpoint.sybase.ssl_mode: is not supported by DMS for SAP ASE endpoints (got 'verify-ca'); use one of: verify-full"),
        (lambda s: DatabaseEndpoint.babelfish(host="h", babelfish_database_name=" ", credentials=_creds(s, "S"), peer=NET),
         "DatabaseEndpoint.babelfish.babelfish_database_name: is empty (got ' '); give the Babelfish (T-SQL) database DMS writes into"),
        (lambda s: DatabaseEndpoint.neptune(host="h", peer=NET, bucket=s3.Bucket.from_bucket_name(s, "B", "bucket-b")),
         "DatabaseEndpoint.neptune.cluster_resource_id: is required with IAM authorization (Security Hub DMS.10) and must be the "
         "cluster's resource id ('cluster-...'), not its identifier (got None); pass cluster_resource_id='cluster-"
         "ABCDEFGHIJKLMNOPQRSTUVWXYZ' (Neptune console, Configuration), or no_iam_auth_reason='why IAM authorization is off'"),
        (lambda s: DatabaseEndpoint.neptune(host="h", peer=NET, bucket=s3.Bucket.from_bucket_name(s, "B", "bucket-b"), cluster_resource_id="my-graph"),
         "DatabaseEndpoint.neptune.cluster_resource_id: is required with IAM authorization (Security Hub DMS.10) and must be the "
         "cluster's resource id ('cluster-...'), not its identifier (got 'my-graph'); pass cluster_resource_id='cluster-"
         "ABCDEFGHIJKLMNOPQRSTUVWXYZ' (Neptune console, Configuration), or no_iam_auth_reason='why IAM authorization is off'"),
        (lambda s: DatabaseEndpoint.neptune(host="h", peer=NET, bucket=s3.Bucket.from_bucket_name(s, "B", "bucket-b"), no_iam_auth_reason="old"),
         "DatabaseEndpoint.neptune.no_iam_auth_reason: is too short to be a reason (got 'old'); say why the cluster cannot use IAM "
         "authorization (at least 10 characters), or drop it"),
        (lambda s: DatabaseEndpoint.neptune(host="h", peer=NET, bucket=s3.Bucket.from_bucket_name(s, "B", "bucket-b"),
                                            cluster_resource_id="cluster-ABC", bucket_folder="/"),
         "DatabaseEndpoint.neptune.bucket_folder: is empty (DMS requires a staging folder) (got '/'); give a prefix, e.g. 'dms-neptune'"),
        (lambda s: DatabaseEndpoint.redis(host="h", peer=NET),
         "DatabaseEndpoint.redis.auth_secret: is required with auth_type='auth-token' (got None); pass the Secrets Manager secret "
         "that holds the Redis AUTH password (JSON key 'password')"),
        (lambda s: DatabaseEndpoint.redis(host="h", peer=NET, auth_type="none"),
         "DatabaseEndpoint.redis.no_auth_reason: is required with auth_type='none': DMS would write to a Redis anyone on the "
         "network can write to (got None); give no_auth_reason='why the target takes no authentication' (at least 10 "
         "characters), or use auth_type='auth-token' with an auth_secret"),
        (lambda s: DatabaseEndpoint.redis(host="h", peer=NET, auth_type="none", no_auth_reason="A lab server on an isolated network.",
                                          auth_secret=_secret(s, "S")),
         "DatabaseEndpoint.redis.auth_secret: is unused with auth_type='none' (got 'given'); drop auth_secret, or choose an auth_type"),
        (lambda s: DatabaseEndpoint.redis(host="h", peer=NET, auth_type="iam"),
         "DatabaseEndpoint.redis.auth_type: is not a value DMS accepts (got 'iam'); use one of: auth-token, auth-role, none"),
        (lambda s: DatabaseEndpoint.redis(host="h", peer=NET, auth_secret=_secret(s, "S"), plaintext_reason="A lab server on an isolated network.",
                                          certificate=EndpointCertificate.from_pem_string(PEM)),
         "DatabaseEndpoint.redis.certificate: is unused without TLS (plaintext_reason is set) (got 'given'); drop the "
         "certificate, or drop plaintext_reason"),
        (lambda s: DatabaseEndpoint.redis(host="h", peer=ec2.Peer.any_ipv4(), auth_secret=_secret(s, "S")),
         "DatabaseEndpoint.redis.peer: opens the wave's egress to the whole internet (got '0.0.0.0/0'); give the database's own "
         "network, e.g. ec2.Peer.ipv4('10.1.0.0/16'), or a prefix list"),
    ],
)
def test_inputs_are_checked(make, message):
    stack = env_stack()
    with pytest.raises(DmsConfigError) as err:
        make(stack)
    assert str(err.value) == message
