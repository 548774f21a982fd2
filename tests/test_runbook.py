"""`dms-constructs runbook`: one Markdown runbook per stage from a synthesized assembly (the waves' template
metadata), with the waves' real identifiers; the reference app's runbooks match the committed examples in
docs/runbooks/ (regenerate them with `make runbooks` after an intended change)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from aws_cdk import App, Environment, Stack, Stage
from aws_cdk import aws_ec2 as ec2

from dms_constructs import (
    DatabaseEndpoint,
    DmsServiceRoles,
    EndpointCertificate,
    EndpointCredentials,
    MigrationWave,
    PremigrationAssessment,
    SecretRotation,
    ServerlessCapacity,
)
from dms_constructs.cli.main import main
from dms_constructs.cli.runbook import write_runbooks
from dms_constructs.phases import MigrationPhase
from dms_constructs.source_prerequisites import PREREQUISITES, prerequisites_for
from dms_constructs.table_mappings import TableMappings
from dms_constructs.tasks import MigrationType

from stacks.inventory import CA_BUNDLE

from .conftest import AZS, ROOT

_NOT_ROTATED = "test database outside AWS"


def _wave(stack: Stack, id: str, name: str, phase: MigrationPhase, serverless: bool = False, assessed: bool = False) -> None:
    wave = MigrationWave(stack, id, name=name, identifier_prefix="dev", service_roles=DmsServiceRoles.from_account(stack, f"{id}Roles"),
                         availability_zones=AZS, phase=phase, capacity=ServerlessCapacity(max_capacity_units=8) if serverless else None)
    source = wave.add_source("mysql", DatabaseEndpoint.mysql(
        host="10.20.1.10", peer=ec2.Peer.ipv4("10.20.1.0/24"), certificate=EndpointCertificate.from_pem_file(CA_BUNDLE),
        credentials=EndpointCredentials.generate(username="dms_user", rotation=SecretRotation.hosted()),
    ))
    target = wave.add_target("pg", DatabaseEndpoint.postgresql(
        host="10.20.2.10", database_name="app", peer=ec2.Peer.ipv4("10.20.2.0/24"),
        credentials=EndpointCredentials.generate(username="dms_user", no_rotation_reason=_NOT_ROTATED),
    ))
    assessment = PremigrationAssessment(run_on_create=False, exclude=["mysql-check-binlog-format"]) if assessed else None
    wave.add_task("customers", source=source, target=target, table_mappings=TableMappings().include("shop", "customers"), assessment=assessment)
    wave.add_task("history", source=source, target=target, migration_type=MigrationType.FULL_LOAD, table_mappings=TableMappings().include("shop", "history"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[str, Path]:
    """Stage `dev` with waves `orders` (instance, MIGRATING), `lake` (serverless, RETIRED) and `stream` (serverless,
    MIGRATING); the `customers` tasks of `orders` and `stream` are assessed when started by hand."""
    out = tmp_path_factory.mktemp("runbook")
    app = App(outdir=str(out / "cdk.out"))
    stage = Stage(app, "dev", env=Environment(account="123456789012", region="eu-west-1"))
    stack = Stack(stage, "Migration")
    _wave(stack, "Orders", "orders", MigrationPhase.MIGRATING, assessed=True)
    _wave(stack, "Lake", "lake", MigrationPhase.RETIRED, serverless=True)
    _wave(stack, "Stream", "stream", MigrationPhase.MIGRATING, serverless=True, assessed=True)
    app.synth()
    (path,) = write_runbooks(out / "cdk.out", out / "runbooks", "dev")
    assert path == out / "runbooks" / "dev.md"
    return path.read_text(), out / "cdk.out"


@pytest.fixture(scope="module")
def runbook(built) -> str:
    return built[0]


def test_the_stage_table_lists_each_wave_with_its_phase(runbook):
    assert "# DMS migration runbook: stage `dev`" in runbook
    assert "| [orders](#wave-orders) | MIGRATING | `dev-Migration` | instance `dms.t3.medium` | 2 |" in runbook
    assert "| [lake](#wave-lake) | RETIRED | `dev-Migration` | serverless up to 8 DCU | 2 |" in runbook


def test_what_it_migrates_names_every_task_identifier(runbook):
    assert "| customers | `dev-orders-customers-dms` | mysql -> pg | full-load-and-cdc | `include shop.customers` | on |" in runbook
    assert "| history | `dev-orders-history-dms` | mysql -> pg | full-load | `include shop.history` | on |" in runbook
    assert "| customers | `dev-lake-customers-dms` | mysql -> pg | full-load-and-cdc | `include shop.customers` | off |" in runbook


def test_endpoints_show_engine_address_ssl_credentials_and_route(runbook):
    assert "| mysql | `dev-orders-mysql-dms` | source | mysql | 10.20.1.10:3306 | verify-full | generated, rotated every 30 days | 10.20.1.0/24: 10.20.0.0/16 via local |" in runbook
    assert "| pg | `dev-orders-pg-dms` | target | postgres | 10.20.2.10:5432/app | require | generated, not rotated: test database outside AWS | 10.20.2.0/24: 10.20.0.0/16 via local |" in runbook


def test_network_and_capacity(runbook):
    assert "- new isolated VPC 10.20.0.0/16, created by the wave; DMS subnet group `dev-orders-subnets-dms`" in runbook
    assert "- Replication instance `dev-orders-instance-dms`: `dms.t3.medium`, 50 GiB, Multi-AZ, engine DMS default" in runbook
    assert "- DMS Serverless, one replication config per task: DMS-chosen to 8 DCU, Multi-AZ" in runbook
    assert "The wave's network was deleted when it was retired (its flow-log group and key are kept)." in runbook


def test_one_mermaid_diagram_per_wave_from_source_through_the_network_to_dms_and_target(runbook):
    assert runbook.count("```mermaid\nflowchart LR") == 3
    assert '  ep0[("mysql<br/>mysql 10.20.1.10")]\n  ep0 -->|"10.20.1.0/24: 10.20.0.0/16 via local"| net' in runbook
    assert '  dms["DMS instance dev-orders-instance-dms<br/>dms.t3.medium"]' in runbook
    assert '  dms -->|"10.20.2.0/24: 10.20.0.0/16 via local"| ep1' in runbook
    assert '  dms["DMS Serverless<br/>up to 8 DCU<br/>(retired: deleted)"]' in runbook
    assert '  topic(["SNS topic: DMS migration wave orders"])' in runbook
    assert '  dash["dashboard dms-dev-orders"]' in runbook


def test_source_prerequisites_come_from_the_facts_table_with_the_guide_cited(runbook):
    assert '**MySQL-compatible (MySQL, MariaDB, Aurora MySQL)** (mysql; DMS user guide, "Using a MySQL-compatible database as a source for AWS DMS"):' in runbook
    assert "`binlog_format = ROW`" in runbook
    assert "`call mysql.rds_set_configuration('binlog retention hours', 24);`" in runbook
    assert "- DMS user: `REPLICATION CLIENT` and `REPLICATION SLAVE` (CDC), on `*.*`." in runbook


def test_steps_use_the_waves_real_identifiers(runbook):
    assert ("INSTANCE_ARN=$(aws dms describe-replication-instances --region eu-west-1 --filters Name=replication-instance-id,Values=dev-orders-instance-dms "
            "--query 'ReplicationInstances[0].ReplicationInstanceArn' --output text)") in runbook
    assert 'aws dms test-connection --region eu-west-1 --replication-instance-arn "$INSTANCE_ARN" --endpoint-arn "$MYSQL_ENDPOINT_ARN"' in runbook
    assert 'aws dms test-connection --region eu-west-1 --replication-instance-arn "$INSTANCE_ARN" --endpoint-arn "$PG_ENDPOINT_ARN"' in runbook
    assert 'aws dms start-replication-task --region eu-west-1 --replication-task-arn "$CUSTOMERS_TASK_ARN" --start-replication-task-type start-replication' in runbook
    assert "   - alarms: `dms-dev-orders-cpu-utilization`, `dms-dev-orders-freeable-memory`, `dms-dev-orders-swap-usage`, `dms-dev-orders-free-storage-space`, `dms-dev-orders-customers-cdc-latency-source`, `dms-dev-orders-customers-cdc-latency-target`" in runbook
    assert "`aws logs tail /aws/events/dms/dev-orders --follow --region eu-west-1`" in runbook
    assert "   - task logs: `dms-tasks-dev-orders-instance-dms`" in runbook


_LOOKUP = "$(aws cloudformation describe-stack-resource --region eu-west-1 --stack-name dev-Migration --logical-resource-id {} --query StackResourceDetail.PhysicalResourceId --output text)"


def test_the_assessment_commands_name_the_wave_s_real_role_bucket_and_key(runbook):
    orders = runbook[runbook.index("## Wave orders"):runbook.index("## Wave lake")]
    role, bucket, key = (_LOOKUP.format(i) for i in ("OrdersAssessmentsServiceRoleDB437CAA", "OrdersAssessmentsResults4DA5D07D", "OrdersKeyFB6E0812"))
    assert f'   ASSESSMENT_ROLE_ARN=$(aws iam get-role --role-name "{role}" --query Role.Arn --output text)' in orders
    assert f"   ASSESSMENT_BUCKET={bucket}" in orders
    assert f'   WAVE_KEY_ARN=$(aws kms describe-key --region eu-west-1 --key-id "{key}" --query KeyMetadata.Arn --output text)' in orders
    assert (
        '   aws dms start-replication-task-assessment-run --region eu-west-1 --replication-task-arn "$CUSTOMERS_TASK_ARN" '
        "--assessment-run-name dev-orders-customers-dms-$(date -u +%Y%m%d%H%M%S) --service-access-role-arn \"$ASSESSMENT_ROLE_ARN\" "
        '--result-location-bucket "$ASSESSMENT_BUCKET" --result-location-folder dev-orders-customers-dms --result-encryption-mode SSE_KMS '
        '--result-kms-key-arn "$WAVE_KEY_ARN" --exclude mysql-check-binlog-format\n'
    ) in orders
    assert '   aws s3 ls "s3://$ASSESSMENT_BUCKET/dev-orders-customers-dms/" --recursive' in orders
    assert "   # history: no assessment configured (add assessment=PremigrationAssessment(...) to the task)" in orders
    assert "<assessment role ARN>" not in runbook and "<results bucket>" not in runbook


def test_the_looked_up_resources_are_the_wave_s_role_bucket_and_key(built):
    """The logical ids the look-ups name are the template's assessment role, results bucket and wave key."""
    import json

    _, assembly = built
    (template_file,) = assembly.rglob("devMigration*.template.json")
    types = {k: v["Type"] for k, v in json.loads(template_file.read_text())["Resources"].items()}
    assert types["OrdersAssessmentsServiceRoleDB437CAA"] == "AWS::IAM::Role"
    assert types["OrdersAssessmentsResults4DA5D07D"] == "AWS::S3::Bucket"
    assert types["OrdersKeyFB6E0812"] == "AWS::KMS::Key"
    assert types["StreamKey9D05B229"] == "AWS::KMS::Key"


def test_a_serverless_assessment_rides_on_the_start_command(runbook):
    stream = runbook[runbook.index("## Wave stream"):]
    key = _LOOKUP.format("StreamKey9D05B229")
    assert f'   WAVE_KEY_ARN=$(aws kms describe-key --region eu-west-1 --key-id "{key}" --query KeyMetadata.Arn --output text)' in stream
    assert "ASSESSMENT_ROLE_ARN" not in stream and "ASSESSMENT_BUCKET" not in stream  # DMS Serverless uses its own bucket
    assert (
        '   aws dms start-replication --region eu-west-1 --replication-config-arn "$CUSTOMERS_CONFIG_ARN" --start-replication-type '
        'start-replication --premigration-assessment-settings "{\\"Exclude\\":[\\"mysql-check-binlog-format\\"],'
        '\\"FailOnAssessmentFailure\\":true,\\"ResultEncryptionMode\\":\\"SSE_KMS\\",\\"ResultKmsKeyArn\\":\\"$WAVE_KEY_ARN\\",'
        '\\"ResultLocationFolder\\":\\"dev-stream-customers-dms\\"}"\n'
    ) in stream
    assert '   aws dms start-replication --region eu-west-1 --replication-config-arn "$HISTORY_CONFIG_ARN" --start-replication-type start-replication\n' in stream
    assert (
        '   aws dms describe-replications --region eu-west-1 --filters Name=replication-config-arn,Values="$CUSTOMERS_CONFIG_ARN" '
        "--query 'Replications[0].PremigrationAssessmentStatuses[].[Status,LastFailureMessage,ResultLocationBucket,ResultLocationFolder]' --output table"
    ) in stream


def test_cutover_rollback_and_cleanup(runbook):
    assert "   - [ ] CDC latency (source and target) near zero on the dashboard for several periods" in runbook
    assert "   - [ ] stop the tasks (`dev-orders-customers-dms`, `dev-orders-history-dms`): set `phase=MigrationPhase.CUT_OVER` on wave `orders` and deploy —" in runbook
    assert "8. **Roll back**" in runbook
    assert "9. **Cleanup**: set `phase=MigrationPhase.RETIRED` and deploy. CloudFormation deletes in the guide's" in runbook
    assert "   order — tasks, then endpoints, then the replication instance `dev-orders-instance-dms`, then the subnet group `dev-orders-subnets-dms`," in runbook
    assert "   - migration log `/aws/events/dms/dev-orders` (kept 365 days): the record of the migration" in runbook


def test_a_retired_wave_shows_what_was_deleted_and_what_remains(runbook):
    retired = runbook[runbook.index("## Wave lake"):runbook.index("## Wave stream")]
    assert "1. **Retired: what was deleted and what remains**" in retired
    assert "   - DMS log group `dms-serverless-replication-dev-lake-customers-dms` (kept 365 days)" in retired
    assert "test-connection" not in retired


def test_same_assembly_same_runbook(built, tmp_path):
    text, assembly = built
    (again,) = write_runbooks(assembly, tmp_path, "dev")
    assert again.read_text() == text


def test_cli_writes_every_stage_and_reports_an_unknown_stage(tmp_path, capsys):
    app = App(outdir=str(tmp_path / "cdk.out"))
    for name, account in (("dev", "123456789012"), ("prod", "210987654321")):
        # Separate accounts: the same wave in one account and region would claim the same DMS identifiers.
        stack = Stack(Stage(app, name, env=Environment(account=account, region="eu-west-1")), "Migration")
        _wave(stack, "Orders", "orders", MigrationPhase.CUT_OVER)
    app.synth()
    assert main(["runbook", "--assembly", str(tmp_path / "cdk.out")]) == 0
    assert sorted(p.name for p in (tmp_path / "cdk.out" / "runbooks").iterdir()) == ["dev.md", "prod.md"]
    assert "CUT_OVER" in (tmp_path / "cdk.out" / "runbooks" / "prod.md").read_text()
    assert main(["runbook", "--assembly", str(tmp_path / "cdk.out"), "--stage", "qa", "--output", str(tmp_path / "rb")]) == 2
    assert capsys.readouterr().err.strip().endswith("no waves in stage 'qa' of " + str(tmp_path / "cdk.out") + " (stages with waves: dev, prod)")


def test_facts_table_covers_the_four_source_families_with_a_guide_page_each():
    assert sorted(PREREQUISITES) == ["mysql", "oracle", "postgres", "sqlserver"]
    assert prerequisites_for("aurora") is PREREQUISITES["mysql"]
    assert prerequisites_for("aurora-postgresql") is PREREQUISITES["postgres"]
    assert prerequisites_for("s3") is None
    assert PREREQUISITES["oracle"].guide == "Using an Oracle database as a source for AWS DMS"
    assert any("ARCHIVELOG" in fact for fact in PREREQUISITES["oracle"].cdc)
    assert any("supplemental logging" in fact.lower() for fact in PREREQUISITES["oracle"].cdc)
    assert any("MS-CDC" in fact and "MS-Replication" in fact for fact in PREREQUISITES["sqlserver"].cdc)
    assert any("rds.logical_replication = 1" in fact for fact in PREREQUISITES["postgres"].cdc)


# --- the reference app ----------------------------------------------------------------------------------


EXAMPLES = ROOT / "docs" / "runbooks"


def test_reference_app_runbooks_match_the_committed_examples(reference_app, tmp_path):
    _, _, assembly = reference_app
    written = write_runbooks(assembly.directory, tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in EXAMPLES.glob("*.md"))
    for path in written:
        assert path.read_text() == (EXAMPLES / path.name).read_text(), f"{path.name}: regenerate with `make runbooks` and review the diff"


def test_reference_app_runbooks_name_every_task_identifier_and_draw_every_wave(reference_app, tmp_path):
    _, _, assembly = reference_app
    for path in write_runbooks(assembly.directory, tmp_path):
        text = path.read_text()
        assert text.count("```mermaid") == text.count("\n## Wave ")
        for stage_stack in assembly.stacks_recursively:
            # From the file: `stage_stack.template` would carry each whole template across jsii again.
            record = (json.loads(Path(stage_stack.template_full_path).read_text()).get("Metadata") or {}).get("dms-constructs:waves")
            if not record or not stage_stack.hierarchical_id.startswith(path.stem + "/"):
                continue
            for wave in record["waves"]:
                for task in wave["tasks"]:
                    assert f"`{task['identifier']}`" in text
