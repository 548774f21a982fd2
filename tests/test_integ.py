"""The integration tests' driver (tools/integ.py) and what their committed snapshots promise.

`make test` compares the snapshots with the apps (tools/integ.py snapshot); the tests here read the
committed snapshots, so together they catch an assertion dropped from an app.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOTS = {p.name.removesuffix(".py.snapshot"): p for p in sorted((ROOT / "integ").glob("*.py.snapshot"))}


def _load_driver():
    spec = importlib.util.spec_from_file_location("integ_driver", ROOT / "tools" / "integ.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["integ_driver"] = module
    spec.loader.exec_module(module)
    return module


integ = _load_driver()


# --- the driver ----------------------------------------------------------------------------------------


def test_discover_finds_the_three_tests_and_rejects_unknown_names():
    assert [t.name for t in integ.discover()] == ["integ_connectivity.py", "integ_mysql_instance.py", "integ_postgres_serverless.py"]
    assert [t.name for t in integ.discover(["integ/integ_mysql_instance.py"])] == ["integ_mysql_instance.py"]
    with pytest.raises(SystemExit, match="no such integration test: integ_nothing"):
        integ.discover(["integ_nothing"])


def test_compare_reports_changed_added_and_removed_files():
    before = {"A.template.json": {"Resources": {"X": {"Type": "AWS::SNS::Topic"}}}, "Gone.template.json": {}}
    after = {"A.template.json": {"Resources": {"X": {"Type": "AWS::SQS::Queue"}}}, "New.template.json": {}}
    lines = integ.compare(before, after)
    assert "--- Gone.template.json: in the snapshot, no longer synthesized" in lines
    assert "+++ New.template.json: synthesized, not in the snapshot" in lines
    assert '-   "Type": "AWS::SNS::Topic"' in lines
    assert '+   "Type": "AWS::SQS::Queue"' in lines
    assert integ.compare(before, before) == []


def test_snapshot_fails_on_a_difference_and_update_rewrites_it(tmp_path, capsys):
    test = tmp_path / "integ_fake.py"
    test.write_text("")
    synthesized = {"S.template.json": {"Resources": {}}, "integ.json": {"testCases": {}}}
    assert integ.snapshot([test], update=False, synthesize=lambda t, out: synthesized) == 1
    assert "+++ S.template.json: synthesized, not in the snapshot" in capsys.readouterr().out
    assert integ.snapshot([test], update=True, synthesize=lambda t, out: synthesized) == 0
    assert sorted(p.name for p in (tmp_path / "integ_fake.py.snapshot").iterdir()) == ["S.template.json", "integ.json"]
    assert integ.snapshot([test], update=False, synthesize=lambda t, out: synthesized) == 0
    changed = {**synthesized, "S.template.json": {"Resources": {"Y": {}}}}
    assert integ.snapshot([test], update=False, synthesize=lambda t, out: changed) == 1


def test_snapshot_reports_an_app_that_does_not_synthesize(tmp_path, capsys):
    test = tmp_path / "integ_broken.py"

    def broken(t, out):
        raise RuntimeError("integ_broken.py does not synthesize:\nValidationFailed")

    assert integ.snapshot([test], update=True, synthesize=broken) == 1
    assert "ERROR    integ_broken.py" in capsys.readouterr().out
    assert not (tmp_path / "integ_broken.py.snapshot").exists()


def test_deploy_refuses_without_an_explicit_matching_account():
    with pytest.raises(SystemExit, match=r"name the account explicitly, e.g. `make integ INTEG_ACCOUNT=123456789012`"):
        integ.check_account(None, "123456789012")
    with pytest.raises(SystemExit, match="INTEG_ACCOUNT='12345' is not a 12-digit AWS account id"):
        integ.check_account("12345", "123456789012")
    with pytest.raises(SystemExit, match="INTEG_ACCOUNT=210987654321 but your credentials belong to account 123456789012: refusing"):
        integ.check_account("210987654321", "123456789012")
    integ.check_account("123456789012", "123456789012")


def test_failed_assertions_reads_the_assertion_stack_outputs():
    outputs = {
        "Assert": {
            "AssertionResultsAwsApiCallA": '{"status":"success"}',
            "AssertionResultsAwsApiCallB": '{"status":"fail","message":"Expected ready but received creating"}',
            "AssertionResultsAwsApiCallC": "not json",
            "ExportsOutputRefSomething": '{"status":"fail"}',
        },
        "Other": {"AssertionResultsX": '{"status":"fail"}'},
    }
    assert integ.failed_assertions(outputs) == [
        "Assert.AssertionResultsAwsApiCallB: Expected ready but received creating",
        "Assert.AssertionResultsAwsApiCallC: not json",
        "Other.AssertionResultsX: {'status': 'fail'}",
    ]
    assert integ.failed_assertions({"Assert": {"AssertionResultsA": '{"status":"success"}'}}) == []


@mock_aws
def test_deploy_names_the_missing_dms_service_roles():
    iam = boto3.client("iam", region_name="us-east-1")
    assert integ.missing_service_roles(iam) == ["dms-vpc-role", "dms-cloudwatch-logs-role"]
    iam.create_role(RoleName="dms-vpc-role", AssumeRolePolicyDocument="{}")
    assert integ.missing_service_roles(iam) == ["dms-cloudwatch-logs-role"]
    iam.create_role(RoleName="dms-cloudwatch-logs-role", AssumeRolePolicyDocument="{}")
    assert integ.missing_service_roles(iam) == []


# --- what the committed snapshots promise --------------------------------------------------------------


def _templates(name: str) -> tuple[dict, dict]:
    """(test stack, assertion stack) of one committed snapshot."""
    directory = SNAPSHOTS[name]
    manifest = json.loads((directory / "integ.json").read_text())
    (case,) = manifest["testCases"].values()
    (stack,) = case["stacks"]
    load = lambda n: json.loads((directory / f"{n}.template.json").read_text())  # noqa: E731
    return load(stack), load(case["assertionStackName"])


def _calls(assert_template: dict) -> list[tuple[str, dict, list[str]]]:
    """(api, parameters, depends on) of every AWS API call of an assertion stack, in dependency order."""
    calls = {}
    for logical_id, resource in assert_template["Resources"].items():
        if resource["Type"].startswith("Custom::DeployAssert@SdkCall"):
            props = resource["Properties"]
            calls[logical_id] = (props["api"], props.get("parameters", {}), resource.get("DependsOn", []))
    ordered, done = [], set()
    while len(done) < len(calls):
        ready = sorted(i for i, (_, _, deps) in calls.items() if i not in done and all(d in done or d not in calls for d in deps))
        assert ready, "the assertion calls form a cycle"
        ordered.append(calls[ready[0]])
        done.add(ready[0])
    return ordered


def test_every_test_runs_its_apis_in_the_order_a_migration_goes():
    apis = {name: [api for api, _, _ in _calls(_templates(name)[1])] for name in SNAPSHOTS}
    assert apis == {
        "integ_mysql_instance": [
            "TestConnection", "DescribeConnections", "TestConnection", "DescribeConnections", "DescribeReplicationTasks",
            "ExecuteStatement", "ExecuteStatement", "ExecuteStatement", "StartReplicationTask", "DescribeReplicationTasks",
            "ExecuteStatement", "DescribeAlarms",
        ],
        "integ_postgres_serverless": [
            "ExecuteStatement", "ExecuteStatement", "StartReplication", "DescribeReplications", "ListObjectsV2", "DescribeAlarms",
        ],
        "integ_connectivity": [
            "TestConnection", "DescribeConnections", "TestConnection", "DescribeConnections", "DescribeReplicationTasks", "DescribeAlarms",
        ],
    }


@pytest.mark.parametrize("name", ["integ_mysql_instance", "integ_connectivity"])
def test_every_endpoint_of_an_instance_wave_gets_a_connection_test_that_must_succeed(name):
    stack, asserts = _templates(name)
    endpoints = {i for i, r in stack["Resources"].items() if r["Type"] == "AWS::DMS::Endpoint"}
    assert len(endpoints) == 2
    # Cross-stack references: exports (Fn::ImportValue) or, under the recommended flags, plain outputs read
    # with Fn::GetStackOutput; the assertion's parameters name either.
    exports = {o["Export"]["Name"]: o["Value"] for o in stack.get("Outputs", {}).values() if "Export" in o}
    exports.update({name: o["Value"] for name, o in stack.get("Outputs", {}).items()})
    tested = set()
    for api, params, _ in _calls(asserts):
        if api == "TestConnection":
            imported = json.dumps(params)
            tested |= {exports[n]["Ref"] for n in exports if n in imported and exports[n].get("Ref") in endpoints}
    assert tested == endpoints
    expectations = [r["Properties"]["expected"] for r in asserts["Resources"].values()
                    if r["Type"].startswith("Custom::DeployAssert@SdkCall") and r["Properties"]["api"] == "DescribeConnections"]
    assert len(expectations) == 2 and all('"Status":"successful"' in json.dumps(e).replace("\\", "").replace(" ", "") for e in expectations)


@pytest.mark.parametrize("name", sorted(SNAPSHOTS))
def test_the_alarm_check_names_every_alarm_of_the_wave(name):
    stack, asserts = _templates(name)
    alarms = sorted(r["Properties"]["AlarmName"] for r in stack["Resources"].values() if r["Type"] == "AWS::CloudWatch::Alarm")
    assert alarms
    (params,) = [p for api, p, _ in _calls(asserts) if api == "DescribeAlarms"]
    assert json.loads(params["AlarmNames"]) == alarms


# --- library: ids of resources created in the same app ---------------------------------------------------


def test_connectivity_options_accept_ids_known_only_at_deploy_time():
    """A transit gateway or peer VPC created in the same app (as integ_connectivity does) has a token id."""
    from aws_cdk import Fn

    from dms_constructs import DmsConfigError, TransitGatewayAttachment, VpcPeering

    token = Fn.import_value("SomeVpcId")
    VpcPeering(peer_cidr="10.70.0.0/16", peer_vpc_id=token, peer_route_table_ids=[Fn.import_value("SomeRouteTable")])
    TransitGatewayAttachment(transit_gateway_id=Fn.import_value("SomeGateway"), routes=["10.60.0.0/16"])
    with pytest.raises(DmsConfigError, match="VpcPeering.peer_vpc_id.*is not a vpc id.*vpc-0123456789abcdef0"):
        VpcPeering(peer_cidr="10.70.0.0/16", peer_vpc_id="vpc-not-an-id")


# --- deploy, assert, destroy (the CLI replaced by a recorder) ----------------------------------------------


class _Cli:
    """Records the CDK CLI commands `deploy` runs; `deploy` writes the outputs file and exits as told."""

    def __init__(self, outputs, deploy_rc=0):
        self.commands, self.outputs, self.deploy_rc = [], outputs, deploy_rc

    def __call__(self, command, cwd=None, env=None, check=False):
        self.commands.append((command[1], command[command.index("--app") + 1].split()[-1], env["CDK_DEFAULT_ACCOUNT"], cwd))
        if command[1] == "deploy" and self.outputs is not None:
            Path(command[command.index("--outputs-file") + 1]).parent.mkdir(parents=True, exist_ok=True)
            Path(command[command.index("--outputs-file") + 1]).write_text(json.dumps(self.outputs))
        return type("Done", (), {"returncode": self.deploy_rc if command[1] == "deploy" else 0})()


@pytest.fixture
def account(monkeypatch, tmp_path):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.setenv("INTEG_ACCOUNT", "123456789012")  # moto's account
    monkeypatch.delenv("INTEG_KEEP", raising=False)
    monkeypatch.setattr(integ, "DEPLOY_OUT", tmp_path / "out")
    with mock_aws():
        iam = boto3.client("iam")
        for name in ("dms-vpc-role", "dms-cloudwatch-logs-role"):
            iam.create_role(RoleName=name, AssumeRolePolicyDocument="{}")
        yield


def test_deploy_deploys_then_destroys_each_test_and_passes_when_every_assertion_succeeds(account, monkeypatch, capsys):
    cli = _Cli({"Assert": {"AssertionResultsA": '{"status":"success"}'}})
    monkeypatch.setattr(integ.subprocess, "run", cli)
    assert integ.deploy(integ.discover(["integ_connectivity", "integ_mysql_instance"])) == 0
    assert cli.commands == [
        ("deploy", "integ_connectivity.py", "123456789012", ROOT / "integ"),
        ("destroy", "integ_connectivity.py", "123456789012", ROOT / "integ"),
        ("deploy", "integ_mysql_instance.py", "123456789012", ROOT / "integ"),
        ("destroy", "integ_mysql_instance.py", "123456789012", ROOT / "integ"),
    ]
    assert "PASSED   integ_connectivity" in capsys.readouterr().out


def test_deploy_fails_on_a_failed_assertion_or_deployment_and_still_destroys(account, monkeypatch, capsys):
    cli = _Cli({"Assert": {"AssertionResultsA": '{"status":"fail","message":"Expected running but received failed"}'}})
    monkeypatch.setattr(integ.subprocess, "run", cli)
    assert integ.deploy(integ.discover(["integ_postgres_serverless"])) == 1
    assert [c[0] for c in cli.commands] == ["deploy", "destroy"]
    assert "Assert.AssertionResultsA: Expected running but received failed" in capsys.readouterr().out

    cli = _Cli(None, deploy_rc=1)  # a waiting assertion that never matched fails the deployment itself
    monkeypatch.setattr(integ.subprocess, "run", cli)
    assert integ.deploy(integ.discover(["integ_postgres_serverless"])) == 1
    assert [c[0] for c in cli.commands] == ["deploy", "destroy"]
    assert "the deployment failed" in capsys.readouterr().out


def test_deploy_refuses_before_deploying_anything(account, monkeypatch):
    cli = _Cli({})
    monkeypatch.setattr(integ.subprocess, "run", cli)
    monkeypatch.setenv("INTEG_ACCOUNT", "210987654321")
    with pytest.raises(SystemExit, match="but your credentials belong to account 123456789012"):
        integ.deploy(integ.discover())
    monkeypatch.delenv("INTEG_ACCOUNT")
    with pytest.raises(SystemExit, match="name the account explicitly"):
        integ.deploy(integ.discover())
    monkeypatch.setenv("INTEG_ACCOUNT", "123456789012")
    boto3.client("iam").delete_role(RoleName="dms-vpc-role")
    with pytest.raises(SystemExit, match="The account has no dms-vpc-role"):
        integ.deploy(integ.discover())
    assert cli.commands == []
