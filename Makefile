# `make synth` and `make test` set up what is missing (.venv from pyproject.toml, node_modules from
# package-lock.json), then run. Both work offline of AWS: no credentials, no context lookups.

VENV      := .venv
PY        := $(VENV)/bin/python
NODE_BIN  := $(CURDIR)/node_modules/.bin
CDK       := $(NODE_BIN)/cdk
OUT       := cdk.out

# jsii and the CDK CLI run on the Node 22 from node_modules, never the machine's Node.
export JSII_NODE := $(NODE_BIN)/node
export PATH := $(NODE_BIN):$(PATH)
export CDK_DISABLE_VERSION_CHECK := 1
export CDK_DISABLE_CLI_TELEMETRY := true
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup synth test lint bench clean

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## Synthesize every environment (or one: make synth ENV=prod) into cdk.out/.
synth: setup
	rm -rf $(OUT)
	$(CDK) synth --quiet --output $(OUT) $(if $(ENV),--context env=$(ENV))

## Unit, snapshot and compliance tests, then cfn-lint over freshly synthesized templates.
test: setup
	$(PY) -m pytest
	$(MAKE) --no-print-directory lint

lint: setup
	rm -rf $(OUT)
	$(CDK) synth --quiet --output $(OUT)
	$(VENV)/bin/cfn-lint $(OUT)/assembly-*/*.template.json

clean:
	rm -rf $(OUT) $(VENV) node_modules

## Synth benchmarks (empty-app floor, reference app, N = 1, 10, 50, 100 waves); writes bench/results/latest.json.
bench: setup
	$(PY) bench/run.py
