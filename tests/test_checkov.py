"""checkov suppressions: the helper writes checkov's own in-template metadata, and checkov honours it."""

from __future__ import annotations

import json
import subprocess

import pytest
from aws_cdk import App, CfnResource
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template

from dms_constructs import DmsConfigError
from dms_constructs.acknowledgments import skip_checkov

from .conftest import ROOT, env_stack

CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"
REASON = "A real reason that is long enough."


def _function(stack, id: str) -> lambda_.Function:
    return lambda_.Function(stack, id, runtime=lambda_.Runtime.PYTHON_3_14, handler="index.handler", code=lambda_.Code.from_inline("def handler(e, c): pass"))


def test_skip_checkov_writes_one_entry_per_check_in_order_next_to_other_metadata():
    stack = env_stack()
    queue = sqs.CfnQueue(stack, "Queue")
    queue.add_metadata("cfn_nag", {"rules_to_suppress": []})
    skip_checkov(queue, "CKV_AWS_27", "first reason, long enough")
    skip_checkov(queue, "CKV2_AWS_73", "second reason, long enough")
    skip_checkov(queue, "CKV_AWS_27", "a later reason for the same check")
    metadata = Template.from_stack(stack).to_json()["Resources"]["Queue"]["Metadata"]
    assert metadata["checkov"] == {
        "skip": [
            {"id": "CKV_AWS_27", "comment": "first reason, long enough"},
            {"id": "CKV2_AWS_73", "comment": "second reason, long enough"},
        ]
    }
    assert metadata["cfn_nag"] == {"rules_to_suppress": []}


def test_skip_checkov_on_an_l2_construct_writes_to_its_default_child():
    stack = env_stack()
    function = _function(stack, "Fn")
    skip_checkov(function, "CKV_AWS_116", REASON)
    (resource,) = [r for r in Template.from_stack(stack).to_json()["Resources"].values() if r["Type"] == "AWS::Lambda::Function"]
    assert resource["Metadata"]["checkov"] == {"skip": [{"id": "CKV_AWS_116", "comment": REASON}]}


@pytest.mark.parametrize(
    "check_id, reason, message",
    [
        ("CKV_AWS_116", "short", "acknowledgment CKV_AWS_116: reason is too short (got 'short'); say why the finding is acceptable"),
        ("AwsSolutions-L1", REASON, "skip_checkov: 'AwsSolutions-L1' is not a checkov CloudFormation check id; use e.g. 'CKV_AWS_116'"),
    ],
)
def test_skip_checkov_messages(check_id, reason, message):
    stack = env_stack()
    with pytest.raises(DmsConfigError) as error:
        skip_checkov(sqs.CfnQueue(stack, "Queue"), check_id, reason)
    assert str(error.value) == message


def test_skip_checkov_needs_a_cloudformation_resource():
    stack = env_stack()
    with pytest.raises(DmsConfigError) as error:
        skip_checkov(stack, "CKV_AWS_116", REASON)
    assert str(error.value) == (
        "skip_checkov CKV_AWS_116: Test is not a CloudFormation resource and has none as its default child; "
        "pass the CfnResource to skip the check on"
    )


@pytest.mark.skipif(not CHECKOV.exists(), reason="checkov is installed by `make setup` into .venv-checkov")
def test_checkov_honours_the_skips_and_still_fails_the_rest(tmp_path):
    """Contract test of checkov (third-party behaviour, kept on purpose, the only one of checkov): the mechanism
    `skip_checkov` rests on. checkov reads the skips from the template's metadata, and a failed check fails its run."""
    app = App(outdir=str(tmp_path))
    stack = env_stack(app, "Checked")
    skipped, flagged = _function(stack, "Skipped"), _function(stack, "Flagged")
    for check_id in ("CKV_AWS_115", "CKV_AWS_116", "CKV_AWS_117"):
        skip_checkov(skipped, check_id, f"{check_id}: {REASON}")
    app.synth()
    run = subprocess.run(
        [str(CHECKOV), "--framework", "cloudformation", "--skip-download", "--compact", "--output", "json",
         "--file", str(tmp_path / "Checked.template.json")],
        capture_output=True, text=True, check=False,
    )
    results = json.loads(run.stdout)["results"]
    skipped_id = stack.get_logical_id(skipped.node.default_child)
    flagged_id = stack.get_logical_id(flagged.node.default_child)
    by_resource = lambda checks, logical_id: {c["check_id"]: c for c in checks if c["resource"] == f"AWS::Lambda::Function.{logical_id}"}  # noqa: E731
    assert set(by_resource(results["skipped_checks"], skipped_id)) == {"CKV_AWS_115", "CKV_AWS_116", "CKV_AWS_117"}
    assert by_resource(results["skipped_checks"], skipped_id)["CKV_AWS_116"]["check_result"]["suppress_comment"] == f"CKV_AWS_116: {REASON}"
    assert not by_resource(results["failed_checks"], skipped_id)
    assert {"CKV_AWS_115", "CKV_AWS_116", "CKV_AWS_117"} <= set(by_resource(results["failed_checks"], flagged_id))
    assert run.returncode == 1  # failed checks fail the run: the gate of `make checkov`


@pytest.mark.skipif(not CHECKOV.exists(), reason="checkov is installed by `make setup` into .venv-checkov")
def test_the_gate_fails_on_failed_checks_and_on_missing_templates(tmp_path):
    gate = [str(ROOT / ".venv-checkov" / "bin" / "python"), str(ROOT / "tools" / "checkov_gate.py")]
    empty = subprocess.run([*gate, str(tmp_path)], capture_output=True, text=True, check=False)
    assert empty.returncode == 2 and "no templates under" in empty.stderr
    assembly = tmp_path / "assembly-x"
    app = App(outdir=str(assembly))
    _function(env_stack(app, "Flagged"), "Fn")
    app.synth()
    run = subprocess.run([*gate, str(tmp_path)], capture_output=True, text=True, check=False)
    assert run.returncode == 1
    assert "FAILED CKV_AWS_116 " in run.stdout
    assert "checkov gate: 1 templates," in run.stdout
