"""The delivery pipeline: order of stages, the gate it runs, cross-account trust, encryption, acknowledgments."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from aws_cdk import App, CfnWaitConditionHandle, Environment, Stack, Stage
from aws_cdk import aws_s3_assets as s3_assets
from cdk_nag import AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks
from syrupy.extensions.json import JSONSnapshotExtension

from dms_constructs import DmsConfigError
from stacks import pipeline as pipeline_module
from stacks.config import PIPELINE, PipelineConfig, pipeline_config
from stacks.pipeline import build_delivery_pipeline, wanted
from stacks.reference_app import FEATURE_FLAGS

from .conftest import ROOT, normalise
from .helpers import resources, walk

ENV_STACKS = {
    "dev": ["dev-AccountBaseline", "dev-Migration"],
    "staging": ["staging-AccountBaseline", "staging-Migration"],
    "prod": ["prod-AccountBaseline", "prod-Migration"],
}
ACCOUNTS = {"dev": "111111111111", "staging": "222222222222", "prod": "333333333333"}
TOOLING = "444444444444"


@pytest.fixture(scope="module")
def assembly(reference_app):
    return reference_app[2]


@pytest.fixture(scope="module")
def template(assembly) -> dict:
    return assembly.get_stack_by_name("DeliveryPipeline").template


def _pipeline(template: dict) -> dict:
    (pipeline,) = resources(template, "AWS::CodePipeline::Pipeline").values()
    return pipeline["Properties"]


def _stages(template: dict) -> list[tuple[str, list[dict]]]:
    return [(s["Name"], s["Actions"]) for s in _pipeline(template)["Stages"]]


def _flat(value) -> str:
    """A CloudFormation value with its Fn::Join flattened (partition refs as `<partition>`, and so the literal
    `arn:aws:` that the recommended flag `@aws-cdk/core:enablePartitionLiterals` writes)."""
    if isinstance(value, str) and value.startswith("arn:aws:"):
        return "arn:<partition>:" + value[len("arn:aws:"):]
    if isinstance(value, dict) and "Fn::Join" in value:
        return "".join(_flat(v) for v in value["Fn::Join"][1])
    if isinstance(value, dict) and value.get("Ref") == "AWS::Partition":
        return "<partition>"
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


# --- shape and order ----------------------------------------------------------------------------------


def test_the_default_synth_builds_the_pipeline_in_the_tooling_account(reference_app):
    app, _, assembly = reference_app
    stack = app.node.find_child("DeliveryPipeline")
    assert (stack.account, stack.region) == (TOOLING, "eu-west-1")
    assert assembly.get_stack_by_name("DeliveryPipeline").environment.account == TOOLING


def test_stages_run_source_build_self_update_assets_then_dev_staging_prod(template):
    assert [name for name, _ in _stages(template)] == [
        "Source", "Build", "UpdatePipeline", "Assets", "dev", "staging", "prod"
    ]


def test_dev_and_staging_deploy_before_an_approval_that_precedes_every_prod_stack(template):
    stages = _stages(template)
    names = [name for name, _ in stages]
    deployed_in = {
        a["Configuration"]["StackName"]: (names.index(stage), a["RunOrder"])
        for stage, actions in stages for a in actions if a["ActionTypeId"]["Provider"] == "CloudFormation"
    }
    assert set(deployed_in) == {s for stacks in ENV_STACKS.values() for s in stacks}
    approvals = [(names.index(stage), a["RunOrder"], a["Name"]) for stage, actions in stages for a in actions
                 if a["ActionTypeId"]["Category"] == "Approval"]
    assert approvals == [(6, 1, "PromoteToProduction")]
    approval = (6, 1)
    for stack in ENV_STACKS["dev"] + ENV_STACKS["staging"]:
        assert deployed_in[stack] < approval, stack
    for stack in ENV_STACKS["prod"]:
        assert deployed_in[stack][0] == 6 and deployed_in[stack][1] > 1, stack
    # dev completes before staging starts (promotion order), each account baseline before its migration stack.
    assert max(deployed_in[s] for s in ENV_STACKS["dev"]) < min(deployed_in[s] for s in ENV_STACKS["staging"])
    for env, (baseline, migration) in ENV_STACKS.items():
        assert deployed_in[baseline] < deployed_in[migration]


def test_each_environment_is_deployed_by_its_own_accounts_bootstrap_roles(template):
    for stage, actions in _stages(template):
        for action in actions:
            if action["ActionTypeId"]["Provider"] != "CloudFormation":
                continue
            env = action["Configuration"]["StackName"].split("-")[0]
            assert stage == env
            account = ACCOUNTS[env]
            assert _flat(action["RoleArn"]) == f"arn:<partition>:iam::{account}:role/cdk-hnb659fds-deploy-role-{account}-eu-west-1"
            if action["Configuration"]["ActionMode"] == "CHANGE_SET_REPLACE":
                assert _flat(action["Configuration"]["RoleArn"]) == (
                    f"arn:<partition>:iam::{account}:role/cdk-hnb659fds-cfn-exec-role-{account}-eu-west-1"
                )


def test_the_pipeline_deploys_the_same_templates_as_cdk_deploy(template, assembly):
    """The stages are the app's own: templates from assembly-<env>/, the directories `cdk deploy 'prod/*'` uses."""
    paths = {
        a["Configuration"]["TemplatePath"]
        for _, actions in _stages(template) for a in actions if "TemplatePath" in a.get("Configuration", {})
    }
    expected = {
        f"Synth_Output::{Path(s.template_full_path).relative_to(assembly.directory)}"
        for nested in assembly.nested_assemblies for s in nested.nested_assembly.stacks
    }
    assert len(paths) == 6 and paths == expected
    assert all(p.startswith(("Synth_Output::assembly-dev/", "Synth_Output::assembly-staging/", "Synth_Output::assembly-prod/"))
               for p in paths)


def test_source_is_the_configured_connection_repository_and_branch(template):
    (source,) = dict(_stages(template))["Source"]
    assert source["ActionTypeId"]["Provider"] == "CodeStarSourceConnection"
    assert source["Configuration"] == {
        "ConnectionArn": "arn:aws:codeconnections:eu-west-1:444444444444:connection/00000000-0000-0000-0000-000000000000",
        "FullRepositoryId": "example-org/dms-migrations",
        "BranchName": "main",
        "DetectChanges": True,
    }


# --- the gate -----------------------------------------------------------------------------------------


def _project(template: dict, description_suffix: str) -> dict:
    (project,) = [p["Properties"] for p in resources(template, "AWS::CodeBuild::Project").values()
                  if p["Properties"]["Description"].endswith(description_suffix)]
    return project


def test_the_synth_step_runs_make_test_and_ships_cdk_out(template):
    project = _project(template, "/Build/Synth")
    spec = json.loads(project["Source"]["BuildSpec"])
    assert spec["phases"]["build"]["commands"] == ["make test"]
    assert spec["artifacts"] == {"base-directory": "cdk.out", "files": ["**/*"]}
    assert spec["phases"]["install"]["runtime-versions"] == {"python": "3.12", "nodejs": "20"}
    assert spec["cache"]["paths"] == ["/root/.cache/pip/**/*", "/root/.npm/**/*"]
    assert project["Cache"] == {"Modes": ["LOCAL_CUSTOM_CACHE"], "Type": "LOCAL"}
    assert project["Environment"]["Image"] == "aws/codebuild/standard:7.0"
    assert project["Environment"]["PrivilegedMode"] is False


def test_make_test_leaves_the_full_app_in_cdk_out():
    """The synth step ships what `make test` left in cdk.out/: the lint step's full synth (no env filter)."""
    makefile = (ROOT / "Makefile").read_text()
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "$(CDK) synth --quiet --output $(OUT)\n" in lint
    assert "OUT       := cdk.out" in makefile
    test = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0].splitlines()
    after_lint = test[[i for i, line in enumerate(test) if line.rstrip().endswith(" lint")][0] + 1:]
    # The last synth `make test` runs is lint's full one: the checks after it only read cdk.out/.
    assert after_lint and all("NO_SYNTH=1" in line for line in after_lint)


def test_the_self_update_and_asset_publishing_use_pinned_clis(template, assembly):
    cli = json.loads((ROOT / "package.json").read_text())["devDependencies"]["aws-cdk"]
    self_update = json.loads(_project(template, "/UpdatePipeline/SelfMutate")["Source"]["BuildSpec"])
    assert self_update["phases"]["install"]["commands"] == [f"npm install -g aws-cdk@{cli}"]
    assert self_update["phases"]["build"]["commands"] == ["cdk -a . deploy DeliveryPipeline --require-approval=never --verbose"]
    assets = _project(template, "/Assets/FileAssets")
    spec = json.loads((Path(assembly.directory) / assets["Source"]["BuildSpec"]).read_text())
    assert spec["phases"]["install"]["commands"] == ["npm install -g cdk-assets@4.7.3"]


def test_every_project_logs_to_the_encrypted_group_and_encrypts_with_the_artifact_key(template):
    (group_id,) = resources(template, "AWS::Logs::LogGroup")
    group = template["Resources"][group_id]["Properties"]
    assert group["RetentionInDays"] == 365 and "Fn::GetAtt" in group["KmsKeyId"]
    projects = resources(template, "AWS::CodeBuild::Project").values()
    assert len(projects) == 3
    for project in projects:
        props = project["Properties"]
        assert props["LogsConfig"] == {"CloudWatchLogs": {"GroupName": {"Ref": group_id}, "Status": "ENABLED"}}
        assert props["EncryptionKey"] == {"Fn::GetAtt": [_key_of_bucket(template, "Artifacts"), "Arn"]}


# --- artifacts, keys and trust ------------------------------------------------------------------------


def _bucket(template: dict, prefix: str) -> tuple[str, dict]:
    (found,) = [(k, r["Properties"]) for k, r in resources(template, "AWS::S3::Bucket").items() if k.startswith(prefix)]
    return found


def _key_of_bucket(template: dict, prefix: str) -> str:
    _, props = _bucket(template, prefix)
    (rule,) = props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    return rule["ServerSideEncryptionByDefault"]["KMSMasterKeyID"]["Fn::GetAtt"][0]


def test_the_artifact_bucket_is_kms_encrypted_versioned_logged_and_tls_only(template):
    bucket_id, props = _bucket(template, "Artifacts")
    (rule,) = props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    assert rule["BucketKeyEnabled"] is True
    key = template["Resources"][_key_of_bucket(template, "Artifacts")]
    assert key["Properties"]["EnableKeyRotation"] is True and key["DeletionPolicy"] == "Retain"
    assert props["VersioningConfiguration"] == {"Status": "Enabled"}
    assert props["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True}
    logs_id, _ = _bucket(template, "AccessLogs")
    assert props["LoggingConfiguration"] == {"DestinationBucketName": {"Ref": logs_id}, "LogFilePrefix": "artifacts/"}
    store = _pipeline(template)["ArtifactStore"]
    assert store["Location"] == {"Ref": bucket_id}
    assert store["EncryptionKey"] == {"Id": {"Fn::GetAtt": [_key_of_bucket(template, "Artifacts"), "Arn"]}, "Type": "KMS"}
    for policy in resources(template, "AWS::S3::BucketPolicy").values():
        deny = policy["Properties"]["PolicyDocument"]["Statement"][0]
        assert deny["Effect"] == "Deny" and deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_the_artifact_key_is_shared_only_with_the_environments_deploy_roles(template):
    key = template["Resources"][_key_of_bucket(template, "Artifacts")]["Properties"]["KeyPolicy"]["Statement"]
    outside = [s for s in key if _flat(s["Principal"].get("AWS", "")) != f"arn:<partition>:iam::{TOOLING}:root"]
    (grant,) = outside
    assert grant["Action"] == ["kms:Decrypt", "kms:DescribeKey"]
    assert sorted(_flat(p) for p in grant["Principal"]["AWS"]) == [
        f"arn:<partition>:iam::{a}:role/cdk-hnb659fds-deploy-role-{a}-eu-west-1" for a in sorted(ACCOUNTS.values())
    ]


def _allow_statements(template: dict):
    for logical_id, resource in template["Resources"].items():
        props = resource.get("Properties", {})
        for document in (props.get("AssumeRolePolicyDocument"), props.get("KeyPolicy"), props.get("PolicyDocument")):
            for statement in (document or {}).get("Statement", []):
                if statement["Effect"] == "Allow" and "Principal" in statement:
                    yield logical_id, statement


def test_no_policy_trusts_any_account_or_everyone(template):
    allowed_roots = {f"arn:<partition>:iam::{TOOLING}:root"}
    seen = 0
    for logical_id, statement in _allow_statements(template):
        seen += 1
        principal = statement["Principal"]
        assert principal != "*" and principal.get("AWS") != "*", logical_id
        for aws in principal.get("AWS", []) if isinstance(principal.get("AWS"), list) else [principal.get("AWS")]:
            if aws is None:
                continue
            arn = _flat(aws)
            assert "*" not in arn, (logical_id, arn)
            assert arn.endswith(":root") is False or arn in allowed_roots, (logical_id, arn)
    assert seen >= 10
    # Roles are assumed by CodePipeline, CodeBuild, or the pipeline role itself, never by an account.
    for logical_id, role in resources(template, "AWS::IAM::Role").items():
        for statement in role["Properties"]["AssumeRolePolicyDocument"]["Statement"]:
            principal = statement["Principal"]
            assert principal in ({"Service": "codepipeline.amazonaws.com"}, {"Service": "codebuild.amazonaws.com"},
                                 {"AWS": {"Fn::GetAtt": ["PipelineRoleB27FAA37", "Arn"]}}), logical_id


def test_the_approval_notifies_the_approvers_on_an_encrypted_tls_only_topic(template):
    prod = dict(_stages(template))["prod"]
    approval = prod[0]
    (topic_id,) = resources(template, "AWS::SNS::Topic")
    assert approval["Configuration"]["NotificationArn"] == {"Ref": topic_id}
    assert approval["Configuration"]["CustomData"] == (
        "This commit passed make test and is deployed to dev and staging. Approve to deploy it to prod; reject to stop it here."
    )
    assert "KmsMasterKeyId" in template["Resources"][topic_id]["Properties"]
    (subscription,) = resources(template, "AWS::SNS::Subscription").values()
    assert (subscription["Properties"]["Protocol"], subscription["Properties"]["Endpoint"]) == ("email", "dms-approvers@example.com")
    (policy,) = resources(template, "AWS::SNS::TopicPolicy").values()
    assert any(s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
               for s in policy["Properties"]["PolicyDocument"]["Statement"])


def test_the_pipeline_asks_for_no_context(assembly):
    manifest = json.loads((Path(assembly.directory) / "manifest.json").read_text())
    assert "missing" not in manifest
    assert not [v for v in walk(manifest["artifacts"]["DeliveryPipeline"]) if isinstance(v, dict) and v.get("type") == "aws:cdk:error"]


def test_snapshot_of_the_pipeline(template, snapshot):
    # Review a snapshot diff; regenerate only when the change is intended: pytest --snapshot-update
    assert normalise(template) == snapshot.use_extension(JSONSnapshotExtension)


# --- a small app: the same pipeline over light stages (fast), for options and acknowledgments ----------


def _light_app(tmp_path: Path, config: PipelineConfig = PIPELINE, record=None, monkeypatch=None, regions=None):
    if record is not None:
        monkeypatch.setattr(pipeline_module, "acknowledge", lambda scope, finding, reason: record.add((finding, scope.node.path)))
    app = App(outdir=str(tmp_path), context=dict(FEATURE_FLAGS))
    stages = []
    for name, account in ACCOUNTS.items():
        stage = Stage(app, name, env=Environment(account=account, region=(regions or {}).get(name, "eu-west-1")))
        stack = Stack(stage, "Migration")
        s3_assets.Asset(stack, "Handler", path=str(ROOT / "stacks" / "__init__.py"))
        CfnWaitConditionHandle(stack, "Placeholder")
        stages.append(stage)
    pipeline = build_delivery_pipeline(app, stages, config)
    app.synth()
    return app, pipeline, json.loads((tmp_path / "DeliveryPipeline.template.json").read_text())


def test_every_acknowledgment_names_a_finding_that_occurs_and_every_finding_is_acknowledged(tmp_path, monkeypatch):
    acknowledged: set[tuple[str, str]] = set()
    app, stack, _ = _light_app(tmp_path, record=acknowledged, monkeypatch=monkeypatch)
    findings = set()
    for pack in (AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app), PCIDSS321Checks(app)):
        report = pack.validate_scope(stack)
        findings |= {(v.rule_name, r.construct_path) for v in report.violations for r in v.violating_resources}
    assert findings, "the packs found nothing: the check itself is broken"
    assert acknowledged == findings
    # One finding per call, on resources (never a role, a stack or the pipeline as a whole).
    assert all(path.endswith("/Resource") for _, path in acknowledged)
    assert len(acknowledged) == 77


def test_dev_and_staging_can_deploy_in_one_parallel_wave(tmp_path):
    config = dataclasses.replace(PIPELINE, parallel_pre_production=True)
    _, _, template = _light_app(tmp_path, config)
    stages = _stages(template)
    assert [name for name, _ in stages] == ["Source", "Build", "UpdatePipeline", "Assets", "PreProduction", "prod"]
    wave = {(a["Configuration"]["StackName"], a["Configuration"]["ActionMode"]): a["RunOrder"] for a in dict(stages)["PreProduction"]}
    assert wave == {
        ("dev-Migration", "CHANGE_SET_REPLACE"): 1, ("dev-Migration", "CHANGE_SET_EXECUTE"): 2,
        ("staging-Migration", "CHANGE_SET_REPLACE"): 1, ("staging-Migration", "CHANGE_SET_EXECUTE"): 2,
    }
    prod = {a["Name"]: a["RunOrder"] for a in dict(stages)["prod"]}
    assert prod == {"PromoteToProduction": 1, "Migration.Prepare": 2, "Migration.Deploy": 3}


def test_another_repository_and_region_reach_the_source_action(tmp_path):
    config = pipeline_config({
        "pipeline.repository": "acme/migrations.infra", "pipeline.branch": "release",
        "pipeline.connection_arn": "arn:aws:codestar-connections:eu-west-1:444444444444:connection/11111111-2222-3333-4444-555555555555",
        "pipeline.approver_emails": "a@example.com, b@example.com",
    }.get)
    _, _, template = _light_app(tmp_path, config)
    (source,) = dict(_stages(template))["Source"]
    assert (source["Configuration"]["FullRepositoryId"], source["Configuration"]["BranchName"]) == ("acme/migrations.infra", "release")
    assert source["Configuration"]["ConnectionArn"].startswith("arn:aws:codestar-connections:")
    emails = sorted(s["Properties"]["Endpoint"] for s in resources(template, "AWS::SNS::Subscription").values())
    assert emails == ["a@example.com", "b@example.com"]


def test_an_environment_in_another_region_is_refused_before_an_unhardened_support_stack_appears(tmp_path):
    assert _message(lambda: _light_app(tmp_path, regions={"prod": "eu-central-1"})) == (
        "pipeline.region: differs from the region of prod (eu-central-1): cross-region delivery needs a replication "
        "bucket per region, which this pipeline does not create (got 'eu-west-1'); "
        "keep the pipeline and every environment in one region"
    )


# --- when the pipeline is built, and bad config -------------------------------------------------------

ENVS = ["dev", "staging", "prod"]


@pytest.mark.parametrize(
    "context, environments, built",
    [(None, ENVS, True), (None, ["prod"], False), ("false", ENVS, False), ("true", ENVS, True), (False, ENVS, False)],
)
def test_the_pipeline_is_built_for_the_full_app_unless_told_otherwise(context, environments, built):
    assert wanted(context, environments, ENVS) is built


def test_cdk_synth_of_one_environment_builds_no_pipeline():
    from stacks.reference_app import build_reference_app, create_app

    app = create_app({"env": "dev"})
    build_reference_app(app)
    assert app.node.try_find_child("DeliveryPipeline") is None
    assert [c.node.id for c in app.node.children if isinstance(c, Stage)] == ["dev"]


def _message(call) -> str:
    with pytest.raises(DmsConfigError) as error:
        call()
    return str(error.value)


@pytest.mark.parametrize(
    "context, environments, message",
    [
        ("maybe", ENVS, "pipeline: is not true or false (got 'maybe'); use -c pipeline=true or -c pipeline=false"),
        ("true", ["prod"], "pipeline: needs every environment, but only prod is built (got 'true'); "
                           "drop -c env=... to build the pipeline, or drop -c pipeline=true"),
    ],
)
def test_pipeline_switch_messages(context, environments, message):
    assert _message(lambda: wanted(context, environments, ENVS)) == message


@pytest.mark.parametrize(
    "context, message",
    [
        ({"pipeline.account": "4444"},
         "pipeline.account: is not a 12-digit AWS account id (got '4444'); "
         "set it in stacks/config.py (PIPELINE) or with -c pipeline.account=123456789012"),
        ({"pipeline.region": "ireland"},
         "pipeline.region: is not an AWS region (got 'ireland'); "
         "set it in stacks/config.py (PIPELINE) or with -c pipeline.region=eu-west-1"),
        ({"pipeline.connection_arn": "arn:aws:codeconnections:eu-west-1:444444444444:host/abc"},
         "pipeline.connection_arn: is not a CodeConnections connection ARN "
         "(got 'arn:aws:codeconnections:eu-west-1:444444444444:host/abc'); set it in stacks/config.py (PIPELINE) or with "
         "-c pipeline.connection_arn=arn:aws:codeconnections:eu-west-1:123456789012:connection/<uuid>"),
        ({"pipeline.repository": "dms-migrations"},
         "pipeline.repository: is not a repository in the form owner/name (got 'dms-migrations'); "
         "set it in stacks/config.py (PIPELINE) or with -c pipeline.repository=my-org/dms-migrations"),
        ({"pipeline.branch": " "},
         "pipeline.branch: is empty (got ' '); set it in stacks/config.py (PIPELINE) or with -c pipeline.branch=main"),
        ({"pipeline.parallel_pre_production": "sometimes"},
         "pipeline.parallel_pre_production: is not a boolean (got 'sometimes'); use true or false"),
    ],
)
def test_pipeline_config_messages(context, message):
    assert _message(lambda: pipeline_config(context.get)) == message


def test_pipeline_config_overrides_come_from_context():
    config = pipeline_config({"pipeline.account": "555555555555", "pipeline.parallel_pre_production": "true"}.get)
    assert (config.account, config.parallel_pre_production, config.branch) == ("555555555555", True, "main")
    assert pipeline_config({}.get) == PipelineConfig(
        account="444444444444", region="eu-west-1",
        connection_arn="arn:aws:codeconnections:eu-west-1:444444444444:connection/00000000-0000-0000-0000-000000000000",
        repository="example-org/dms-migrations", branch="main", approver_emails=("dms-approvers@example.com",),
        parallel_pre_production=False,
    )
