"""Every app in examples/ synthesizes, as a user would run it, under the reference app's compliance gate
(AwsSolutions, HIPAA, NIST 800-53 R5, PCI DSS 3.2.1 and DmsChecks with the five cost and ownership tags)
with zero unacknowledged findings.

All examples build into one App, synthesized once per session (one jsii round of the packs instead of
one per example); each example's `build(app)` returns its stacks."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from aws_cdk import App, Stack, Validations

from stacks.reference_app import compliance_packs

from .conftest import ROOT
from .helpers import resources

EXAMPLES_DIR = ROOT / "examples"
# Written out: deleting or renaming an example fails here, not silently.
EXAMPLES = [
    "consolidation",
    "cross_region_rehearsal",
    "graph_and_cache_targets",
    "lab",
    "mainframe_db2_to_rds_db2",
    "multi_cloud_mysql_to_aurora",
    "oracle_to_aurora_postgresql",
    "phased_modernization",
    "postgres_on_ec2_to_rds",
    "rds_mysql_to_aurora_mysql",
    "redshift_analytics",
    "reporting_replica",
    "sap_ase_to_babelfish",
    "schema_conversion",
    "serverless",
    "sqlserver_to_rds_sqlserver",
    "test_data_subset",
    "version_upgrade",
]


def _load(name: str) -> ModuleType:
    path = EXAMPLES_DIR / name / "app.py"
    spec = importlib.util.spec_from_file_location(f"examples_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def synthesized(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, dict[str, Any]]]:
    """{example: {stack id: template}}, all examples in one App with the compliance gate."""
    app = App(outdir=str(tmp_path_factory.mktemp("examples.out")))
    built: dict[str, list[Stack]] = {name: _load(name).build(app) for name in EXAMPLES}
    Validations.of(app).add_plugins(*compliance_packs(app))
    assembly = app.synth()  # raises on any unacknowledged finding of any example
    return {name: {s.stack_name: assembly.get_stack_by_name(s.stack_name).template for s in stacks} for name, stacks in built.items()}


def test_the_example_list_is_the_directory():
    assert sorted(p.parent.name for p in EXAMPLES_DIR.glob("*/app.py")) == EXAMPLES


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_example_has_a_readme_and_the_index_links_it(name):
    readme = (EXAMPLES_DIR / name / "README.md").read_text()
    assert readme.startswith("# ") and len(readme.strip().splitlines()) >= 2
    assert f"]({name}/)" in (EXAMPLES_DIR / "README.md").read_text()


def _migration(templates: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The one template of an example that holds DMS tasks, replication configs or data migrations."""
    (template,) = [t for t in templates.values() if resources(t, "AWS::DMS::ReplicationTask") or resources(t, "AWS::DMS::ReplicationConfig")
                   or resources(t, "AWS::DMS::DataMigration")]
    return template


def _tasks(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Task (or serverless config) properties by DMS identifier."""
    out = {}
    for r in resources(template, "AWS::DMS::ReplicationTask").values():
        out[r["Properties"]["ReplicationTaskIdentifier"]] = r["Properties"]
    for r in resources(template, "AWS::DMS::ReplicationConfig").values():
        out[r["Properties"]["ReplicationConfigIdentifier"]] = r["Properties"]
    return out


def _engines(template: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((r["Properties"]["EndpointType"], r["Properties"]["EngineName"]) for r in resources(template, "AWS::DMS::Endpoint").values())


# What each example must show: its tasks (identifier: migration type) and its endpoints (type, engine).
EXPECTED: dict[str, tuple[dict[str, str], list[tuple[str, str]]]] = {
    "consolidation": ({"customers-line-a-dms": "full-load-and-cdc", "customers-line-b-dms": "full-load-and-cdc"},
                      [("source", "mysql"), ("source", "mysql"), ("target", "aurora")]),
    "cross_region_rehearsal": ({"dr-drill-orders-dms": "full-load-and-cdc"}, [("source", "postgres"), ("target", "postgres")]),
    "graph_and_cache_targets": ({"storefront-social-dms": "full-load", "storefront-products-dms": "full-load-and-cdc"},
                                [("source", "aurora-postgresql"), ("target", "neptune"), ("target", "redis")]),
    "lab": ({"dms-lab-task-dms": "full-load-and-cdc"}, [("source", "mysql"), ("target", "mysql")]),
    "mainframe_db2_to_rds_db2": ({"ledger-archive-dms": "full-load", "ledger-ledger-dms": "full-load-and-cdc"},
                                 [("source", "db2"), ("source", "db2-zos"), ("target", "db2")]),
    "multi_cloud_mysql_to_aurora": ({"shop-shop-dms": "full-load-and-cdc"}, [("source", "mysql"), ("target", "aurora")]),
    "oracle_to_aurora_postgresql": ({"claims-claims-dms": "full-load-and-cdc"}, [("source", "oracle"), ("target", "aurora-postgresql")]),
    "phased_modernization": ({"monolith-billing-dms": "full-load-and-cdc", "monolith-catalog-dms": "full-load-and-cdc"},
                             [("source", "mysql"), ("target", "aurora-postgresql")]),
    "postgres_on_ec2_to_rds": ({"accounts-accounts-dms": "full-load-and-cdc"}, [("source", "postgres"), ("target", "postgres")]),
    "rds_mysql_to_aurora_mysql": ({"saas-saas-dms": "full-load-and-cdc"}, [("source", "mysql"), ("target", "aurora")]),
    "redshift_analytics": ({"analytics-events-dms": "full-load-and-cdc"}, [("source", "aurora-postgresql"), ("target", "redshift")]),
    "reporting_replica": ({"reporting-ledger-dms": "full-load-and-cdc"}, [("source", "mysql"), ("target", "mysql")]),
    "sap_ase_to_babelfish": ({"trading-trading-dms": "full-load-and-cdc"}, [("source", "sybase"), ("target", "aurora-postgresql")]),
    # No task: a migration project with a homogeneous data migration (see its own test).
    "schema_conversion": ({}, [("source", "postgres"), ("target", "aurora-postgresql")]),
    "serverless": ({"catalog-catalog-dms": "full-load-and-cdc"}, [("source", "postgres"), ("target", "aurora-postgresql")]),
    "sqlserver_to_rds_sqlserver": ({"pos-pos-dms": "full-load-and-cdc"}, [("source", "sqlserver"), ("target", "sqlserver")]),
    "test_data_subset": ({"qa-refresh-orders-dms": "full-load"}, [("source", "postgres"), ("target", "postgres")]),
    "version_upgrade": ({"pg16-upgrade-app-dms": "full-load-and-cdc"}, [("source", "postgres"), ("target", "postgres")]),
}


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_example_synthesizes_its_migration_under_the_compliance_packs(synthesized, name):
    template = _migration(synthesized[name])
    tasks, engines = EXPECTED[name]
    found = _tasks(template)
    assert {k: v.get("MigrationType", v.get("ReplicationType")) for k, v in found.items()} == tasks
    assert _engines(template) == engines


def test_the_lab_is_a_small_single_az_instance_that_starts_its_task_once(synthesized):
    template = _migration(synthesized["lab"])
    (instance,) = [r["Properties"] for r in resources(template, "AWS::DMS::ReplicationInstance").values()]
    assert (instance["ReplicationInstanceClass"], instance["AllocatedStorage"], instance["MultiAZ"]) == ("dms.t3.micro", 20, False)
    assert resources(template, "Custom::DmsStartOnce")
    (mappings,) = [p["TableMappings"] for p in _tasks(template).values()]
    assert re.search(r'"object-locator": \{"schema-name": "dmslab", "table-name": "customers"\}', mappings)


def test_the_serverless_example_scales_between_its_bounds(synthesized):
    (config,) = _tasks(_migration(synthesized["serverless"])).values()
    assert (config["ComputeConfig"]["MinCapacityUnits"], config["ComputeConfig"]["MaxCapacityUnits"]) == (2, 32)
    assert not resources(_migration(synthesized["serverless"]), "AWS::DMS::ReplicationInstance")


def test_the_consolidation_turns_default_validation_off_for_both_tasks(synthesized):
    import json

    for props in _tasks(_migration(synthesized["consolidation"])).values():
        assert json.loads(props["ReplicationTaskSettings"])["ValidationSettings"]["EnableValidation"] is False


def test_the_test_data_subset_filters_rows_and_masks_emails(synthesized):
    import json

    (props,) = _tasks(_migration(synthesized["test_data_subset"])).values()
    rules = json.loads(props["TableMappings"])["rules"]
    assert [r["rule-action"] for r in rules] == ["include", "include", "exclude", "data-masking-hash-mask"]
    assert rules[0]["filters"][0]["filter-conditions"] == [{"filter-operator": "gte", "value": "2026-01-01"}]


def test_the_schema_conversion_example_declares_a_project_and_a_homogeneous_data_migration(synthesized):
    template = _migration(synthesized["schema_conversion"])
    providers = sorted((r["Properties"]["DataProviderName"], r["Properties"]["Engine"])
                       for r in resources(template, "AWS::DMS::DataProvider").values())
    assert providers == [("inventory-aurora-dms", "aurora_postgresql"), ("inventory-postgres-dms", "postgres")]
    (project,) = [r["Properties"] for r in resources(template, "AWS::DMS::MigrationProject").values()]
    assert project["MigrationProjectName"] == "inventory-inventory-dms"
    (migration,) = [r["Properties"] for r in resources(template, "AWS::DMS::DataMigration").values()]
    assert migration["DataMigrationType"] == "full-load-and-cdc"
    assert migration["DataMigrationSettings"]["CloudwatchLogsEnabled"] is True
    assert not resources(template, "AWS::DMS::ReplicationInstance") and not resources(template, "AWS::DMS::ReplicationConfig")


def test_the_new_engine_examples_keep_their_security_choices(synthesized):
    import json

    endpoints = {}
    for name in ("mainframe_db2_to_rds_db2", "sap_ase_to_babelfish", "graph_and_cache_targets"):
        for r in resources(_migration(synthesized[name]), "AWS::DMS::Endpoint").values():
            endpoints[r["Properties"]["EndpointIdentifier"]] = r["Properties"]
    assert "SslMode" not in endpoints["ledger-zos-dms"]  # DMS has no SSL mode for Db2 for z/OS
    assert (endpoints["ledger-luw-dms"]["SslMode"], endpoints["ledger-rds-dms"]["SslMode"]) == ("verify-ca", "verify-ca")
    assert endpoints["trading-ase-dms"]["SslMode"] == "verify-full"
    babelfish = endpoints["trading-babelfish-dms"]
    assert (babelfish["PostgreSqlSettings"]["DatabaseMode"], babelfish["PostgreSqlSettings"]["BabelfishDatabaseName"],
            babelfish["DatabaseName"], babelfish["SslMode"]) == ("babelfish", "trading", "babelfish_db", "verify-full")
    assert endpoints["storefront-neptune-dms"]["NeptuneSettings"]["IamAuthEnabled"] is True
    assert endpoints["storefront-redis-dms"]["RedisSettings"]["SslSecurityProtocol"] == "ssl-encryption"
    # A secret imported by name has a partition token in its ARN: the dynamic reference is joined at deploy time.
    assert json.dumps(endpoints["storefront-redis-dms"]["RedisSettings"]["AuthPassword"]).startswith(
        '{"Fn::Join": ["", ["{{resolve:secretsmanager:arn:", {"Ref": "AWS::Partition"}')
    tasks = _tasks(_migration(synthesized["graph_and_cache_targets"]))
    assert json.loads(tasks["storefront-social-dms"]["TaskData"])["rules"][0]["vertex_definitions"][0]["vertex_label"] == "person"
