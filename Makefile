# `make synth` and `make test` set up what is missing (.venv from pyproject.toml, node_modules from
# package-lock.json), then run. Both work offline of AWS: no credentials, no context lookups.

VENV      := .venv
PY        := $(VENV)/bin/python
# checkov has its own virtualenv: its dependencies conflict with the CDK's (pins: constraints-checkov.txt).
CHECKOV_VENV    := .venv-checkov
CHECKOV_VERSION := 3.3.30
NODE_BIN  := $(CURDIR)/node_modules/.bin
CDK       := $(NODE_BIN)/cdk
OUT       := cdk.out
DMS       := $(VENV)/bin/dms-constructs
BASELINE  := tests/baseline
RUNBOOKS  := docs/runbooks
ALLOW     := dms-guard-allow.json

# jsii and the CDK CLI run on the Node 22 from node_modules, never the machine's Node.
export JSII_NODE := $(NODE_BIN)/node
export PATH := $(NODE_BIN):$(PATH)
export CDK_DISABLE_VERSION_CHECK := 1
export CDK_DISABLE_CLI_TELEMETRY := true
export PYTHONDONTWRITEBYTECODE := 1

OLDEST_VENV := .venv-oldest
DIST      := build/dist
DOCS_OUT  := build/docs

.PHONY: setup synth test lint lint-workflows checkov guard baseline runbooks bench mutate clean integ integ-snapshot integ-snapshots integ-lint typecheck docs wheel test-oldest feature-flags

setup: $(VENV)/.installed node_modules/.installed $(CHECKOV_VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

$(CHECKOV_VENV)/.installed: constraints-checkov.txt
	python3 -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -c constraints-checkov.txt checkov==$(CHECKOV_VERSION)
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## Synthesize every environment (or one: make synth ENV=prod) into cdk.out/.
synth: setup
	rm -rf $(OUT)
	$(CDK) synth --quiet --output $(OUT) $(if $(ENV),--context env=$(ENV))

## Unit, snapshot and compliance tests, the integration tests' snapshots, the CI workflow's schema, then
## cfn-lint, the runbooks (written to cdk.out/runbooks and compared with the committed docs/runbooks),
## checkov and the replacement guard over a fresh full synth. The synth leaves the whole app (every
## environment and the delivery pipeline) in cdk.out/: the pipeline's synth step runs `make test` and
## deploys exactly that.
test: setup
	$(PY) -m pytest
	$(MAKE) --no-print-directory integ-snapshot
	$(MAKE) --no-print-directory typecheck
	$(MAKE) --no-print-directory test-oldest
	$(MAKE) --no-print-directory lint-workflows
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory checkov NO_SYNTH=1
	$(MAKE) --no-print-directory guard NO_SYNTH=1

lint: setup
	rm -rf $(OUT)
	$(CDK) synth --quiet --output $(OUT)
	$(VENV)/bin/cfn-lint $(OUT)/*.template.json $(OUT)/assembly-*/*.template.json
	$(DMS) runbook --assembly $(OUT) --output $(OUT)/runbooks
	diff -r $(RUNBOOKS) $(OUT)/runbooks

## GitHub Actions workflows against the workflow schema vendored in check-jsonschema (no network).
lint-workflows: setup
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml

## checkov (CloudFormation checks) over every synthesized template: fails on any failed check. A check that
## cannot be met is skipped in the template with a reason (dms_constructs.acknowledgments.skip_checkov).
## NO_SYNTH=1 scans the templates already in cdk.out/.
checkov: setup
	$(if $(NO_SYNTH),,rm -rf $(OUT) && $(CDK) synth --quiet --output $(OUT))
	$(CHECKOV_VENV)/bin/python tools/checkov_gate.py $(OUT)

## Fail when deploying the app would replace or delete a DMS resource (or a secret or key one uses) of the
## committed baseline; accepted replacements go into $(ALLOW) with a reason. NO_SYNTH=1 compares the
## templates already in cdk.out/.
guard: setup
	$(if $(NO_SYNTH),,$(MAKE) --no-print-directory synth ENV=)
	$(DMS) guard $(BASELINE) $(OUT) --allow $(ALLOW)

## After an intended change is deployed: refresh the committed baseline from a fresh synth of every
## environment, then review `git diff $(BASELINE)` before committing it.
baseline: setup
	$(MAKE) --no-print-directory synth ENV=
	$(DMS) baseline $(OUT) $(BASELINE)

## Integration tests (integ/integ_*.py, tools/integ.py). integ-snapshot synthesizes each test app offline
## (no credentials, no CLI) and compares it with its committed snapshot, integ/<test>.py.snapshot/;
## integ-snapshots rewrites the snapshots after an intended change: review `git diff integ/`.
integ-snapshot: $(VENV)/.installed node_modules/.installed
	$(PY) tools/integ.py snapshot $(TESTS)
	$(MAKE) --no-print-directory integ-lint

## cfn-lint over the committed integration snapshots (e.g. a database engine version RDS no longer creates
## would otherwise surface an hour into `make integ`). W3005 and W3037 are in integ-tests-alpha's own
## assertion provider (a DependsOn next to a GetAtt; the IAM action it derives for ListObjectsV2).
integ-lint: $(VENV)/.installed
	$(VENV)/bin/cfn-lint --ignore-checks W3005 W3037 -- integ/*.snapshot/*.template.json

integ-snapshots: $(VENV)/.installed node_modules/.installed
	$(PY) tools/integ.py snapshot --update $(TESTS)

## Deploy each integration test into the caller's account and region, run its assertions on real API
## results, destroy it. Refuses without INTEG_ACCOUNT=<the credentials' account>. Needs a CDK-bootstrapped
## account/region and DMS's account roles. About 2-2.5 hours and 2-3 USD for all three (integ/README.md);
## TESTS=integ_mysql_instance runs one, INTEG_KEEP=1 leaves the stacks deployed for a look.
integ: $(VENV)/.installed node_modules/.installed
	$(PY) tools/integ.py deploy $(TESTS)

## After an intended change: regenerate the committed example runbooks (one per stage) from a fresh synth of
## every environment, then review `git diff $(RUNBOOKS)` before committing it.
runbooks: setup
	$(MAKE) --no-print-directory synth ENV=
	rm -rf $(RUNBOOKS)
	$(DMS) runbook --assembly $(OUT) --output $(RUNBOOKS)

## Mutation testing (slow; not in CI) of the promise-carrying modules, or some: make mutate MODULES="task_settings limits".
## Snapshot tests never count as a kill. Record the printed scores and survivors in docs/TESTING.md.
mutate: setup
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,mutate]'
	$(PY) tools/mutate.py $(MODULES)

## mypy --strict over dms_constructs/ (configuration in pyproject.toml): 0 errors or it fails.
typecheck: setup
	$(PY) -m mypy

## The API reference of every public name (dms_constructs.__all__ and the public submodules), HTML from
## the docstrings into build/docs/ (generated, not committed). Works offline.
docs: setup
	rm -rf $(DOCS_OUT)
	$(PY) -m pdoc --docformat restructuredtext --no-search --output-directory $(DOCS_OUT) \
		dms_constructs dms_constructs.checks dms_constructs.table_mappings dms_constructs.task_settings dms_constructs.acknowledgments
	@echo "API reference: $(DOCS_OUT)/index.html"

## The wheel a user installs, checked: LICENSE, py.typed and every handler file are inside.
wheel: setup
	rm -rf $(DIST)
	$(PY) -m pip wheel --quiet --disable-pip-version-check --no-deps --wheel-dir $(DIST) .
	$(PY) tools/check_wheel.py $(DIST)/dms_constructs-*.whl

$(OLDEST_VENV)/.installed: constraints-oldest.txt
	rm -rf $(OLDEST_VENV)
	python3 -m venv $(OLDEST_VENV)
	touch $@

## The oldest supported aws-cdk-lib, constructs and cdk-nag (constraints-oldest.txt) with the built wheel:
## the core scenarios under both flag sets and the README example. --import-mode=append and the
## DMS_CONSTRUCTS_FROM_WHEEL check in tests/conftest.py make the tests import the installed wheel.
test-oldest: wheel $(OLDEST_VENV)/.installed node_modules/.installed
	$(OLDEST_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps $(DIST)/dms_constructs-*.whl
	$(OLDEST_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -c constraints-oldest.txt $(DIST)/dms_constructs-*.whl
	# The test tools tests/conftest.py and pyproject's addopts (-n 2) need, at our own pins.
	$(OLDEST_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt pytest pytest-xdist hypothesis syrupy
	DMS_CONSTRUCTS_FROM_WHEEL=1 $(OLDEST_VENV)/bin/pytest --import-mode=append tests/test_core_scenarios.py tests/test_readme_example.py

## Rewrite cdk.json's feature flags from `cdk init` of the pinned CLI (after bumping aws-cdk), then
## synthesize and run the guard to see what the new flags change.
feature-flags: setup
	$(PY) tools/feature_flags.py --write

clean:
	rm -rf $(OUT) $(VENV) $(CHECKOV_VENV) $(OLDEST_VENV) node_modules build .mypy_cache cdk.integ.out mutants

## Synth benchmarks (empty-app floor, reference app, N = 1, 10, 50, 100 waves); writes bench/results/latest.json.
bench: setup
	$(PY) bench/run.py
