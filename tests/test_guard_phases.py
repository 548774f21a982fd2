"""The guard knows phases: deleting a wave's DMS resources is the intended change when AFTER's template
metadata (`dms-constructs:waves`) says that wave is RETIRED (hand-written assemblies, as in test_guard.py)."""

from __future__ import annotations

import json
from pathlib import Path

from dms_constructs.cli.main import main

from .test_guard import STACK, summary, wave, write_assembly

KEPT = ("OrdersKey", "OrdersSourceSecret", "OrdersRole", "OrdersAlarm", "OtherSecret")


def _retired_resources() -> dict[str, dict]:
    return {k: v for k, v in wave().items() if k in KEPT}


def _guard(tmp_path: Path, after: dict, waves: list[dict], capsys) -> tuple[int, list[dict]]:
    b = write_assembly(tmp_path / "before", {STACK: wave()})
    a = write_assembly(tmp_path / "after", {STACK: after})
    template = a / "assembly-prod" / f"{STACK.replace('-', '')}.template.json"
    document = json.loads(template.read_text())
    document["Metadata"] = {"dms-constructs:waves": {"version": 1, "waves": waves}}
    template.write_text(json.dumps(document))
    code = main(["guard", str(b), str(a), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)["findings"]


def test_retiring_a_wave_deletes_its_dms_resources_as_intended(tmp_path, capsys):
    code, findings = _guard(tmp_path, _retired_resources(), [{"name": "orders", "identifier": "prod-orders", "phase": "RETIRED"}], capsys)
    assert code == 0
    assert summary(findings) == [
        ("info", "retire", "OrdersInstance", ""),
        ("info", "retire", "OrdersSource", ""),
        ("info", "retire", "OrdersSubnetGroup", ""),
        ("info", "retire", "OrdersTarget", ""),
        ("info", "retire", "OrdersTask", ""),
    ]
    task = next(f for f in findings if f["logical_id"] == "OrdersTask")
    assert task["reason"] == "deleted: wave orders is RETIRED (intended)"
    assert task["identifier"] == "prod-orders-customers"


def test_the_same_deletion_while_the_wave_is_migrating_fails(tmp_path, capsys):
    code, findings = _guard(tmp_path, _retired_resources(), [{"name": "orders", "identifier": "prod-orders", "phase": "MIGRATING"}], capsys)
    assert code == 1
    assert ("error", "delete", "OrdersTask", "") in summary(findings)


def test_another_waves_retirement_excuses_nothing_here(tmp_path, capsys):
    waves = [{"name": "order", "identifier": "prod-order", "phase": "RETIRED"}, {"name": "orders", "identifier": "prod-orders", "phase": "CUT_OVER"}]
    code, findings = _guard(tmp_path, _retired_resources(), waves, capsys)
    assert code == 1
    assert [f["change"] for f in findings if f["severity"] == "error"] == ["delete"] * 5


def test_the_wave_tag_marks_a_resource_whose_identifier_does_not_tell(tmp_path, capsys):
    before = wave()
    before["OrdersCertificate"] = {
        "Type": "AWS::DMS::Certificate",
        "Properties": {"CertificateIdentifier": "corp-ca", "CertificatePem": "PEM", "Tags": [{"Key": "MigrationWave", "Value": "orders"}]},
    }
    before["OrdersSource"]["Properties"]["CertificateArn"] = {"Ref": "OrdersCertificate"}
    b = write_assembly(tmp_path / "before", {STACK: before})
    a = write_assembly(tmp_path / "after", {STACK: _retired_resources()})
    template = a / "assembly-prod" / f"{STACK.replace('-', '')}.template.json"
    document = json.loads(template.read_text())
    document["Metadata"] = {"dms-constructs:waves": {"version": 1, "waves": [{"name": "orders", "identifier": "prod-orders", "phase": "RETIRED"}]}}
    template.write_text(json.dumps(document))
    assert main(["guard", str(b), str(a), "--format", "json"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert ("info", "retire", "OrdersCertificate", "") in summary(findings)


def test_retired_waves_are_read_from_the_metadata_only():
    from dms_constructs.cli.guard import retired_waves, retiring_wave

    template = {"Metadata": {"dms-constructs:waves": {"waves": [
        {"name": "orders", "identifier": "prod-orders", "phase": "RETIRED"},
        {"name": "claims", "identifier": "prod-claims", "phase": "MIGRATING"},
    ]}}}
    assert retired_waves(template) == {"orders": "prod-orders"}
    assert retired_waves({"Resources": {}}) == {}
    assert retiring_wave({"Type": "AWS::DMS::Endpoint", "Properties": {"EndpointIdentifier": "prod-orders"}}, {"orders": "prod-orders"}) == "orders"
    assert retiring_wave({"Type": "AWS::DMS::Endpoint", "Properties": {"EndpointIdentifier": "prod-ordersx-a"}}, {"orders": "prod-orders"}) is None
