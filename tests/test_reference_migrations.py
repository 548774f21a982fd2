"""The reference app's endpoints and tasks, in every environment: credentials only through Secrets
Manager, SSL everywhere, and tasks that meet the logging, validation and mapping requirements."""

from __future__ import annotations

import json

import pytest

from stacks.config import ENVIRONMENTS

from .helpers import resources, walk

ENVS = list(ENVIRONMENTS)
SETTINGS_BLOCK = {
    "mysql": "MySqlSettings", "aurora": "MySqlSettings", "postgres": "PostgreSqlSettings",
    "aurora-postgresql": "PostgreSqlSettings", "oracle": "OracleSettings", "sqlserver": "MicrosoftSqlServerSettings",
}
REQUIRED_LOGGING = {"SOURCE_CAPTURE", "SOURCE_UNLOAD", "TARGET_APPLY", "TARGET_LOAD"}
SEVERITIES = ["LOGGER_SEVERITY_ERROR", "LOGGER_SEVERITY_WARNING", "LOGGER_SEVERITY_INFO", "LOGGER_SEVERITY_DEFAULT", "LOGGER_SEVERITY_DEBUG", "LOGGER_SEVERITY_DETAILED_DEBUG"]


@pytest.fixture(scope="module")
def migration(reference_templates) -> dict[str, dict]:
    return {env: stacks["Migration"] for env, stacks in reference_templates.items()}


@pytest.mark.parametrize("env", ENVS)
def test_the_five_migrations_are_there(migration, env):
    endpoints = resources(migration[env], "AWS::DMS::Endpoint").values()
    pairs = {(e["Properties"]["EndpointType"], e["Properties"]["EngineName"]) for e in endpoints}
    assert pairs == {
        ("source", "mysql"), ("target", "aurora"), ("source", "oracle"), ("target", "aurora-postgresql"),
        ("source", "sqlserver"), ("target", "sqlserver"), ("source", "postgres"), ("target", "postgres"), ("target", "s3"),
    }


@pytest.mark.parametrize("env", ENVS)
def test_no_password_anywhere(migration, env):
    for value in walk(migration[env]):
        if isinstance(value, dict):
            assert "Password" not in value and "Username" not in value


@pytest.mark.parametrize("env", ENVS)
def test_relational_endpoints_read_their_secret_through_engine_settings_and_use_ssl(migration, env):
    t = migration[env]
    certificates = set(resources(t, "AWS::DMS::Certificate"))
    for endpoint in resources(t, "AWS::DMS::Endpoint").values():
        props = endpoint["Properties"]
        if props["EngineName"] == "s3":
            continue
        block = props[SETTINGS_BLOCK[props["EngineName"]]]
        assert "SecretsManagerSecretId" in block and "SecretsManagerAccessRoleArn" in block
        assert not {"ServerName", "Port"} & set(props)
        assert props["SslMode"] in ("require", "verify-ca", "verify-full")
        if props["SslMode"].startswith("verify"):
            assert props["CertificateArn"]["Ref"] in certificates
        assert "KmsKeyId" in props


# stacks/certificates/placeholder-cwallet.sso, base64: the placeholder marker bytes, not a wallet.
PLACEHOLDER_WALLET_BASE64 = (
    "AP9ETVMtQ09OU1RSVUNUUyBQTEFDRUhPTERFUiBPUkFDTEUgV0FMTEVUIC0gTk9UIEEgS0VZIC0gUkVQTEFDRSBXSVRIIFlPVVIgY3dhbGxldC5zc28A/w=="
)


@pytest.mark.parametrize("env", ENVS)
def test_oracle_verifies_against_a_wallet_and_every_other_engine_against_a_pem(migration, env):
    t = migration[env]
    certificates = resources(t, "AWS::DMS::Certificate")
    formats = {}
    for endpoint in resources(t, "AWS::DMS::Endpoint").values():
        props = endpoint["Properties"]
        if "CertificateArn" in props:
            certificate = certificates[props["CertificateArn"]["Ref"]]["Properties"]
            formats.setdefault(props["EngineName"], set()).add(
                "wallet" if "CertificateWallet" in certificate else "pem" if "CertificatePem" in certificate else "?"
            )
            if props["EngineName"] == "oracle":
                assert certificate["CertificateWallet"] == PLACEHOLDER_WALLET_BASE64
                assert "CertificatePem" not in certificate
                assert props["SslMode"] == "verify-ca"
            else:
                assert certificate["CertificatePem"].startswith("-----BEGIN CERTIFICATE-----")
                assert "CertificateWallet" not in certificate
    assert formats == {"oracle": {"wallet"}, "mysql": {"pem"}, "aurora": {"pem"}}


@pytest.mark.parametrize("env", ENVS)
def test_secrets_access_roles_trust_the_regional_dms_principal(migration, env):
    t = migration[env]
    roles = [r for r in resources(t, "AWS::IAM::Role").values() if "endpoint secrets" in r["Properties"].get("Description", "")]
    assert len(roles) == 5
    for role in roles:
        principals = [s["Principal"]["Service"] for s in role["Properties"]["AssumeRolePolicyDocument"]["Statement"]]
        assert {"Fn::Join": ["", ["dms.", {"Ref": "AWS::Region"}, ".", {"Ref": "AWS::URLSuffix"}]]} in principals
        assert "dms.amazonaws.com" not in principals


@pytest.mark.parametrize("env", ENVS)
def test_roles_dms_assumes_for_endpoints_carry_confused_deputy_conditions(migration, env):
    """The secrets access roles, the S3 target role and (staging, prod) the pre-migration assessment roles:
    only this account's DMS resources in this region."""
    conditions = {
        "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
        "ArnLike": {"aws:SourceArn": {"Fn::Join": ["", [
            "arn:", {"Ref": "AWS::Partition"}, ":dms:", {"Ref": "AWS::Region"}, ":", {"Ref": "AWS::AccountId"}, ":*"]]}},
    }
    dms_roles = [
        r["Properties"] for r in resources(migration[env], "AWS::IAM::Role").values()
        if "AWS DMS" in r["Properties"].get("Description", "")
    ]
    # Five waves' secrets access roles, the lake's S3 target role; in staging and prod also the assessment
    # roles of the four instance waves.
    assert len(dms_roles) == {"dev": 6, "staging": 10, "prod": 10}[env]
    for role in dms_roles:
        for statement in role["AssumeRolePolicyDocument"]["Statement"]:
            assert statement["Condition"] == conditions


def _tasks(t: dict) -> list[tuple[str, dict, dict, dict]]:
    """(type, properties, table mappings, settings) of every task and serverless replication."""
    out = []
    for r in resources(t, "AWS::DMS::ReplicationTask").values():
        p = r["Properties"]
        out.append(("instance", p, json.loads(p["TableMappings"]), json.loads(p["ReplicationTaskSettings"])))
    for r in resources(t, "AWS::DMS::ReplicationConfig").values():
        p = r["Properties"]
        assert isinstance(p["TableMappings"], dict) and isinstance(p["ReplicationSettings"], dict)
        out.append(("serverless", p, p["TableMappings"], p["ReplicationSettings"]))
    return out


@pytest.mark.parametrize("env", ENVS)
def test_task_kinds(migration, env):
    tasks = _tasks(migration[env])
    types = [(kind, p.get("MigrationType") or p.get("ReplicationType")) for kind, p, _, _ in tasks]
    assert ("instance", "full-load-and-cdc") in types
    assert ("instance", "cdc") in types
    assert any(kind == "serverless" for kind, _ in types)
    (cdc,) = [p for kind, p, _, _ in tasks if p.get("MigrationType") == "cdc"]
    assert cdc["CdcStartPosition"] == "mysql-bin-changelog.000024:373"


@pytest.mark.parametrize("env", ENVS)
def test_every_task_logs_validates_maps_and_has_an_identifier(migration, env):
    for kind, props, mappings, settings in _tasks(migration[env]):
        logging = settings["Logging"]
        assert logging["EnableLogging"] is True
        severity = {c["Id"]: c["Severity"] for c in logging["LogComponents"]}
        assert REQUIRED_LOGGING <= set(severity)
        assert all(SEVERITIES.index(severity[c]) >= SEVERITIES.index("LOGGER_SEVERITY_DEFAULT") for c in REQUIRED_LOGGING)
        assert settings["ErrorBehavior"]["FailOnNoTablesCaptured"] is True
        assert any(r["rule-type"] == "selection" and r["rule-action"] in ("include", "explicit") for r in mappings["rules"])
        identifier = props.get("ReplicationTaskIdentifier") or props.get("ReplicationConfigIdentifier")
        assert identifier and identifier.startswith(f"{env}-")
        migration_type = props.get("MigrationType") or props.get("ReplicationType")
        to_s3 = kind == "serverless"  # the lake wave's target: DMS cannot validate S3 targets from these sources
        if migration_type != "cdc" and not to_s3:
            assert settings["ValidationSettings"]["EnableValidation"] is True, identifier


@pytest.mark.parametrize("env", ENVS)
def test_cdc_tasks_have_latency_alarms_with_the_task_dimension(migration, env):
    t = migration[env]
    alarms = [r["Properties"] for r in resources(t, "AWS::CloudWatch::Alarm").values() if r["Properties"]["MetricName"].startswith("CDCLatency")]
    instance_tasks = [p for _, p, _, _ in _tasks(t) if "MigrationType" in p]
    assert len(alarms) >= 2 * len(instance_tasks)
    for alarm in alarms:
        names = {d["Name"] for d in alarm["Dimensions"]}
        assert names in ({"ReplicationInstanceIdentifier", "ReplicationTaskIdentifier"}, {"ReplicationConfigId"})
        assert alarm["Statistic"] == "Maximum"
        assert alarm["AlarmActions"]


@pytest.mark.parametrize("env", ENVS)
def test_task_events_and_serverless_log_groups(migration, env):
    t = migration[env]
    patterns = [r["Properties"]["EventPattern"] for r in resources(t, "AWS::Events::Rule").values()]
    assert any("DMS Replication Task State Change" in p.get("detail-type", []) for p in patterns)
    assert any("DMS Replication State Change" in p.get("detail-type", []) for p in patterns)
    names = {g["Properties"]["LogGroupName"] for g in resources(t, "AWS::Logs::LogGroup").values() if "LogGroupName" in g["Properties"]}
    assert f"dms-serverless-replication-{env}-data-lake-orders-to-lake-dms" in names
    assert f"dms-tasks-{env}-orders-instance-dms" in names



@pytest.mark.parametrize("env", ENVS)
def test_dev_and_staging_test_every_instance_endpoint_and_staging_and_prod_assess_every_instance_task(migration, env):
    tests = {r["Properties"]["EndpointName"] for r in resources(migration[env], "Custom::DmsConnectionTest").values()}
    assessed = {r["Properties"]["TaskName"] for r in resources(migration[env], "Custom::DmsPremigrationAssessment").values()}
    endpoints = {f"{env}-{e}-dms" for e in ("orders-mysql", "orders-aurora", "claims-oracle", "claims-aurora-postgres",
                                        "point-of-sale-sqlserver", "point-of-sale-rds-sqlserver", "accounts-postgres", "accounts-rds-postgres")}
    tasks = {f"{env}-{t}-dms" for t in ("orders-customers", "orders-orders-cdc", "claims-claims", "point-of-sale-pos", "accounts-accounts")}
    # The lake wave is serverless: DMS Serverless has neither a connection test nor task assessments.
    assert tests == (endpoints if env in ("dev", "staging") else set())
    assert assessed == (tasks if env in ("staging", "prod") else set())
