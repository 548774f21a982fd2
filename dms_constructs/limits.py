"""A synth-time guard for CloudFormation's hard per-stack limits, which otherwise surface only at deploy.

Attach it like any CDK validation plugin: `Validations.of(app).add_plugins(CloudFormationLimits())`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Optional

import jsii
from aws_cdk import (
    IPolicyValidationContext,
    IPolicyValidationPlugin,
    PolicyValidationPluginReport,
    PolicyViolatingResource,
    PolicyViolation,
)

from ._version import __version__


@dataclass(frozen=True)
class StackLimits:
    """CloudFormation quotas per stack (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html).

    :param resources: Default: 500.
    :param template_bytes: the template body uploaded through S3. Default: 1,000,000.
    :param outputs: Default: 200.
    :param parameters: Default: 200.
    :param mappings: Default: 200.
    """

    resources: int = 500
    template_bytes: int = 1_000_000
    outputs: int = 200
    parameters: int = 200
    mappings: int = 200


_FIX = (
    "split the stack: move some migration waves into another stack of the same Stage "
    "(e.g. one migration stack per group of waves), or move shared parts (network, roles) out"
)


def measure(template_path: str) -> dict[str, int]:
    """Counts CloudFormation limits apply to, for one synthesized template."""
    with open(template_path, encoding="utf-8") as handle:
        text = handle.read()
    template = json.loads(text)
    return {
        "resources": len(template.get("Resources", {})),
        "template_bytes": len(text.encode("utf-8")),
        "outputs": len(template.get("Outputs", {})),
        "parameters": len(template.get("Parameters", {})),
        "mappings": len(template.get("Mappings", {})),
    }


@jsii.implements(IPolicyValidationPlugin)
class CloudFormationLimits:
    """Fails synth when a stack would exceed a CloudFormation limit, naming the stack, the count, the
    limit and what to do. Attach it like a cdk-nag pack: `Validations.of(app).add_plugins(CloudFormationLimits())`.

    :param limits: the limits to hold stacks to. Default: `StackLimits()` (CloudFormation's quotas).
    """

    def __init__(self, limits: Optional[StackLimits] = None) -> None:
        self._limits = limits or StackLimits()

    @property
    def name(self) -> str:
        """The plugin's name in the validation report."""
        return "dms-constructs CloudFormation limits"

    @property
    def version(self) -> str:
        """The plugin's version: the library's."""
        return __version__

    @property
    def rule_ids(self) -> list[str]:
        """One rule per limit, `CloudFormationLimits-<limit>`."""
        return [f"CloudFormationLimits-{k}" for k in vars(self._limits)]

    def validate(self, context: IPolicyValidationContext) -> PolicyValidationPluginReport:
        """Measure each synthesized template (resources, outputs, parameters, mappings, size) against the limits."""
        violations = []
        for stack in context.stack_templates:
            counts = measure(stack.template_path)
            for what, count in counts.items():
                limit = getattr(self._limits, what)
                if count > limit:
                    violations.append(
                        PolicyViolation(
                            rule_name=f"CloudFormationLimits-{what}",
                            description=(
                                f"Stack {stack.stack_construct_path} ({os.path.basename(stack.template_path)}) has "
                                f"{count} {what.replace('_', ' ')}; CloudFormation allows at most {limit}"
                            ),
                            fix=_FIX,
                            violating_resources=[
                                PolicyViolatingResource(
                                    construct_path=stack.stack_construct_path,
                                    template_path=stack.template_path,
                                    locations=[what],
                                )
                            ],
                        )
                    )
        return PolicyValidationPluginReport(success=not violations, violations=violations)
