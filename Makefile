# logpipe: see README.md. `make demo` and `make test` work on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install test unit lint format demo bench opensearch build deploy clean lambda-rie forwarder-rie

install: $(STAMP)

# Re-install whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Builds the local OpenSearch node's classpath (Maven downloads stay in ~/.m2).
opensearch-node: install
	$(PY) -m devtools.opensearch_node --build-only

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# AWS's Lambda Runtime Interface Emulator (Go), for devtools/lambda_runtime.py; built once into
# build/go/bin (the Go module cache keeps the download).
RIE := build/go/bin/aws-lambda-rie
RIE_MODULE := github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie
RIE_VERSION := v0.0.0-20261030222936-bef5c4ba774d

lambda-rie: $(RIE)

$(RIE):
	GOBIN=$(CURDIR)/build/go/bin go install $(RIE_MODULE)@$(RIE_VERSION)

# The forwarder under the real Lambda runtime (RIE + awslambdaric), in the foreground; prints its
# invoke URL. Uses OPENSEARCH_URL, or starts a local node.
forwarder-rie: install lambda-rie opensearch-node
	$(PY) -m devtools.forwarder_runtime

# Every test, unit and integration; the pytest session starts (and stops) a real OpenSearch node
# unless OPENSEARCH_URL points at an existing cluster.
test: install lint opensearch-node lambda-rie
	$(PY) -m pytest

unit: install
	$(PY) -m pytest -m "not integration and not faults"

# Runs a local OpenSearch node in the foreground; Ctrl-C stops it and deletes its data.
opensearch: opensearch-node
	$(PY) -m devtools.opensearch_node

demo: install opensearch-node
	$(PY) -m devtools.demo

bench: install opensearch-node lambda-rie
	$(PY) -m bench

# The deployment artifact, without Docker: wheels for the Lambda's platform (arm64, python3.13).
build: install
	$(PY) -m devtools.build_artifact

deploy: build
	SAM_CLI_TELEMETRY=0 sam deploy --guided --template-file template.yaml

clean:
	rm -rf $(VENV) build dist .aws-sam devtools/opensearch-node/target .pytest_cache .ruff_cache
