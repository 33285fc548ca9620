import { renderManifests } from '@odin/plugin-redis-common';
import {
  productionSentinelFlavour,
  resolvedInstance,
} from '../__testUtils__/instances';
import { PRUNABLE_KINDS } from './applyInstance';

describe('PRUNABLE_KINDS', () => {
  it('holds every kind renderManifests produces, so prune can find each of them later', () => {
    const everything = [
      resolvedInstance({
        namespace: 'redis',
        networkPolicy: { enabled: true, allowedNamespaces: ['shop'] },
      }),
      resolvedInstance(productionSentinelFlavour),
      resolvedInstance({
        namespace: 'redis',
        deploymentMode: 'cluster',
        metrics: { enabled: true, serviceMonitor: { enabled: true } },
      }),
    ];
    const rendered = new Set(
      everything.flatMap(config =>
        renderManifests(config).map(o => `${o.apiVersion} ${o.kind}`),
      ),
    );
    const prunable = new Set(
      PRUNABLE_KINDS.map(k => `${k.apiVersion} ${k.kind}`),
    );
    expect([...rendered].filter(kind => !prunable.has(kind))).toEqual([]);
  });
});
