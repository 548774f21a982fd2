"""The DMS facts table (`dms_constructs/facts.py`): the values written out here come from the DMS user
guide ("Using SSL with AWS Database Migration Service", "Using secrets to access AWS Database Migration
Service endpoints", "Creating the IAM roles to use with AWS DMS") and Security Hub (DMS.7, DMS.8); the
constructs and the rule pack must read the same table."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from dms_constructs import facts
from dms_constructs.checks import rules
from dms_constructs.facts import DMS_ENGINES, Engine, SslMode

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dms_constructs"


def test_ssl_modes_per_engine_as_the_guide_lists_them():
    assert facts.ssl_modes_by_engine() == rules.SSL_MODES_BY_ENGINE == {
        "mysql": frozenset({"verify-ca", "verify-full"}),
        "mariadb": frozenset({"verify-ca", "verify-full"}),
        "aurora": frozenset({"verify-ca", "verify-full"}),
        "postgres": frozenset({"require", "verify-ca", "verify-full"}),
        "aurora-postgresql": frozenset({"require", "verify-ca", "verify-full"}),
        "sqlserver": frozenset({"require", "verify-full"}),
        "oracle": frozenset({"verify-ca"}),
        "db2": frozenset({"verify-ca"}),
        "sybase": frozenset({"verify-full"}),
        "mongodb": frozenset({"require", "verify-full"}),
        "docdb": frozenset({"require", "verify-full"}),
    }
    assert facts.wallet_engines() == rules.WALLET_ENGINES == frozenset({"oracle"})


def test_rule_pack_reads_the_facts_table():
    """The rule pack's tables are the facts table's, not a second copy (the SSL modes, wallet engines and
    settings blocks are compared with the written-out tables in the tests above and below)."""
    assert rules.VPC_ROLE_NAME == facts.VPC_ROLE_NAME == "dms-vpc-role"
    assert set(rules.TARGET_LOG_COMPONENTS) == {"TARGET_APPLY", "TARGET_LOAD"}
    assert set(rules.SOURCE_LOG_COMPONENTS) == {"SOURCE_CAPTURE", "SOURCE_UNLOAD"}
    assert rules.LOG_SEVERITIES_AT_LEAST_DEFAULT == frozenset(
        {"LOGGER_SEVERITY_DEFAULT", "LOGGER_SEVERITY_DEBUG", "LOGGER_SEVERITY_DETAILED_DEBUG"}
    )


def test_task_settings_and_account_roles_read_the_facts_table():
    from dms_constructs import account, task_settings

    assert task_settings.REQUIRED_LOG_COMPONENTS == facts.REQUIRED_LOG_COMPONENTS == {
        "SOURCE_CAPTURE": "DMS.8", "SOURCE_UNLOAD": "DMS.8", "TARGET_APPLY": "DMS.7", "TARGET_LOAD": "DMS.7"}
    assert (account.VPC_ROLE_NAME, account.CLOUDWATCH_LOGS_ROLE_NAME, account.REDSHIFT_ROLE_NAME) == (
        "dms-vpc-role",
        "dms-cloudwatch-logs-role",
        "dms-access-for-endpoint",
    )


def test_settings_blocks_that_carry_secrets():
    assert facts.secrets_settings_by_engine() == rules.SECRETS_SETTINGS_BY_ENGINE == {
        "mysql": "MySqlSettings",
        "mariadb": "MySqlSettings",
        "aurora": "MySqlSettings",
        "postgres": "PostgreSqlSettings",
        "aurora-postgresql": "PostgreSqlSettings",
        "sqlserver": "MicrosoftSqlServerSettings",
        "oracle": "OracleSettings",
        "db2": "IbmDb2Settings",
        "db2-zos": "IbmDb2Settings",
        "sybase": "SybaseSettings",
        "redshift": "RedshiftSettings",
        "mongodb": "MongoDbSettings",
        "docdb": "DocDbSettings",
    }


@pytest.mark.parametrize("engine", list(Engine))
def test_every_library_engine_is_in_the_table_with_a_real_cloudformation_settings_block(engine):
    from aws_cdk import aws_dms as dms

    from dms_constructs.endpoints._settings import settings_block

    block = DMS_ENGINES[engine.value].settings_block
    assert hasattr(dms.CfnEndpoint, f"{block}Property"), block
    keyword, _ = settings_block(block, {})
    # The keyword is a CfnEndpoint constructor argument.
    import inspect

    assert keyword in inspect.signature(dms.CfnEndpoint.__init__).parameters, keyword


def test_constructs_take_ssl_modes_from_the_table():
    from dms_constructs.endpoints.base import spec_of

    assert spec_of(Engine.SQLSERVER).ssl_modes == (SslMode.REQUIRE, SslMode.VERIFY_FULL)
    assert spec_of(Engine.ORACLE).ssl_modes == (SslMode.VERIFY_CA,)
    assert spec_of(Engine.S3).ssl_modes == ()


def test_facts_import_no_cdk():
    """facts.py is pure Python: the rule pack and the command line read it without loading the CDK."""
    code = "import sys; import dms_constructs.facts; print(any(m.startswith('aws_cdk') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def _imports(path: Path) -> set[str]:
    """Modules a file imports (relative imports resolved against dms_constructs), TYPE_CHECKING included."""
    tree = ast.parse(path.read_text())
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_part_imports_the_wave():
    allowed = {PACKAGE / "wave.py", PACKAGE / "_api.py", PACKAGE / "__init__.py"}
    offenders = sorted(
        str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py") if p not in allowed and "dms_constructs.wave" in _imports(p)
    )
    assert offenders == []


def test_engine_families_do_not_import_each_other():
    families = {"relational", "db2_ase", "object_store", "warehouse", "streams", "key_value", "search", "document", "graph", "in_memory"}
    endpoints = PACKAGE / "endpoints"
    offenders = []
    for path in endpoints.glob("*.py"):
        if path.stem not in families:
            continue
        imported = _imports(path)
        offenders += [(path.stem, f) for f in families - {path.stem} if f"dms_constructs.endpoints.{f}" in imported]
    assert offenders == []


def test_endpoint_modules_stay_small():
    sizes = {p.name: len(p.read_text().splitlines()) for p in (PACKAGE / "endpoints").glob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 500} == {}


def test_table_mapping_modules_stay_small_and_the_package_keeps_every_name():
    sizes = {p.name: len(p.read_text().splitlines()) for p in (PACKAGE / "table_mappings").glob("*.py")}
    assert len(sizes) == 7
    assert {name: n for name, n in sizes.items() if n > 500} == {}
    import dms_constructs.table_mappings as table_mappings

    names = [
        "DATA_TYPES", "MAX_LOAD_ORDER", "MAX_RANGE_COLUMNS", "WILDCARD", "DataType", "FilterCondition", "FilterOperator",
        "LobMode", "LobSettings", "ObjectLocator", "ParallelLoad", "ParallelLoadType", "Rule", "RuleTarget", "RuleType",
        "SelectionAction", "SourceFilter", "TableMappings", "TableType", "TransformAction", "pattern_covers",
        "patterns_overlap",
    ]
    assert sorted(table_mappings.__all__) == sorted(names)
    assert all(hasattr(table_mappings, name) for name in names)


def test_rule_pack_modules_stay_small_and_the_rules_module_keeps_its_names():
    sizes = {p.name: len(p.read_text().splitlines()) for p in (PACKAGE / "checks" / "rules").glob("*.py")}
    assert len(sizes) == 7
    assert {name: n for name, n in sizes.items() if n > 500} == {}
    for name in ("RULES", "RULES_BY_TYPE", "MULTI_AZ_RULE_ID", "PACK_NAME", "Options", "Outcome", "Rule", "rule",
                 "rules_markdown", "logging_outcome", "is_plaintext_secret", "classify_service_principal", "json_document"):
        assert hasattr(rules, name), name
