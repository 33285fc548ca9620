import { useEffect, useState } from 'react';
import type { RedisStatus } from '@odin/plugin-redis-common';

/** One refresh's replication lag: bytes behind by replica pod, at the status's own time. */
export interface LagSample {
  /** `generatedAt` in epoch milliseconds. */
  at: number;
  lagBytes: Record<string, number>;
}

/** At a 10 s refresh, half an hour of history. */
export const DEFAULT_MAX_LAG_SAMPLES = 180;

function lagOf(status: RedisStatus): Record<string, number> {
  const lagBytes: Record<string, number> = {};
  if (status.redis.status !== 'ok') return lagBytes;
  for (const [pod, node] of Object.entries(status.redis.data.nodes)) {
    if (node.replication) lagBytes[pod] = node.replication.lagBytes;
  }
  return lagBytes;
}

/**
 * Replication lag over time, kept in the browser while the component stays mounted: the status
 * document has only the current lag. A status seen before (the backend caches) adds nothing.
 */
export function useReplicationLagHistory(
  status: RedisStatus | undefined,
  maxSamples = DEFAULT_MAX_LAG_SAMPLES,
): LagSample[] {
  const [history, setHistory] = useState<{
    instance?: string;
    samples: LagSample[];
  }>({ samples: [] });
  const instance = status
    ? `${status.instance.cluster}/${status.instance.namespace}/${status.instance.name}`
    : undefined;
  useEffect(() => {
    if (!status || !instance) return;
    const at = Date.parse(status.generatedAt);
    if (Number.isNaN(at)) return;
    const sample = { at, lagBytes: lagOf(status) };
    setHistory(previous => {
      const samples = previous.instance === instance ? previous.samples : [];
      const last = samples[samples.length - 1];
      if (last && last.at >= at) return previous;
      return {
        instance,
        samples: [...samples, sample].slice(-maxSamples),
      };
    });
  }, [status, instance, maxSamples]);
  return history.instance === instance ? history.samples : [];
}
