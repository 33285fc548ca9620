// What a scale of a replication or sentinel instance must leave behind, judged from what its processes answer.
import { parseInfoFields } from '@odin/plugin-redis-common';
import type { FailoverCheck, NodeView, SentinelView } from './failoverChecks';

/** After a scale to `replicas`: every data pod answers, one master, each replica's link up, the sentinels agree. */
export function assessScale(input: {
  nodes: NodeView[];
  sentinels: SentinelView[];
  replicas: number;
}): { ok: boolean; checks: FailoverCheck[] } {
  const { nodes, sentinels, replicas } = input;
  const answered = nodes.filter(node => node.info !== undefined);
  const fields = new Map(
    answered.map(node => [node.pod, parseInfoFields(node.info!)]),
  );
  const roleOf = (node: NodeView) => fields.get(node.pod)?.get('role');
  const masters = answered.filter(node => roleOf(node) === 'master');
  const replicaNodes = answered.filter(node => roleOf(node) === 'slave');
  const links = replicaNodes.map(
    node =>
      `${node.pod} ${fields.get(node.pod)?.get('master_link_status') ?? '?'}`,
  );
  const linksUp = replicaNodes.filter(
    node => fields.get(node.pod)?.get('master_link_status') === 'up',
  );
  const master = masters.length === 1 ? masters[0] : undefined;
  const connected = master
    ? Number(fields.get(master.pod)?.get('connected_slaves') ?? 0)
    : 0;
  const named = new Set(
    sentinels.map(sentinel => sentinel.master ?? '(no answer)'),
  );
  const checks: FailoverCheck[] = [
    {
      name: 'every data pod answers',
      ok: nodes.length === replicas + 1 && answered.length === nodes.length,
      figures: `${answered.length} of ${replicas + 1} answer${
        nodes.length === answered.length
          ? ''
          : `; ${nodes
              .filter(node => node.info === undefined)
              .map(node => `${node.pod}: ${node.error}`)
              .join(', ')}`
      }`,
    },
    {
      name: 'one master',
      ok: masters.length === 1,
      figures: `masters: ${masters.map(node => node.pod).join(', ') || 'none'}`,
    },
    {
      name: "every replica's link up",
      ok:
        replicaNodes.length === replicas &&
        linksUp.length === replicas &&
        connected === replicas,
      figures: `${linksUp.length} of ${replicas} up (${
        links.join(', ') || 'no replica'
      }); the master counts ${connected} connected`,
    },
  ];
  if (sentinels.length > 0) {
    checks.push({
      name: 'sentinels name the master',
      ok:
        named.size === 1 &&
        master?.address !== undefined &&
        named.has(master.address),
      figures: `${sentinels.length} sentinels name ${[...named].join(', ')}${
        master?.address ? `; the master is at ${master.address}` : ''
      }`,
    });
  }
  return { ok: checks.every(check => check.ok), checks };
}
