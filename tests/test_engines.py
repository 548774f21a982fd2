"""Endpoints of the non-relational engines: DynamoDB and Kinesis Data Streams targets, MongoDB sources,
DocumentDB sources and targets, S3 sources — settings as the
CloudFormation reference names them, least-privilege service access roles (DMS user guide prerequisites
pages), reach through VPC endpoints, the five compliance packs, and input validation."""

from __future__ import annotations

import pytest
from aws_cdk import App
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_kinesis as kinesis
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk.assertions import Template
from cdk_nag import AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks

from dms_constructs import DatabaseEndpoint, DmsConfigError, DmsServiceRoles, MigrationNetwork, MigrationWave, SslMode
from dms_constructs.certificates import EndpointCertificate
from dms_constructs.credentials import EndpointCredentials
from dms_constructs.acknowledgments import acknowledge
from dms_constructs.checks import DmsChecks

from .conftest import AZS, env_stack, routed_network
from .helpers import resources


@pytest.fixture(scope="module")
def built():
    app = App()
    stack = env_stack(app, "T")
    roles = DmsServiceRoles(stack, "Roles")
    wave = MigrationWave(stack, "W", service_roles=roles, availability_zones=AZS)
    key = kms.Key(stack, "StreamKey", enable_key_rotation=True)
    stream = kinesis.Stream(stack, "Stream", encryption=kinesis.StreamEncryption.KMS, encryption_key=key)
    acknowledge(stream.node.default_child, "AwsSolutions-KDS3", "The test stream uses a customer managed key to test the key grant.")
    ddb = wave.add_target("ddb", DatabaseEndpoint.dynamodb(table_names=["orders", "orders_hist_*"]))
    kin = wave.add_target("kin", DatabaseEndpoint.kinesis(stream, message_format="json-unformatted", include_transaction_details=True))
    return app, stack, wave, ddb, kin, stream, key, Template.from_stack(stack).to_json()


def _props(t, stack, bound):
    return t["Resources"][stack.get_logical_id(bound.resource)]["Properties"]


def _policy(t, stack, bound):
    return t["Resources"][stack.get_logical_id(bound.node.find_child("ServiceAccessPolicy").node.default_child)]["Properties"]


def _arn(stack, resource: str) -> dict:
    return {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, f":dynamodb:eu-west-1:123456789012:table/{resource}"]]}


# --- DynamoDB ------------------------------------------------------------------------------------

def test_dynamodb_target_properties(built):
    _, stack, wave, ddb, *_, t = built
    props = _props(t, stack, ddb)
    assert (props["EngineName"], props["EndpointType"], props["EndpointIdentifier"]) == ("dynamodb", "target", "w-ddb-dms")
    role_id = stack.get_logical_id(ddb.node.find_child("ServiceAccessRole").node.default_child)
    assert props["DynamoDbSettings"] == {"ServiceAccessRoleArn": {"Fn::GetAtt": [role_id, "Arn"]}}
    assert "SslMode" not in props and "DatabaseName" not in props
    assert ddb.engine_family == "dynamodb" and ddb.ssl_mode is None


def test_dynamodb_role_may_write_only_the_named_and_control_tables(built):
    _, stack, _, ddb, *_, t = built
    statements = _policy(t, stack, ddb)["PolicyDocument"]["Statement"]
    assert statements == [
        {
            "Action": ["dynamodb:PutItem", "dynamodb:CreateTable", "dynamodb:DescribeTable", "dynamodb:DeleteTable",
                       "dynamodb:DeleteItem", "dynamodb:UpdateItem"],
            "Effect": "Allow",
            "Resource": [_arn(stack, n) for n in ("orders", "orders_hist_*", "awsdms_apply_exceptions", "awsdms_full_load_exceptions")],
        },
        {"Action": "dynamodb:ListTables", "Effect": "Allow", "Resource": "*"},
    ]


def test_dynamodb_role_trusts_only_this_accounts_dms(built):
    _, stack, _, ddb, *_, t = built
    role = t["Resources"][stack.get_logical_id(ddb.node.find_child("ServiceAccessRole").node.default_child)]["Properties"]
    statements = role["AssumeRolePolicyDocument"]["Statement"]
    # One statement per principal (dms.<region> and dms), each only for this account's DMS resources.
    assert len(statements) == 2
    assert all(s["Condition"] == {
        "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
        "ArnLike": {"aws:SourceArn": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":dms:", {"Ref": "AWS::Region"}, ":",
                                                         {"Ref": "AWS::AccountId"}, ":*"]]}},
    } for s in statements)
    assert all(s["Action"] == "sts:AssumeRole" for s in statements)


def test_dynamodb_gets_a_gateway_endpoint_and_https_egress_to_its_prefix_list(built):
    _, stack, wave, *_, t = built
    gateways = [r["Properties"] for r in resources(t, "AWS::EC2::VPCEndpoint").values() if r["Properties"].get("VpcEndpointType") in (None, "Gateway")]
    services = [g["ServiceName"] for g in gateways]
    assert {"Fn::Join": ["", ["com.amazonaws.", {"Ref": "AWS::Region"}, ".dynamodb"]]} in services
    group = {"Fn::GetAtt": [stack.get_logical_id(wave.security_group.node.default_child), "GroupId"]}
    rules = [r["Properties"] for r in resources(t, "AWS::EC2::SecurityGroupEgress").values() if r["Properties"]["GroupId"] == group]
    (ddb_rule,) = [r for r in rules if "DynamoDB" in r["Description"]]
    assert (ddb_rule["FromPort"], ddb_rule["ToPort"], ddb_rule["IpProtocol"]) == (443, 443, "tcp")
    assert ddb_rule["DestinationPrefixListId"]["Fn::GetAtt"][1] == "PrefixLists.0.PrefixListId"


@pytest.mark.parametrize(
    "names, message",
    [
        ([], "DatabaseEndpoint.dynamodb.table_names: is empty (got []); name the target tables (or prefixes such as 'orders_*')"),
        (["*"], "DatabaseEndpoint.dynamodb.table_names: is not a DynamoDB table name or name prefix (got '*'); use 3-255 letters, "
                "digits, '_', '-' or '.', optionally ending in '*' (never '*' alone)"),
        (["or ders"], "DatabaseEndpoint.dynamodb.table_names: is not a DynamoDB table name or name prefix (got 'or ders'); use "
                      "3-255 letters, digits, '_', '-' or '.', optionally ending in '*' (never '*' alone)"),
    ],
)
def test_dynamodb_table_names_are_checked(names, message):
    with pytest.raises(DmsConfigError) as err:
        DatabaseEndpoint.dynamodb(table_names=names)
    assert str(err.value) == message


def test_dynamodb_is_a_target_only():
    stack = env_stack()
    wave = MigrationWave(stack, "W", availability_zones=AZS)
    with pytest.raises(DmsConfigError) as err:
        wave.add_source("x", DatabaseEndpoint.dynamodb(table_names=["t1"]))
    assert str(err.value) == "MigrationWave(W).add_source(x): DynamoDB endpoints can only be targets (got 'source'); add it with wave.add_target(...)"


def test_dynamodb_in_an_existing_vpc_adds_no_gateway_endpoint():
    stack = env_stack()
    vpc = ec2.Vpc(stack, "Vpc", ip_addresses=ec2.IpAddresses.cidr("10.9.0.0/16"), availability_zones=AZS, nat_gateways=0,
                  subnet_configuration=[ec2.SubnetConfiguration(name="p", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)])
    network = MigrationNetwork(stack, "Net", vpc=vpc, vpc_cidr="10.9.0.0/16",
                               subnet_selection=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED))
    wave = MigrationWave(stack, "W", network=network)
    wave.add_target("ddb", DatabaseEndpoint.dynamodb(table_names=["t1"]))
    t = Template.from_stack(stack).to_json()
    assert not [r for r in resources(t, "AWS::EC2::VPCEndpoint").values()
                if "dynamodb" in str(r["Properties"]["ServiceName"])]


# --- Kinesis -------------------------------------------------------------------------------------

def test_kinesis_target_properties(built):
    _, stack, _, _, kin, stream, _, t = built
    props = _props(t, stack, kin)
    assert (props["EngineName"], props["EndpointType"]) == ("kinesis", "target")
    role_id = stack.get_logical_id(kin.node.find_child("ServiceAccessRole").node.default_child)
    assert props["KinesisSettings"] == {
        "StreamArn": {"Fn::GetAtt": [stack.get_logical_id(stream.node.default_child), "Arn"]},
        "ServiceAccessRoleArn": {"Fn::GetAtt": [role_id, "Arn"]},
        "MessageFormat": "json-unformatted",
        "IncludeTransactionDetails": True,
    }
    assert "SslMode" not in props


def test_kinesis_role_may_put_records_on_the_stream_and_use_its_key(built):
    _, stack, _, _, kin, stream, key, t = built
    assert _policy(t, stack, kin)["PolicyDocument"]["Statement"] == [
        {"Action": ["kinesis:DescribeStream", "kinesis:PutRecord", "kinesis:PutRecords"], "Effect": "Allow",
         "Resource": {"Fn::GetAtt": [stack.get_logical_id(stream.node.default_child), "Arn"]}},
        {"Action": "kms:GenerateDataKey", "Effect": "Allow",
         "Resource": {"Fn::GetAtt": [stack.get_logical_id(key.node.default_child), "Arn"]}},
    ]


def test_kinesis_gets_an_interface_endpoint(built):
    *_, t = built
    services = [r["Properties"]["ServiceName"] for r in resources(t, "AWS::EC2::VPCEndpoint").values()]
    assert "com.amazonaws.eu-west-1.kinesis-streams" in services


def test_kinesis_message_format_is_checked():
    stream = kinesis.Stream.from_stream_arn(env_stack(), "S", "arn:aws:kinesis:eu-west-1:123456789012:stream/s")
    with pytest.raises(DmsConfigError) as err:
        DatabaseEndpoint.kinesis(stream, message_format="avro")
    assert str(err.value) == (
        "DatabaseEndpoint.kinesis.message_format: is not a value DMS accepts (got 'avro'); use one of: json, json-unformatted"
    )


# --- both ----------------------------------------------------------------------------------------

def test_endpoints_without_ssl_modes_record_why_dms9_does_not_apply(built):
    _, stack, _, ddb, kin, *_ = built
    acknowledged = {
        bound.name: {k: v for m in bound.resource.node.metadata if m.type == "aws:cdk:acknowledged-rules" for k, v in m.data.items()}
        for bound in (ddb, kin)
    }
    assert acknowledged == {
        "ddb": {"Annotation::DmsChecks-DMS.9": "DMS has no SSL mode for DynamoDB endpoints: every call to the DynamoDB API uses HTTPS "
                "(DMS user guide, Kinesis Data Streams as a target: 'doesn't apply to ... Kinesis, and DynamoDB')."},
        "kin": {"Annotation::DmsChecks-DMS.9": "DMS has no SSL mode for Kinesis endpoints: every call to the Kinesis API uses HTTPS "
                "(DMS user guide, Kinesis Data Streams as a target)."},
    }


@pytest.mark.parametrize("pack", [AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks, DmsChecks],
                         ids=lambda p: p.__name__)
def test_dynamodb_and_kinesis_targets_pass_the_compliance_packs(built, pack):
    app, stack, *_ = built
    report = pack(app).validate_scope(stack)
    assert report.success, [(v.rule_name, [r.construct_path for r in v.violating_resources]) for v in report.violations]


# --- MongoDB and DocumentDB ----------------------------------------------------------------------

PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUEXAMPLE\n-----END CERTIFICATE-----\n"
NET = ec2.Peer.ipv4("10.1.0.0/16")


def _secret(stack, id="Secret"):
    return secretsmanager.Secret.from_secret_complete_arn(
        stack, id, "arn:aws:secretsmanager:eu-west-1:123456789012:secret:docs-AbCdEf")


@pytest.fixture(scope="module")
def documents():
    app = App()
    stack = env_stack(app, "D")
    wave = MigrationWave(stack, "W", service_roles=DmsServiceRoles(stack, "Roles"), network=routed_network(stack))
    creds = EndpointCredentials.from_secret(_secret(stack))
    mongo = wave.add_source("mongo", DatabaseEndpoint.mongodb(
        host="mongo.corp.example", database_name="orders", credentials=creds, peer=NET, nesting_level="one",
        docs_to_investigate=500, auth_source="admin", auth_mechanism="scram_sha_1",
        extra_connection_attributes="secretsManagerEndpointOverride=vpce.example"))
    docdb = wave.add_target("docdb", DatabaseEndpoint.documentdb(
        host="docs.cluster-abc.eu-west-1.docdb.amazonaws.com", database_name="orders", credentials=creds, peer=NET,
        certificate=EndpointCertificate.from_pem_string(PEM),
        extra_connection_attributes="secretsManagerEndpointOverride=vpce.example"))
    return app, stack, wave, mongo, docdb, Template.from_stack(stack).to_json()


def test_mongodb_source_reads_its_secret_and_signs_in_with_a_password(documents):
    _, stack, wave, mongo, _, t = documents
    props = _props(t, stack, mongo)
    assert (props["EngineName"], props["EndpointType"], props["DatabaseName"], props["SslMode"]) == (
        "mongodb", "source", "orders", "require")
    settings = props["MongoDbSettings"]
    assert settings == {
        "SecretsManagerSecretId": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:docs-AbCdEf",
        "SecretsManagerAccessRoleArn": settings["SecretsManagerAccessRoleArn"],
        "NestingLevel": "one",
        "DocsToInvestigate": "500",
        "AuthSource": "admin",
        "AuthMechanism": "scram_sha_1",
        "AuthType": "password",
    }
    assert settings["SecretsManagerAccessRoleArn"] == {"Fn::GetAtt": [stack.get_logical_id(wave.secrets_access_role.node.default_child), "Arn"]}
    assert not {"ServerName", "Username", "Password", "Port"} & set(settings)


def test_documentdb_target_verifies_the_server_with_the_ca_bundle(documents):
    _, stack, _, _, docdb, t = documents
    props = _props(t, stack, docdb)
    assert (props["EngineName"], props["EndpointType"], props["SslMode"]) == ("docdb", "target", "verify-full")
    assert props["CertificateArn"] == {"Ref": stack.get_logical_id(docdb.node.find_child("Certificate"))}
    assert set(props["DocDbSettings"]) == {"SecretsManagerSecretId", "SecretsManagerAccessRoleArn"}


def test_mongodb_is_a_source_only(documents):
    _, stack, wave, *_ = documents
    endpoint = DatabaseEndpoint.mongodb(host="h", database_name="d", peer=NET,
                                        credentials=EndpointCredentials.from_secret(_secret(stack, "S2")))
    with pytest.raises(DmsConfigError) as err:
        wave.add_target("m2", endpoint)
    assert str(err.value) == "MigrationWave(W).add_target(m2): MongoDB endpoints can only be sources (got 'target'); add it with wave.add_source(...)"


def test_documentdb_source_settings_are_refused_on_a_target(documents):
    _, stack, wave, *_ = documents
    endpoint = DatabaseEndpoint.documentdb(host="h", database_name="d", peer=NET, nesting_level="one",
                                           credentials=EndpointCredentials.from_secret(_secret(stack, "S3")))
    with pytest.raises(DmsConfigError) as err:
        wave.add_target("d2", endpoint)
    assert str(err.value) == (
        "MigrationWave(W).add_target(d2).nesting_level: applies only to source endpoints (this one is a target) (got 'one'); "
        "drop nesting_level, or add the endpoint with wave.add_source(...)"
    )


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(ssl_mode=SslMode.VERIFY_CA),
         "DatabaseEndpoint.mongodb.ssl_mode: is not supported by DMS for MongoDB endpoints (got 'verify-ca'); use one of: require, verify-full"),
        (dict(nesting_level="two"),
         "DatabaseEndpoint.mongodb.nesting_level: is not a value DMS accepts (got 'two'); use one of: none, one"),
        (dict(auth_mechanism="plain"),
         "DatabaseEndpoint.mongodb.auth_mechanism: is not a value DMS accepts (got 'plain'); use one of: default, mongodb_cr, scram_sha_1"),
        (dict(database_name=""),
         "DatabaseEndpoint.mongodb.database_name: is required for MongoDB endpoints (got ''); give the database DMS connects to"),
    ],
)
def test_mongodb_inputs_are_checked(kwargs, message):
    stack = env_stack()
    options = dict(host="h", database_name="d", peer=NET, credentials=EndpointCredentials.from_secret(_secret(stack)))
    options.update(kwargs)
    with pytest.raises(DmsConfigError) as err:
        DatabaseEndpoint.mongodb(**options)
    assert str(err.value) == message


@pytest.mark.parametrize("pack", [AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks, DmsChecks],
                         ids=lambda p: p.__name__)
def test_mongodb_and_documentdb_pass_the_compliance_packs(documents, pack):
    app, stack, *_ = documents
    report = pack(app).validate_scope(stack)
    assert report.success, [(v.rule_name, [r.construct_path for r in v.violating_resources]) for v in report.violations]


# --- S3 as a source ------------------------------------------------------------------------------

TABLES = {
    "TableCount": "1",
    "Tables": [{
        "TableName": "employee", "TablePath": "hr/employee/", "TableOwner": "hr",
        "TableColumns": [{"ColumnName": "Id", "ColumnType": "INT8", "ColumnNullable": "false", "ColumnIsPk": "true"},
                         {"ColumnName": "Name", "ColumnType": "STRING", "ColumnLength": "20"}],
        "TableColumnsTotal": "2",
    }],
}


@pytest.fixture(scope="module")
def s3_source():
    app = App()
    stack = env_stack(app, "S")
    wave = MigrationWave(stack, "W", service_roles=DmsServiceRoles(stack, "Roles"), availability_zones=AZS)
    bucket = s3.Bucket.from_bucket_name(stack, "B", "landing-bucket")
    key = kms.Key.from_key_arn(stack, "K", "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555")
    src = wave.add_source("files", DatabaseEndpoint.s3_source(
        bucket, external_table_definition=TABLES, folder="/exports/", cdc_path="changes", ignore_header_rows=1,
        decryption_key=key))
    return app, stack, wave, src, Template.from_stack(stack).to_json()


def test_s3_source_settings(s3_source):
    _, stack, _, src, t = s3_source
    props = _props(t, stack, src)
    assert (props["EngineName"], props["EndpointType"]) == ("s3", "source")
    settings = props["S3Settings"]
    assert {k: v for k, v in settings.items() if k != "ServiceAccessRoleArn"} == {
        "BucketName": "landing-bucket",
        "BucketFolder": "exports",
        "CdcPath": "changes",
        "IgnoreHeaderRows": 1,
        "ExpectedBucketOwner": "123456789012",
        "ExternalTableDefinition": (
            '{"TableCount":"1","Tables":[{"TableName":"employee","TablePath":"hr/employee/","TableOwner":"hr",'
            '"TableColumns":[{"ColumnName":"Id","ColumnType":"INT8","ColumnNullable":"false","ColumnIsPk":"true"},'
            '{"ColumnName":"Name","ColumnType":"STRING","ColumnLength":"20"}],"TableColumnsTotal":"2"}]}'
        ),
    }


def test_s3_source_role_may_only_read_the_prefixes(s3_source):
    _, stack, _, src, t = s3_source
    bucket_arn = {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":s3:::landing-bucket"]]}
    assert _policy(t, stack, src)["PolicyDocument"]["Statement"] == [
        {"Action": "s3:GetObject", "Effect": "Allow", "Resource": [
            {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":s3:::landing-bucket/exports/*"]]},
            {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":s3:::landing-bucket/changes/*"]]},
        ]},
        {"Action": "s3:ListBucket", "Effect": "Allow", "Resource": bucket_arn},
        {"Action": "kms:Decrypt", "Effect": "Allow",
         "Resource": "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"},
    ]


def test_s3_source_is_a_source_only(s3_source):
    _, stack, wave, *_ = s3_source
    with pytest.raises(DmsConfigError) as err:
        wave.add_target("x", DatabaseEndpoint.s3_source(s3.Bucket.from_bucket_name(stack, "B2", "bucket-two"), external_table_definition=TABLES))
    assert str(err.value) == (
        "MigrationWave(W).add_target(x): S3 endpoints can only be sources when built with DatabaseEndpoint.s3_source (for an "
        "S3 target use DatabaseEndpoint.s3) (got 'target'); add it with wave.add_source(...)"
    )


@pytest.mark.parametrize(
    "definition, message",
    [
        ({"Tables": []}, "DatabaseEndpoint.s3_source.external_table_definition: is not an external table definition (got '<no Tables>'); "
                         "pass {'TableCount': '1', 'Tables': [{'TableName': ..., 'TablePath': ..., 'TableOwner': ..., "
                         "'TableColumns': [...], 'TableColumnsTotal': '...'}]}"),
        ({**TABLES, "TableCount": "2"},
         "DatabaseEndpoint.s3_source.external_table_definition.TableCount: does not match the 1 table(s) in Tables (got '2'); "
         "set TableCount to '1'"),
        ({"TableCount": "1", "Tables": [{**TABLES["Tables"][0], "TableColumnsTotal": "5"}]},
         "DatabaseEndpoint.s3_source.external_table_definition.Tables[employee].TableColumnsTotal: does not match the 2 "
         "column(s) in TableColumns (got '5'); set TableColumnsTotal to '2'"),
    ],
)
def test_s3_source_table_definition_is_checked(definition, message):
    bucket = s3.Bucket.from_bucket_name(env_stack(), "B", "bucket-one")
    with pytest.raises(DmsConfigError) as err:
        DatabaseEndpoint.s3_source(bucket, external_table_definition=definition)
    assert str(err.value) == message


@pytest.mark.parametrize("pack", [AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks, DmsChecks],
                         ids=lambda p: p.__name__)
def test_s3_source_passes_the_compliance_packs(s3_source, pack):
    app, stack, *_ = s3_source
    report = pack(app).validate_scope(stack)
    assert report.success, [(v.rule_name, [r.construct_path for r in v.violating_resources]) for v in report.violations]


# --- Kafka and Amazon MSK ------------------------------------------------------------------------

MSK_BROKERS = ["b-1.orders.abc123.c2.kafka.eu-west-1.amazonaws.com:9096", "b-2.orders.abc123.c2.kafka.eu-west-1.amazonaws.com:9096"]


@pytest.fixture(scope="module")
def kafka():
    app = App()
    stack = env_stack(app, "K")
    wave = MigrationWave(stack, "W", service_roles=DmsServiceRoles(stack, "Roles"), network=routed_network(stack))
    secret = secretsmanager.Secret.from_secret_complete_arn(
        stack, "Scram", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:AmazonMSK_dms-AbCdEf")
    msk = wave.add_target("msk", DatabaseEndpoint.kafka(
        brokers=MSK_BROKERS, peer=ec2.Peer.ipv4("10.30.0.0/16"), topic="orders", security_protocol="sasl-ssl",
        sasl_secret=secret, include_transaction_details=True, message_max_bytes=2_000_000))
    return app, stack, wave, msk, Template.from_stack(stack).to_json()


def test_kafka_target_settings_read_the_sasl_secret_by_dynamic_reference(kafka):
    _, stack, _, msk, t = kafka
    props = _props(t, stack, msk)
    assert (props["EngineName"], props["EndpointType"]) == ("kafka", "target")
    assert "SslMode" not in props
    arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:AmazonMSK_dms-AbCdEf"
    assert props["KafkaSettings"] == {
        "Broker": ",".join(MSK_BROKERS),
        "Topic": "orders",
        "SecurityProtocol": "sasl-ssl",
        "MessageFormat": "json",
        "IncludeTransactionDetails": True,
        "MessageMaxBytes": 2000000,
        "SaslUserName": f"{{{{resolve:secretsmanager:{arn}:SecretString:username::}}}}",
        "SaslPassword": f"{{{{resolve:secretsmanager:{arn}:SecretString:password::}}}}",
    }


def test_kafka_gets_egress_to_the_brokers_on_their_port(kafka):
    _, stack, wave, _, t = kafka
    egress = t["Resources"][stack.get_logical_id(wave.security_group.node.default_child)]["Properties"]["SecurityGroupEgress"]
    assert {(r["CidrIp"], r["FromPort"], r["Description"]) for r in egress if r.get("CidrIp") == "10.30.0.0/16"} == {
        ("10.30.0.0/16", 9096, "DMS endpoint w-msk-dms (kafka)")}


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(brokers=[]), "DatabaseEndpoint.kafka.brokers: is empty (got []); give the brokers as ['host:port', ...]"),
        (dict(brokers=["b-1:9094", "b-2:9096"]),
         "DatabaseEndpoint.kafka.brokers: use different ports (got [9094, 9096]); list brokers of one listener (one port)"),
        (dict(brokers=["b-1"]),
         "DatabaseEndpoint.kafka.brokers: is not host:port (got 'b-1'); give each broker as "
         "'b-1.cluster.kafka.eu-west-1.amazonaws.com:9094'"),
        (dict(security_protocol="sasl-ssl"),
         "DatabaseEndpoint.kafka.sasl_secret: goes with security_protocol 'sasl-ssl' and only with it (got None); pass "
         "security_protocol='sasl-ssl' with sasl_secret=<secret holding username and password>, or neither"),
        (dict(security_protocol="plaintext"),
         "DatabaseEndpoint.kafka.insecure_reason: is required with security_protocol 'plaintext': an unencrypted endpoint fails "
         "Security Hub control DMS.9 (got None); give insecure_reason='why this connection may be unencrypted' (at least 10 "
         "characters), or use TLS"),
        # At least 10 characters once stripped: 9 are not enough.
        (dict(security_protocol="plaintext", insecure_reason="  lab noTLS\n"),
         "DatabaseEndpoint.kafka.insecure_reason: is required with security_protocol 'plaintext': an unencrypted endpoint fails "
         "Security Hub control DMS.9 (got '  lab noTLS\\n'); give insecure_reason='why this connection may be unencrypted' (at least "
         "10 characters), or use TLS"),
        (dict(security_protocol="ssl-authentication"),
         "DatabaseEndpoint.kafka.security_protocol: is not a protocol this library configures (got 'ssl-authentication'); use "
         "one of: ssl-encryption, sasl-ssl, plaintext"),
        (dict(peer=ec2.Peer.any_ipv4()),
         "DatabaseEndpoint.kafka.peer: opens the wave's egress to the whole internet (got '0.0.0.0/0'); give the database's own "
         "network, e.g. ec2.Peer.ipv4('10.1.0.0/16'), or a prefix list"),
    ],
)
def test_kafka_inputs_are_checked(kwargs, message):
    options = dict(brokers=["b-1.example:9094"], peer=ec2.Peer.ipv4("10.30.0.0/16"))
    options.update(kwargs)
    with pytest.raises(DmsConfigError) as err:
        DatabaseEndpoint.kafka(**options)
    assert str(err.value) == message


def test_a_plaintext_reason_of_ten_characters_is_enough():
    kafka = DatabaseEndpoint.kafka(brokers=["kafka.lab.example:9092"], peer=ec2.Peer.ipv4("10.30.0.0/16"), security_protocol="plaintext",
                                   insecure_reason=" lab no TLS ")
    assert kafka.engine.value == "kafka"


def test_plaintext_kafka_records_its_reason_against_dms9():
    stack = env_stack()
    wave = MigrationWave(stack, "W", network=routed_network(stack))
    bound = wave.add_target("k", DatabaseEndpoint.kafka(
        brokers=["kafka.lab.example:9092"], peer=ec2.Peer.ipv4("10.30.0.0/16"), security_protocol="plaintext",
        insecure_reason="lab cluster without TLS, synthetic data only"))
    props = Template.from_stack(stack).to_json()["Resources"][stack.get_logical_id(bound.resource)]["Properties"]
    assert props["KafkaSettings"]["SecurityProtocol"] == "plaintext"
    acknowledged = [m.data for m in bound.resource.node.metadata if m.type == "aws:cdk:acknowledged-rules"]
    assert acknowledged == [{"Annotation::DmsChecks-DMS.9": "lab cluster without TLS, synthetic data only"}]


@pytest.mark.parametrize("pack", [AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks, DmsChecks],
                         ids=lambda p: p.__name__)
def test_kafka_target_passes_the_compliance_packs(kafka, pack):
    app, stack, *_ = kafka
    report = pack(app).validate_scope(stack)
    assert report.success, [(v.rule_name, [r.construct_path for r in v.violating_resources]) for v in report.violations]


# --- OpenSearch ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def search():
    from aws_cdk import aws_opensearchservice as opensearch

    app = App()
    stack = env_stack(app, "O")
    wave = MigrationWave(stack, "W", service_roles=DmsServiceRoles(stack, "Roles"), network=routed_network(stack))
    domain = opensearch.Domain.from_domain_endpoint(stack, "Domain", "https://vpc-orders-abc123.eu-west-1.es.amazonaws.com")
    bound = wave.add_target("search", DatabaseEndpoint.opensearch(domain, peer=ec2.Peer.ipv4("10.30.0.0/16"), full_load_error_percentage=5))
    return app, stack, wave, bound, Template.from_stack(stack).to_json()


def test_opensearch_target_settings_and_role(search):
    _, stack, wave, bound, t = search
    props = _props(t, stack, bound)
    assert (props["EngineName"], props["EndpointType"]) == ("opensearch", "target")
    role_id = stack.get_logical_id(bound.node.find_child("ServiceAccessRole").node.default_child)
    assert props["ElasticsearchSettings"] == {
        "EndpointUri": "https://vpc-orders-abc123.eu-west-1.es.amazonaws.com",
        "ServiceAccessRoleArn": {"Fn::GetAtt": [role_id, "Arn"]},
        "FullLoadErrorPercentage": 5,
    }
    (statement,) = _policy(t, stack, bound)["PolicyDocument"]["Statement"]
    assert statement["Action"] == ["es:ESHttpDelete", "es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut"]
    # CDK names an imported domain after its endpoint's host label without the trailing id.
    assert statement["Resource"] == {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":es:eu-west-1:123456789012:domain/vpc-orders/*"]]}
    egress = t["Resources"][stack.get_logical_id(wave.security_group.node.default_child)]["Properties"]["SecurityGroupEgress"]
    assert {(r["CidrIp"], r["FromPort"]) for r in egress if r.get("CidrIp") == "10.30.0.0/16"} == {("10.30.0.0/16", 443)}


def test_opensearch_inputs_are_checked():
    from aws_cdk import aws_opensearchservice as opensearch

    stack = env_stack()
    domain = opensearch.Domain.from_domain_endpoint(stack, "D", "https://search-x-abc.eu-west-1.es.amazonaws.com")
    with pytest.raises(DmsConfigError) as err:
        DatabaseEndpoint.opensearch(domain, peer=ec2.Peer.ipv4("10.30.0.0/16"), full_load_error_percentage=0)
    assert str(err.value) == (
        "DatabaseEndpoint.opensearch.full_load_error_percentage: must be between 1 and 100 (got 0); choose a value in 1..100"
    )


@pytest.mark.parametrize("pack", [AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks, DmsChecks],
                         ids=lambda p: p.__name__)
def test_opensearch_target_passes_the_compliance_packs(search, pack):
    app, stack, *_ = search
    report = pack(app).validate_scope(stack)
    assert report.success, [(v.rule_name, [r.construct_path for r in v.violating_resources]) for v in report.violations]


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: DatabaseEndpoint.kinesis(None),
         "DatabaseEndpoint.kinesis.stream: is required (got None); pass the target stream, e.g. kinesis.Stream(...)"),
        # Kafka's message.max.bytes is a 32-bit signed integer.
        (lambda: DatabaseEndpoint.kafka(brokers=["b-1.example.com:9092"], topic="orders", peer=NET, message_max_bytes=2**31),
         "DatabaseEndpoint.kafka.message_max_bytes: must be between 1 and 2147483647 (got 2147483648); choose a value in 1..2147483647"),
        (lambda: DatabaseEndpoint.kafka(brokers=["b-1.example.com:9092"], topic="orders", peer=NET, message_max_bytes=0),
         "DatabaseEndpoint.kafka.message_max_bytes: must be between 1 and 2147483647 (got 0); choose a value in 1..2147483647"),
    ],
)
def test_stream_target_checks_and_their_messages(call, message):
    with pytest.raises(DmsConfigError) as err:
        call()
    assert str(err.value) == message


def test_kafka_accepts_the_largest_message_size():
    endpoint = DatabaseEndpoint.kafka(brokers=["b-1.example.com:9092"], topic="orders", peer=NET, message_max_bytes=2**31 - 1)
    assert endpoint.host == "b-1.example.com"


def test_sqlserver_source_may_query_a_single_always_on_node():
    stack = env_stack()
    wave = MigrationWave(stack, "W", network=routed_network(stack))
    source = wave.add_source("mss", DatabaseEndpoint.sqlserver(
        host="mss.corp.example", database_name="orders", peer=NET, credentials=EndpointCredentials.from_secret(_secret(stack)),
        query_single_always_on_node=True))
    props = Template.from_stack(stack).to_json()["Resources"][stack.get_logical_id(source.resource)]["Properties"]
    assert props["MicrosoftSqlServerSettings"]["QuerySingleAlwaysOnNode"] is True
