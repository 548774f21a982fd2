"""The hosted CI workflow runs the same gate as the pipeline, with the pip and npm caches, and its schema check bites."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def _steps() -> list[dict]:
    (job,) = _workflow()["jobs"].values()
    return job["steps"]


def _uses(action: str) -> dict:
    (step,) = [s for s in _steps() if s.get("uses", "").split("@")[0] == action]
    return step


def test_runs_on_pushes_to_main_and_on_every_pull_request():
    workflow = _workflow()
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` key as true
    assert triggers["push"] == {"branches": ["main"]}
    assert "pull_request" in triggers
    assert workflow["permissions"] == {"contents": "read"}


def test_the_gate_is_make_test():
    assert [s["run"] for s in _steps() if "run" in s] == ["make test"]


def test_pip_is_cached_on_the_files_that_pin_python_packages():
    step = _uses("actions/setup-python")
    assert step["with"]["cache"] == "pip"
    assert step["with"]["cache-dependency-path"].split() == ["pyproject.toml", "constraints.txt"]
    assert step["with"]["python-version"] == "3.12"


def test_npm_is_cached_on_the_lock_file():
    step = _uses("actions/setup-node")
    assert (step["with"]["cache"], step["with"]["cache-dependency-path"]) == ("npm", "package-lock.json")


def _validate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True, text=True, check=False,
    )


def test_the_workflow_passes_its_schema_and_a_broken_one_does_not(tmp_path):
    assert _validate(WORKFLOW).returncode == 0
    broken = tmp_path / "ci.yml"
    broken.write_text(WORKFLOW.read_text().replace("runs-on:", "runs_on:"))
    result = _validate(broken)
    assert result.returncode == 1 and "runs_on" in result.stdout


def test_make_test_validates_the_workflows():
    makefile = (ROOT / "Makefile").read_text()
    test = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "lint-workflows" in test
    assert "check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml" in makefile
