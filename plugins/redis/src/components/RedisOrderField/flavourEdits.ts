// The edits the order form makes to the flavour beyond setting one value: the ones a mode implies.
import type { DeploymentMode } from '@odin/plugin-redis-common';
import {
  getIn,
  isPlainObject,
  nodeAt,
  setIn,
  type FlavourPath,
  type FlavourValue,
} from './schemaPaths';

const DEFAULT_REPLICA_COUNT = nodeAt(['replica', 'count'])?.default;

/** The mode the flavour asks for, its schema default when unset. */
export function deploymentModeOf(flavour: FlavourValue): DeploymentMode {
  const mode = flavour.deploymentMode;
  return mode === 'sentinel' || mode === 'cluster' || mode === 'standalone'
    ? mode
    : (nodeAt(['deploymentMode'])?.default as DeploymentMode);
}

/**
 * Moves a deprecated `replicaCount` into `replica.count` when that holds only its default, which RJSF
 * fills in and which would otherwise contradict it. Both then agree, so the deprecation shows as a warning.
 */
export function foldReplicaCount(flavour: FlavourValue): FlavourValue {
  const { replicaCount } = flavour;
  const count = getIn(flavour, ['replica', 'count']);
  if (
    typeof replicaCount !== 'number' ||
    replicaCount === count ||
    (count !== undefined && count !== DEFAULT_REPLICA_COUNT)
  )
    return flavour;
  return setIn(flavour, ['replica', 'count'], replicaCount);
}

/**
 * Switches the mode together with what it implies, so no setting the new mode hides stays in conflict
 * with it: sentinel needs sentinel.enabled and a replica, cluster counts replicas per shard, and outside
 * cluster mode replicas share the master's resources.
 */
export function withDeploymentMode(
  flavour: FlavourValue,
  mode: DeploymentMode,
): FlavourValue {
  let next: FlavourValue = setIn(
    foldReplicaCount(flavour),
    ['deploymentMode'],
    mode,
  );
  const count = getIn(next, ['replica', 'count']);
  const replicas = typeof count === 'number' ? count : 0;
  next = setIn(next, ['sentinel', 'enabled'], mode === 'sentinel');
  if (mode === 'cluster') {
    next = setIn(next, ['replicaCount'], undefined);
    if (count !== undefined) next = setIn(next, ['replica', 'count'], 0);
  } else {
    next = setIn(next, ['cluster'], undefined);
    if (mode === 'sentinel' && replicas < 1)
      next = setIn(next, ['replica', 'count'], 1);
    if (next.replicaCount !== undefined)
      next = setIn(next, ['replicaCount'], getIn(next, ['replica', 'count']));
    next = withReplicaResourcesOfMaster(next);
  }
  return next;
}

function withReplicaResourcesOfMaster(flavour: FlavourValue): FlavourValue {
  const master = getIn(flavour, ['master', 'resources']);
  return isPlainObject(master)
    ? setIn(flavour, ['replica', 'resources'], master)
    : flavour;
}

/**
 * Sets one value. Outside cluster mode, master resources are copied to the replicas, which run them;
 * replica.count and the deprecated replicaCount move together, so they never contradict each other.
 */
export function withValue(
  flavour: FlavourValue,
  path: FlavourPath,
  value: unknown,
): FlavourValue {
  const key = path.join('/');
  if (key === 'deploymentMode')
    return withDeploymentMode(flavour, value as DeploymentMode);
  const next: FlavourValue = setIn(flavour, path, value);
  if (
    key.startsWith('master/resources') &&
    deploymentModeOf(next) !== 'cluster'
  )
    return withReplicaResourcesOfMaster(next);
  if (key === 'replicaCount' && typeof value === 'number')
    return setIn(next, ['replica', 'count'], value);
  if (key === 'replica/count' && next.replicaCount !== undefined)
    return setIn(next, ['replicaCount'], value);
  return next;
}
