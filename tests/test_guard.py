"""`dms-constructs guard`: replacements and deletions between two cloud assemblies.

Assemblies are written by hand in tmp dirs (manifest + templates, a Stage's nested assembly included):
no CDK, no jsii, fast. Expected identifiers, properties and messages are written out literally.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dms_constructs.cli.main import main
from dms_constructs.cli.schemas import create_only_properties

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "tests" / "baseline"
STACK = "prod-Migration"
ENV = "aws://333333333333/eu-west-1"

_GENERATE = {
    "ExcludeCharacters": ";.:+'\"/@\\ ",
    "GenerateStringKey": "password",
    "PasswordLength": 32,
    "SecretStringTemplate": '{"username":"dms_user","host":"orders-mysql.corp.example.com","port":3306}',
}


def wave() -> dict[str, dict]:
    """A small wave as dms-constructs writes it: key, subnet group, instance, a generated source secret,
    two endpoints, one task; plus resources the guard ignores (an alarm, a secret no DMS resource uses)."""
    key = {"Fn::GetAtt": ["OrdersKey", "Arn"]}
    return {
        "OrdersKey": {"Type": "AWS::KMS::Key", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain", "Properties": {"EnableKeyRotation": True, "KeyPolicy": {"Statement": []}}},
        "OrdersSubnetGroup": {"Type": "AWS::DMS::ReplicationSubnetGroup", "Properties": {"ReplicationSubnetGroupIdentifier": "prod-orders-subnets", "ReplicationSubnetGroupDescription": "DMS subnets", "SubnetIds": ["subnet-1", "subnet-2"]}},
        "OrdersInstance": {
            "Type": "AWS::DMS::ReplicationInstance",
            "Properties": {
                "ReplicationInstanceIdentifier": "prod-orders",
                "ReplicationInstanceClass": "dms.r6i.large",
                "KmsKeyId": key,
                "ReplicationSubnetGroupIdentifier": {"Ref": "OrdersSubnetGroup"},
                "PubliclyAccessible": False,
            },
        },
        "OrdersSourceSecret": {"Type": "AWS::SecretsManager::Secret", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain", "Properties": {"GenerateSecretString": dict(_GENERATE), "KmsKeyId": key}},
        "OrdersSource": {
            "Type": "AWS::DMS::Endpoint",
            "Properties": {
                "EndpointIdentifier": "prod-orders-mysql",
                "EndpointType": "source",
                "EngineName": "mysql",
                "KmsKeyId": key,
                "MySqlSettings": {"SecretsManagerSecretId": {"Ref": "OrdersSourceSecret"}, "SecretsManagerAccessRoleArn": {"Fn::GetAtt": ["OrdersRole", "Arn"]}},
            },
        },
        "OrdersTarget": {
            "Type": "AWS::DMS::Endpoint",
            "Properties": {
                "EndpointIdentifier": "prod-orders-aurora",
                "EndpointType": "target",
                "EngineName": "aurora",
                "KmsKeyId": key,
                "MySqlSettings": {"SecretsManagerSecretId": "arn:aws:secretsmanager:eu-west-1:333333333333:secret:prod/orders/dms-AbCdEf"},
            },
        },
        "OrdersTask": {
            "Type": "AWS::DMS::ReplicationTask",
            "Properties": {
                "ReplicationTaskIdentifier": "prod-orders-customers",
                "MigrationType": "full-load-and-cdc",
                "ReplicationInstanceArn": {"Ref": "OrdersInstance"},
                "SourceEndpointArn": {"Ref": "OrdersSource"},
                "TargetEndpointArn": {"Ref": "OrdersTarget"},
                "TableMappings": '{"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"1","object-locator":{"schema-name":"orders","table-name":"customers"},"rule-action":"include"}]}',
                "ReplicationTaskSettings": "{}",
            },
        },
        "OrdersRole": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}}},
        "OrdersAlarm": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"Threshold": 80}},
        "OtherSecret": {"Type": "AWS::SecretsManager::Secret", "Properties": {"GenerateSecretString": {"PasswordLength": 20}}},
    }


def write_assembly(root: Path, stacks: dict[str, dict], *, stage: str | None = "prod") -> Path:
    """A cloud assembly at `root`: stacks (name -> resources) in a nested Stage assembly, as `cdk synth`
    writes a Stage, or at the top level when `stage` is None."""
    directory = root / f"assembly-{stage}" if stage else root
    directory.mkdir(parents=True, exist_ok=True)
    artifacts = {}
    for name, resources in stacks.items():
        artifact = name.replace("-", "")
        (directory / f"{artifact}.template.json").write_text(json.dumps({"Resources": resources}))
        artifacts[artifact] = {"type": "aws:cloudformation:stack", "environment": ENV, "properties": {"templateFile": f"{artifact}.template.json", "stackName": name}}
    (directory / "manifest.json").write_text(json.dumps({"version": "55.0.0", "artifacts": artifacts}))
    if stage:
        nested = {f"assembly-{stage}": {"type": "cdk:cloud-assembly", "properties": {"directoryName": f"assembly-{stage}", "displayName": stage}}}
        (root / "manifest.json").write_text(json.dumps({"version": "55.0.0", "artifacts": nested}))
    return root


def guard(tmp_path: Path, before: dict, after: dict, *extra: str, capsys) -> tuple[int, list[dict], str]:
    """Run `dms-constructs guard` on two single-stack assemblies; returns (exit code, findings, text output)."""
    b = write_assembly(tmp_path / "before", {STACK: before})
    a = write_assembly(tmp_path / "after", {STACK: after})
    code = main(["guard", str(b), str(a), "--format", "json", *extra])
    report = json.loads(capsys.readouterr().out)
    assert report["exit_code"] == code
    main(["guard", str(b), str(a), *extra])
    return code, report["findings"], capsys.readouterr().out


def summary(findings: list[dict]) -> list[tuple[str, str, str, str]]:
    return sorted((f["severity"], f["change"], f["logical_id"], f.get("property", "")) for f in findings)


# --- create-only properties come from the CloudFormation schemas ----------------------------------------


def test_create_only_properties_read_from_the_schemas_include_the_known_ones():
    # DMS-FACTS, "Create-only properties" (CloudFormation resource schemas, createOnlyProperties).
    expected = {
        "AWS::DMS::ReplicationInstance": {("KmsKeyId",), ("ReplicationSubnetGroupIdentifier",), ("PubliclyAccessible",), ("DnsNameServers",), ("ResourceIdentifier",)},
        "AWS::DMS::ReplicationTask": {("ReplicationInstanceArn",), ("SourceEndpointArn",), ("TargetEndpointArn",), ("MigrationType",), ("ResourceIdentifier",)},
        "AWS::DMS::Endpoint": {("KmsKeyId",), ("ResourceIdentifier",), ("MongoDbSettings", "AuthType")},
        "AWS::DMS::ReplicationSubnetGroup": {("ReplicationSubnetGroupIdentifier",)},
        "AWS::DMS::Certificate": {("CertificatePem",), ("CertificateWallet",)},
        "AWS::SecretsManager::Secret": {("Name",)},
    }
    for resource_type, paths in expected.items():
        assert paths <= set(create_only_properties(resource_type, "eu-west-1")), resource_type


def test_updatable_properties_are_not_create_only():
    for resource_type, prop in [
        ("AWS::DMS::ReplicationInstance", "ReplicationInstanceClass"),
        ("AWS::DMS::ReplicationTask", "TableMappings"),
        ("AWS::DMS::Endpoint", "EndpointIdentifier"),
        ("AWS::SecretsManager::Secret", "GenerateSecretString"),
    ]:
        assert (prop,) not in create_only_properties(resource_type, "eu-west-1")


def test_unknown_types_and_regions_fall_back_without_failing():
    assert create_only_properties("Vendor::Thing::Widget", "eu-west-1") == ()
    assert ("MigrationType",) in create_only_properties("AWS::DMS::ReplicationTask", "moon-south-1")


# --- replacements ---------------------------------------------------------------------------------------


def test_identical_assemblies_pass_with_nothing_to_report(tmp_path, capsys):
    code, findings, text = guard(tmp_path, wave(), wave(), capsys=capsys)
    assert code == 0 and findings == []
    assert text.strip() == "OK: nothing replaced or deleted (7 resources compared; 0 errors, 0 warnings, 0 allowed, 0 in-place updates or additions; 0 stale allow-list entries)"


def test_a_new_instance_key_replaces_the_instance_and_its_task(tmp_path, capsys):
    after = wave()
    after["CentralKey"] = copy.deepcopy(after["OrdersKey"])
    after["OrdersInstance"]["Properties"]["KmsKeyId"] = {"Fn::GetAtt": ["CentralKey", "Arn"]}
    code, findings, text = guard(tmp_path, wave(), after, capsys=capsys)
    assert code == 1
    assert summary(findings) == [
        ("error", "replace", "OrdersInstance", "KmsKeyId"),
        ("error", "replace", "OrdersTask", "ReplicationInstanceArn"),
        ("info", "add", "CentralKey", ""),
    ]
    instance = next(f for f in findings if f["logical_id"] == "OrdersInstance")
    assert instance["stack"] == "prod-Migration" and instance["identifier"] == "prod-orders"
    assert instance["reason"] == 'create-only KmsKeyId changes: {"Fn::GetAtt":["OrdersKey","Arn"]} -> {"Fn::GetAtt":["CentralKey","Arn"]}'
    assert instance["advice"].startswith("keep the wave's encryption_key: an instance cannot change its key")
    task = next(f for f in findings if f["logical_id"] == "OrdersTask")
    assert task["identifier"] == "prod-orders-customers"
    assert task["reason"] == (
        "create-only ReplicationInstanceArn refers to OrdersInstance, which is replaced (root cause: OrdersInstance: "
        'create-only KmsKeyId changes: {"Fn::GetAtt":["OrdersKey","Arn"]} -> {"Fn::GetAtt":["CentralKey","Arn"]})'
    )
    assert "ERROR    replace    prod-Migration OrdersInstance (AWS::DMS::ReplicationInstance, DMS identifier: prod-orders)" in text
    assert text.strip().endswith("(7 resources compared; 2 errors, 0 warnings, 0 allowed, 1 in-place updates or additions; 0 stale allow-list entries)")
    assert text.splitlines()[-1].startswith("FAILED: deploying AFTER would replace or delete the resources above")


def test_a_changed_migration_type_replaces_the_task(tmp_path, capsys):
    after = wave()
    after["OrdersTask"]["Properties"]["MigrationType"] = "cdc"
    code, findings, _ = guard(tmp_path, wave(), after, capsys=capsys)
    assert code == 1
    assert summary(findings) == [("error", "replace", "OrdersTask", "MigrationType")]
    assert findings[0]["reason"] == 'create-only MigrationType changes: "full-load-and-cdc" -> "cdc"'
    assert findings[0]["advice"].startswith("keep the task's migration_type; for another type, add a new task under a new name")


def test_a_renamed_subnet_group_identifier_cascades_to_the_instance_and_every_task(tmp_path, capsys):
    after = wave()
    after["OrdersSubnetGroup"]["Properties"]["ReplicationSubnetGroupIdentifier"] = "prod-sales-subnets"
    code, findings, _ = guard(tmp_path, wave(), after, capsys=capsys)
    assert code == 1
    assert summary(findings) == [
        ("error", "replace", "OrdersInstance", "ReplicationSubnetGroupIdentifier"),
        ("error", "replace", "OrdersSubnetGroup", "ReplicationSubnetGroupIdentifier"),
        ("error", "replace", "OrdersTask", "ReplicationInstanceArn"),
    ]
    root = 'OrdersSubnetGroup: create-only ReplicationSubnetGroupIdentifier changes: "prod-orders-subnets" -> "prod-sales-subnets"'
    assert all(f["reason"].endswith(f"(root cause: {root})") for f in findings if f["logical_id"] != "OrdersSubnetGroup")
    assert next(f for f in findings if f["logical_id"] == "OrdersSubnetGroup")["identifier"] == "prod-sales-subnets"


def test_a_new_ca_bundle_replaces_the_certificate_with_advice_for_that_case(tmp_path, capsys):
    before, after = wave(), wave()
    for resources, pem in ((before, "-----BEGIN CERTIFICATE-----A"), (after, "-----BEGIN CERTIFICATE-----B")):
        resources["OrdersCa"] = {"Type": "AWS::DMS::Certificate", "Properties": {"CertificateIdentifier": "prod-orders-mysql-ca-1", "CertificatePem": pem}}
        resources["OrdersSource"]["Properties"]["CertificateArn"] = {"Ref": "OrdersCa"}
    code, findings, text = guard(tmp_path, before, after, capsys=capsys)
    assert code == 1
    assert summary(findings) == [("error", "replace", "OrdersCa", "CertificatePem")]
    assert findings[0]["advice"] == (
        "expected when the CA bundle changes (dms-constructs derives the certificate's identifier from its content, so old "
        "and new do not collide): the endpoints switch to the new one in place, so pause their running tasks; if the "
        'replacement is intended, follow README, "Changing a running migration" and allow-list it with the reason'
    )


def test_a_changed_create_only_value_inside_fn_join_counts(tmp_path, capsys):
    before, after = wave(), wave()
    before["OrdersInstance"]["Properties"]["KmsKeyId"] = {"Fn::Join": ["", ["arn:aws:kms:eu-west-1:333333333333:key/", "one"]]}
    after["OrdersInstance"]["Properties"]["KmsKeyId"] = {"Fn::Join": ["", ["arn:aws:kms:eu-west-1:333333333333:key/", "two"]]}
    code, findings, _ = guard(tmp_path, before, after, capsys=capsys)
    assert code == 1 and ("error", "replace", "OrdersInstance", "KmsKeyId") in summary(findings)


def test_a_changed_type_under_the_same_logical_id_is_a_replacement(tmp_path, capsys):
    after = wave()
    after["OrdersTask"] = {"Type": "AWS::DMS::ReplicationConfig", "Properties": {"ReplicationConfigIdentifier": "prod-orders-customers"}}
    code, findings, _ = guard(tmp_path, wave(), after, capsys=capsys)
    assert code == 1
    assert findings[0]["reason"] == "its type changes from AWS::DMS::ReplicationTask to AWS::DMS::ReplicationConfig"


# --- deletions and renames ------------------------------------------------------------------------------


def test_a_removed_task_is_a_deletion(tmp_path, capsys):
    after = wave()
    del after["OrdersTask"]
    code, findings, text = guard(tmp_path, wave(), after, capsys=capsys)
    assert code == 1
    assert summary(findings) == [("error", "delete", "OrdersTask", "")]
    assert findings[0]["identifier"] == "prod-orders-customers"
    assert findings[0]["reason"] == "deleted: the logical id is not in AFTER"
    assert "instead: restore it (its logical id comes from its construct id and path)" in text


def test_a_removed_endpoint_names_the_task_that_uses_it(tmp_path, capsys):
    after = wave()
    del after["OrdersTarget"]
    after["OrdersTask"]["Properties"]["TargetEndpointArn"] = "arn:aws:dms:eu-west-1:333333333333:endpoint:OTHER"
    code, findings, _ = guard(tmp_path, wave(), after, capsys=capsys)
    assert code == 1
    assert summary(findings) == [("error", "delete", "OrdersTarget", ""), ("error", "replace", "OrdersTask", "TargetEndpointArn")]
    assert next(f for f in findings if f["logical_id"] == "OrdersTarget")["reason"] == "deleted: the logical id is not in AFTER (used by OrdersTask)"


def test_a_renamed_logical_id_with_the_same_identifier_is_a_rename(tmp_path, capsys):
    after = wave()
    after["OrdersTasksCustomers"] = after.pop("OrdersTask")
    before = wave()
    before["OrdersTask"]["Metadata"] = {"aws:cdk:path": "prod/Migration/Orders/Tasks/customers/Resource"}
    after["OrdersTasksCustomers"]["Metadata"] = {"aws:cdk:path": "prod/Migration/Orders/Tasks/Customers/Resource"}
    code, findings, _ = guard(tmp_path, before, after, capsys=capsys)
    assert code == 1
    assert summary(findings) == [("error", "rename", "OrdersTask", "")]  # the new logical id is not also an addition
    assert findings[0]["identifier"] == "prod-orders-customers"
    assert findings[0]["reason"] == (
        "renamed: delete + create (the logical id becomes OrdersTasksCustomers; construct path "
        "prod/Migration/Orders/Tasks/customers/Resource -> prod/Migration/Orders/Tasks/Customers/Resource)"
    )


def test_a_resource_moved_to_another_stack_is_a_move(tmp_path, capsys):
    before = write_assembly(tmp_path / "before", {STACK: wave(), "prod-Other": {"OtherAlarm": {"Type": "AWS::CloudWatch::Alarm", "Properties": {}}}})
    moved = wave()
    task = moved.pop("OrdersTask")
    task["Properties"]["ReplicationInstanceArn"] = "arn:aws:dms:eu-west-1:333333333333:rep:X"
    after = write_assembly(tmp_path / "after", {STACK: moved, "prod-Other": {"OrdersTask2": task}})
    code = main(["guard", str(before), str(after), "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert code == 1
    assert [(f["change"], f["stack"], f["logical_id"]) for f in findings] == [("move", "prod-Migration", "OrdersTask")]
    assert findings[0]["reason"] == "moves to stack prod-Other as OrdersTask2: deleted here, created there"


def test_a_removed_retained_key_is_a_warning_not_a_failure(tmp_path, capsys):
    before, after = wave(), wave()
    before["LegacyKey"] = copy.deepcopy(before["OrdersKey"])
    before["OrdersTarget"]["Properties"]["MySqlSettings"]["ServerSideKey"] = {"Ref": "LegacyKey"}
    code, findings, _ = guard(tmp_path, before, after, capsys=capsys)
    assert code == 0
    assert summary(findings) == [("info", "update", "OrdersTarget", ""), ("warning", "retain", "LegacyKey", "")]


def test_a_stack_missing_from_after_is_a_warning(tmp_path, capsys):
    before = write_assembly(tmp_path / "before", {STACK: wave(), "prod-AccountBaseline": {"Role": {"Type": "AWS::IAM::Role"}}})
    after = write_assembly(tmp_path / "after", {"prod-Other": {"A": {"Type": "AWS::SNS::Topic"}}})
    code = main(["guard", str(before), str(after), "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert code == 0
    assert [(f["severity"], f["change"], f["stack"]) for f in findings] == [
        ("warning", "stack-removed", "prod-Migration"),
        ("info", "stack-removed", "prod-AccountBaseline"),  # no DMS resource in it: nothing to warn about
        ("info", "stack-added", "prod-Other"),
    ]
    assert findings[0]["reason"] == "stack not in AFTER (aws://333333333333/eu-west-1); it holds 7 DMS resources, secrets and keys"


# --- secrets --------------------------------------------------------------------------------------------


def test_a_changed_generate_secret_string_regenerates_the_password(tmp_path, capsys):
    after = wave()
    after["OrdersSourceSecret"]["Properties"]["GenerateSecretString"]["SecretStringTemplate"] = '{"username":"dms","host":"orders-mysql.corp.example.com","port":3306}'
    code, findings, text = guard(tmp_path, wave(), after, capsys=capsys)
    assert code == 1
    assert summary(findings) == [("error", "regenerate", "OrdersSourceSecret", "GenerateSecretString")]
    assert findings[0]["reason"] == "GenerateSecretString changes: CloudFormation generates a new password for the secret OrdersSource uses"
    assert "instead: restore GenerateSecretString" in text


def test_a_renamed_generated_secret_regenerates_the_password(tmp_path, capsys):
    after = wave()
    after["OrdersSourceCredentials"] = after.pop("OrdersSourceSecret")
    after["OrdersSource"]["Properties"]["MySqlSettings"]["SecretsManagerSecretId"] = {"Ref": "OrdersSourceCredentials"}
    code, findings, _ = guard(tmp_path, wave(), after, capsys=capsys)
    assert code == 1
    assert ("error", "regenerate", "OrdersSourceSecret", "") in summary(findings)
    regenerate = next(f for f in findings if f["change"] == "regenerate")
    assert regenerate["reason"] == "removed (renamed?): OrdersSource now read another secret, with a newly generated password"


def test_secrets_no_dms_resource_uses_are_ignored(tmp_path, capsys):
    after = wave()
    after["OtherSecret"]["Properties"]["GenerateSecretString"]["PasswordLength"] = 40
    code, findings, _ = guard(tmp_path, wave(), after, capsys=capsys)
    assert code == 0 and findings == []


# --- in-place changes and additions ---------------------------------------------------------------------


def test_in_place_changes_are_info_and_pass(tmp_path, capsys):
    after = wave()
    after["OrdersInstance"]["Properties"]["ReplicationInstanceClass"] = "dms.r6i.xlarge"
    after["OrdersTask"]["Properties"]["TableMappings"] = '{"rules":[]}'
    after["OrdersSource"]["Properties"]["EndpointIdentifier"] = "prod-orders-mysql-2"
    after["OrdersAlarm"]["Properties"]["Threshold"] = 90
    code, findings, text = guard(tmp_path, wave(), after, capsys=capsys)
    assert code == 0
    assert summary(findings) == [("info", "update", "OrdersInstance", ""), ("info", "update", "OrdersSource", ""), ("info", "update", "OrdersTask", "")]
    task = next(f for f in findings if f["logical_id"] == "OrdersTask")
    assert task["reason"] == (
        "TableMappings change; updates in place; DMS refuses to modify a running task or an endpoint a running task "
        "uses: stop the task first, or opt in to pause_tasks_during_updates"
    )
    assert next(f for f in findings if f["logical_id"] == "OrdersInstance")["reason"] == "ReplicationInstanceClass change; updates in place"
    assert text.splitlines()[-1].startswith("OK: nothing replaced or deleted")
    main(["guard", str(tmp_path / "before"), str(tmp_path / "after"), "--quiet"])
    assert capsys.readouterr().out.count("\n") == 1  # only the verdict


def test_a_changed_serverless_replication_config_is_a_warning_unless_only_tags_change(tmp_path, capsys):
    before = wave()
    before["LakeReplication"] = {"Type": "AWS::DMS::ReplicationConfig", "Properties": {
        "ReplicationConfigIdentifier": "prod-lake-orders", "ResourceIdentifier": "prod-lake-orders", "ReplicationType": "full-load-and-cdc",
        "TableMappings": {"rules": []}, "Tags": [{"Key": "Owner", "Value": "a"}], "SourceEndpointArn": {"Ref": "OrdersSource"}, "TargetEndpointArn": {"Ref": "OrdersTarget"}}}
    tags_only = copy.deepcopy(before)
    tags_only["LakeReplication"]["Properties"]["Tags"] = [{"Key": "Owner", "Value": "b"}]
    code, findings, _ = guard(tmp_path / "tags", before, tags_only, capsys=capsys)
    assert code == 0 and summary(findings) == [("info", "update", "LakeReplication", "")]
    mappings = copy.deepcopy(before)
    mappings["LakeReplication"]["Properties"]["TableMappings"] = {"rules": [{"rule-type": "selection"}]}
    code, findings, _ = guard(tmp_path / "mappings", before, mappings, capsys=capsys)
    assert code == 0 and summary(findings) == [("warning", "update", "LakeReplication", "")]
    assert findings[0]["reason"] == (
        "TableMappings change; DMS cannot modify a serverless replication config once its replication has started, "
        "even when stopped, so this update fails unless the replication never started"
    )


def test_added_tasks_endpoints_and_stacks_are_info(tmp_path, capsys):
    after = wave()
    after["OrdersTask2"] = copy.deepcopy(after["OrdersTask"])
    after["OrdersTask2"]["Properties"]["ReplicationTaskIdentifier"] = "prod-orders-addresses"
    after["OrdersTarget2"] = copy.deepcopy(after["OrdersTarget"])
    after["OrdersTarget2"]["Properties"]["EndpointIdentifier"] = "prod-orders-aurora-2"
    code, findings, _ = guard(tmp_path, wave(), after, capsys=capsys)
    assert code == 0
    assert summary(findings) == [("info", "add", "OrdersTarget2", ""), ("info", "add", "OrdersTask2", "")]


# --- allow-list -----------------------------------------------------------------------------------------


def _allow(tmp_path: Path, *entries: dict) -> str:
    path = tmp_path / "allow.json"
    path.write_text(json.dumps({"allow": list(entries)}))
    return str(path)


def test_an_allow_listed_replacement_passes_and_shows_its_reason(tmp_path, capsys):
    after = wave()
    after["OrdersTask"]["Properties"]["MigrationType"] = "cdc"
    allow = _allow(
        tmp_path,
        {"stack": STACK, "logical_id": "OrdersTask", "property": "MigrationType", "reason": "CHG-1234: the cutover team stops the task and restarts it from its CDC position"},
    )
    code, findings, text = guard(tmp_path, wave(), after, "--allow", allow, capsys=capsys)
    assert code == 0
    assert summary(findings) == [("allowed", "replace", "OrdersTask", "MigrationType")]
    assert "allowed: CHG-1234: the cutover team stops the task and restarts it from its CDC position" in text


def test_an_allow_list_entry_for_another_property_does_not_allow(tmp_path, capsys):
    after = wave()
    after["OrdersTask"]["Properties"]["MigrationType"] = "cdc"
    allow = _allow(tmp_path, {"stack": STACK, "logical_id": "OrdersTask", "property": "SourceEndpointArn", "reason": "a planned switch of the source endpoint"})
    code, findings, text = guard(tmp_path, wave(), after, "--allow", allow, capsys=capsys)
    assert code == 1
    assert "WARNING  stale allow-list entry: prod-Migration OrdersTask property SourceEndpointArn matches no replacement or deletion; remove it" in text


def test_stale_allow_list_entries_are_reported_without_failing(tmp_path, capsys):
    allow = _allow(tmp_path, {"stack": STACK, "logical_id": "OrdersGone", "reason": "retired in CHG-1000, baseline since refreshed"})
    code, _, text = guard(tmp_path, wave(), wave(), "--allow", allow, capsys=capsys)
    assert code == 0
    assert "WARNING  stale allow-list entry: prod-Migration OrdersGone matches no replacement or deletion; remove it" in text


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"stack": STACK, "logical_id": "OrdersTask"}, "allow[0]: reason is missing or empty; every accepted replacement names its stack and logical id and says why"),
        ({"stack": STACK, "logical_id": "OrdersTask", "reason": "  "}, "allow[0]: reason is missing or empty"),
        ({"stack": STACK, "logical_id": "OrdersTask", "reason": "ok"}, "allow[0]: reason is too short (got 'ok'); say why the replacement is safe"),
        ({"logical_id": "OrdersTask", "reason": "planned in CHG-1234"}, "allow[0]: stack is missing or empty"),
        ({"stack": STACK, "logicalId": "OrdersTask", "reason": "planned in CHG-1234"}, "allow[0]: unknown keys ['logicalId']; use stack, logical_id, reason and optionally property"),
    ],
)
def test_a_malformed_allow_list_entry_is_an_error(tmp_path, capsys, entry, message):
    after = wave()
    after["OrdersTask"]["Properties"]["MigrationType"] = "cdc"
    before_dir = write_assembly(tmp_path / "before", {STACK: wave()})
    after_dir = write_assembly(tmp_path / "after", {STACK: after})
    allow = _allow(tmp_path, entry)
    assert main(["guard", str(before_dir), str(after_dir), "--allow", allow]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"dms-constructs guard: {allow}: {message}")


def test_the_allow_list_in_the_current_directory_is_read_by_default(tmp_path, capsys, monkeypatch):
    after = wave()
    after["OrdersTask"]["Properties"]["MigrationType"] = "cdc"
    before_dir = write_assembly(tmp_path / "before", {STACK: wave()})
    after_dir = write_assembly(tmp_path / "after", {STACK: after})
    (tmp_path / "dms-guard-allow.json").write_text(json.dumps({"allow": [{"stack": STACK, "logical_id": "OrdersTask", "reason": "accepted in CHG-1234 after the cutover"}]}))
    monkeypatch.chdir(tmp_path)
    assert main(["guard", str(before_dir), str(after_dir)]) == 0


# --- assemblies, baselines and the command --------------------------------------------------------------


def test_unreadable_assemblies_are_usage_errors(tmp_path, capsys):
    assert main(["guard", str(tmp_path / "nope"), str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().err == f"dms-constructs guard: {tmp_path / 'nope'}: no such file or directory\n"


def test_top_level_stacks_and_plain_template_directories_are_read(tmp_path, capsys):
    before = write_assembly(tmp_path / "before", {STACK: wave()}, stage=None)
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / f"{STACK}.template.json").write_text(json.dumps({"Resources": wave()}))
    # Without a manifest the environment is unknown: the stacks differ by environment, so compare plain to plain.
    assert main(["guard", str(plain), str(plain)]) == 0
    assert main(["guard", str(before), str(before)]) == 0
    capsys.readouterr()


def test_baseline_keeps_what_the_guard_compares_and_guards_clean_against_its_source(tmp_path, capsys):
    task = dict(wave()["OrdersTask"], Metadata={"aws:cdk:path": "p/Task", "aws:asset:path": "x"}, DependsOn=["OrdersAlarm"])
    source = write_assembly(tmp_path / "cdk.out", {STACK: dict(wave(), OrdersTask=task)})
    dest = tmp_path / "baseline"
    assert main(["baseline", str(source), str(dest)]) == 0
    capsys.readouterr()
    template = json.loads((dest / "assembly-prod" / "prodMigration.template.json").read_text())
    assert sorted(template["Resources"]) == ["OrdersInstance", "OrdersKey", "OrdersSource", "OrdersSourceSecret", "OrdersSubnetGroup", "OrdersTarget", "OrdersTask"]
    assert template["Resources"]["OrdersTask"]["Metadata"] == {"aws:cdk:path": "p/Task"}
    assert "DependsOn" not in template["Resources"]["OrdersTask"]
    assert json.loads((dest / "manifest.json").read_text())["artifacts"] == {"assembly-prod": {"type": "cdk:cloud-assembly", "properties": {"directoryName": "assembly-prod", "displayName": "prod"}}}
    assert main(["guard", str(dest), str(source)]) == 0
    # A refresh replaces the old baseline, and a directory that is not a baseline is never overwritten.
    assert main(["baseline", str(source), str(dest)]) == 0
    other = tmp_path / "other"
    other.mkdir()
    (other / "keep.txt").write_text("x")
    assert main(["baseline", str(source), str(other)]) == 2
    assert (other / "keep.txt").exists()


def test_baseline_keeps_what_create_only_properties_refer_to(tmp_path, capsys):
    resources = wave()
    resources["Resolver"] = {"Type": "AWS::Route53Resolver::ResolverEndpoint", "Properties": {"Direction": "OUTBOUND"}}
    resources["OrdersInstance"]["Properties"]["DnsNameServers"] = {"Fn::GetAtt": ["Resolver", "IpAddresses"]}
    source = write_assembly(tmp_path / "cdk.out", {STACK: resources})
    assert main(["baseline", str(source), str(tmp_path / "baseline")]) == 0
    template = json.loads((tmp_path / "baseline" / "assembly-prod" / "prodMigration.template.json").read_text())
    assert "Resolver" in template["Resources"] and "OrdersAlarm" not in template["Resources"]


def test_the_committed_baseline_guards_clean_against_itself(capsys):
    assert main(["guard", str(BASELINE), str(BASELINE)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: nothing replaced or deleted")
    stacks = json.loads((BASELINE / "manifest.json").read_text())["artifacts"]
    assert {"assembly-dev", "assembly-prod", "assembly-staging"} <= set(stacks)  # every environment's Stage


def test_the_command_imports_no_cdk():
    code = "import sys; import dms_constructs.cli.main, dms_constructs.cli.guard; print(sorted(m for m in sys.modules if m.split('.')[0] in ('aws_cdk', 'jsii', 'constructs')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"


def test_the_command_runs_as_a_module():
    result = subprocess.run([sys.executable, "-m", "dms_constructs.cli", "guard", str(BASELINE), str(BASELINE), "--quiet"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: nothing replaced or deleted")


def test_references_follow_ref_getatt_sub_and_join():
    from dms_constructs.cli.references import references

    value = {"Fn::Join": ["", [
        {"Ref": "A"},
        {"Fn::GetAtt": "B.Arn"},
        {"Fn::Sub": "${C}-${D.Arn}-${!E}-${AWS::Region}"},
        {"Fn::Sub": ["${F}-${x}", {"x": {"Ref": "G"}}]},
        {"Ref": "AWS::Partition"},
        {"Fn::Select": [0, {"Fn::GetAtt": ["H", "IpAddresses"]}]},
    ]]}
    assert list(references(value)) == ["A", "B", "C", "D", "F", "G", "H"]
