# The three commands of this repository. Each is idempotent and safe to re-run.
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help setup start test

include tools/k8s-testenv/k8s.mk

help:
	@echo "make setup  - Node 22, dependencies, builds the CLI and tests need"
	@echo "make start  - run the portal: http://localhost:3000 (backend :7007)"
	@echo "make test   - type check, lint, unit, integration and browser tests"
	@echo "make k8s-up / k8s-down - the local Kubernetes API server (tools/k8s-testenv)"

setup:
	@bash scripts/setup.sh

start: setup
	@bash scripts/start.sh

test: setup
	@bash scripts/install-test-packages.sh
	@bash scripts/test.sh
