import type { ClusterState } from '@odin/plugin-redis-common';

/** Every Redis cluster has this many hash slots. */
export const CLUSTER_SLOTS = 16384;

/** Slots by condition; they add up to 16384. */
export function slotCoverage(state: ClusterState) {
  const unassigned = Math.max(0, CLUSTER_SLOTS - state.slotsAssigned);
  return {
    ok: state.slotsOk,
    pfail: state.slotsPfail,
    fail: state.slotsFail,
    unassigned,
  };
}
