"""Generated endpoint secrets keep their password: the generated part (GenerateSecretString) holds only the
user name, and `Custom::DmsSecretFields` writes host, port, database name and engine next to the password.

Template tests pin what CloudFormation sees; handler tests run the Lambda handler against moto's Secrets
Manager (created, updated, retried, rotated, mid-rotation, missing)."""

from __future__ import annotations

import json

import boto3
import pytest
from aws_cdk import App, Duration
from aws_cdk import aws_ec2 as ec2
from aws_cdk.assertions import Template
from moto import mock_aws

from dms_constructs import DatabaseEndpoint, DmsConfigError, DmsServiceRoles, EndpointCredentials, MigrationWave, SecretRotation
from dms_constructs.credentials import DMS_REJECTED_PASSWORD_CHARACTERS, EXCLUDED_PASSWORD_CHARACTERS, GENERATED_PASSWORD_LENGTH
from dms_constructs.lifecycle import secret_fields_handler as handler

from .conftest import AZS, env_stack, routed_network
from .helpers import resources

NET = ec2.Peer.ipv4("10.1.0.0/16")

# What CloudFormation generates the password from, written out. It must never change with the endpoint.
GENERATE_SECRET_STRING = {
    "ExcludeCharacters": ";.:+'\"/@\\ ",
    "GenerateStringKey": "password",
    "PasswordLength": 32,
    "SecretStringTemplate": '{"username":"dms_user"}',
}
SECRET_ID = "WEndpointsdbSecretD957CD88"
FIELDS_ID = "WEndpointsdbSecretFieldsE08A8F54"


# --- the template ----------------------------------------------------------------------------------

def _synth(factory: str = "postgresql", rotation: bool = False, **overrides) -> dict:
    stack = env_stack(App(), "S")
    wave = MigrationWave(stack, "W", service_roles=DmsServiceRoles(stack, "Roles"), network=routed_network(stack, "WNetwork"))
    credentials = (
        EndpointCredentials.generate(username="dms_user", rotation=SecretRotation.hosted())
        if rotation
        else EndpointCredentials.generate(username="dms_user", no_rotation_reason="the source team rotates this user")
    )
    kwargs = dict(host="db.corp.example", peer=NET, credentials=credentials)
    if factory != "mariadb" and factory != "mysql":
        kwargs["database_name"] = "orders"
    else:
        kwargs["certificate"] = None
        kwargs["ssl_mode"] = "none"
        kwargs["insecure_reason"] = "test database without a TLS listener"
    kwargs.update(overrides)
    wave.add_source("db", getattr(DatabaseEndpoint, factory)(**kwargs))
    return Template.from_stack(stack).to_json()


@pytest.fixture(scope="module")
def base() -> dict:
    return _synth(rotation=True)


def test_the_frozen_password_spec():
    """A library upgrade must not change these silently: any change regenerates every generated password."""
    assert EXCLUDED_PASSWORD_CHARACTERS == ";.:+'\"/@\\ "
    assert GENERATED_PASSWORD_LENGTH == 32
    assert DMS_REJECTED_PASSWORD_CHARACTERS == ";.:+"
    assert set(DMS_REJECTED_PASSWORD_CHARACTERS) <= set(EXCLUDED_PASSWORD_CHARACTERS)


def test_the_generated_secret_holds_only_the_user_name_and_the_password_spec(base):
    secret = base["Resources"][SECRET_ID]
    assert secret["Type"] == "AWS::SecretsManager::Secret"
    assert secret["Properties"]["GenerateSecretString"] == GENERATE_SECRET_STRING


def test_connection_fields_are_written_by_the_custom_resource(base):
    fields = base["Resources"][FIELDS_ID]
    assert fields["Type"] == "Custom::DmsSecretFields"
    assert fields["Properties"] == {
        "ServiceToken": {"Fn::GetAtt": ["WSecretFieldsProviderframeworkonEvent84431063", "Arn"]},
        "SecretId": {"Ref": SECRET_ID},
        "Fields": '{"host":"db.corp.example","port":5432,"dbname":"orders","engine":"postgres"}',
        "ServiceTimeout": "600",
    }


@pytest.mark.parametrize(
    "change, fields",
    [
        (dict(host="db2.corp.example"), '{"host":"db2.corp.example","port":5432,"dbname":"orders","engine":"postgres"}'),
        (dict(port=5433), '{"host":"db.corp.example","port":5433,"dbname":"orders","engine":"postgres"}'),
        (dict(database_name="orders_v2"), '{"host":"db.corp.example","port":5432,"dbname":"orders_v2","engine":"postgres"}'),
        (dict(factory="aurora_postgresql"), '{"host":"db.corp.example","port":5432,"dbname":"orders","engine":"postgres"}'),
    ],
)
def test_changing_host_port_database_or_engine_never_touches_the_generated_password(base, change, fields):
    changed = _synth(rotation=True, **change)
    # The same secret (logical id) with a byte-identical GenerateSecretString: CloudFormation keeps the password.
    assert changed["Resources"][SECRET_ID]["Properties"]["GenerateSecretString"] == GENERATE_SECRET_STRING
    without_description = lambda r: {**r, "Properties": {k: v for k, v in r["Properties"].items() if k != "Description"}}  # noqa: E731
    assert without_description(changed["Resources"][SECRET_ID]) == without_description(base["Resources"][SECRET_ID])
    # Only the custom resource's Fields change.
    assert changed["Resources"][FIELDS_ID]["Properties"]["Fields"] == fields


def test_an_engine_label_change_reaches_only_the_fields():
    mysql, mariadb = _synth("mysql"), _synth("mariadb")
    assert mysql["Resources"][SECRET_ID]["Properties"]["GenerateSecretString"] == GENERATE_SECRET_STRING
    assert mariadb["Resources"][SECRET_ID]["Properties"]["GenerateSecretString"] == GENERATE_SECRET_STRING
    assert mysql["Resources"][FIELDS_ID]["Properties"]["Fields"] == '{"host":"db.corp.example","port":3306,"engine":"mysql"}'
    assert mariadb["Resources"][FIELDS_ID]["Properties"]["Fields"] == '{"host":"db.corp.example","port":3306,"engine":"mariadb"}'


def test_the_endpoint_and_the_first_rotation_wait_for_the_fields(base):
    (endpoint,) = resources(base, "AWS::DMS::Endpoint").values()
    assert FIELDS_ID in endpoint["DependsOn"]
    (schedule,) = resources(base, "AWS::SecretsManager::RotationSchedule").values()
    assert schedule["DependsOn"] == [FIELDS_ID]
    assert schedule["Properties"]["SecretId"] == {"Ref": SECRET_ID}


def test_the_handler_may_touch_exactly_the_generated_secrets_and_the_wave_key(base):
    policy = base["Resources"]["WSecretFieldsHandlerPolicyFD3337F9"]["Properties"]["PolicyDocument"]["Statement"]
    assert {"Action": ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"],
            "Effect": "Allow", "Resource": {"Ref": SECRET_ID}} in policy
    assert {"Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Effect": "Allow",
            "Resource": {"Fn::GetAtt": ["WKey9DE31D61", "Arn"]}} in policy
    secret_statements = [s for s in policy if any(str(a).startswith("secretsmanager:") for a in s["Action"])]
    assert len(secret_statements) == 1
    framework = base["Resources"]["WSecretFieldsFrameworkPolicy6F043EAC"]["Properties"]["PolicyDocument"]["Statement"]
    # GetFunction: after a failed invoke the framework waits for the function to be active, then retries.
    assert {"Action": ["lambda:InvokeFunction", "lambda:GetFunction"], "Effect": "Allow",
            "Resource": {"Fn::GetAtt": ["WSecretFieldsHandler87BB0543", "Arn"]}} in framework


def test_handler_and_framework_run_outside_the_vpc_and_log_to_the_wave_key(base):
    functions = {k: v for k, v in resources(base, "AWS::Lambda::Function").items() if k.startswith("WSecretFields")}
    assert set(functions) == {"WSecretFieldsHandler87BB0543", "WSecretFieldsProviderframeworkonEvent84431063"}
    for function in functions.values():
        props = function["Properties"]
        assert "VpcConfig" not in props and "ReservedConcurrentExecutions" not in props
        assert props["LoggingConfig"]["LogGroup"] == {"Ref": "WSecretFieldsLogs12A7E138"}
        skipped = [skip["id"] for skip in function["Metadata"]["checkov"]["skip"]]
        # The framework's environment holds only ARNs of its own parts (CKV_AWS_173); the handler has none.
        framework = "CKV_AWS_173" if "framework" in props["Handler"] else None
        assert skipped == ["CKV_AWS_117", "CKV_AWS_116", "CKV_AWS_115"] + ([framework] if framework else [])
    assert functions["WSecretFieldsHandler87BB0543"]["Properties"]["Handler"] == "secret_fields_handler.on_event"
    assert functions["WSecretFieldsHandler87BB0543"]["Properties"]["Runtime"] == "python3.14"
    services = {json.dumps(e["Properties"]["ServiceName"]) for e in resources(base, "AWS::EC2::VPCEndpoint").values()}
    assert not any("lambda" in s for s in services)
    (fields, *_) = resources(base, "Custom::DmsSecretFields").values()
    assert fields["Properties"]["ServiceTimeout"] == "600"


def test_the_handler_asset_is_only_the_handler_file(base, tmp_path):
    """The asset holds one file, so editing its neighbours (or a __pycache__) never changes the template."""
    import zipfile

    from aws_cdk import App as _App

    app = _App(outdir=str(tmp_path))
    stack = env_stack(app, "S")
    wave = MigrationWave(stack, "W", service_roles=DmsServiceRoles(stack, "Roles"), network=routed_network(stack, "WNetwork"))
    wave.add_source("db", DatabaseEndpoint.postgresql(
        host="db.corp.example", database_name="orders", peer=NET,
        credentials=EndpointCredentials.generate(username="dms_user", no_rotation_reason="the source team rotates this user")))
    assembly = app.synth()
    handler_props = assembly.get_stack_by_name("S").template["Resources"]["WSecretFieldsHandler87BB0543"]["Properties"]
    asset_hash = handler_props["Code"]["S3Key"].split(".")[0]
    staged = tmp_path / f"asset.{asset_hash}"
    files = sorted(p.name for p in staged.iterdir()) if staged.is_dir() else zipfile.ZipFile(f"{staged}.zip").namelist()
    assert files == ["secret_fields_handler.py"]


# --- the handler, against moto ----------------------------------------------------------------------

ORIGINAL = {"username": "dms_user", "password": "Gener4tedByCloudFormation"}
FIELDS = {"host": "db.corp.example", "port": 5432, "dbname": "orders", "engine": "postgres"}
REQUEST_1 = "11111111-1111-4111-8111-111111111111"
REQUEST_2 = "22222222-2222-4222-8222-222222222222"


@pytest.fixture
def sm(monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setattr(handler, "_sleep", lambda seconds: None)
    with mock_aws():
        client = boto3.client("secretsmanager", region_name="eu-west-1")
        arn = client.create_secret(Name="w-db", SecretString=json.dumps(ORIGINAL))["ARN"]
        yield client, arn


def _event(request: str, arn: str, fields: dict, *, old: dict | None = None, request_id: str = REQUEST_1) -> dict:
    event = {
        "RequestType": request,
        "RequestId": request_id,
        "ResourceProperties": {"ServiceToken": "arn:aws:lambda:eu-west-1:123456789012:function:f", "SecretId": arn,
                               "Fields": json.dumps(fields)},
    }
    if request != "Create":
        event["PhysicalResourceId"] = arn
    if old is not None:
        event["OldResourceProperties"] = {"SecretId": arn, "Fields": json.dumps(old)}
    return event


def _value(client, arn: str, stage: str = "AWSCURRENT") -> dict:
    return json.loads(client.get_secret_value(SecretId=arn, VersionStage=stage)["SecretString"])


def _versions(client, arn: str) -> int:
    return len(client.list_secret_version_ids(SecretId=arn)["Versions"])


def test_create_adds_the_fields_and_keeps_the_password(sm):
    client, arn = sm
    response = handler.on_event(_event("Create", arn, FIELDS))
    assert response == {"PhysicalResourceId": arn, "Data": {"Fields": "dbname,engine,host,port"}}
    assert _value(client, arn) == {
        "username": "dms_user", "password": "Gener4tedByCloudFormation",
        "host": "db.corp.example", "port": 5432, "dbname": "orders", "engine": "postgres",
    }
    assert _versions(client, arn) == 2


@pytest.mark.parametrize(
    "new, expected",
    [
        ({**FIELDS, "host": "db2.corp.example"}, {**FIELDS, "host": "db2.corp.example"}),
        ({**FIELDS, "port": 5433}, {**FIELDS, "port": 5433}),
        ({"host": "db.corp.example", "port": 5432, "engine": "postgres"}, {"host": "db.corp.example", "port": 5432, "engine": "postgres"}),
    ],
)
def test_update_changes_only_the_fields(sm, new, expected):
    client, arn = sm
    handler.on_event(_event("Create", arn, FIELDS))
    response = handler.on_event(_event("Update", arn, new, old=FIELDS, request_id=REQUEST_2))
    assert response["PhysicalResourceId"] == arn
    assert _value(client, arn) == {"username": "dms_user", "password": "Gener4tedByCloudFormation", **expected}


def test_a_rotated_password_survives_an_update(sm):
    client, arn = sm
    handler.on_event(_event("Create", arn, FIELDS))
    client.put_secret_value(SecretId=arn, SecretString=json.dumps({**ORIGINAL, **FIELDS, "password": "R0tatedLater"}))
    handler.on_event(_event("Update", arn, {**FIELDS, "host": "db2.corp.example"}, old=FIELDS, request_id=REQUEST_2))
    assert _value(client, arn)["password"] == "R0tatedLater"
    assert _value(client, arn)["host"] == "db2.corp.example"


def test_an_unchanged_or_retried_request_writes_no_new_version(sm):
    client, arn = sm
    handler.on_event(_event("Create", arn, FIELDS))
    handler.on_event(_event("Create", arn, FIELDS))  # the same request again (a retry)
    handler.on_event(_event("Update", arn, FIELDS, old=FIELDS, request_id=REQUEST_2))  # nothing changed
    assert _versions(client, arn) == 2


def test_other_keys_of_the_secret_are_kept(sm):
    client, arn = sm
    client.put_secret_value(SecretId=arn, SecretString=json.dumps({**ORIGINAL, "note": "kept"}))
    handler.on_event(_event("Create", arn, FIELDS))
    assert _value(client, arn)["note"] == "kept"


def _start_rotation(client, arn: str) -> str:
    """What a rotation function's createSecret step leaves: a new version labelled AWSPENDING."""
    pending = {**_value(client, arn), "password": "R0tatedPending"}
    token = "33333333-3333-4333-8333-333333333333"
    client.put_secret_value(SecretId=arn, SecretString=json.dumps(pending), VersionStages=["AWSPENDING"], ClientRequestToken=token)
    return token


def test_a_rotation_in_progress_is_awaited_then_the_rotated_password_kept(sm, monkeypatch):
    client, arn = sm
    handler.on_event(_event("Create", arn, FIELDS))
    token = _start_rotation(client, arn)
    waits = []

    def finish_rotation(seconds):  # the rotation finishes during the handler's second wait
        waits.append(seconds)
        if len(waits) == 2:
            # The end state of finishSecret: the rotated password is AWSCURRENT, no version is only AWSPENDING.
            # (Emulated with PutSecretValue: moto does not move its current version on UpdateSecretVersionStage.)
            client.put_secret_value(SecretId=arn, SecretString=json.dumps(_value(client, arn, "AWSPENDING")))
            client.update_secret_version_stage(SecretId=arn, VersionStage="AWSPENDING", RemoveFromVersionId=token)

    monkeypatch.setattr(handler, "_sleep", finish_rotation)
    handler.on_event(_event("Update", arn, {**FIELDS, "port": 5433}, old=FIELDS, request_id=REQUEST_2))
    assert waits == [5, 5]
    assert _value(client, arn) == {**ORIGINAL, **FIELDS, "password": "R0tatedPending", "port": 5433}


def test_a_rotation_that_never_finishes_fails_with_the_fix(sm, monkeypatch):
    client, arn = sm
    token = _start_rotation(client, arn)
    monkeypatch.setattr(handler, "PENDING_WAIT_SECONDS", 10)
    waits = []
    monkeypatch.setattr(handler, "_sleep", waits.append)
    with pytest.raises(RuntimeError) as err:
        handler.on_event(_event("Create", arn, FIELDS))
    assert waits == [5, 5]
    assert str(err.value) == (
        f"secret {arn} has a rotation in progress (version {token} is AWSPENDING) after waiting 10 s; writing now would "
        "be undone when it finishes. Retry the deployment when the rotation has finished; if it failed, remove the "
        f"label: aws secretsmanager update-secret-version-stage --secret-id {arn} --version-stage AWSPENDING "
        f"--remove-from-version-id {token}"
    )
    assert _value(client, arn) == ORIGINAL  # nothing written


def test_a_missing_secret_fails_create_and_update_but_not_delete(sm):
    client, arn = sm
    missing = arn.replace("w-db", "w-gone")
    for request in ("Create", "Update"):
        with pytest.raises(client.exceptions.ResourceNotFoundException):
            handler.on_event(_event(request, missing, FIELDS, old=FIELDS if request == "Update" else None))
    assert handler.on_event(_event("Delete", missing, FIELDS)) == {"PhysicalResourceId": missing}


def test_delete_leaves_the_secret_as_it_is(sm):
    client, arn = sm
    handler.on_event(_event("Create", arn, FIELDS))
    assert handler.on_event(_event("Delete", arn, FIELDS)) == {"PhysicalResourceId": arn}
    assert _value(client, arn) == {**ORIGINAL, **FIELDS}


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"host": "h", "password": "x"}, "Fields may not set password: they belong to the generated secret"),
        ({"username": "u", "password": "x"}, "Fields may not set password, username: they belong to the generated secret"),
    ],
)
def test_fields_may_not_overwrite_the_credentials(sm, fields, message):
    client, arn = sm
    with pytest.raises(ValueError) as err:
        handler.on_event(_event("Create", arn, fields))
    assert str(err.value) == message
    assert _value(client, arn) == ORIGINAL


def test_a_secret_without_a_password_is_refused(sm):
    client, arn = sm
    client.put_secret_value(SecretId=arn, SecretString="not json")
    with pytest.raises(ValueError) as err:
        handler.on_event(_event("Create", arn, FIELDS))
    assert str(err.value) == f"secret {arn} does not hold a JSON object with a password; it is not a generated endpoint secret"


# --- credentials checks, defaults and the fields each engine's rotation reads (no synth) --------------------

_REASON = "the source team rotates this user"
_ROTATION_OFF = (
    "EndpointCredentials.generate.rotation: is off, and a secret without rotation fails AwsSolutions-SMG4 and the HIPAA "
    "and NIST 800-53 rotation rules (got {!r}); pass rotation=SecretRotation.hosted(), or no_rotation_reason='why this "
    "secret is not rotated' (at least 10 characters)"
)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: SecretRotation.hosted(schedule=Duration.hours(36)),
         "SecretRotation.schedule: is not a whole number of days (got '1 day 12 hours'); use e.g. Duration.days(30)"),
        (lambda: SecretRotation.hosted(schedule=30), "SecretRotation.schedule: must be Duration, not int (got 30); use e.g. Duration.days(30)"),
        (lambda: SecretRotation.hosted(schedule=Duration.days(1001)),
         "SecretRotation.schedule (days): must be between 1 and 1000 (got 1001); choose a value in 1..1000"),
        (lambda: EndpointCredentials.generate(username="   ", no_rotation_reason=_REASON),
         "EndpointCredentials.generate.username: is empty (got '   '); give the database user DMS connects as, e.g. username='dms_user'"),
        (lambda: EndpointCredentials.generate(username=7, no_rotation_reason=_REASON),
         "EndpointCredentials.generate.username: is empty (got 7); give the database user DMS connects as, e.g. username='dms_user'"),
        (lambda: EndpointCredentials.generate(username="dms", host="bad host", no_rotation_reason=_REASON),
         "EndpointCredentials.generate.host: is not a host name or IP address (it holds spaces, '@' or '/') (got 'bad host'); "
         "give only the host, e.g. 'db.example.com'"),
        (lambda: EndpointCredentials.generate(username="dms", port=65536, no_rotation_reason=_REASON),
         "EndpointCredentials.generate.port: must be between 1 and 65535 (got 65536); choose a value in 1..65535"),
        (lambda: EndpointCredentials.generate(username="dms", port=80.5, no_rotation_reason=_REASON),
         "EndpointCredentials.generate.port: must be a whole number from 1 to 65535 (got 80.5); give an int, e.g. 1"),
        # At least 10 characters once stripped.
        (lambda: EndpointCredentials.generate(username="dms", no_rotation_reason="123456789"), _ROTATION_OFF.format("123456789")),
        (lambda: EndpointCredentials.generate(username="dms", no_rotation_reason="   12345678   "), _ROTATION_OFF.format("   12345678   ")),
    ],
)
def test_every_credentials_check_and_its_message(call, message):
    with pytest.raises(DmsConfigError) as err:
        call()
    assert str(err.value) == message


def test_rotation_schedules_from_one_to_a_thousand_days_default_thirty():
    assert [SecretRotation.hosted(schedule=Duration.days(d)).schedule.to_days() for d in (1, 1000)] == [1, 1000]
    assert SecretRotation.hosted().schedule.to_days() == 30
    assert SecretRotation().schedule.to_days() == 30


def test_generated_credentials_keep_what_they_were_given():
    from aws_cdk import Token

    rotation = SecretRotation.hosted()
    rotated = EndpointCredentials.generate(username="dms", host="db.example.com", port=65535, rotation=rotation)
    assert (rotated.username, rotated.host, rotated.port, rotated.rotation, rotated.no_rotation_reason) == ("dms", "db.example.com", 65535, rotation, None)
    assert rotated.is_generated is True
    kept = EndpointCredentials.generate(username="dms", port=1, no_rotation_reason="1234567890")  # ten characters suffice
    assert (kept.host, kept.port, kept.rotation, kept.no_rotation_reason) == (None, 1, None, "1234567890")
    # A user name resolved at deploy time (e.g. a parameter) is accepted as it is.
    token = Token.as_string({"Ref": "DmsUser"})
    assert EndpointCredentials.generate(username=token, no_rotation_reason=_REASON).username == token


def test_existing_secrets_are_not_generated_and_default_to_their_own_key():
    from aws_cdk import aws_kms as kms
    from aws_cdk import aws_secretsmanager as secretsmanager

    stack = env_stack()
    key = kms.Key.from_key_arn(stack, "K", "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555")
    other = kms.Key.from_key_arn(stack, "O", "arn:aws:kms:eu-west-1:123456789012:key/99999999-2222-3333-4444-555555555555")
    secret = secretsmanager.Secret.from_secret_attributes(
        stack, "S", secret_complete_arn="arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf", encryption_key=key)
    existing = EndpointCredentials.from_secret(secret)
    assert existing.is_generated is False
    # (the key DMS is granted kms:Decrypt on)
    assert existing._key.key_arn == "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    assert EndpointCredentials.from_secret(secret, key=other)._key.key_arn == "arn:aws:kms:eu-west-1:123456789012:key/99999999-2222-3333-4444-555555555555"


@pytest.mark.parametrize(
    "engine, label",
    [("mysql", "mysql"), ("aurora", "mysql"), ("mariadb", "mariadb"), ("postgres", "postgres"), ("aurora-postgresql", "postgres"),
     ("oracle", "oracle"), ("sqlserver", "sqlserver"), ("redshift", "redshift"), ("mongodb", "mongo"), ("docdb", "mongo")],
)
def test_secret_fields_name_the_engine_as_its_hosted_rotation_expects(engine, label):
    from dms_constructs.credentials import secret_fields

    assert secret_fields(engine, host="db.example.com", port=5432, database_name="orders") == {
        "host": "db.example.com", "port": 5432, "dbname": "orders", "engine": label}


def test_secret_fields_leave_out_what_is_unknown():
    from dms_constructs.credentials import secret_fields

    assert secret_fields("postgres", host=None, port=None, database_name=None) == {"engine": "postgres"}
    assert secret_fields("db2", host="h.example.com", port=50000, database_name=None) == {"host": "h.example.com", "port": 50000}


def test_dms_trust_is_the_regional_principal_on_behalf_of_this_account_and_region():
    from aws_cdk import App, Stack

    from dms_constructs.credentials import dms_regional_principal, dms_source_conditions

    stack = Stack(App(), "S")
    assert stack.resolve(dms_source_conditions()) == {
        "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
        "ArnLike": {"aws:SourceArn": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":dms:", {"Ref": "AWS::Region"}, ":",
                                                        {"Ref": "AWS::AccountId"}, ":*"]]}},
    }
    assert stack.resolve(dms_regional_principal().policy_fragment.principal_json) == {
        "Service": [{"Fn::Join": ["", ["dms.", {"Ref": "AWS::Region"}, ".", {"Ref": "AWS::URLSuffix"}]]}]}


def test_an_existing_secrets_own_key_is_granted_to_dms():
    from aws_cdk import aws_kms as kms
    from aws_cdk import aws_secretsmanager as secretsmanager

    from dms_constructs.credentials import SecretsAccess

    stack = env_stack()
    wave = MigrationWave(stack, "W", network=routed_network(stack, "WNetwork"))
    key = kms.Key.from_key_arn(stack, "K", "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555")
    secret = secretsmanager.Secret.from_secret_complete_arn(stack, "S", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf")
    wave.add_source("db", DatabaseEndpoint.postgresql(host="db.corp.example", database_name="orders", peer=NET,
                                                      credentials=EndpointCredentials.from_secret(secret, key=key)))
    assert stack.resolve(SecretsAccess.of(wave).policy.document.to_json())["Statement"] == [
        {"Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], "Effect": "Allow",
         "Resource": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"},
        {"Action": ["kms:Decrypt", "kms:DescribeKey"], "Effect": "Allow",
         "Resource": "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"},
    ]


def test_the_generated_secret_says_whose_it_is_and_its_rotation_schedule_keeps_its_logical_id(base):
    # The secret's description names the endpoint and the engine, for whoever finds it in the console.
    assert base["Resources"][SECRET_ID]["Properties"]["Description"] == "Credentials of DMS endpoint w-db-dms (PostgreSQL)"
    # A moved construct id would replace the schedule instead of updating it: CloudFormation creates a second
    # schedule for the same secret, then deletes the first one.
    assert list(resources(base, "AWS::SecretsManager::RotationSchedule")) == ["WEndpointsdbSecretRotation5545EF70"]
