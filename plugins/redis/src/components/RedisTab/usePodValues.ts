import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { formatBytes, formatDuration } from '../../status/format';
import type { NodeRow } from '../../status/nodes';
import { redisTranslationRef } from '../../translation';

/** A pod's memory and replication lag in words, as the nodes table and the pod dialog show them; undefined where unknown. */
export function usePodValues() {
  const { t } = useTranslationRef(redisTranslationRef);
  return {
    memory: (row: NodeRow) =>
      row.usedMemoryBytes === undefined
        ? undefined
        : `${formatBytes(row.usedMemoryBytes)} / ${
            row.maxMemoryBytes
              ? formatBytes(row.maxMemoryBytes)
              : t('tab.nodes.noLimit')
          }`,
    lag: (row: NodeRow) =>
      row.lagBytes === undefined
        ? undefined
        : t('tab.nodes.lagValue', {
            bytes: formatBytes(row.lagBytes),
            seconds: formatDuration(row.lagSeconds ?? 0),
          }),
  };
}
