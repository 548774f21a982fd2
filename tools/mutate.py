"""Mutation testing of the modules that carry promises (`make mutate`; slow, not in CI).

For each module: mutmut (from PyPI, pinned in constraints.txt) changes one thing at a time in the module
(a comparison flipped, a constant changed, a call's argument dropped, ...) and runs the tests that reach
the changed function; a mutant the tests do not notice "survives". Snapshot tests never count as a kill:
they are deselected (`-k "not snapshot"`), since `--snapshot-update` would accept any change. Property-based
tests (`test_any_*`) are deselected too, for time (hundreds of examples per mutant): the scores say what
the example-based tests, with their expected values written out, catch.

Each module runs in its own scratch directory, build/mutate/<module>/, with a generated mutmut
configuration (the module to mutate and the tests that cover it) and links to the project; results stay
there, so a second run only tests what changed. Prints one score line per module for docs/TESTING.md and
lists the surviving mutants (`mutmut show <name>` in the scratch directory shows one).

    python tools/mutate.py                      # every module in MODULES (hours on 2 cores)
    python tools/mutate.py task_settings limits # some of them
    python tools/mutate.py --sample 40 endpoints  # a seeded random sample of 40 of the module's mutants
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = ROOT / "build" / "mutate"

#: module (as in docs/TESTING.md) -> (files to mutate, tests that cover them). Pure-Python modules first:
#: their tests need no synth, so they are fast.
MODULES: dict[str, tuple[list[str], list[str]]] = {
    "task_settings": (["dms_constructs/task_settings.py"], ["tests/test_task_settings.py", "tests/test_task_settings_ranges.py", "tests/test_task_settings_edges.py"]),
    "table_mappings": ([f"dms_constructs/table_mappings/{m}.py" for m in ("vocabulary", "_parsing", "filters", "settings", "rules", "document")], ["tests/test_table_mappings.py", "tests/test_table_mappings_rules.py"]),
    "checks/rules": ([f"dms_constructs/checks/rules/{m}.py" for m in ("_model", "instances", "task_logging", "endpoints", "iam", "table")], ["tests/test_checks.py"]),
    "_validation": (["dms_constructs/_validation.py", "dms_constructs/errors.py"], ["tests/test_validation.py"]),
    "limits": (["dms_constructs/limits.py"], ["tests/test_limits.py"]),
    # capacity: its own fast tests (a bare stack, no wave synth), so each mutant takes seconds.
    "capacity": (["dms_constructs/capacity.py"], ["tests/test_capacity.py"]),
    # The pack itself: how findings reach cdk-nag during synth (templates first, the walk as fallback).
    "checks/pack": (["dms_constructs/checks/pack.py", "dms_constructs/checks/_view.py"], ["tests/test_checks.py"]),
    "monitoring": (["dms_constructs/monitoring.py"], ["tests/test_monitoring.py", "tests/test_hardening.py"]),
    "credentials": (["dms_constructs/credentials.py"], ["tests/test_secret_fields.py", "tests/test_endpoints.py"]),
    "endpoints": (["dms_constructs/endpoints/*"], ["tests/test_endpoints.py", "tests/test_engines.py", "tests/test_engines_db2_neptune_redis.py"]),
    # Secure defaults the parts share: the wave key and its service grants, the private and access-log
    # buckets, the VPC endpoint policies. Their own tests build them in one bare stack (no wave synth).
    "secure_defaults": (["dms_constructs/encryption.py", "dms_constructs/buckets.py", "dms_constructs/vpc_endpoints.py"],
                        ["tests/test_secure_defaults.py"]),
}

#: Tests left out of a module's run although their file is listed: they synthesize the whole reference app
#: (minutes per mutant). What they pin is asserted on small waves in the listed files too.
DESELECT: dict[str, list[str]] = {
    "monitoring": ["tests/test_monitoring.py::test_no_reference_app_template_grants_events_amazonaws_com_on_a_topic_or_key"],
    # A guard on the reference app's size, not a test of limits.py.
    "limits": ["tests/test_limits.py::test_reference_app_stays_well_under_the_limits"],
}

#: What the tests read besides the package and the tests themselves.
LINKED = ["stacks", "app.py", "cdk.json", "docs", "tools", "tests/baseline", "dms-guard-allow.json", ".github"]


def _config(files: list[str], tests: list[str], deselect: list[str]) -> str:
    return "\n".join([
        "[tool.mutmut]",
        'source_paths = ["dms_constructs"]',
        f"only_mutate = {json.dumps(files)}",
        # -x: the first failing test kills the mutant; snapshot tests never do. Property-based tests
        # (test_any_*) are left out for time: a score counts what example-based tests catch.
        "pytest_add_cli_args = " + json.dumps(["-k", "not snapshot and not test_any_", "-x", "-n", "0",
                                                *(f"--deselect={t}" for t in deselect)]),
        f"pytest_add_cli_args_test_selection = {json.dumps(tests)}",
        f"also_copy = {json.dumps([p for p in LINKED if (ROOT / p).exists()])}",
        "",
        "[tool.pytest.ini_options]",
        'testpaths = ["tests"]',
        'addopts = "-q -p no:cacheprovider"',
        "",
    ])


def _link(scratch: Path, name: str) -> None:
    link = scratch / name
    if not link.exists() and not link.is_symlink():
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(ROOT / name)


def run(module: str, max_children: int, sample: int = 0) -> dict:
    files, tests = MODULES[module]
    scratch = SCRATCH / module.replace("/", "_")
    scratch.mkdir(parents=True, exist_ok=True)
    (scratch / "pyproject.toml").write_text(_config(files, [t for t in tests if (ROOT / t).exists()], DESELECT.get(module, [])))
    for name in ["dms_constructs", "tests", *LINKED]:
        if (ROOT / name).exists() and name != "tests/baseline":
            _link(scratch, name)
    # The tests run inside mutants/: they find jsii's Node and cfn-lint through these links.
    for name in ("node_modules", ".venv"):
        _link(scratch / "mutants", name)
    # mutmut, with each mutant running every test of the test files that reach its function (see the module).
    mutmut = [sys.executable, str(ROOT / "tools" / "_mutmut_by_file.py")]
    # CDK_VALIDATION=false: no built-in CloudFormation validation at each synth (aws-cdk-lib 2.275 runs it on
    # every synth; a test App without the `validateAgainstDefaultRules` flag only prints its findings as
    # warnings, so it never fails a test of these modules, yet it was most of a small synth's time: 52 s of
    # 55 on the loaded machine). The reference-app tests, which read its findings, are in no selection.
    env = {**os.environ, "JSII_NODE": str(ROOT / "node_modules" / ".bin" / "node"), "MUTMUT_SAMPLE": str(sample),
           "CDK_VALIDATION": "false"}
    subprocess.run([*mutmut, "run", "--max-children", str(max_children)], cwd=scratch, env=env, check=False)
    statuses = _statuses(mutmut, scratch, env)
    chosen = _sample(list(statuses), sample) if sample else set(statuses)
    # mutmut keeps earlier results and re-tests what changed in the module, not what changed in the tests:
    # the survivors of an earlier run are tested again, since a new test may kill them.
    survivors = [name for name in chosen if statuses[name] == "survived"]
    if survivors:
        subprocess.run([*mutmut, "run", "--max-children", str(max_children), *survivors], cwd=scratch, env=env, check=False)
        statuses = _statuses(mutmut, scratch, env)
    counts: dict[str, int] = {}
    for name in chosen:
        counts[statuses[name]] = counts.get(statuses[name], 0) + 1
    return {"total": len(statuses), "sampled": len(chosen) if sample else 0, "killed": counts.get("killed", 0),
            "survived": counts.get("survived", 0), "timeout": counts.get("timeout", 0),
            "suspicious": counts.get("suspicious", 0), "no_tests": counts.get("no tests", 0),
            "not_checked": counts.get("not checked", 0),
            "survivors": sorted(name for name in chosen if statuses[name] == "survived")}


def _sample(names: list[str], n: int) -> set[str]:
    sys.path.insert(0, str(ROOT / "tools"))
    from _mutmut_by_file import sample

    return sample(names, n)


def _statuses(mutmut: list[str], scratch: Path, env: dict) -> dict[str, str]:
    """Every mutant of the module and its status (killed, survived, no tests, timeout, not checked, ...)."""
    results = subprocess.run([*mutmut, "results", "--all", "true"], cwd=scratch, env=env, check=True, capture_output=True, text=True).stdout
    return dict(line.strip().rsplit(": ", 1) for line in results.splitlines() if ": " in line)


def main(argv: list[str]) -> int:
    sample = 0
    if argv[:1] == ["--sample"]:
        sample, argv = int(argv[1]), argv[2:]
    modules = argv or list(MODULES)
    unknown = [m for m in modules if m not in MODULES]
    if unknown:
        print(f"unknown module(s) {unknown}; choose from {list(MODULES)}", file=sys.stderr)
        return 2
    # Pure-Python modules fork safely in parallel; modules whose tests synthesize share jsii's Node
    # process with the forked workers, so they run one mutant at a time.
    pure = {"task_settings", "table_mappings", "checks/rules"}
    rows = []
    for module in modules:
        stats = run(module, max_children=2 if module in pure else 1, sample=sample)
        counted = stats["killed"] + stats["survived"] + stats["timeout"] + stats["suspicious"]
        score = (stats["killed"] + stats["timeout"]) / counted if counted else 0.0
        checked = f"{counted} of a sample of {stats['sampled']}" if sample else str(counted)
        rows.append(f"| {module} | {stats['total']} | {checked} | {stats['killed'] + stats['timeout']} | {stats['survived']} "
                    f"| {stats['no_tests']} | {score:.1%} |")
        for name in stats["survivors"]:
            print(f"survived: {name}")
    print("| module | mutants | checked | killed | survived | no tests | score |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
