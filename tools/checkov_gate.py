"""The checkov gate of `make checkov`: scan every synthesized template of the reference app and fail on
any failed check, any template checkov could not parse, and any template it did not scan.

Run with checkov's own interpreter (`.venv-checkov/bin/python tools/checkov_gate.py cdk.out`): checkov
lives in its own virtualenv because its dependencies conflict with the CDK's. Checks that cannot be met
are skipped in the template itself with a reason (`dms_constructs.acknowledgments.skip_checkov`), never
here.
"""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys


def main(out_dir: str) -> int:
    templates = sorted(glob.glob(os.path.join(out_dir, "*.template.json")) + glob.glob(os.path.join(out_dir, "assembly-*", "*.template.json")))
    if not templates:
        print(f"checkov gate: no templates under {out_dir}/assembly-*/ (run cdk synth first)", file=sys.stderr)
        return 2
    command = [
        os.path.join(os.path.dirname(sys.executable), "checkov"),
        "--framework", "cloudformation",
        "--compact",
        "--skip-download",  # no network: no Prisma Cloud guidelines or severities
        "--output", "json",
    ]
    for template in templates:
        command += ["--file", template]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        print(run.stdout[-4000:], run.stderr[-4000:], sep="\n", file=sys.stderr)
        print(f"checkov gate: checkov printed no JSON report (exit code {run.returncode})", file=sys.stderr)
        return 2
    reports = report if isinstance(report, list) else [report]
    results = {"failed_checks": [], "passed_checks": [], "skipped_checks": [], "parsing_errors": []}
    for item in reports:
        for key in results:
            results[key] += item.get("results", {}).get(key, [])
    scanned = {os.path.basename(c["file_path"]) for c in results["passed_checks"] + results["failed_checks"] + results["skipped_checks"]}
    problems = 0
    for check in results["failed_checks"]:
        problems += 1
        print(f"FAILED {check['check_id']} {check['check_name']}: {check['resource']} in {os.path.basename(check['file_path'])}")
    for path in results["parsing_errors"]:
        problems += 1
        print(f"PARSING ERROR {path}")
    for template in templates:
        if os.path.basename(template) not in scanned:
            problems += 1
            print(f"NOT SCANNED {template}")
    print(
        f"checkov gate: {len(templates)} templates, {len(results['passed_checks'])} passed, "
        f"{len(results['failed_checks'])} failed, {len(results['skipped_checks'])} skipped in templates"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "cdk.out"))
