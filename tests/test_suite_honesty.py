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
