"""The delivery pipeline: every push is tested by `make test`, deployed to dev, then staging, then waits for a
person before prod. It lives in a tooling account and deploys cross-account through the CDK bootstrap roles
of each environment account (`cdk bootstrap --trust <tooling account>`).

The stages it deploys are the app's own environment Stages, the very ones `cdk deploy 'prod/*'` deploys:
same templates, same stack names, so a team can move from direct deploys to the pipeline without a second
copy of any stack (a second copy would collide on the account-wide `dms-vpc-role`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Sequence

from aws_cdk import Duration, Environment, RemovalPolicy, Stack, Stage, Tags, Token
from aws_cdk import aws_codebuild as codebuild
from aws_cdk import aws_codepipeline as codepipeline
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import pipelines
from constructs import Construct, IConstruct

from dms_constructs.acknowledgments import acknowledge, skip_checkov
from dms_constructs.encryption import EncryptionKey
from dms_constructs.errors import fail

from .config import PipelineConfig

#: The command the synth step runs: unit, snapshot and compliance tests, then cfn-lint over a fresh full
#: synth into cdk.out/ (the Makefile's lint step). What cfn-lint checked is what the pipeline deploys.
SYNTH_COMMANDS = ("make test",)
#: Where `make test` leaves the synthesized app: the synth step's primary output.
CLOUD_ASSEMBLY_DIR = "cdk.out"
#: The CodeBuild image and runtimes of the synth step (`make setup` brings Node.js 22 for jsii and the CDK
#: CLI from package-lock.json; the image's Node.js only runs npm).
BUILD_IMAGE = codebuild.LinuxBuildImage.STANDARD_7_0
RUNTIME_VERSIONS = {"python": "3.12", "nodejs": "20"}
#: cdk-assets, which publishes the stages' assets (CDK Pipelines' default is "latest": pinned for repeatable runs).
CDK_ASSETS_VERSION = "4.7.3"
#: The pip and npm download caches kept on the build host between builds (best effort, no bucket).
CACHE_PATHS = ("/root/.cache/pip/**/*", "/root/.npm/**/*")

_ROOT = Path(__file__).resolve().parent.parent


def cdk_cli_version() -> str:
    """The CDK CLI version pinned in package.json: the pipeline's self-update runs the same CLI as `make`."""
    return json.loads((_ROOT / "package.json").read_text())["devDependencies"]["aws-cdk"]


class DeliveryPipelineStack(Stack):
    """CDK Pipelines in the tooling account: Source -> Build (`make test`) -> UpdatePipeline -> Assets ->
    pre-production stages (in order, or in one parallel wave) -> `production` behind a manual approval.

    :param config: tooling account and region, connection, repository, branch, approvers.
    :param pre_production: the Stages deployed before the approval, in promotion order.
    :param production: the Stage deployed after a person approves.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        config: PipelineConfig,
        pre_production: Sequence[Stage],
        production: Stage,
        **kwargs: Any,
    ) -> None:
        for stage in [*pre_production, production]:
            if stage.region != config.region:
                # CodePipeline would add a support stack with an unhardened replication bucket in that region.
                fail("pipeline.region", config.region,
                     f"differs from the region of {stage.stage_name} ({stage.region}): cross-region delivery needs "
                     "a replication bucket per region, which this pipeline does not create",
                     "keep the pipeline and every environment in one region")
        super().__init__(scope, id, env=Environment(account=config.account, region=config.region), **kwargs)
        self.config = config

        # The artifact key is shared with the environment accounts' deploy roles (CDK adds their grants);
        # build logs and the approval topic use a second key that never leaves the tooling account.
        self.artifact_key = EncryptionKey(self, "ArtifactKey", description="dms-constructs pipeline artifacts").key
        self.tooling_key = EncryptionKey(self, "ToolingKey", description="dms-constructs pipeline logs and notifications").key
        EncryptionKey.allow_cloudwatch_logs(self.tooling_key)

        self.access_logs = s3.Bucket(
            self,
            "AccessLogs",
            encryption=s3.BucketEncryption.KMS,
            encryption_key=self.tooling_key,
            bucket_key_enabled=True,
            enforce_ssl=True,
            versioned=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(365), noncurrent_version_expiration=Duration.days(30))],
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.artifact_bucket = s3.Bucket(
            self,
            "Artifacts",
            encryption=s3.BucketEncryption.KMS,
            encryption_key=self.artifact_key,
            bucket_key_enabled=True,
            enforce_ssl=True,
            versioned=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            server_access_logs_bucket=self.access_logs,
            server_access_logs_prefix="artifacts/",
            lifecycle_rules=[s3.LifecycleRule(noncurrent_version_expiration=Duration.days(90))],
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.build_logs = logs.LogGroup(
            self,
            "BuildLogs",
            encryption_key=self.tooling_key,
            retention=logs.RetentionDays.ONE_YEAR,
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.approval_topic = sns.Topic(
            self, "ApprovalTopic", display_name="dms-constructs: a change waits for approval before prod",
            master_key=self.tooling_key, enforce_ssl=True,
        )
        for email in config.approver_emails:
            self.approval_topic.add_subscription(subscriptions.EmailSubscription(email))

        source = pipelines.CodePipelineSource.connection(
            config.repository, config.branch, connection_arn=config.connection_arn, trigger_on_push=True
        )
        synth = pipelines.CodeBuildStep(
            "Synth",
            input=source,
            commands=list(SYNTH_COMMANDS),
            primary_output_directory=CLOUD_ASSEMBLY_DIR,
            build_environment=codebuild.BuildEnvironment(
                build_image=BUILD_IMAGE,
                # jsii runs the CDK in a Node.js child process: the small instance (3 GB) is tight for the full app.
                compute_type=codebuild.ComputeType.MEDIUM,
            ),
            partial_build_spec=codebuild.BuildSpec.from_object(
                {"phases": {"install": {"runtime-versions": RUNTIME_VERSIONS}}, "cache": {"paths": list(CACHE_PATHS)}}
            ),
            cache=codebuild.Cache.local(codebuild.LocalCacheMode.CUSTOM),
            timeout=Duration.minutes(45),
        )
        self.pipeline = pipelines.CodePipeline(
            self,
            "Pipeline",
            pipeline_name="dms-migrations",
            pipeline_type=codepipeline.PipelineType.V2,
            synth=synth,
            artifact_bucket=self.artifact_bucket,
            # Required for cross-account deployment; with our own bucket it also keys any cross-region
            # replication bucket CDK Pipelines adds when an environment's region differs from the tooling region.
            cross_account_keys=True,
            enable_key_rotation=True,
            cli_version=cdk_cli_version(),
            cdk_assets_cli_version=CDK_ASSETS_VERSION,
            # One asset-publishing project for all file assets (a few Lambda bundles and templates),
            # instead of one project and one role per asset.
            publish_assets_in_parallel=False,
            code_build_defaults=pipelines.CodeBuildOptions(
                build_environment=codebuild.BuildEnvironment(build_image=BUILD_IMAGE),
                logging=codebuild.LoggingOptions(
                    cloud_watch=codebuild.CloudWatchLoggingOptions(log_group=self.build_logs)
                ),
            ),
        )

        if config.parallel_pre_production:
            wave = self.pipeline.add_wave("PreProduction")
            for stage in pre_production:
                wave.add_stage(stage)
        else:
            for stage in pre_production:
                self.pipeline.add_stage(stage)
        self.approval = pipelines.ManualApprovalStep(
            "PromoteToProduction",
            comment=(
                f"This commit passed make test and is deployed to {' and '.join(s.stage_name for s in pre_production)}. "
                f"Approve to deploy it to {production.stage_name}; reject to stop it here."
            ),
            notification_topic=self.approval_topic,
        )
        self.pipeline.add_stage(production, pre=[self.approval])
        # Build now (not just in time at synth) so that the roles and projects exist to be acknowledged.
        self.pipeline.build_pipeline()
        # CodePipeline needs its role's policy before it is created; the role itself is already ordered by the
        # RoleArn reference (a DependsOn on it too is redundant: cfn-lint W3005).
        self._at("Pipeline/Pipeline/Resource").add_override(
            "DependsOn", [self.get_logical_id(self._at("Pipeline/Pipeline/Role/DefaultPolicy/Resource"))]
        )
        self._acknowledge_findings(source_action=config.repository.replace("/", "_"), production=production.stage_name)
        Tags.of(self).add("Environment", "tooling")
        Tags.of(self).add("ManagedBy", "dms-constructs")

    def _at(self, path: str) -> IConstruct:
        """The construct at `path` under this stack; fails loudly when CDK Pipelines no longer builds it, so an
        acknowledgment never silently lands nowhere."""
        node: IConstruct = self
        for part in path.split("/"):
            child = node.node.try_find_child(part)
            if child is None:
                raise LookupError(f"{self.node.path}/{path}: not built by CDK Pipelines (at {part!r}); review the acknowledgments")
            node = child
        return node

    @property
    def _partition(self) -> str:
        """The partition as cdk-nag writes it in finding ids: a literal (`aws`) under the recommended flag
        `@aws-cdk/core:enablePartitionLiterals` in a stack with a known region, else `<AWS::Partition>`."""
        return "<AWS::Partition>" if Token.is_unresolved(self.partition) else self.partition

    def _id(self, path: str) -> str:
        """`<LogicalId>` of the CloudFormation resource at `path`, as cdk-nag writes it in finding ids."""
        return f"<{self.resolve(self.get_logical_id(self._at(path)))}>"

    def _acknowledge_findings(self, *, source_action: str, production: str) -> None:
        """The findings CDK Pipelines' own roles and projects raise, each on its one resource with its reason.
        Everything that props could fix is fixed above (keys, bucket, logs, topic)."""
        stage = "Pipeline/Pipeline"
        roles = {
            f"{stage}/Role": "The pipeline's service role",
            f"{stage}/Source/{source_action}/CodePipelineActionRole": "The source action's role",
            f"{stage}/Build/Synth/CdkBuildProject/Role": "The synth (make test) project's role",
            f"{stage}/{production}/PromoteToProduction/CodePipelineActionRole": "The approval action's role",
            "Pipeline/CodeBuildActionRole": "The role CodePipeline uses to start the pipeline's CodeBuild projects",
            "Pipeline/UpdatePipeline/SelfMutation/Role": "The self-update project's role",
            "Pipeline/Assets/FileRole": "The asset-publishing project's role",
        }
        artifacts = self._id("Artifacts/Resource")
        bucket_read = [
            ("AwsSolutions-IAM5[Action::s3:GetBucket*]", _S3_ACTIONS),
            ("AwsSolutions-IAM5[Action::s3:GetObject*]", _S3_ACTIONS),
            ("AwsSolutions-IAM5[Action::s3:List*]", _S3_ACTIONS),
            (f"AwsSolutions-IAM5[Resource::{artifacts[:-1]}.Arn>/*]", _S3_OBJECTS),
        ]
        bucket_write = [
            ("AwsSolutions-IAM5[Action::s3:Abort*]", _S3_ACTIONS),
            ("AwsSolutions-IAM5[Action::s3:DeleteObject*]", _S3_ACTIONS),
        ]
        key_use = [
            ("AwsSolutions-IAM5[Action::kms:GenerateDataKey*]", _KMS_ACTIONS),
            ("AwsSolutions-IAM5[Action::kms:ReEncrypt*]", _KMS_ACTIONS),
        ]

        def project_logs(project: str) -> list[tuple[str, str]]:
            arn = f"arn:{self._partition}:{{}}:{self.region}:{self.account}:"
            project_id = self._id(f"{project}/Resource")
            return [
                (f"AwsSolutions-IAM5[Resource::{arn.format('logs')}log-group:/aws/codebuild/{project_id}:*]", _PROJECT_LOGS),
                (f"AwsSolutions-IAM5[Resource::{arn.format('codebuild')}report-group/{project_id}-*]", _PROJECT_REPORTS),
            ]

        findings: dict[str, list[tuple[str, str]]] = {
            f"{stage}/Role": bucket_read + bucket_write + key_use,
            f"{stage}/Source/{source_action}/CodePipelineActionRole": bucket_read + bucket_write + key_use,
            f"{stage}/Build/Synth/CdkBuildProject/Role": bucket_read + bucket_write + key_use
            + project_logs(f"{stage}/Build/Synth/CdkBuildProject"),
            f"{stage}/{production}/PromoteToProduction/CodePipelineActionRole": [
                ("AwsSolutions-IAM5[Action::kms:GenerateDataKey*]", _KMS_ACTIONS),
            ],
            "Pipeline/UpdatePipeline/SelfMutation/Role": bucket_read + key_use
            + project_logs("Pipeline/UpdatePipeline/SelfMutation")
            + [
                (f"AwsSolutions-IAM5[Resource::arn:*:iam::{self.account}:role/*]", _BOOTSTRAP_ROLES),
                ("AwsSolutions-IAM5[Resource::*]", _SELF_MUTATION_READS),
            ],
            "Pipeline/Assets/FileRole": bucket_read
            + [
                (f"AwsSolutions-IAM5[Resource::arn:{self._partition}:logs:{self.region}:{self.account}:log-group:/aws/codebuild/*]", _ASSET_ROLE_SHARED),
                (f"AwsSolutions-IAM5[Resource::arn:{self._partition}:codebuild:{self.region}:{self.account}:report-group/*]", _ASSET_ROLE_SHARED),
                ("AwsSolutions-IAM5[Resource::*]", _ASSET_ROLE_SHARED),
            ],
        }
        for role, who in roles.items():
            policy = self._at(f"{role}/DefaultPolicy/Resource")
            for pack in ("HIPAA.Security", "NIST.800.53.R5", "PCI.DSS.321"):
                acknowledge(policy, f"{pack}-IAMNoInlinePolicy", f"{who}: {_INLINE_POLICY}")
            for finding, reason in findings.get(role, []):
                acknowledge(policy, finding, reason)

        for project in (f"{stage}/Build/Synth/CdkBuildProject", "Pipeline/UpdatePipeline/SelfMutation", "Pipeline/Assets/FileAsset"):
            resource = self._at(f"{project}/Resource")
            for pack in ("HIPAA.Security", "PCI.DSS.321"):
                acknowledge(resource, f"{pack}-CodeBuildProjectSourceRepoUrl", _PIPELINE_SOURCE)

        # checkov: the same two exceptions in its own terms.
        skip_checkov(self._at("AccessLogs/Resource"), "CKV_AWS_18", _ACCESS_LOGS_NOT_LOGGED)
        skip_checkov(self._at("Pipeline/Assets/FileRole/DefaultPolicy/Resource"), "CKV_AWS_111", _ASSET_ROLE_SHARED)

        for bucket, reason in (("Artifacts", _ARTIFACTS_NOT_REPLICATED), ("AccessLogs", _ACCESS_LOGS_NOT_REPLICATED)):
            for pack in ("HIPAA.Security", "NIST.800.53.R5", "PCI.DSS.321"):
                acknowledge(self._at(f"{bucket}/Resource"), f"{pack}-S3BucketReplicationEnabled", reason)


_ACCESS_LOGS_NOT_LOGGED = (
    "This bucket receives the artifact bucket's server access logs; logging its own access would write into "
    "itself or need a third bucket with the same question."
)
_INLINE_POLICY = (
    "CDK Pipelines writes this role's grants into its default policy and keeps them in step with the pipeline's "
    "stages and artifacts; the policy belongs to this one role, and a managed copy would have to follow every "
    "pipeline change by hand."
)
_S3_ACTIONS = (
    "CDK's grant on this pipeline's own artifact bucket only: the action wildcards are S3's object-operation "
    "families (versions, tags, multipart) on that one bucket."
)
_S3_OBJECTS = (
    "Objects of this pipeline's artifact bucket only: CodePipeline chooses the artifact keys per execution, so no "
    "narrower key pattern exists."
)
_KMS_ACTIONS = (
    "On the one key named as the resource (artifact or tooling key): the GenerateDataKey*/ReEncrypt* variants are "
    "what S3 SSE-KMS and SNS use for envelope encryption."
)
_PROJECT_LOGS = (
    "This project's own /aws/codebuild/<project> log group, which CDK grants every project; the build writes to "
    "the encrypted BuildLogs group, and the stream names are per build."
)
_PROJECT_REPORTS = "This project's own report groups (<project>-*), named per report when a build creates them."
_BOOTSTRAP_ROLES = (
    "The self-update runs `cdk deploy` of this stack through the tooling account's CDK bootstrap roles: the statement "
    "is conditioned on iam:ResourceTag/aws-cdk:bootstrap-role (deploy, file-publishing, image-publishing)."
)
_SELF_MUTATION_READS = (
    "cloudformation:DescribeStacks and s3:ListBucket, read-only calls the CDK CLI makes before it assumes the "
    "bootstrap deploy role; which stacks and buckets it reads is known only at run time."
)
_ASSET_ROLE_SHARED = (
    "CDK Pipelines shares this role among the asset-publishing projects and creates it before them, so it grants "
    "build control, logs and reports for any project of this account; it is assumable only by CodeBuild and can "
    "publish only through the environment accounts' file-publishing bootstrap roles."
)
_PIPELINE_SOURCE = (
    "The project's source is CODEPIPELINE: it receives the repository as a pipeline artifact from the "
    "CodeConnections source action and holds no repository URL or credentials, so there is no OAuth to configure."
)
_ARTIFACTS_NOT_REPLICATED = (
    "Pipeline artifacts are build outputs of a commit, rebuilt from the repository by re-running the pipeline; a "
    "replica in another region would restore nothing that Git does not hold."
)
_ACCESS_LOGS_NOT_REPLICATED = (
    "Server access logs of the artifact bucket, versioned and kept a year in the tooling account; they record reads "
    "of build outputs, and each environment's deployment record is its own CloudFormation history and CloudTrail."
)


def wanted(context: Any, environments: Sequence[str], all_environments: Sequence[str]) -> bool:
    """Whether to build the pipeline: `-c pipeline=true|false`, else only when every environment is built
    (`cdk synth -c env=prod` builds prod alone, and so no pipeline)."""
    complete = list(environments) == list(all_environments)
    if context is None:
        return complete
    value = str(context).strip().lower()
    if value not in ("true", "false"):
        fail("pipeline", context, "is not true or false", "use -c pipeline=true or -c pipeline=false")
    if value == "true" and not complete:
        fail("pipeline", context, f"needs every environment, but only {', '.join(environments)} is built",
             "drop -c env=... to build the pipeline, or drop -c pipeline=true")
    return value == "true"


def build_delivery_pipeline(
    app: Construct, stages: Sequence[Stage], config: PipelineConfig, production: str = "prod"
) -> DeliveryPipelineStack:
    """The pipeline stack `DeliveryPipeline`, deploying `stages` in their order with the one named `production`
    last, behind the approval. Build it after the stages are complete: CDK Pipelines synthesizes each Stage
    when it is added, so later changes to a stage would not reach its templates."""
    pre = [s for s in stages if s.stage_name != production]
    (prod,) = [s for s in stages if s.stage_name == production]
    return DeliveryPipelineStack(
        app,
        "DeliveryPipeline",
        config=config,
        pre_production=pre,
        production=prod,
        description="dms-constructs delivery pipeline: make test, dev, staging, approval, prod",
        termination_protection=True,
    )
