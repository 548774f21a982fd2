"""An Oracle source on ASM read with Binary Reader: the ASM secret (`OracleSettings.asm_credentials`) reaches
`SecretsManagerOracleAsmSecretId`/`SecretsManagerOracleAsmAccessRoleArn`, the wave's secrets access role may read it,
the compliance packs pass, and the refusals say what to do."""

from __future__ import annotations

import json

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_kms as kms
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk.assertions import Template
from cdk_nag import AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks

from dms_constructs import DmsConfigError, DmsServiceRoles, MigrationWave, OracleAsmCredentials, OracleSettings
from dms_constructs.credentials import EndpointCredentials
from dms_constructs.endpoints import DatabaseEndpoint, SslMode

from .conftest import env_stack, routed_network
from .helpers import resources

NET = ec2.Peer.ipv4("10.1.0.0/16")
SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ora-src-AbCdEf"
ASM_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ora-asm-GhIjKl"
ASM_KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
INSECURE = "The lab listener has no TCPS; the wave runs over the private link"
READ = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]


def _oracle(stack: Stack, **kwargs):
    base = dict(
        host="ora.corp.example", database_name="ORCL", peer=NET, ssl_mode=SslMode.NONE, insecure_reason=INSECURE,
        credentials=EndpointCredentials.from_secret(
            secretsmanager.Secret.from_secret_complete_arn(stack, "OraSecret", SECRET_ARN)),
    )
    return DatabaseEndpoint.oracle(**{**base, **kwargs})


def _asm(stack: Stack, *, key: bool = True) -> OracleAsmCredentials:
    secret = secretsmanager.Secret.from_secret_complete_arn(stack, "AsmSecret", ASM_SECRET_ARN)
    return OracleAsmCredentials.from_secret(secret, key=kms.Key.from_key_arn(stack, "AsmKey", ASM_KEY_ARN) if key else None)


@pytest.fixture(scope="module")
def built():
    app = App()
    stack = env_stack(app, "Asm")
    wave = MigrationWave(stack, "W", service_roles=DmsServiceRoles(stack, "Roles"), network=routed_network(stack))
    source = wave.add_source("ora", _oracle(stack, use_logminer_reader=False, use_b_file=True, asm_credentials=_asm(stack)))
    template = Template.from_stack(stack).to_json()
    return app, stack, wave, source, template


def _role_arn(stack: Stack, wave) -> dict:
    return {"Fn::GetAtt": [stack.get_logical_id(wave.secrets_access_role.node.default_child), "Arn"]}


def test_binary_reader_on_asm_reads_both_secrets_with_the_wave_secrets_role(built):
    _, stack, wave, source, t = built
    props = t["Resources"][stack.get_logical_id(source.resource)]["Properties"]
    role = _role_arn(stack, wave)
    assert props["OracleSettings"] == {
        "SecretsManagerSecretId": SECRET_ARN,
        "SecretsManagerAccessRoleArn": role,
        "UseBFile": True,
        "UseLogminerReader": False,
        "SecretsManagerOracleAsmSecretId": ASM_SECRET_ARN,
        "SecretsManagerOracleAsmAccessRoleArn": role,
    }
    # Never the ASM sign-in in the connection attributes.
    assert "asm_" not in json.dumps(props["ExtraConnectionAttributes"]).lower()


def test_the_secrets_policy_grants_both_secrets_and_the_asm_key(built):
    _, stack, wave, source, t = built
    (policy_id,) = [k for k in resources(t, "AWS::IAM::ManagedPolicy") if "SecretsAccess" in k]
    statements = t["Resources"][policy_id]["Properties"]["PolicyDocument"]["Statement"]
    assert statements == [
        {"Action": READ, "Effect": "Allow", "Resource": SECRET_ARN},
        {"Action": READ, "Effect": "Allow", "Resource": ASM_SECRET_ARN},
        {"Action": ["kms:Decrypt", "kms:DescribeKey"], "Effect": "Allow", "Resource": ASM_KEY_ARN},
    ]
    assert t["Resources"][policy_id]["Properties"]["Roles"] == [
        {"Ref": stack.get_logical_id(wave.secrets_access_role.node.default_child)}]
    # The endpoint is created only once DMS may read the ASM secret too.
    assert policy_id in t["Resources"][stack.get_logical_id(source.resource)]["DependsOn"]


def test_an_asm_secret_without_a_known_key_gets_no_kms_grant():
    stack = env_stack(App(), "NoKey")
    wave = MigrationWave(stack, "W", service_roles=DmsServiceRoles(stack, "Roles"), network=routed_network(stack))
    wave.add_source("ora", _oracle(stack, use_logminer_reader=False, use_b_file=True, asm_credentials=_asm(stack, key=False)))
    t = Template.from_stack(stack).to_json()
    (policy,) = [r for k, r in resources(t, "AWS::IAM::ManagedPolicy").items() if "SecretsAccess" in k]
    assert policy["Properties"]["PolicyDocument"]["Statement"] == [
        {"Action": READ, "Effect": "Allow", "Resource": SECRET_ARN},
        {"Action": READ, "Effect": "Allow", "Resource": ASM_SECRET_ARN},
    ]


def test_an_oracle_source_without_asm_sets_no_asm_keys():
    stack = env_stack(App(), "Plain")
    wave = MigrationWave(stack, "W", service_roles=DmsServiceRoles(stack, "Roles"), network=routed_network(stack))
    source = wave.add_source("ora", _oracle(stack, use_logminer_reader=False, use_b_file=True))
    t = Template.from_stack(stack).to_json()
    settings = t["Resources"][stack.get_logical_id(source.resource)]["Properties"]["OracleSettings"]
    assert sorted(settings) == ["SecretsManagerAccessRoleArn", "SecretsManagerSecretId", "UseBFile", "UseLogminerReader"]


def test_typed_settings_carry_asm_credentials_for_an_rds_style_endpoint():
    """`OracleSettings(asm_credentials=...)` is the same field the `oracle` factory fills."""
    stack = env_stack(App(), "Typed")
    asm = _asm(stack)
    settings = OracleSettings(use_logminer_reader=False, use_b_file=True, asm_credentials=asm)
    assert settings._properties() == {"use_b_file": True, "use_logminer_reader": False}
    assert settings.asm_credentials is asm


@pytest.mark.parametrize("pack", [AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks], ids=lambda p: p.__name__)
def test_an_asm_source_passes_the_compliance_packs(built, pack):
    app, stack, *_ = built
    report = pack(app).validate_scope(stack)
    assert report.success, [(v.rule_name, [r.construct_path for r in v.violating_resources]) for v in report.violations]


# --- refusals --------------------------------------------------------------------------------------------

BINARY_READER_ONLY = (
    "DatabaseEndpoint.oracle.asm_credentials: is used only by Binary Reader, and use_logminer_reader is {value} (LogMiner, "
    "which reads the redo logs through the database and never signs in to ASM) (got 'OracleAsmCredentials'); set "
    "use_logminer_reader=False and use_b_file=True (Binary Reader), or drop asm_credentials"
)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(asm_credentials="ASM"), BINARY_READER_ONLY.format(value="None")),
        (dict(asm_credentials="ASM", use_logminer_reader=True), BINARY_READER_ONLY.format(value="True")),
        (dict(use_logminer_reader=False, use_b_file=True,
              asm_credentials=EndpointCredentials.generate(username="asmsnmp", no_rotation_reason="The grid team owns it")),
         "DatabaseEndpoint.oracle.asm_credentials: cannot be generated: the ASM user and its password exist on the database "
         "server already, and DMS reads asm_user, asm_password and asm_server from the ASM secret (got "
         "'EndpointCredentials.generate(...)'); pass OracleAsmCredentials.from_secret(secret) with the secret that holds them"),
        (dict(use_logminer_reader=False, use_b_file=True, asm_credentials="DB_SECRET"),
         "DatabaseEndpoint.oracle.asm_credentials: is a database secret (username, password, host, port), but DMS reads "
         "asm_user, asm_password and asm_server from the ASM secret (got 'EndpointCredentials.from_secret(...)'); pass "
         "OracleAsmCredentials.from_secret(secret) with the secret that holds them"),
        (dict(use_logminer_reader=False, use_b_file=True, asm_credentials="arn:aws:secretsmanager:...:ora-asm"),
         "DatabaseEndpoint.oracle.asm_credentials: is not OracleAsmCredentials (got 'str'); pass "
         "OracleAsmCredentials.from_secret(secret)"),
        (dict(use_logminer_reader=False, use_b_file=True, extra_connection_attributes="asm_user=asmsnmp;asm_password=x;asm_server=10.1.0.5:1521/+ASM"),
         "DatabaseEndpoint.oracle.extra_connection_attributes: sets the Oracle ASM sign-in, which comes from the ASM secret "
         "(got '<asm_password, asm_server, asm_user=...>'); keep asm_user, asm_password and asm_server in a secret and pass "
         "asm_credentials=OracleAsmCredentials.from_secret(secret)"),
    ],
)
def test_asm_refusals(kwargs, message):
    stack = env_stack(App(), "Refuse")
    if kwargs.get("asm_credentials") == "ASM":
        kwargs = {**kwargs, "asm_credentials": _asm(stack)}
    if kwargs.get("asm_credentials") == "DB_SECRET":
        db = secretsmanager.Secret.from_secret_complete_arn(stack, "Db", SECRET_ARN)
        kwargs = {**kwargs, "asm_credentials": EndpointCredentials.from_secret(db)}
    with pytest.raises(DmsConfigError) as err:
        _oracle(stack, **kwargs)
    assert str(err.value) == message


def test_asm_credentials_on_a_target_are_refused():
    stack = env_stack(App(), "Target")
    wave = MigrationWave(stack, "W", service_roles=DmsServiceRoles(stack, "Roles"), network=routed_network(stack))
    endpoint = _oracle(stack, use_logminer_reader=False, use_b_file=True, asm_credentials=_asm(stack))
    with pytest.raises(DmsConfigError) as err:
        wave.add_target("x", endpoint)
    assert str(err.value) == (
        "MigrationWave(W).add_target(x).asm_credentials: applies only to source endpoints (this one is a target): DMS reads "
        "the redo logs from ASM for change data capture (got 'OracleAsmCredentials'); drop asm_credentials, or add the "
        "endpoint with wave.add_source(...)"
    )


def test_from_secret_needs_a_secret():
    with pytest.raises(DmsConfigError) as err:
        OracleAsmCredentials.from_secret(None)  # type: ignore[arg-type]
    assert str(err.value) == (
        "OracleAsmCredentials.from_secret: needs a secret (got None); pass the secretsmanager.ISecret that holds "
        "asm_user, asm_password and asm_server"
    )


def _egress_to_the_database(t: dict) -> list[tuple[int, int]]:
    """(FromPort, ToPort) of the wave's egress rules to the database network 10.1.0.0/16."""
    rules = []
    for group in resources(t, "AWS::EC2::SecurityGroup").values():
        rules += group["Properties"].get("SecurityGroupEgress", [])
    rules += [r["Properties"] for r in resources(t, "AWS::EC2::SecurityGroupEgress").values()]
    return sorted((r["FromPort"], r["ToPort"]) for r in rules if r.get("CidrIp") == "10.1.0.0/16")


@pytest.mark.parametrize("asm_port, expected", [(None, [(1521, 1521)]), (1521, [(1521, 1521)]), (1522, [(1521, 1521), (1522, 1522)])])
def test_an_asm_listener_on_a_port_of_its_own_is_opened_to_the_database_network(asm_port, expected):
    stack = env_stack(App(), "AsmPort")
    wave = MigrationWave(stack, "W", service_roles=DmsServiceRoles(stack, "Roles"), network=routed_network(stack))
    asm = OracleAsmCredentials.from_secret(
        secretsmanager.Secret.from_secret_complete_arn(stack, "AsmSecret", ASM_SECRET_ARN), port=asm_port)
    wave.add_source("ora", _oracle(stack, use_logminer_reader=False, use_b_file=True, asm_credentials=asm))
    assert _egress_to_the_database(Template.from_stack(stack).to_json()) == expected


def test_asm_port_must_be_a_port():
    stack = env_stack(App(), "BadPort")
    secret = secretsmanager.Secret.from_secret_complete_arn(stack, "AsmSecret", ASM_SECRET_ARN)
    with pytest.raises(DmsConfigError) as err:
        OracleAsmCredentials.from_secret(secret, port=0)
    assert str(err.value) == "OracleAsmCredentials.from_secret.port: must be between 1 and 65535 (got 0); choose a value in 1..65535"
