"""cdk.json's feature flags, exactly as `cdk init` of the pinned CDK CLI writes them.

    python tools/feature_flags.py          # fail (exit 1) when cdk.json's "context" differs
    python tools/feature_flags.py --write  # rewrite cdk.json's "context"

Runs `cdk init app --language python --generate-only` (offline: the template ships with the CLI in
node_modules) in a temporary directory and reads the "context" of the cdk.json it writes. Run it after
bumping aws-cdk in package.json, then review what the new flags change (`make guard`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CDK = ROOT / "node_modules" / ".bin" / "cdk"


def init_flags() -> dict[str, object]:
    env = {**os.environ, "CDK_DISABLE_VERSION_CHECK": "1", "CDK_DISABLE_CLI_TELEMETRY": "true"}
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([str(CDK), "init", "app", "--language", "python", "--generate-only"],
                       cwd=tmp, env=env, check=True, stdout=subprocess.DEVNULL)
        context: dict[str, object] = json.loads((Path(tmp) / "cdk.json").read_text())["context"]
        return context


def main(argv: list[str]) -> int:
    path = ROOT / "cdk.json"
    cdk_json = json.loads(path.read_text())
    wanted = init_flags()
    if "--write" in argv:
        cdk_json["context"] = wanted
        path.write_text(json.dumps(cdk_json, indent=2) + "\n")
        print(f"cdk.json: {len(wanted)} feature flags from `cdk init`")
        return 0
    current = cdk_json.get("context", {})
    differ = sorted(k for k in set(current) | set(wanted) if current.get(k, "<unset>") != wanted.get(k, "<unset>"))
    for key in differ:
        print(f"{key}: cdk.json {current.get(key, '<unset>')!r}, cdk init {wanted.get(key, '<unset>')!r}")
    if differ:
        print("cdk.json's feature flags differ from `cdk init`: run `python tools/feature_flags.py --write`")
        return 1
    print(f"cdk.json: the {len(wanted)} feature flags `cdk init` writes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
