"""Builds the reference app: one Stage per environment, compliance packs attached to the app."""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence

from aws_cdk import App, Validations
from cdk_nag import AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks

from dms_constructs import CloudFormationLimits
from dms_constructs.checks import DmsChecks

from .config import ENVIRONMENTS, environment_config, pipeline_config
from .pipeline import build_delivery_pipeline, wanted
from .stage import MigrationEnvironment

REQUIRED_TAG_KEYS = ("Application", "Environment", "Owner", "CostCenter", "DataClassification")

# Feature flags pinned in code so that `cdk synth`, tests and snapshots agree.
FEATURE_FLAGS: dict[str, Any] = {
    "@aws-cdk/aws-ec2:restrictDefaultSecurityGroup": True,
    "@aws-cdk/aws-iam:minimizePolicies": True,
    "@aws-cdk/aws-kms:reduceCrossAccountRegionPolicyScope": True,
    "@aws-cdk/core:validateSnapshotRemovalPolicy": True,
    "@aws-cdk/aws-logs:disableFlowLogsRetention": False,
    # The pipeline's access-log bucket admits log delivery by bucket policy, not the legacy ACL.
    "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy": True,
}


def compliance_packs(app: App) -> list:
    """The packs every stack must pass with zero unacknowledged findings: four cdk-nag v3 packs and
    the library's own DMS best-practice pack (every wave carries the five cost and ownership tags)."""
    return [
        AwsSolutionsChecks(app),
        HIPAASecurityChecks(app),
        NIST80053R5Checks(app),
        PCIDSS321Checks(app),
        DmsChecks(app, required_tag_keys=REQUIRED_TAG_KEYS),
    ]


def create_app(context: Optional[Mapping[str, Any]] = None, **app_kwargs: Any) -> App:
    """An App with the pinned feature flags and `context` (CLI `-c` values arrive on their own)."""
    return App(
        context={**FEATURE_FLAGS, **(context or {})},
        analytics_reporting=False,
        # Path metadata ties template resources to construct paths, as `cdk synth` does.
        post_cli_context={"aws:cdk:enable-path-metadata": True},
        **app_kwargs,
    )


def build_reference_app(app: App, environments: Optional[Sequence[str]] = None) -> list[MigrationEnvironment]:
    """Add the environments (default: the `env` context value, or all of them), the delivery pipeline
    when every environment is built (or as `-c pipeline=true|false` says), and the compliance gate."""
    if environments is None:
        selected = app.node.try_get_context("env")
        environments = [selected] if selected else list(ENVIRONMENTS)
    stages = [MigrationEnvironment(app, environment_config(name, app.node.try_get_context)) for name in environments]
    if wanted(app.node.try_get_context("pipeline"), environments, list(ENVIRONMENTS)):
        # Last: CDK Pipelines synthesizes the stages it is given, so they must be complete.
        build_delivery_pipeline(app, stages, pipeline_config(app.node.try_get_context))
    Validations.of(app).add_plugins(*compliance_packs(app), CloudFormationLimits())
    return stages
