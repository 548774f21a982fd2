"""`DmsChecks`: the DMS rule pack, a cdk-nag v3 `NagPack` written in Python."""

from __future__ import annotations

from typing import Any, ClassVar, Optional, Sequence, Union

import jsii
from aws_cdk import (
    CfnResource,
    IPolicyValidationContext,
    PolicyValidationPluginReport,
    PolicyViolatingResource,
    PolicyViolation,
    Stack,
)
from cdk_nag import IApplyRule, NagMessageLevel, NagPack, NagRuleCompliance
from constructs import IConstruct

from .._validation import fail
from .._version import __version__
from .rules import MULTI_AZ_RULE_ID, PACK_NAME, RULES, RULES_BY_TYPE, Options, Outcome, Rule, rules_markdown
from ._view import RenderedView, Resource, StackView, TemplateView

_LEVELS = {
    "error": NagMessageLevel.ERROR,
    "warn": NagMessageLevel.WARN,
    "warning": NagMessageLevel.WARN,
    "info": NagMessageLevel.INFO,
}


@jsii.implements(IApplyRule)
class _Finding:
    """The `IApplyRule` handed to `NagPack.applyRule` for one non-compliant resource (or one rule that
    raised, so that cdk-nag reports the error as a finding instead of passing silently).

    IApplyRule's members are settable (its TypeScript properties are not readonly): each is a property
    with a setter, as jsii passes only descriptors on to JavaScript, never plain attributes."""

    def __init__(self, rule: Rule, node: CfnResource, level: NagMessageLevel, info: str, error: Optional[BaseException] = None):
        self._rule = rule
        self._node = node
        self._level = level
        self._info = info
        self._error = error
        self._suffix: Optional[str] = rule.suffix
        self._explanation = rule.explanation

    @property
    def rule_suffix_override(self) -> Optional[str]:
        return self._suffix

    @rule_suffix_override.setter
    def rule_suffix_override(self, value: Optional[str]) -> None:
        self._suffix = value

    @property
    def info(self) -> str:
        return self._info

    @info.setter
    def info(self, value: str) -> None:
        self._info = value

    @property
    def explanation(self) -> str:
        return self._explanation

    @explanation.setter
    def explanation(self, value: str) -> None:
        self._explanation = value

    @property
    def level(self) -> NagMessageLevel:
        return self._level

    @level.setter
    def level(self, value: NagMessageLevel) -> None:
        self._level = value

    @property
    def node(self) -> CfnResource:
        return self._node

    @node.setter
    def node(self, value: CfnResource) -> None:
        self._node = value

    def rule(self, node: CfnResource) -> Any:
        if self._error is not None:
            raise RuntimeError(f"{self._rule.id} failed on {node.node.path}: {self._error!r}")
        return NagRuleCompliance.NON_COMPLIANT


class DmsChecks(NagPack):
    """AWS DMS best practices (the AWS Security Hub DMS controls and a few more) for any CDK app.

    Attach it like any cdk-nag v3 pack; findings fail `app.synth()`::

        Validations.of(app).add_plugins(DmsChecks(app))

    Acknowledge one finding where it is acceptable, with the reason::

        Validations.of(instance).acknowledge(Acknowledgment(id="DmsChecks-DMS.13", reason="dev is single-AZ"))

    The rules read raw `AWS::DMS::*` and `AWS::IAM::Role` resources, so apps that do not use
    dms_constructs benefit too. During `app.synth()` they read the synthesized templates (property
    overrides included); `validate_scope(scope)` renders the L1 constructs instead (call it after
    `app.synth()` so that tags from `Tags.of()` are applied).

    :param scope: the app (as for every NagPack); optional.
    :param required_tag_keys: tag keys DMS.3/DMS.4/DMS.5 require; with none, at least one tag. Default: ().
    :param multi_az_level: severity of DMS.13 (`NagMessageLevel.ERROR` fails synth, `WARN` only reports;
        "error"/"warning" accepted). Default: ERROR.
    :param verbose: add each rule's explanation to its findings. Default: False.
    """

    #: Every rule: `.id`, `.control`, `.checks`, `.fix` (and `.resource_types`, `.info`, `.explanation`).
    RULES: ClassVar[tuple[Rule, ...]] = RULES
    PACK_NAME: ClassVar[str] = PACK_NAME
    MULTI_AZ_RULE_ID: ClassVar[str] = MULTI_AZ_RULE_ID

    def __init__(
        self,
        scope: Optional[IConstruct] = None,
        *,
        required_tag_keys: Sequence[str] = (),
        multi_az_level: Union[NagMessageLevel, str] = NagMessageLevel.ERROR,
        verbose: bool = False,
    ) -> None:
        options = Options(required_tag_keys=_tag_keys(required_tag_keys))
        level = _level("multi_az_level", multi_az_level)
        super().__init__(scope, verbose=verbose)
        self._pack_name = PACK_NAME
        self._dms_options = options
        self._dms_multi_az_level = level
        self._dms_template_paths: dict[str, str] = {}
        self._dms_views: dict[str, StackView] = {}
        self._dms_app: Optional[IConstruct] = None
        self._dms_child_ids: dict[str, dict[str, tuple[int, IConstruct]]] = {}

    # -- IPolicyValidationPlugin ------------------------------------------------------------------
    @property
    def name(self) -> str:
        return PACK_NAME

    @property
    def version(self) -> Optional[str]:
        return __version__

    @property
    def rule_ids(self) -> Optional[list[str]]:
        return [r.id for r in RULES]

    def validate(self, context: IPolicyValidationContext) -> PolicyValidationPluginReport:
        """Called by CDK during `app.synth()`: reads each stack's written template.

        The rules run on the templates in Python first. Only the resources they find non-compliant are
        then checked through cdk-nag (which honours acknowledgments and builds the report), found by the
        construct path CDK writes into each resource's metadata. Without that metadata (an app that turns
        path metadata off) or with nested stacks, the whole app is walked as `validate_scope` does: one
        call from the jsii runtime per CfnResource, which costs seconds on a large app."""
        self._dms_template_paths = {s.stack_construct_path: s.template_path for s in context.stack_templates}
        try:
            self._dms_app = context.app_construct
            flagged = self._flagged_paths()
            if flagged is None:
                return self.validate_scope(context.app_construct)
            return self._validate_paths(context.app_construct, flagged)
        finally:
            self._dms_template_paths = {}
            self._dms_views = {}
            self._dms_app = None
            self._dms_child_ids = {}

    def _flagged_paths(self) -> Optional[list[tuple[str, str]]]:
        """(construct path, logical id) of the resources some rule finds non-compliant (or raises on),
        in template order; None when a template cannot say where a resource's construct is."""
        self._dms_views = {}
        flagged: list[tuple[str, str]] = []
        for stack_path, template_path in sorted(self._dms_template_paths.items(), key=lambda item: self._tree_order(item[0])):
            view = TemplateView(template_path)
            self._dms_views[stack_path] = view
            for logical_id, type_ in view.logical_ids().items():
                if type_ == _NESTED_STACK:
                    return None
                rules = RULES_BY_TYPE.get(type_)
                if not rules:
                    continue
                resource = view.resource(logical_id)
                if resource is None:
                    continue
                if any(_fails(rule, resource, view, self._dms_options) for rule in rules):
                    path = view.construct_path(logical_id)
                    if path is None:
                        return None
                    flagged.append((path, logical_id))
        return flagged

    def _tree_order(self, stack_path: str) -> tuple[int, ...]:
        """Where the stack comes in a walk of the app (a template lists its resources in that order too),
        so that findings are reported in the order a walk of the whole app reports them."""
        order: list[int] = []
        node: Optional[IConstruct] = self._dms_app
        for segment in stack_path.split("/"):
            if node is None:
                break
            ids = self._dms_child_ids.get(node.node.path)
            if ids is None:
                children = node.node.children
                ids = self._dms_child_ids[node.node.path] = {child.node.id: (index, child) for index, child in enumerate(children)}
            index, node = ids.get(segment, (len(ids), None))
            order.append(index)
        return tuple(order)

    def _validate_paths(self, app: IConstruct, flagged: Sequence[tuple[str, str]]) -> PolicyValidationPluginReport:
        """cdk-nag's check of each flagged resource, merged into one report as one walk would group it.
        A path that leads to no CfnResource with the template's logical id (metadata edited by hand) walks
        the app instead."""
        nodes = [_find(app, path) for path, _ in flagged]
        if not all(_writes(node, logical_id) for node, (_, logical_id) in zip(nodes, flagged)):
            return self.validate_scope(app)
        violations: dict[str, PolicyViolation] = {}
        for node in nodes:
            assert node is not None  # `_writes` checked it
            for violation in NagPack.validate_scope(self, node).violations:
                seen = violations.get(violation.rule_name)
                if seen is None:
                    violations[violation.rule_name] = violation
                else:
                    violations[violation.rule_name] = _with_resources(seen, [*seen.violating_resources, *violation.violating_resources])
        return _report(list(violations.values()))

    def validate_scope(self, scope: IConstruct) -> PolicyValidationPluginReport:
        """Check every CfnResource under `scope`. Success means no finding of error severity
        (DMS.13 at `multi_az_level=WARN` is reported but does not fail)."""
        self._dms_views = {}
        try:
            report = super().validate_scope(scope)
        finally:
            self._dms_views = {}
        return _report(list(report.violations))

    # -- NagPack -----------------------------------------------------------------------------------
    def _check_resource(self, node: CfnResource) -> None:
        rules = RULES_BY_TYPE.get(node.cfn_resource_type)
        if not rules:
            return
        stack = Stack.of(node)
        if not self._in_scope(stack):
            return
        view = self._view(stack)
        resource: Optional[Resource]
        if isinstance(view, RenderedView):
            resource = view.render(node)
        else:
            resource = view.resource(stack.resolve(node.logical_id))
        if resource is None:  # not in the template (e.g. a resource that does not synthesize)
            return
        for rule in rules:
            try:
                outcome = rule.evaluate(resource, view, self._dms_options)
            except Exception as error:  # noqa: BLE001 - reported as a finding, never swallowed
                self._apply_rule(_Finding(rule, node, self._level_of(rule), rule.message(self._dms_options), error))
                continue
            if outcome is Outcome.NON_COMPLIANT:
                self._apply_rule(_Finding(rule, node, self._level_of(rule), rule.message(self._dms_options)))

    # -- helpers -----------------------------------------------------------------------------------
    def _level_of(self, rule: Rule) -> NagMessageLevel:
        return self._dms_multi_az_level if rule.id == MULTI_AZ_RULE_ID else NagMessageLevel.ERROR

    def _in_scope(self, stack: Stack) -> bool:
        """During synth, only the stacks CDK handed this plugin (those of the Stage it was added to, and
        their nested stacks); `NagPack` itself would walk the whole app."""
        if not self._dms_template_paths:
            return True
        current: Optional[Stack] = stack
        while current is not None:
            if current.node.path in self._dms_template_paths:
                return True
            current = current.nested_stack_parent
        return False

    def _view(self, stack: Stack) -> StackView:
        path = stack.node.path
        view = self._dms_views.get(path)
        if view is None:
            template_path = self._dms_template_paths.get(path)
            view = TemplateView(template_path) if template_path else RenderedView(stack)
            self._dms_views[path] = view
        return view

    @staticmethod
    def rules_markdown() -> str:
        """The markdown rules table (id | Security Hub control | what it checks | the fix)."""
        return rules_markdown()


def _report(violations: list[PolicyViolation]) -> PolicyValidationPluginReport:
    """Success means no finding of error severity (a warning, e.g. DMS.13 at `multi_az_level=WARN`, passes)."""
    return PolicyValidationPluginReport(success=not any(v.severity in ("error", "fatal") for v in violations), violations=violations)


def _fails(rule: Rule, resource: Resource, view: StackView, options: Options) -> bool:
    try:
        return rule.evaluate(resource, view, options) is Outcome.NON_COMPLIANT
    except Exception:  # noqa: BLE001 - cdk-nag reports the error as a finding when it checks the resource
        return True


def _find(app: IConstruct, path: str) -> Optional[IConstruct]:
    """The construct at `path` (ids joined by "/", from the app's children down)."""
    node: Optional[IConstruct] = app
    for segment in path.split("/"):
        node = node.node.try_find_child(segment) if node is not None else None
    return node


def _writes(node: Optional[IConstruct], logical_id: str) -> bool:
    """Whether `node` is the CfnResource the template lists as `logical_id`."""
    return isinstance(node, CfnResource) and Stack.of(node).resolve(node.logical_id) == logical_id


def _with_resources(violation: PolicyViolation, resources: list[PolicyViolatingResource]) -> PolicyViolation:
    return PolicyViolation(
        rule_name=violation.rule_name,
        description=violation.description,
        violating_resources=resources,
        severity=violation.severity,
        fix=violation.fix,
        rule_metadata=violation.rule_metadata,
    )


_NESTED_STACK = "AWS::CloudFormation::Stack"


def _tag_keys(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__") or not all(isinstance(k, str) and k for k in value):
        fail(
            "DmsChecks.required_tag_keys",
            value,
            "must be a list of non-empty tag keys",
            "pass e.g. required_tag_keys=['Owner', 'CostCenter'] (a list, not a single string)",
        )
    return tuple(dict.fromkeys(value))


def _level(field: str, value: Any) -> NagMessageLevel:
    if isinstance(value, NagMessageLevel):
        return value
    if isinstance(value, str) and value.strip().lower() in _LEVELS:
        return _LEVELS[value.strip().lower()]
    fail(field, value, "is not a message level", "use NagMessageLevel.ERROR or NagMessageLevel.WARN ('error' or 'warning')")
