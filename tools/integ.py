"""The integration tests in integ/: offline snapshot comparison, and deploy-assert-destroy in a real account.

    python tools/integ.py snapshot [--update] [TEST...]   (make test / make integ-snapshots)
    python tools/integ.py deploy [TEST...]                (make integ)

A test is an `integ/integ_*.py` app with an `IntegTest` (aws-cdk.integ-tests-alpha): its test stack and
an assertion stack whose custom resources call AWS APIs and compare the results.

`snapshot` runs each app (no CDK CLI, no credentials, no network: the apps are environment-agnostic) and
compares every synthesized template and the test manifest (`integ.json`) with the committed copy in
`integ/<test>.py.snapshot/` — the layout integ-runner uses. `--update` rewrites the copies; review
`git diff integ/` before committing.

`deploy` does for each test what `integ-runner` does: deploy the test stack and the assertion stack with
the pinned CDK CLI, fail on any assertion whose result is not `success` (assertions that wait fail the
deployment itself), and destroy both stacks whatever happened (`INTEG_KEEP=1` keeps them for a look).
It refuses to run unless INTEG_ACCOUNT names the account the caller's credentials belong to.

Why not integ-runner itself: the newest `@aws-cdk/integ-runner` (2.197.10) bundles a toolkit that reads
cloud assembly schema 53 at most, and aws-cdk-lib 2.275.0 writes schema 55, so it rejects every
assembly of this project ("Cloud assembly schema version mismatch: Maximum schema version supported is
53.x.x, but found 55.0.0"), in snapshot mode as well. The snapshot layout here is integ-runner's, so the
Makefile can switch to it once a release reads schema 55.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Mapping, Optional, Sequence

ROOT = Path(__file__).resolve().parents[1]
INTEG_DIR = ROOT / "integ"
CDK = ROOT / "node_modules" / ".bin" / "cdk"
DEPLOY_OUT = ROOT / "cdk.integ.out"
_ACCOUNT = re.compile(r"^\d{12}$")


def discover(names: Sequence[str] = ()) -> list[Path]:
    """The test apps, `integ/integ_*.py` (integ-runner's Python pattern), or those named (with or without
    the directory and `.py`)."""
    tests = sorted(INTEG_DIR.glob("integ_*.py"))
    if not names:
        return tests
    wanted = {Path(n).name.removesuffix(".py") for n in names}
    unknown = wanted - {t.stem for t in tests}
    if unknown:
        raise SystemExit(f"no such integration test: {', '.join(sorted(unknown))} (have: {', '.join(t.stem for t in tests)})")
    return [t for t in tests if t.stem in wanted]


def snapshot_dir(test: Path) -> Path:
    return test.parent / f"{test.name}.snapshot"


# --- snapshot ----------------------------------------------------------------------------------------


def synth(test: Path, outdir: Path) -> dict[str, object]:
    """Run the app into `outdir` (the App reads CDK_OUTDIR) and return {file name: JSON} of what a
    snapshot holds: every stack template and the test manifest."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") or k == "AWS_CA_BUNDLE"}
    env.update(CDK_OUTDIR=str(outdir), AWS_EC2_METADATA_DISABLED="true")
    run = subprocess.run([sys.executable, str(test)], cwd=test.parent, env=env, capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"{test.name} does not synthesize:\n{run.stdout[-4000:]}{run.stderr[-8000:]}")
    return snapshot_files(outdir)


def snapshot_files(directory: Path) -> dict[str, object]:
    if not directory.is_dir():
        return {}
    return {
        f.name: scrub(json.loads(f.read_text()))
        for f in sorted(directory.iterdir())
        if f.name.endswith(".template.json") or f.name == "integ.json"
    }


SALT = "(scrubbed: the synth time, so that every deployment runs the assertion again)"


def scrub(document: object) -> object:
    """The assertion stack's API calls carry a `salt` of the synth time (integ-tests-alpha) so that each
    deployment repeats them; integ-runner therefore never diffs that stack. Scrubbed, the stack can be
    compared: a changed assertion shows up in review like any other change."""
    if isinstance(document, dict):
        for resource in (document.get("Resources") or {}).values():
            props = resource.get("Properties") if isinstance(resource, dict) else None
            if str(resource.get("Type", "")).startswith("Custom::DeployAssert@") and isinstance(props, dict) and "salt" in props:
                props["salt"] = SALT
    return document


def compare(expected: Mapping[str, object], actual: Mapping[str, object], context: int = 3, limit: int = 200) -> list[str]:
    """Differences between two snapshots as unified-diff lines (empty when equal); at most `limit` lines
    per file."""
    lines: list[str] = []
    for name in sorted(set(expected) | set(actual)):
        if name not in actual:
            lines.append(f"--- {name}: in the snapshot, no longer synthesized")
            continue
        if name not in expected:
            lines.append(f"+++ {name}: synthesized, not in the snapshot")
            continue
        if expected[name] == actual[name]:
            continue
        diff = list(difflib.unified_diff(
            _pretty(expected[name]).splitlines(), _pretty(actual[name]).splitlines(),
            f"snapshot/{name}", f"synthesized/{name}", n=context, lineterm="",
        ))
        lines += diff[:limit] + ([f"... {len(diff) - limit} more lines"] if len(diff) > limit else [])
    return lines


def write_snapshot(test: Path, files: Mapping[str, object]) -> None:
    target = snapshot_dir(test)
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    for name, content in files.items():
        (target / name).write_text(_pretty(content) + "\n")


def _pretty(document: object) -> str:
    return json.dumps(document, indent=1, sort_keys=True)


def snapshot(tests: Sequence[Path], update: bool, synthesize: Callable[[Path, Path], dict[str, object]] = synth) -> int:
    """Compare (or with `update`, rewrite) every test's snapshot; returns the number of tests that differ."""
    with tempfile.TemporaryDirectory(prefix="integ-") as tmp:
        def one(test: Path) -> tuple[Path, Optional[dict[str, object]], str]:
            try:
                return test, synthesize(test, Path(tmp) / test.stem), ""
            except RuntimeError as error:
                return test, None, str(error)

        # The apps are CPU-bound jsii processes: one per core.
        with ThreadPoolExecutor(max_workers=max(1, min(len(tests), os.cpu_count() or 1))) as pool:
            results = list(pool.map(one, tests))
    failed = 0
    for test, files, error in results:
        if files is None:
            print(f"  ERROR    {test.name}\n{error}")
            failed += 1
            continue
        if update:
            write_snapshot(test, files)
            print(f"  UPDATED  {test.name}")
            continue
        diff = compare(snapshot_files(snapshot_dir(test)), files)
        if diff:
            failed += 1
            print(f"  CHANGED  {test.name}")
            print("\n".join("    " + line for line in diff))
        else:
            print(f"  OK       {test.name}")
    if failed and not update:
        print(f"\n{failed} of {len(tests)} integration test snapshots differ. If the change is intended, run "
              "`make integ-snapshots` and review `git diff integ/`.")
    return failed


# --- deploy ------------------------------------------------------------------------------------------


def check_account(wanted: Optional[str], caller: str) -> None:
    """Refuse to deploy unless INTEG_ACCOUNT is given and is the caller's account."""
    if not wanted:
        raise SystemExit(
            "make integ deploys real resources (and costs money): name the account explicitly, e.g. "
            f"`make integ INTEG_ACCOUNT={caller}` (your credentials belong to {caller})."
        )
    if not _ACCOUNT.match(wanted):
        raise SystemExit(f"INTEG_ACCOUNT={wanted!r} is not a 12-digit AWS account id.")
    if wanted != caller:
        raise SystemExit(f"INTEG_ACCOUNT={wanted} but your credentials belong to account {caller}: refusing to deploy.")


def failed_assertions(outputs: Mapping[str, Mapping[str, str]]) -> list[str]:
    """`Stack.Output: message` for every assertion result that is not a success (the assertion stack
    outputs `AssertionResults...` = `{"status": "success" | "fail", "message": ...}`)."""
    failures = []
    for stack, values in sorted(outputs.items()):
        for key, value in sorted(values.items()):
            if not key.startswith("AssertionResults"):
                continue
            try:
                result = json.loads(value)
            except (TypeError, ValueError):
                result = {"status": "unreadable", "message": value}
            if not isinstance(result, dict) or result.get("status") != "success":
                message = result.get("message", result) if isinstance(result, dict) else result
                failures.append(f"{stack}.{key}: {message}")
    return failures


SERVICE_ROLES = ("dms-vpc-role", "dms-cloudwatch-logs-role")


def missing_service_roles(iam) -> list[str]:
    """The DMS account-wide roles (DMS user guide, "Creating the IAM roles to use with AWS DMS") the account lacks."""
    missing = []
    for name in SERVICE_ROLES:
        try:
            iam.get_role(RoleName=name)
        except iam.exceptions.NoSuchEntityException:
            missing.append(name)
    return missing


def deploy(tests: Sequence[Path]) -> int:
    import boto3  # only here: `snapshot` needs no AWS SDK
    from botocore.exceptions import BotoCoreError, ClientError

    wanted = os.environ.get("INTEG_ACCOUNT")
    if not wanted:
        raise SystemExit(
            "make integ deploys real resources (and costs money): name the account explicitly, e.g. "
            "`make integ INTEG_ACCOUNT=123456789012`; it must be the account your credentials belong to."
        )
    session = boto3.session.Session()
    try:
        caller = session.client("sts").get_caller_identity()["Account"]
    except (BotoCoreError, ClientError) as error:
        raise SystemExit(f"make integ needs AWS credentials for account {wanted}: {error}") from None
    check_account(wanted, caller)
    region = session.region_name
    if not region:
        raise SystemExit("No region: set AWS_REGION (or a profile with a region) for make integ.")
    missing = missing_service_roles(session.client("iam"))
    if missing:
        raise SystemExit(
            f"The account has no {' or '.join(missing)}: the test waves import DMS's account-wide roles by name and "
            "never create them (a second copy fails). Create them once, e.g. `cdk deploy 'dev/AccountBaseline'` "
            "of the reference app, or open AWS DMS in the console once."
        )
    keep = os.environ.get("INTEG_KEEP") == "1"
    env = {**os.environ, "CDK_DEFAULT_ACCOUNT": caller, "CDK_DEFAULT_REGION": region, "CDK_DISABLE_VERSION_CHECK": "1"}
    failed = 0
    for test in tests:
        out = DEPLOY_OUT / test.stem
        shutil.rmtree(out, ignore_errors=True)
        outputs_file = out.with_suffix(".outputs.json")
        # Run from integ/ so that the reference app's cdk.json (its app and context) does not apply.
        common = ["--app", f"{sys.executable} {test.name}", "--output", str(out), "--all"]
        print(f"== {test.stem}: deploying to {caller}/{region}", flush=True)
        try:
            deployed = subprocess.run([str(CDK), "deploy", *common, "--require-approval", "never", "--outputs-file", str(outputs_file)],
                                      cwd=INTEG_DIR, env=env).returncode == 0
            failures = failed_assertions(json.loads(outputs_file.read_text())) if outputs_file.exists() else []
            if not deployed:
                failures.append("the deployment failed (a waiting assertion that never matched fails it): see the stack events above")
        finally:
            if keep:
                print(f"INTEG_KEEP=1: {test.stem} stays deployed; destroy it with `cd integ && {CDK} destroy {' '.join(common)} --force`")
            else:
                subprocess.run([str(CDK), "destroy", *common, "--force"], cwd=INTEG_DIR, env=env, check=False)
        if failures:
            failed += 1
            print(f"  FAILED   {test.stem}\n" + "\n".join(f"    {f}" for f in failures), flush=True)
        else:
            print(f"  PASSED   {test.stem}", flush=True)
    return failed


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    snap = sub.add_parser("snapshot", help="compare (or --update) the committed snapshots, offline")
    snap.add_argument("--update", action="store_true")
    snap.add_argument("tests", nargs="*")
    dep = sub.add_parser("deploy", help="deploy, assert and destroy in the caller's account (INTEG_ACCOUNT)")
    dep.add_argument("tests", nargs="*")
    args = parser.parse_args(argv)
    tests = discover(args.tests)
    if args.command == "snapshot":
        return 1 if snapshot(tests, args.update) else 0
    return 1 if deploy(tests) else 0


if __name__ == "__main__":
    sys.exit(main())
