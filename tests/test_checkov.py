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


_SKIPPED_CHECKS = ("CKV_AWS_115", "CKV_AWS_116", "CKV_AWS_117")

# The gate of `make checkov`, run unchanged as `tools/checkov_gate.py <dir>` by checkov's interpreter, with its one
# call of checkov observed: the command, checkov's exit code and its JSON report are written next to the gate's
# own output. checkov takes about 5 s to start (its imports), so the module's tests share one run of the gate
# over one directory that holds every case, each test reading the part it is about.
_OBSERVED_GATE = """
import json, runpy, subprocess, sys

gate, out_dir, observed = sys.argv[1:]
run = subprocess.run


def observe(command, **kwargs):
    result = run(command, **kwargs)
    with open(observed, "w") as f:
        json.dump({"command": command, "returncode": result.returncode, "stdout": result.stdout}, f)
    return result


subprocess.run = observe
sys.argv = [gate, out_dir]
runpy.run_path(gate, run_name="__main__")
"""


@pytest.fixture(scope="module")
def gate_run(tmp_path_factory: pytest.TempPathFactory):
    """One run of the gate over a directory as `cdk synth` leaves it: a top-level template `Checked` with one
    function that skips three checks in its metadata and one that skips none, and a nested assembly's template
    `Flagged` with one more function. Returns (the gate's process, checkov's observed call, logical ids)."""
    out = tmp_path_factory.mktemp("cdk.out")
    app = App(outdir=str(out))
    checked = env_stack(app, "Checked")
    skipped, flagged = _function(checked, "Skipped"), _function(checked, "Flagged")
    for check_id in _SKIPPED_CHECKS:
        skip_checkov(skipped, check_id, f"{check_id}: {REASON}")
    app.synth()
    nested = App(outdir=str(out / "assembly-x"))
    other = env_stack(nested, "Flagged")
    nested_fn = _function(other, "Fn")
    nested.synth()
    observed = out.parent / f"{out.name}-checkov.json"
    gate = subprocess.run(
        [str(ROOT / ".venv-checkov" / "bin" / "python"), "-c", _OBSERVED_GATE, str(ROOT / "tools" / "checkov_gate.py"), str(out), str(observed)],
        capture_output=True, text=True, check=False,
    )
    assert observed.exists(), gate.stdout + gate.stderr  # the gate ran checkov
    ids = {
        "skipped": checked.get_logical_id(skipped.node.default_child),
        "flagged": checked.get_logical_id(flagged.node.default_child),
        "nested": other.get_logical_id(nested_fn.node.default_child),
    }
    return gate, json.loads(observed.read_text()), ids


def _failed_lines(stdout: str, template: str, logical_id: str) -> set[str]:
    """The check ids of the gate's FAILED lines for one Lambda function of one template."""
    return {
        line.split()[1] for line in stdout.splitlines()
        if line.startswith("FAILED ") and line.endswith(f": AWS::Lambda::Function.{logical_id} in {template}")
    }


@pytest.mark.skipif(not CHECKOV.exists(), reason="checkov is installed by `make setup` into .venv-checkov")
def test_checkov_honours_the_skips_and_still_fails_the_rest(gate_run):
    """Contract test of checkov (third-party behaviour, kept on purpose, the only one of checkov): the mechanism
    `skip_checkov` rests on. checkov reads the skips from the template's metadata, and a failed check fails its run."""
    _, checkov, ids = gate_run
    results = json.loads(checkov["stdout"])["results"]
    by_resource = lambda checks, logical_id: {  # noqa: E731
        c["check_id"]: c for c in checks
        if c["resource"] == f"AWS::Lambda::Function.{logical_id}" and c["file_path"].endswith("/Checked.template.json")
    }
    assert set(by_resource(results["skipped_checks"], ids["skipped"])) == set(_SKIPPED_CHECKS)
    assert by_resource(results["skipped_checks"], ids["skipped"])["CKV_AWS_116"]["check_result"]["suppress_comment"] == f"CKV_AWS_116: {REASON}"
    assert not by_resource(results["failed_checks"], ids["skipped"])
    assert set(_SKIPPED_CHECKS) <= set(by_resource(results["failed_checks"], ids["flagged"]))
    assert checkov["returncode"] == 1  # failed checks fail checkov's run


@pytest.mark.skipif(not CHECKOV.exists(), reason="checkov is installed by `make setup` into .venv-checkov")
def test_the_gate_fails_on_failed_checks_of_every_template_and_honours_the_skips(gate_run):
    gate, checkov, ids = gate_run
    assert gate.returncode == 1, gate.stdout + gate.stderr
    # Both templates were handed to checkov: the top-level one and the nested assembly's.
    files = [checkov["command"][i + 1] for i, arg in enumerate(checkov["command"]) if arg == "--file"]
    assert sorted(f.rsplit("/", 1)[1] for f in files) == ["Checked.template.json", "Flagged.template.json"]
    assert set(_SKIPPED_CHECKS) <= _failed_lines(gate.stdout, "Checked.template.json", ids["flagged"])
    assert set(_SKIPPED_CHECKS) <= _failed_lines(gate.stdout, "Flagged.template.json", ids["nested"])
    assert not _failed_lines(gate.stdout, "Checked.template.json", ids["skipped"])
    (summary,) = [line for line in gate.stdout.splitlines() if line.startswith("checkov gate: ")]
    assert summary.startswith("checkov gate: 2 templates, ") and summary.endswith(", 3 skipped in templates")


@pytest.mark.skipif(not CHECKOV.exists(), reason="checkov is installed by `make setup` into .venv-checkov")
def test_the_gate_fails_on_missing_templates(tmp_path):
    gate = [str(ROOT / ".venv-checkov" / "bin" / "python"), str(ROOT / "tools" / "checkov_gate.py")]
    empty = subprocess.run([*gate, str(tmp_path)], capture_output=True, text=True, check=False)
    assert empty.returncode == 2 and "no templates under" in empty.stderr
