"""The CloudFormation limits guard fails synth with the stack, the count and the fix."""

from __future__ import annotations

import pytest
from aws_cdk import App, CfnOutput, CfnWaitConditionHandle, Stack, Validations

from dms_constructs import CloudFormationLimits, StackLimits


def _synth(tmp_path, resources: int, outputs: int = 0, limits: StackLimits | None = None) -> dict:
    app = App(outdir=str(tmp_path))
    stack = Stack(app, "Waves")
    for i in range(resources):
        CfnWaitConditionHandle(stack, f"H{i}")
    for i in range(outputs):
        CfnOutput(stack, f"O{i}", value="x")
    Validations.of(app).add_plugins(CloudFormationLimits(limits))
    return app.synth().get_stack_by_name("Waves").template


def test_too_many_resources_fails_synth_naming_stack_count_and_fix(tmp_path, capsys):
    with pytest.raises(RuntimeError, match="ValidationFailed"):
        _synth(tmp_path, 12, limits=StackLimits(resources=10))
    report = (tmp_path / "validation-report.json").read_text()
    assert "Stack Waves (Waves.template.json) has 12 resources; CloudFormation allows at most 10" in report
    assert "split the stack" in report


def test_too_many_outputs_fails(tmp_path):
    with pytest.raises(RuntimeError, match="ValidationFailed"):
        _synth(tmp_path, 1, outputs=3, limits=StackLimits(outputs=2))
    assert "has 3 outputs; CloudFormation allows at most 2" in (tmp_path / "validation-report.json").read_text()


def test_exactly_at_the_limits_passes(tmp_path):
    template = _synth(tmp_path, 10, outputs=2, limits=StackLimits(resources=10, outputs=2))
    assert (len(template["Resources"]), len(template["Outputs"])) == (10, 2)


def test_reference_app_stays_well_under_the_limits(reference_templates):
    for env, stacks in reference_templates.items():
        for name, template in stacks.items():
            # CloudFormation allows 500 (the CloudFormationLimits plugin fails there); prod's five waves with
            # assessments, operator roles and migration logs take about 400. Past 450, split waves across stacks.
            assert len(template["Resources"]) < 450, f"{env}-{name}"
