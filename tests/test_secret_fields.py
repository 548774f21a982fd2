"""Generated endpoint secrets keep their password: the generated part (GenerateSecretString) holds only the
user name, and `Custom::DmsSecretFields` writes host, port, database name and engine next to the password.

Template tests pin what CloudFormation sees; handler tests run the Lambda handler against moto's Secrets
Manager (created, updated, retried, rotated, mid-rotation, missing)."""

from __future__ import annotations

import json

import boto3
import pytest
from aws_cdk import App
from aws_cdk import aws_ec2 as ec2
from aws_cdk.assertions import Template
from moto import mock_aws

from dms_constructs import DatabaseEndpoint, DmsServiceRoles, EndpointCredentials, MigrationWave, SecretRotation
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
    assert {"Action": "lambda:InvokeFunction", "Effect": "Allow",
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
