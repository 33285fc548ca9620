# Makefile fragment: fault drills on the pods of the redis-sandbox controller that make start runs.
# Include from the root Makefile (SHELL must be bash):   include tools/redis-sandbox/sandbox.mk
#   make sandbox-kill POD=redis/inventory-cache-0     SIGKILL: the stand-in kubelet restarts it after 10 s
#   make sandbox-pause POD=redis/inventory-cache-0    SIGSTOP: the process hangs, its probes fail
#   make sandbox-resume POD=redis/inventory-cache-0   SIGCONT
# See tools/redis-sandbox/README.md.

# Directory of this fragment, fixed at include time (MAKEFILE_LIST changes later).
REDIS_SANDBOX_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
# The controller's state dir, as tools/redis-sandbox/start.sh passes it.
REDIS_SANDBOX_STATE_DIR ?= $(abspath $(REDIS_SANDBOX_DIR)/../../.cache/redis-sandbox)

.PHONY: sandbox-kill sandbox-pause sandbox-resume

# $(call redis_sandbox_signal,SIGNAL): sends SIGNAL to the Redis process of pod $(POD).
define redis_sandbox_signal
	@if [ -z '$(POD)' ]; then echo "usage: make $@ POD=<namespace>/<pod>, e.g. POD=redis/inventory-cache-0" >&2; exit 2; fi
	@. $(REDIS_SANDBOX_DIR)/../../scripts/node-env.sh && \
	  $(REDIS_SANDBOX_DIR)/bin/redis-sandbox kill '$(POD)' --signal $(1) --state-dir '$(REDIS_SANDBOX_STATE_DIR)'
endef

## sandbox-kill: SIGKILL the Redis process of POD=<namespace>/<pod> (a failover drill on the master)
sandbox-kill:
	$(call redis_sandbox_signal,KILL)

## sandbox-pause: SIGSTOP it, so it hangs and its probes fail
sandbox-pause:
	$(call redis_sandbox_signal,STOP)

## sandbox-resume: SIGCONT a paused one
sandbox-resume:
	$(call redis_sandbox_signal,CONT)
