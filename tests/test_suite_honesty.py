"""The suite's honesty lint: every test function asserts something.

"It did not raise" is not an assertion (docs/TESTING.md). This reads every test module as source (ast, no
import) and fails on a test function whose body holds none of:

- an `assert` statement whose condition is not a true constant (`assert True` asserts nothing);
- `pytest.raises`, `pytest.warns`, `pytest.deprecated_call` or `pytest.fail` (also imported bare from pytest);
- a call to an assertion helper: a function or method whose name starts with `assert_`, `expect_` or
  `check_` (e.g. a mock's `assert_called_once_with`), unless it is the library's: a name imported from
  `dms_constructs`, or reached through one (`v.check_host(...)` after `from dms_constructs import
  _validation as v`, `dms_constructs._validation.check_range(...)`). The library's `check_*` validators
  raise on bad input: calling one asserts nothing;
- a CDK assertion method of `Template`/`Annotations` (`has_resource_properties`, `resource_count_is`,
  `template_matches`, `has_error`, ...), which fail the test when they do not hold.

Helpers the test defines inside its own body count (their statements are the test's). Calls to other
helpers do not: a helper that asserts should be named `assert_...`/`expect_...`/`check_...`.

A second, cheaper lint (`derived_expectations`) catches the commonest way a test derives its expectation from
the code under test: `assert actual == <a constant of the library or of the reference app>`, such as
`== EXCLUDED_PASSWORD_CHARACTERS`, `== {**DEFAULTS["TargetMetadata"], ...}`, `== [r.id for r in RULES]` or
`== len(ENVIRONMENTS[env].availability_zones)`: an upper-case name imported from `dms_constructs` or `stacks`
(or read through an imported module, `facts.VPC_ROLE_NAME`) anywhere on the expected side of `==`. Enum members
(`SslMode.REQUIRE`) are the API, not a derivation, and do not count; neither does a comparison chain that ends
in a written-out value (`rules.X == facts.x() == {...}`), nor `is` (identity: "the same object"). It reads the
right-hand side only (`assert actual == expected`); calls into the library (`TAGS.as_dict()`) are left to review.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent

#: Prefixes of assertion helpers (ours, mocks', other libraries').
HELPER_PREFIXES = ("assert_", "expect_", "check_")
#: pytest's own ways of failing a test.
PYTEST_ASSERTIONS = frozenset({"raises", "warns", "deprecated_call", "fail"})
#: aws_cdk.assertions methods that fail when they do not hold (`find_*`, `to_json` only read).
CDK_ASSERTIONS = frozenset({
    "has_resource", "has_resource_properties", "resource_count_is", "resource_properties_count_is",
    "all_resources", "all_resources_properties", "template_matches", "has_output", "has_mapping",
    "has_parameter", "has_condition",
    "has_error", "has_no_error", "has_warning", "has_no_warning", "has_info", "has_no_info",
})


def _library_names(tree: ast.Module) -> set[str]:
    """Names the module imports from dms_constructs (as they are bound in the module)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "dms_constructs":
            names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.asname or alias.name.split(".")[0] for alias in node.names if alias.name.split(".")[0] == "dms_constructs")
    return names


def _pytest_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """(names bound to the pytest module, pytest's assertion functions imported bare)."""
    modules, functions = {"pytest"}, set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(a.asname or a.name for a in node.names if a.name == "pytest")
        elif isinstance(node, ast.ImportFrom) and node.module == "pytest":
            functions.update(a.asname or a.name for a in node.names if a.name in PYTEST_ASSERTIONS)
    return modules, functions


def _root_name(node: ast.expr) -> str | None:
    """`v` of `v.check_host`, `dms_constructs` of `dms_constructs._validation.check_range`."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _is_assertion(node: ast.AST, library: set[str], pytest_modules: set[str], pytest_functions: set[str]) -> bool:
    if isinstance(node, ast.Assert):
        # `assert True` asserts nothing; `assert False, why` (in a branch) fails the test.
        return not (isinstance(node.test, ast.Constant) and node.test.value)
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Attribute):
        if isinstance(func.value, ast.Name) and func.value.id in pytest_modules:
            return func.attr in PYTEST_ASSERTIONS
        if func.attr.startswith(HELPER_PREFIXES):
            return _root_name(func.value) not in library
        return func.attr in CDK_ASSERTIONS
    if isinstance(func, ast.Name):
        if func.id in pytest_functions:
            return True
        return func.id.startswith(HELPER_PREFIXES) and func.id not in library
    return False


def _test_functions(tree: ast.Module) -> list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """The functions pytest collects as tests: module-level `test*`, and `test*` methods of `Test*` classes."""
    found: list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]] = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            found.append((node.name, node))
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            found.extend(
                (f"{node.name}::{item.name}", item)
                for item in node.body
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name.startswith("test")
            )
    return found


def offenders(source: str) -> list[str]:
    """Names of the test functions in `source` that assert nothing."""
    tree = ast.parse(source)
    library = _library_names(tree)
    pytest_modules, pytest_functions = _pytest_names(tree)
    return [
        name
        for name, function in _test_functions(tree)
        if not any(
            _is_assertion(node, library, pytest_modules, pytest_functions)
            for statement in function.body
            for node in ast.walk(statement)
        )
    ]


def test_every_test_asserts_something():
    found = {
        f"{path.name}::{name}"
        for path in sorted(TESTS.glob("test_*.py"))
        for name in offenders(path.read_text(encoding="utf-8"))
    }
    assert not found, "tests that assert nothing (assert the behaviour, or delete a duplicate):\n" + "\n".join(sorted(found))


# The lint's own tests, on synthetic sources.

@pytest.mark.parametrize("body", [
    "make_wave()",
    "assert True",
    "assert 1",
    "check_range('x', 3, 0, 5)",  # imported from the library below: a validator, not an assertion
    "template.find_resources('AWS::DMS::Endpoint')",
    "other.raises(ValueError)",  # not pytest
    "x = 1\n    if x:\n        pass",
])
def test_a_test_that_asserts_nothing_is_flagged(body):
    source = f"import pytest\nfrom dms_constructs._validation import check_range\n\ndef test_it():\n    {body}\n"
    assert offenders(source) == ["test_it"]


@pytest.mark.parametrize("body", [
    "assert make_wave() is not None",
    "with pytest.raises(ValueError):\n        make_wave()",
    "pytest.warns(UserWarning, make_wave)",
    "if bad():\n        pytest.fail('bad')",
    "with raises(ValueError):\n        make_wave()",  # `from pytest import raises`
    "assert_has_tags(template)",
    "expect_failure(lambda: make_wave())",
    "check_report(report)",
    "mock.assert_called_once_with(1)",
    "Template.from_stack(stack).has_resource_properties('AWS::DMS::Endpoint', {})",
    "template.resource_count_is('AWS::DMS::ReplicationTask', 2)",
    "Annotations.from_stack(stack).has_error('/S/W', Match.any_value())",
    "for x in range(3):\n        assert x < 3",
    "def inner():\n        assert make_wave()\n    inner()",
    "if bad():\n        assert False, 'bad'",
])
def test_a_test_that_asserts_is_not_flagged(body):
    source = f"import pytest\nfrom pytest import raises\n\ndef test_it():\n    {body}\n"
    assert offenders(source) == []


def test_only_collected_tests_are_linted_and_class_methods_are_named_with_their_class():
    source = (
        "def helper():\n    pass\n\n"
        "def _test_private():\n    pass\n\n"
        "class TestWave:\n"
        "    def test_a(self):\n        pass\n"
        "    def test_b(self):\n        assert self\n"
        "    def helper(self):\n        pass\n\n"
        "class Other:\n    def test_c(self):\n        pass\n\n"
        "async def test_d():\n    pass\n"
    )
    assert offenders(source) == ["TestWave::test_a", "test_d"]


def test_an_aliased_pytest_module_is_recognised():
    source = "import pytest as pt\n\ndef test_it():\n    with pt.raises(ValueError):\n        int('x')\n"
    assert offenders(source) == []


@pytest.mark.parametrize("body", [
    "v.check_host('h', 'db.example.com')",  # the library's validator, through a module alias
    "dms_constructs._validation.check_range('x', 3, 0, 5)",
    "dc.check_range('x', 3, 0, 5)",
])
def test_a_library_validator_called_through_its_module_is_not_an_assertion(body):
    source = (
        "import dms_constructs\nimport dms_constructs as dc\nfrom dms_constructs import _validation as v\n\n"
        f"def test_it():\n    {body}\n"
    )
    assert offenders(source) == ["test_it"]


def test_a_helper_on_a_non_library_object_still_counts():
    source = "from dms_constructs import _validation as v\n\ndef test_it(report):\n    report.check_clean()\n"
    assert offenders(source) == []


# --- the second lint: expectations read from the library's constants ---------------------------------------

#: Builtins a written-out value may call (`frozenset({...})`).
_BUILTINS = frozenset({"frozenset", "set", "tuple", "list", "dict", "sorted", "str", "int", "float", "range", "len"})


def _tested_bindings(tree: ast.Module) -> tuple[set[str], set[str]]:
    """(names imported from the code under test, modules of it imported whole)."""
    names, modules = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in ("dms_constructs", "stacks"):
            names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            modules.update(alias.asname or alias.name.split(".")[0] for alias in node.names
                           if alias.name.split(".")[0] in ("dms_constructs", "stacks"))
    return names, modules


def _constant_name(name: str) -> bool:
    return name.upper() == name and any(c.isalpha() for c in name) and not name.startswith("__")


def _class_name(name: str) -> bool:
    return name[:1].isupper() and name.upper() != name


def _library_constant(node: ast.AST, names: set[str], modules: set[str]) -> bool:
    """`NAME`, `NAME[...]...`, `module.NAME...` of the code under test; not an enum member (`Class.MEMBER`)."""
    parts: list[str] = []
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or (node.id not in names and node.id not in modules) or _class_name(node.id):
        return False
    parts.reverse()
    if _constant_name(node.id) and len(node.id) > 1:  # NAME, NAME[...], NAME.attr
        return not any(_class_name(p) for p in parts)
    for part in parts:  # a module or alias (`facts`, `R`): its first constant, unless a class comes first
        if _class_name(part):
            return False  # SslMode.REQUIRE, R.Outcome.COMPLIANT
        if _constant_name(part):
            return True
    return False


def _written_out(node: ast.AST) -> bool:
    return all(n.id in _BUILTINS for n in ast.walk(node) if isinstance(n, ast.Name)) and not any(
        isinstance(n, (ast.Attribute, ast.Subscript, ast.Lambda)) for n in ast.walk(node))


def derived_expectations(source: str) -> list[str]:
    """`line: expression` of each `assert ... == <library constant>` in `source`."""
    tree = ast.parse(source)
    names, modules = _tested_bindings(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Assert) and isinstance(node.test, ast.Compare)):
            continue
        if not all(isinstance(op, ast.Eq) for op in node.test.ops):
            continue
        if any(_written_out(operand) for operand in (node.test.left, *node.test.comparators)):
            continue
        for expected in node.test.comparators:
            constant = next((n for n in ast.walk(expected) if _library_constant(n, names, modules)), None)
            if constant is not None:
                found.append(f"{node.lineno}: {ast.unparse(constant)}")
                break
    return found


def test_no_expectation_is_read_from_the_library_s_constants():
    found = [
        f"{path.name}:{line}"
        for path in sorted(TESTS.glob("test_*.py"))
        for line in derived_expectations(path.read_text(encoding="utf-8"))
    ]
    assert not found, "expectations read from the code under test (write the values out):\n" + "\n".join(found)


_IMPORTS = (
    "import dms_constructs\nfrom dms_constructs import facts\nfrom dms_constructs.credentials import EXCLUDED\n"
    "from dms_constructs.task_settings import DEFAULTS, SslMode\nfrom dms_constructs.checks import rules as R\n"
    "from stacks.config import ENVIRONMENTS\n\n"
)


@pytest.mark.parametrize("assertion, constant", [
    ("assert props['X'] == EXCLUDED", "EXCLUDED"),
    ("assert doc == {**DEFAULTS['TargetMetadata'], 'K': True}", "DEFAULTS['TargetMetadata']"),
    ("assert ids == [r.id for r in R.RULES]", "R.RULES"),
    ("assert n == len(ENVIRONMENTS[env].availability_zones)", "ENVIRONMENTS[env].availability_zones"),
    ("assert name == facts.VPC_ROLE_NAME", "facts.VPC_ROLE_NAME"),
    ("assert name == dms_constructs.facts.VPC_ROLE_NAME", "dms_constructs.facts.VPC_ROLE_NAME"),
])
def test_an_expectation_read_from_a_library_constant_is_flagged(assertion, constant):
    assert derived_expectations(f"{_IMPORTS}def test_it():\n    {assertion}\n") == [f"9: {constant}"]


@pytest.mark.parametrize("assertion", [
    "assert props['X'] == ';.:+'",  # written out
    "assert mode == SslMode.REQUIRE",  # an enum member: the API
    "assert outcome == R.Outcome.COMPLIANT",
    "assert facts.ssl_modes() == R.SSL_MODES == {'oracle': frozenset({'verify-ca'})}",  # the chain ends written out
    "assert R.RULES is R.RULES",  # identity
    "assert EXCLUDED == ';.:+'",  # the constant is what is tested
    "assert set(EXCLUDED) <= set(';.:+')",  # not ==
    "assert doc == expected",  # a local name: not this lint's business
    "assert version == dms_constructs.__version__",  # a dunder, not a constant
])
def test_a_written_out_expectation_is_not_flagged(assertion):
    assert derived_expectations(f"{_IMPORTS}def test_it():\n    {assertion}\n") == []


def test_the_lint_finds_the_expectations_the_audit_replaced():
    """Five of the derived expectations the audit of 2026-11-27 replaced (docs/TESTING.md), as they were."""
    before = (
        "from dms_constructs.credentials import EXCLUDED_PASSWORD_CHARACTERS\n"
        "from dms_constructs.endpoints import SSL_RULE_ID\n"
        "from dms_constructs.task_settings import DEFAULTS\n"
        "from dms_constructs.checks import RULES\n"
        "from stacks.config import ENVIRONMENTS\n\n"
        "def test_it(props, e, document, pack, tables, env):\n"
        "    assert props['HostedRotationLambda']['ExcludeCharacters'] == EXCLUDED_PASSWORD_CHARACTERS\n"
        "    assert _acknowledged(e['legacy'].resource) == {SSL_RULE_ID: 'The 2009 appliance cannot do TLS'}\n"
        "    assert document['TargetMetadata'] == {**DEFAULTS['TargetMetadata'], 'TaskRecoveryTableEnabled': True}\n"
        "    assert pack.rule_ids == [r.id for r in RULES]\n"
        "    assert len(tables) == len(ENVIRONMENTS[env].availability_zones)\n"
    )
    assert derived_expectations(before) == [
        "8: EXCLUDED_PASSWORD_CHARACTERS", "9: SSL_RULE_ID", "10: DEFAULTS['TargetMetadata']", "11: RULES",
        "12: ENVIRONMENTS[env].availability_zones",
    ]
