// Pure decisions the sandbox takes as the statefulset controller and the operator's PVC resize would:
// which pod of a changed template is replaced next, and whether a claim template's size grew.

/** A pod of a StatefulSet as the rollout sees it. */
export interface RolloutPod {
  ordinal: number;
  revision: string;
  ready: boolean;
}

/**
 * The ordinal of the pod to replace now for a new pod template, or undefined to replace none.
 * `OnDelete`: none; a pod of an older revision runs until someone deletes it, and its replacement
 * gets the new template. `RollingUpdate` (the default): the highest ordinal of an older revision,
 * one at a time, and only while every pod exists and is ready, as the statefulset controller does.
 */
export function nextReplacement(input: {
  strategy?: { type?: string };
  revision: string;
  replicas: number;
  pods: RolloutPod[];
}): number | undefined {
  if (input.strategy?.type === 'OnDelete') return undefined;
  const wanted = input.pods.filter(pod => pod.ordinal < input.replicas);
  if (
    wanted.length < input.replicas ||
    wanted.some(pod => !pod.ready) ||
    new Set(wanted.map(pod => pod.ordinal)).size < input.replicas
  )
    return undefined;
  const outdated = wanted
    .filter(pod => pod.revision !== input.revision)
    .map(pod => pod.ordinal);
  return outdated.length > 0 ? Math.max(...outdated) : undefined;
}

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** Bytes of a storage quantity ("10Gi", "500M", "1e9"); undefined for anything else. */
export function storageBytes(quantity: unknown): number | undefined {
  if (typeof quantity !== 'string') return undefined;
  const match =
    /^([0-9]+(?:\.[0-9]*)?)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([mkMGTPE]?)|[eE]([+-]?[0-9]+))$/.exec(
      quantity.trim(),
    );
  if (!match) return undefined;
  const value = Number(match[1]);
  if (match[2]) return value * BINARY[match[2]];
  if (match[4] !== undefined) return value * 10 ** Number(match[4]);
  return value * DECIMAL[match[3] ?? ''];
}

/**
 * The operator's PVC resize (HandlePVCResizing): the storage the claims of a StatefulSet should
 * request now, or undefined when they keep theirs. The StatefulSet's claim templates cannot change,
 * so the operator records the size it resized to in the StatefulSet's `storageCapacity` annotation
 * (bytes) and compares with that; a smaller size is skipped, as Kubernetes does not shrink claims.
 */
export function claimResize(input: {
  /** The request of the stored StatefulSet's claim template. */
  stored?: string;
  /** The request the custom resource asks for now. */
  desired?: string;
  /** The stored StatefulSet's `storageCapacity` annotation. */
  recordedCapacity?: string;
}): { bytes: number; request: string } | 'shrink' | undefined {
  const desired = storageBytes(input.desired);
  if (desired === undefined || input.desired === input.stored) return undefined;
  const recorded = Number(input.recordedCapacity ?? 0) || 0;
  if (desired === recorded) return undefined;
  if (desired < recorded) return 'shrink';
  return { bytes: desired, request: input.desired! };
}
