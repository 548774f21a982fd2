"""The CloudFormation limits guard fails synth with the stack, the count and the fix."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from aws_cdk import App, CfnOutput, CfnWaitConditionHandle, Stack, Validations

import dms_constructs
from dms_constructs import CloudFormationLimits, StackLimits
from dms_constructs.limits import measure


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


def test_the_default_limits_are_cloudformation_s_quotas():
    limits = StackLimits()
    assert (limits.resources, limits.template_bytes, limits.outputs, limits.parameters, limits.mappings) == (500, 1_000_000, 200, 200, 200)
    assert CloudFormationLimits()._limits == StackLimits(500, 1_000_000, 200, 200, 200)


def test_measure_counts_each_section_and_the_template_s_utf8_bytes(tmp_path):
    path = tmp_path / "Waves.template.json"
    path.write_text('{"Resources": {"A": {}, "B": {}}, "Outputs": {"O": {}}, "Parameters": {"P": {}, "Q": {}, "R": {}}, '
                    '"Mappings": {"M": {}}, "Description": "Migration \u00e9t\u00e9"}', encoding="utf-8")
    # 153 characters, two of them two bytes in UTF-8: CloudFormation's limit is on the uploaded bytes.
    assert measure(str(path)) == {"resources": 2, "template_bytes": 155, "outputs": 1, "parameters": 3, "mappings": 1}
    (tmp_path / "empty.json").write_text("{}", encoding="utf-8")
    assert measure(str(tmp_path / "empty.json")) == {"resources": 0, "template_bytes": 2, "outputs": 0, "parameters": 0, "mappings": 0}


def test_the_plugin_names_itself_and_one_rule_per_limit():
    plugin = CloudFormationLimits()
    assert plugin.name == "dms-constructs CloudFormation limits"
    assert plugin.version == dms_constructs.__version__
    assert plugin.rule_ids == ["CloudFormationLimits-resources", "CloudFormationLimits-template_bytes", "CloudFormationLimits-outputs",
                               "CloudFormationLimits-parameters", "CloudFormationLimits-mappings"]


def _context(tmp_path, **templates: str) -> SimpleNamespace:
    """What CDK hands a validation plugin: each stack's construct path and template file."""
    stacks = []
    for name, text in templates.items():
        path = tmp_path / f"{name}.template.json"
        path.write_text(text, encoding="utf-8")
        stacks.append(SimpleNamespace(stack_construct_path=f"Prod/{name}", template_path=str(path)))
    return SimpleNamespace(stack_templates=stacks)


FIX = ("split the stack: move some migration waves into another stack of the same Stage (e.g. one migration stack per group of "
       "waves), or move shared parts (network, roles) out")


def test_each_limit_exceeded_is_one_violation_on_its_stack(tmp_path):
    context = _context(
        tmp_path,
        Small='{"Resources": {"A": {}}, "Parameters": {"P": {}, "Q": {}}}',
        Big='{"Resources": {"A": {}, "B": {}}, "Outputs": {"O": {}, "U": {}}, "Mappings": {"M": {}, "N": {}}}',
    )
    report = CloudFormationLimits(StackLimits(resources=1, template_bytes=80, outputs=1, parameters=2, mappings=1)).validate(context)
    assert report.success is False
    assert [(v.rule_name, v.description, v.fix) for v in report.violations] == [
        ("CloudFormationLimits-resources", "Stack Prod/Big (Big.template.json) has 2 resources; CloudFormation allows at most 1", FIX),
        ("CloudFormationLimits-template_bytes", "Stack Prod/Big (Big.template.json) has 96 template bytes; CloudFormation allows at most 80", FIX),
        ("CloudFormationLimits-outputs", "Stack Prod/Big (Big.template.json) has 2 outputs; CloudFormation allows at most 1", FIX),
        ("CloudFormationLimits-mappings", "Stack Prod/Big (Big.template.json) has 2 mappings; CloudFormation allows at most 1", FIX),
    ]
    located = [(r.construct_path, r.template_path, r.locations) for v in report.violations for r in v.violating_resources]
    big = str(tmp_path / "Big.template.json")
    assert located == [("Prod/Big", big, ["resources"]), ("Prod/Big", big, ["template_bytes"]), ("Prod/Big", big, ["outputs"]), ("Prod/Big", big, ["mappings"])]


def test_stacks_at_the_limits_pass(tmp_path):
    context = _context(tmp_path, Small='{"Resources": {"A": {}}, "Parameters": {"P": {}, "Q": {}}}')
    report = CloudFormationLimits(StackLimits(resources=1, template_bytes=58, outputs=0, parameters=2, mappings=0)).validate(context)
    assert (report.success, report.violations) == (True, [])
