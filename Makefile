# The commands of this repository. Each is idempotent and safe to re-run.
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help setup start test bench redis-flavour

include tools/k8s-testenv/k8s.mk
include tools/redis-sandbox/sandbox.mk

help:
	@echo "make setup  - Node 22, dependencies, builds the CLI and tests need"
	@echo "make start  - run the portal: http://localhost:3000 (backend :7007), with the local sandbox"
	@echo "make test   - type check, lint, unit, integration and browser tests"
	@echo "make bench  - throughput and latency figures of the engine, the CLI and the status backend (bench/run.mjs)"
	@echo "make redis-flavour ARGS='validate examples/orders/production-sentinel.yaml' - the redis-flavour CLI"
	@echo "make k8s-up / k8s-down - the local Kubernetes API server (tools/k8s-testenv); k8s-down also"
	@echo "              stops the sandbox controller and every Redis process it runs"
	@echo "make sandbox-kill POD=redis/inventory-cache-0 - SIGKILL a sandbox pod's Redis (failover drill)"
	@echo "make sandbox-pause POD=... / sandbox-resume POD=... - SIGSTOP / SIGCONT it (probes fail meanwhile)"

setup:
	@bash scripts/setup.sh

start: setup
	@bash scripts/start.sh

test: setup
	@bash scripts/install-test-packages.sh
	@bash scripts/test.sh

bench: setup
	@. scripts/node-env.sh && yarn bench

# setup's messages go to stderr, so that stdout is the CLI's own (rendered manifests, JSON).
redis-flavour:
	@bash scripts/setup.sh >&2
	@. scripts/node-env.sh && node packages/cli/bin/redis-flavour $(ARGS)
