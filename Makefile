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
ALLOW     := dms-guard-allow.json

# jsii and the CDK CLI run on the Node 22 from node_modules, never the machine's Node.
export JSII_NODE := $(NODE_BIN)/node
export PATH := $(NODE_BIN):$(PATH)
export CDK_DISABLE_VERSION_CHECK := 1
export CDK_DISABLE_CLI_TELEMETRY := true
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup synth test lint lint-workflows checkov guard baseline bench mutate clean

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

## Unit, snapshot and compliance tests, the CI workflow's schema, then cfn-lint, checkov and the
## replacement guard over a fresh full synth. The synth leaves the whole app (every environment and the
## delivery pipeline) in cdk.out/: the pipeline's synth step runs `make test` and deploys exactly that.
test: setup
	$(PY) -m pytest
	$(MAKE) --no-print-directory lint-workflows
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory checkov NO_SYNTH=1
	$(MAKE) --no-print-directory guard NO_SYNTH=1

lint: setup
	rm -rf $(OUT)
	$(CDK) synth --quiet --output $(OUT)
	$(VENV)/bin/cfn-lint $(OUT)/*.template.json $(OUT)/assembly-*/*.template.json

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

clean:
	rm -rf $(OUT) $(VENV) $(CHECKOV_VENV) node_modules build/mutate

## Mutation testing (slow; not in CI) of the promise-carrying modules, or some: make mutate MODULES="task_settings limits".
## Snapshot tests never count as a kill. Record the printed scores and survivors in docs/TESTING.md.
mutate: setup
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,mutate]'
	$(PY) tools/mutate.py $(MODULES)

## Synth benchmarks (empty-app floor, reference app, N = 1, 10, 50, 100 waves); writes bench/results/latest.json.
bench: setup
	$(PY) bench/run.py
