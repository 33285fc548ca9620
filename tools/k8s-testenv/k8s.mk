# Makefile fragment: a local kube-apiserver + etcd for integration tests.
# Include from the root Makefile:   include tools/k8s-testenv/k8s.mk
# See tools/k8s-testenv/README.md.

# Directory of this fragment, fixed at include time (MAKEFILE_LIST changes later).
K8S_TESTENV_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))

.PHONY: k8s-build k8s-up k8s-down k8s-purge k8s-smoke

## k8s-build: build kube-apiserver + etcd into .cache/k8s-testenv/bin (no-op if up to date)
k8s-build:
	bash $(K8S_TESTENV_DIR)/build.sh

## k8s-up: start etcd + kube-apiserver, install the Redis Operator CRDs, write .cache/k8s/kubeconfig
k8s-up:
	bash $(K8S_TESTENV_DIR)/up.sh

## k8s-down: stop the redis-sandbox controller (and its Redis processes), then them (keeps etcd data, certs and kubeconfig)
k8s-down:
	bash $(K8S_TESTENV_DIR)/down.sh

## k8s-purge: stop them all and delete etcd data and logs
k8s-purge:
	bash $(K8S_TESTENV_DIR)/down.sh --purge

## k8s-smoke: curl-only checks against a running testenv (CRD apply, 422, TokenRequest + RBAC)
k8s-smoke:
	bash $(K8S_TESTENV_DIR)/smoke.sh

.PHONY: k8s-test
## k8s-test: the apiserver integration tests of plugins/redis-node (starts the testenv if needed, stops it if it did)
k8s-test:
	bash $(K8S_TESTENV_DIR)/with-testenv.sh bash -c 'cd plugins/redis-node && CI=true yarn backstage-cli package test src/integration'
