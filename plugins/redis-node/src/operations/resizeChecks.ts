// Pure decisions of a resize: the resized resources of the order, whether the storage may grow and did, and
// in cluster mode whether every shard can lose a pod (a replica in sync, nodes.conf on a claim).
import { InputError } from '@backstage/errors';
import {
  RESIZE_OPERATION,
  parseInfoFields,
  parseQuantity,
  type OperationRecord,
  type ResolvedInstance,
  type ResourceRequirements,
} from '@odin/plugin-redis-common';
import type { ClusterNodeView } from './clusterChecks';
import type { FailoverCheck } from './failoverChecks';

/**
 * What a resize asks for: each a Kubernetes quantity, storage never with CPU or memory.
 *
 * @public
 */
export interface ResizeRequest {
  cpu?: string;
  memory?: string;
  storage?: string;
}

const MIB = 2 ** 20;

/**
 * What the caller calls each input, e.g. `--cpu` on a command line; by default its own name.
 *
 * @public
 */
export type ResizeInputNames = Partial<Record<keyof ResizeRequest, string>>;

/** The request refused unless it is one kind of resize and every quantity reads; names the field. */
export function checkResizeRequest(
  request: ResizeRequest,
  names: ResizeInputNames = {},
): 'resources' | 'storage' {
  const nameOf = (field: keyof ResizeRequest) => names[field] ?? field;
  const given = (['cpu', 'memory', 'storage'] as const).filter(
    field => request[field] !== undefined,
  );
  if (given.length === 0)
    throw new InputError(
      `Give ${nameOf('cpu')}, ${nameOf('memory')} or ${nameOf(
        'storage',
      )}: the new size, as a Kubernetes quantity (e.g. "2" CPUs, "4Gi" of memory, "20Gi" of storage)`,
    );
  if (request.storage !== undefined && given.length > 1)
    throw new InputError(
      `${nameOf('storage')} cannot be resized together with ${given
        .filter(field => field !== 'storage')
        .map(nameOf)
        .join(
          ' and ',
        )}: resize the storage on its own, since the operator skips the whole StatefulSet update when a claim's resize fails`,
    );
  for (const field of given) {
    const value = parseQuantity(request[field]!);
    if (value === undefined || value <= 0)
      throw new InputError(
        `${nameOf(field)}: "${
          request[field]
        }" is not a positive Kubernetes quantity, e.g. ${
          field === 'cpu' ? '"500m" or "2"' : '"4Gi" or "1500Mi"'
        }`,
      );
  }
  return request.storage !== undefined ? 'storage' : 'resources';
}

function scaled(
  request: string,
  oldLimit: string,
  newLimit: string,
  resource: 'cpu' | 'memory',
): string {
  const ratio = parseQuantity(request)! / parseQuantity(oldLimit)!;
  const value = parseQuantity(newLimit)! * Math.min(1, ratio);
  return resource === 'cpu'
    ? `${Math.max(1, Math.round(value * 1000))}m`
    : `${Math.max(1, Math.floor(value / MIB))}Mi`;
}

/**
 * The data pods' resources with the new limits; each request keeps its share of its limit (so a
 * Guaranteed pod stays Guaranteed), in whole millicores and MiB.
 */
export function resizedResources(
  current: ResourceRequirements,
  request: Pick<ResizeRequest, 'cpu' | 'memory'>,
): ResourceRequirements {
  const next = {
    limits: { ...current.limits },
    requests: { ...current.requests },
  };
  for (const resource of ['cpu', 'memory'] as const) {
    const limit = request[resource];
    if (limit === undefined) continue;
    next.limits[resource] = limit;
    next.requests[resource] =
      parseQuantity(current.requests[resource]) ===
      parseQuantity(current.limits[resource])
        ? limit
        : scaled(
            current.requests[resource],
            current.limits[resource],
            limit,
            resource,
          );
  }
  return next as ResourceRequirements;
}

/** Whether two resource requirements are the same quantities, however each is written. */
export function sameResources(
  a: { limits?: Record<string, string>; requests?: Record<string, string> },
  b: { limits?: Record<string, string>; requests?: Record<string, string> },
): boolean {
  return (['limits', 'requests'] as const).every(section =>
    (['cpu', 'memory'] as const).every(
      resource =>
        parseQuantity(a[section]?.[resource] ?? '') ===
        parseQuantity(b[section]?.[resource] ?? ''),
    ),
  );
}

/** Every data pod's dataset fits the maxmemory of the new memory limit. */
export function datasetFits(
  usedMemory: { pod: string; bytes?: number; error?: string }[],
  maxmemory: { value: string; bytes: number },
): FailoverCheck {
  const largest = Math.max(0, ...usedMemory.map(node => node.bytes ?? 0));
  const unknown = usedMemory.filter(node => node.bytes === undefined);
  return {
    name: 'the dataset fits the new memory',
    ok: unknown.length === 0 && largest <= maxmemory.bytes,
    figures: `the largest used_memory is ${Math.ceil(
      largest / MIB,
    )} MiB; the new maxmemory is ${maxmemory.value}${
      unknown.length
        ? `; no INFO memory from ${unknown
            .map(node => `${node.pod} (${node.error ?? 'no answer'})`)
            .join(', ')}`
        : ''
    }`,
  };
}

/** A claim of the instance as a storage resize sees it. */
export interface ClaimView {
  name: string;
  storageClassName?: string;
  /** spec.resources.requests.storage */
  request?: string;
  /** status.capacity.storage */
  capacity?: string;
  phase?: string;
  conditions?: string[];
}

/** A StorageClass, or undefined when none of that name exists. */
export interface StorageClassView {
  name: string;
  allowVolumeExpansion?: boolean;
}

/**
 * Whether the claims may grow to `size`: every claim is bound and smaller than it (a shrink is
 * refused naming the field), and each claim's StorageClass allows expansion. A claim that names no
 * class cannot grow: the API server resizes only claims provisioned for a class that allows it.
 */
export function assessStorageGrowth(input: {
  claims: ClaimView[];
  size: string;
  classes: Map<string, StorageClassView | undefined>;
}): FailoverCheck[] {
  const wanted = parseQuantity(input.size) ?? 0;
  const notLarger = input.claims.filter(
    claim => (parseQuantity(claim.request ?? '') ?? 0) >= wanted,
  );
  const unbound = input.claims.filter(claim => claim.phase !== 'Bound');
  const names = [...new Set(input.claims.map(claim => claim.storageClassName))];
  const refusing = names.filter(
    name => !name || input.classes.get(name)?.allowVolumeExpansion !== true,
  );
  return [
    {
      name: 'the storage grows',
      ok: input.claims.length > 0 && notLarger.length === 0,
      figures:
        input.claims.length === 0
          ? 'the instance has no PersistentVolumeClaims'
          : `storage ${input.size}; the claims request ${input.claims
              .map(claim => `${claim.name} ${claim.request ?? 'nothing'}`)
              .join(', ')}${
              notLarger.length
                ? `; storage must be larger than every claim (Kubernetes does not shrink a claim)`
                : ''
            }`,
    },
    {
      name: 'every claim is bound',
      ok: unbound.length === 0,
      figures: input.claims
        .map(claim => `${claim.name} ${claim.phase ?? 'no phase'}`)
        .join(', '),
    },
    {
      name: 'the StorageClass allows volume expansion',
      ok: names.length > 0 && refusing.length === 0,
      figures:
        names
          .map(name => {
            if (!name)
              return `${input.claims
                .filter(claim => !claim.storageClassName)
                .map(claim => claim.name)
                .join(
                  ', ',
                )} names no StorageClass, so it was not provisioned for one that allows expansion`;
            const found = input.classes.get(name);
            if (!found) return `StorageClass ${name} does not exist`;
            return `StorageClass ${name} allowVolumeExpansion ${
              found.allowVolumeExpansion === true
            }`;
          })
          .join('; ') || 'no claim',
    },
  ];
}

/** After a storage resize: every claim requests `size` and has it, with no filesystem resize pending. */
export function assessClaimsGrown(
  claims: ClaimView[],
  size: string,
  expected: number,
): FailoverCheck {
  const wanted = parseQuantity(size) ?? 0;
  const grown = claims.filter(
    claim =>
      (parseQuantity(claim.capacity ?? '') ?? 0) >= wanted &&
      (parseQuantity(claim.request ?? '') ?? 0) >= wanted &&
      !(claim.conditions ?? []).includes('FileSystemResizePending'),
  );
  return {
    name: 'every claim has the new capacity',
    ok: claims.length === expected && grown.length === expected,
    figures: `${grown.length} of ${expected} at ${size}: ${claims
      .map(
        claim =>
          `${claim.name} requests ${claim.request}, capacity ${
            claim.capacity ?? 'none'
          }${
            claim.conditions?.length ? ` (${claim.conditions.join(', ')})` : ''
          }`,
      )
      .join('; ')}`,
  };
}

/** The StatefulSet update strategy of an order. */
export type UpdateStrategy = ResolvedInstance['flavour']['updateStrategy'];

/**
 * The update strategy a resize of CPU and memory set aside and did not restore, because it failed after
 * applying OnDelete: the newest such run's record says so. A later resize restores it.
 */
export function interruptedStrategy(
  history: OperationRecord[],
): UpdateStrategy | undefined {
  const last = history.find(
    entry =>
      entry.operation === RESIZE_OPERATION &&
      entry.outcome !== 'refused' &&
      entry.details?.kind === 'resources',
  );
  const strategy = last?.details?.updateStrategy as
    | { original?: UpdateStrategy; during?: string }
    | undefined;
  return last?.outcome === 'failed' && strategy?.during === 'OnDelete'
    ? strategy.original
    : undefined;
}

/**
 * A cluster node restarts as itself only with its nodes.conf (its node ID, epochs and peers) and its data on
 * a volume: the order has persistence, and every data pod has its `node-conf-<pod>` claim, bound.
 */
export function assessNodeConfClaims(input: {
  persistenceEnabled: boolean;
  pods: string[];
  claims: ClaimView[];
}): FailoverCheck {
  const name = 'every node keeps nodes.conf on a claim';
  if (!input.persistenceEnabled)
    return {
      name,
      ok: false,
      figures:
        'the order has no volumes (/flavour/persistence/enabled is false): a restarted cluster node would come back without its nodes.conf and data, as a stranger to the cluster; order an instance with /flavour/persistence/enabled true and move the data to it',
    };
  const missing = input.pods.filter(
    pod =>
      input.claims.find(claim => claim.name === `node-conf-${pod}`)?.phase !==
      'Bound',
  );
  return {
    name,
    ok: input.pods.length > 0 && missing.length === 0,
    figures:
      missing.length === 0
        ? `${input.pods.length} bound node-conf claims`
        : `no bound claim node-conf-<pod> for ${missing.join(', ')}`,
  };
}

/** The cluster's `cluster_current_epoch`, the highest any node reports: each failover raises it by one. */
export function clusterEpoch(nodes: ClusterNodeView[]): number | undefined {
  const epochs = nodes
    .map(node =>
      Number(
        parseInfoFields(node.clusterInfo ?? '').get('cluster_current_epoch'),
      ),
    )
    .filter(Number.isFinite);
  return epochs.length > 0 ? Math.max(...epochs) : undefined;
}

/** No failover storm: the cluster's epoch rose by at most the failovers the resize made. */
export function assessEpochRise(
  before: number | undefined,
  after: number | undefined,
  failovers: number,
): FailoverCheck {
  return {
    name: 'no failover but those the resize made',
    ok:
      before !== undefined &&
      after !== undefined &&
      after - before <= failovers,
    figures: `cluster_current_epoch went from ${before} to ${after}; ${failovers} CLUSTER FAILOVER ${
      failovers === 1 ? 'was' : 'were'
    } made`,
  };
}
