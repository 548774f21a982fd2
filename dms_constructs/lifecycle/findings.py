"""Why the functions behind the library's custom resources are exempt from some compliance checks:
one place for the cdk-nag acknowledgments and checkov skips they share."""

from __future__ import annotations

from typing import Any

from constructs import IConstruct

from .._tree import default_resource
from ..acknowledgments import acknowledge_each, skip_checkov_each

NO_DLQ = (
    "Runs only for a stack operation; a failed invocation fails that operation with the reason (or times it "
    "out), which is the alert. A dead-letter queue would hold a CloudFormation request nobody can replay."
)
# Lambda developer guide, "Configuring reserved concurrency": an account keeps at least 100 unreserved.
NO_RESERVED_CONCURRENCY = (
    "Invoked only by CloudFormation and the Provider framework, a few times per deploy. Reserved concurrency "
    "needs 100 unreserved executions left in the account, which fails deploys in accounts with a low quota."
)
FRAMEWORK_ENVIRONMENT = (
    "The Provider framework's only environment variables are the ARNs of its own functions and waiter state "
    "machine, no secret; Lambda encrypts them at rest with its AWS managed key."
)


def outside_vpc(apis: str) -> str:
    """The reason a custom-resource function runs outside the VPC, naming the APIs it calls."""
    return (
        f"Deliberately outside the VPC: it calls only the {apis} APIs and answers CloudFormation's pre-signed S3 "
        "URL, which the wave's isolated subnets cannot reach; it touches no database."
    )


def exempt_custom_resource_function(function: IConstruct, *, outside_vpc_reason: str, framework: bool) -> None:
    """Acknowledge the cdk-nag findings and skip the checkov checks that a custom-resource function outside
    the VPC, without a dead-letter queue or reserved concurrency, cannot meet."""
    # One round trip for the acknowledgments and one for the checkov skips (same entries, same order).
    acknowledge_each(function, [
        *((finding, outside_vpc_reason) for finding in ("HIPAA.Security-LambdaInsideVPC", "NIST.800.53.R5-LambdaInsideVPC", "PCI.DSS.321-LambdaInsideVPC")),
        *((finding, NO_DLQ) for finding in ("HIPAA.Security-LambdaDLQ", "NIST.800.53.R5-LambdaDLQ")),
        *((finding, NO_RESERVED_CONCURRENCY) for finding in ("HIPAA.Security-LambdaConcurrency", "NIST.800.53.R5-LambdaConcurrency")),
    ])
    skips = [("CKV_AWS_117", outside_vpc_reason), ("CKV_AWS_116", NO_DLQ), ("CKV_AWS_115", NO_RESERVED_CONCURRENCY)]
    if framework:
        skips.append(("CKV_AWS_173", FRAMEWORK_ENVIRONMENT))
    skip_checkov_each(default_resource(function), skips)


def nag_arn(value: Any) -> str:
    """An ARN as cdk-nag names it in a finding: `Fn::Join` parts joined, `Ref`s as `<Name>`,
    `Fn::GetAtt`s as `<Name.Attribute>`."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        return str(separator).join(nag_arn(part) for part in parts)
    if isinstance(value, dict) and "Ref" in value:
        return f"<{value['Ref']}>"
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        logical_id, attribute = value["Fn::GetAtt"]
        return f"<{logical_id}.{attribute}>"
    raise ValueError(f"unexpected ARN form {value!r}")
