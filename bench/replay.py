"""The replay floor: the cheapest CDK app that produces the same templates as a case.

`record(app, path)` reads a synthesized app: every stage and stack (with its environment), every
template section, and for every resource the compliance acknowledgments that apply to it (on the
resource or an ancestor). `build(spec, outdir, packs)` replays that as raw `CfnResource`s (same
types, properties, logical ids, dependencies, policies, metadata) under the same acknowledgments,
with or without the reference app's compliance packs. What the replay costs is what producing those
templates costs in CDK; the case's time over it is what our constructs add.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

ACK_TYPE = "aws:cdk:acknowledged-rules"
_RESOURCE_KEYS = ("DependsOn", "DeletionPolicy", "UpdateReplacePolicy", "Condition", "Metadata", "UpdatePolicy", "CreationPolicy")
# Sections the default synthesizer writes itself (the bootstrap version check) or a stack prop sets.
_GENERATED = {"AWSTemplateFormatVersion", "Description", "Parameters", "Rules"}


def _acknowledgments(node: Any) -> dict[str, str]:
    """Finding id -> reason of the acknowledgments on `node` and its ancestors (nearest wins)."""
    found: dict[str, str] = {}
    for scope in reversed(node.node.scopes):
        for entry in scope.node.metadata:
            if entry.type == ACK_TYPE:
                found.update({re.sub(r"^annotation::", "", key, flags=re.I): value for key, value in entry.data.items()})
    return found


def record(app: Any, assembly: Any, path: Path) -> None:
    """Write the replay spec of a synthesized `app` (its `assembly`) to `path`."""
    from aws_cdk import CfnResource, Stack, Stage

    def stack_entries(scope: Any) -> list[dict]:
        return [c for c in scope.node.children if isinstance(c, Stack)]

    def describe(stack: Stack, directory: str) -> dict:
        template = json.loads((Path(directory) / stack.template_file).read_text())
        acks: dict[str, dict[str, str]] = {}
        for node in stack.node.find_all():
            if CfnResource.is_cfn_resource(node) and Stack.of(node) is stack:
                found = _acknowledgments(node)
                if found:
                    acks[stack.resolve(node.logical_id)] = found
        return {
            "id": stack.node.id,
            "stack_name": stack.stack_name,
            "account": stack.account,
            "region": stack.region,
            "termination_protection": stack.termination_protection,
            "template": template,
            "acknowledgments": acks,
            "depends_on": [d.node.id for d in stack.dependencies],
        }

    spec: dict[str, Any] = {"stacks": [describe(s, assembly.directory) for s in stack_entries(app)], "stages": []}
    for child in app.node.children:
        if isinstance(child, Stage) and not isinstance(child, Stack):
            inner = assembly.get_nested_assembly(child.artifact_id)
            spec["stages"].append({"id": child.node.id, "account": child.account, "region": child.region,
                                   "stacks": [describe(s, inner.directory) for s in stack_entries(child)]})
    path.write_text(json.dumps(spec))


def build(spec_path: Path, outdir: str, packs: bool) -> Any:
    """An app that replays the recorded templates as raw `CfnResource`s."""
    from aws_cdk import Acknowledgment, App, CfnResource, Environment, Stack, Stage, Validations

    from stacks.reference_app import FEATURE_FLAGS, compliance_packs

    from dms_constructs import CloudFormationLimits

    spec = json.loads(spec_path.read_text())
    app = App(outdir=outdir, context=dict(FEATURE_FLAGS), analytics_reporting=False)

    def replay(scope: Any, entries: list[dict]) -> None:
        made: dict[str, Stack] = {}
        for entry in entries:
            env = Environment(account=entry["account"], region=entry["region"]) if not entry["account"].startswith("${") else None
            stack = Stack(scope, entry["id"], stack_name=entry["stack_name"], env=env,
                          description=entry["template"].get("Description"),
                          termination_protection=entry["termination_protection"], analytics_reporting=False)
            template = entry["template"]
            acks = entry["acknowledgments"]
            for logical_id, raw in (template.get("Resources") or {}).items():
                resource = CfnResource(stack, logical_id, type=raw["Type"], properties=raw.get("Properties"))
                resource.override_logical_id(logical_id)
                for key in _RESOURCE_KEYS:
                    if key in raw:
                        resource.add_override(key, raw[key])
                for finding, reason in acks.get(logical_id, {}).items():
                    Validations.of(resource).acknowledge(Acknowledgment(id=finding, reason=reason))
            # Stack-level template Metadata (e.g. the `dms-constructs:waves` wave records).
            for key, value in (template.get("Metadata") or {}).items():
                stack.add_metadata(key, value)
            extra = {k for k in template if k not in _GENERATED} - {"Resources", "Metadata"}
            if extra:
                raise NotImplementedError(f"replay of template sections {sorted(extra)} (stack {entry['id']})")
            made[entry["id"]] = stack
        for entry in entries:
            for dependency in entry["depends_on"]:
                if dependency in made:
                    made[entry["id"]].add_stack_dependency(made[dependency])

    replay(app, spec["stacks"])
    for stage in spec["stages"]:
        replay(Stage(app, stage["id"], env=Environment(account=stage["account"], region=stage["region"])), stage["stacks"])
    if packs:
        Validations.of(app).add_plugins(*compliance_packs(app), CloudFormationLimits())
    return app
