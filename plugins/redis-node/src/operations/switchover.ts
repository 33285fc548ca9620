// Planned failovers that lose no write, for operations that restart the master, under their lock: in
// sentinel mode the test failover's checks (failoverChecks.ts) around SENTINEL FAILOVER, with the master's
// writes paused until a replica has all of them and the old master follows the new one; without
// sentinels, Redis's coordinated FAILOVER TO.
import { ServiceUnavailableError } from '@backstage/errors';
import { parseInfoFields } from '@odin/plugin-redis-common';
import type Redis from 'ioredis';
import type { KubernetesCluster } from '../cluster/clusterAccess';
import {
  assessOutcome,
  assessPreconditions,
  describeFailed,
  type FailoverCheck,
  type NodeView,
  type ProcessRef,
} from './failoverChecks';
import {
  hostPort,
  observe,
  sleep,
  withRedis,
  type InstancePlan,
  type Observation,
} from './liveRedis';
import type { OperationTarget } from './operationLock';
import { sentinelFields } from './rotatePasswordChecks';
import { assessScale } from './scaleChecks';

export interface SwitchoverOptions {
  cluster: KubernetesCluster;
  instance: OperationTarget;
  plan: InstancePlan;
  /** How long the sentinels may take to elect the new master and the old one to rejoin. */
  timeoutMs: number;
  redisTimeoutMs: number;
  pollIntervalMs: number;
  /** How far a replica may be behind to be a candidate, before the writes are paused. */
  maxLagBytes: number;
}

export interface SwitchoverResult {
  oldMaster: ProcessRef;
  newMaster: ProcessRef;
  preconditions: FailoverCheck[];
  postChecks: FailoverCheck[];
  /** From SENTINEL FAILOVER to every post-check passing. */
  switchoverMs: number;
  /** How long writes to the master waited: from CLIENT PAUSE to CLIENT UNPAUSE. */
  writesPausedMs: number;
}

/** The longest the master's writes stay paused if the portal dies mid-switchover: Redis lifts the pause itself. */
const PAUSE_LIMIT_MS = 30_000;
/** How long the paused master's replicas may take to reach its offset. */
const CATCH_UP_MS = 5_000;

function offsetOf(node: NodeView, field: string): number | undefined {
  const value = node.info ? parseInfoFields(node.info).get(field) : undefined;
  return value === undefined ? undefined : Number(value);
}

/**
 * Moves the master of a sentinel instance to an in-sync replica without losing a write: checks as a test
 * failover does (every sentinel, quorum, agreement, a replica in sync), pauses the master's writes
 * (`CLIENT PAUSE WRITE`) until every in-sync replica has reached its offset, sends `SENTINEL FAILOVER`,
 * and once every sentinel names the new master, makes the old master its replica and cuts its clients
 * (as Sentinel itself does, without Sentinel's wait of several seconds) before lifting the pause: a
 * paused write is answered by the new master after the client reconnects, never acknowledged by the old
 * one and lost. Then waits for the test failover's post-checks.
 */
export async function sentinelSwitchover(
  options: SwitchoverOptions,
): Promise<SwitchoverResult> {
  const { cluster, instance, plan } = options;
  const where = `${instance.namespace}/${instance.name}`;
  const timeouts = {
    connectTimeoutMs: options.redisTimeoutMs,
    commandTimeoutMs: options.redisTimeoutMs,
  };
  const look = (withQuorum: boolean) =>
    observe(cluster, instance, plan, options.redisTimeoutMs, withQuorum);

  const before = await look(true);
  const named = before.sentinels.find(view => view.master)?.master;
  const master = before.nodes.find(node => node.address === named);
  const assessment = assessPreconditions({
    sentinels: before.sentinels,
    expectedSentinels: plan.expectedSentinels,
    master,
    replicas: before.nodes.filter(node => node !== master),
    maxLagBytes: options.maxLagBytes,
    // The once-an-hour rule is the test failover's; a planned switchover is part of another operation.
    history: [],
    operation: 'switchover',
    now: new Date(),
    minIntervalMs: 0,
    override: false,
  });
  const preconditions = assessment.checks.filter(
    check => check.name !== 'at most one per interval',
  );
  if (!preconditions.every(check => check.ok) || !master?.address) {
    throw new ServiceUnavailableError(
      `Cannot move the master of ${where} to a replica: ${describeFailed(
        preconditions,
      )}`,
    );
  }
  const oldMaster = { pod: master.pod, address: master.address };
  const candidates = before.nodes.filter(node =>
    assessment.replicas.some(
      replica => replica.pod === node.pod && replica.inSync,
    ),
  );
  const onOldMaster = <T>(use: (client: Redis) => Promise<T>) =>
    withRedis(hostPort(oldMaster.address), plan.dataAuth, timeouts, use);
  const initiator = before.sentinels[0];

  // A replica that has just restarted is not one the sentinels promote (NOGOODSLAVE) until they have seen
  // it again: before pausing any write, wait until the sentinel that starts the failover lists one of the
  // candidates as a replica, with no flag but `slave`, and its link up.
  const wanted = new Set(candidates.map(candidate => candidate.address));
  const seenBy = Date.now() + options.timeoutMs;
  for (;;) {
    // A sentinel that does not answer this time is asked again, until the deadline.
    const replicas = (await withRedis(
      hostPort(initiator.address!),
      plan.sentinelAuth,
      timeouts,
      client => client.call('SENTINEL', 'REPLICAS', plan.masterName),
    ).catch(() => [])) as string[][];
    const promotable = replicas
      .map(sentinelFields)
      .some(
        fields =>
          wanted.has(`${fields.get('ip')}:${fields.get('port')}`) &&
          fields.get('flags') === 'slave' &&
          fields.get('master-link-status') === 'ok',
      );
    if (promotable) break;
    if (Date.now() >= seenBy)
      throw new ServiceUnavailableError(
        `Cannot move the master of ${where}: after ${Math.round(
          options.timeoutMs / 1000,
        )} s sentinel ${initiator.pod} still sees none of ${candidates
          .map(candidate => candidate.pod)
          .join(', ')} as a replica it may promote; the master stays`,
      );
    await sleep(options.pollIntervalMs);
  }

  let pausedAt: number | undefined;
  let unpausedAt: number | undefined;
  const unpause = async () => {
    if (pausedAt === undefined || unpausedAt !== undefined) return;
    await onOldMaster(client => client.call('CLIENT', 'UNPAUSE'));
    unpausedAt = Date.now();
  };
  try {
    await onOldMaster(client =>
      client.call('CLIENT', 'PAUSE', String(PAUSE_LIMIT_MS), 'WRITE'),
    );
    pausedAt = Date.now();

    // Paused, the master's offset stands still (no writes, no replication PINGs): wait until the candidates have it all.
    const caughtUpBy = Date.now() + CATCH_UP_MS;
    let lagging: string[] = [];
    for (;;) {
      const now = await look(false);
      const paused = now.nodes.find(node => node.pod === oldMaster.pod);
      const target = paused && offsetOf(paused, 'master_repl_offset');
      lagging = candidates
        .map(candidate => now.nodes.find(node => node.pod === candidate.pod))
        .filter(
          node =>
            !node ||
            target === undefined ||
            offsetOf(node, 'slave_repl_offset') !== target,
        )
        .map(node => node?.pod ?? '?');
      if (lagging.length === 0 || Date.now() >= caughtUpBy) break;
      await sleep(50);
    }
    if (lagging.length > 0)
      throw new ServiceUnavailableError(
        `Cannot move the master of ${where}: with its writes paused, ${lagging.join(
          ', ',
        )} did not reach its offset within ${
          CATCH_UP_MS / 1000
        } s; the writes are resumed and the master stays`,
      );

    const started = Date.now();
    await withRedis(
      hostPort(initiator.address!),
      plan.sentinelAuth,
      timeouts,
      client => client.call('SENTINEL', 'FAILOVER', plan.masterName),
    );

    const deadline = started + options.timeoutMs;
    let elected: Observation | undefined;
    let newAddress: string | undefined;
    for (;;) {
      const now = await look(false);
      const addresses = new Set(now.sentinels.map(view => view.master));
      const [only] = [...addresses];
      const promoted = now.nodes.find(node => node.address === only);
      if (
        addresses.size === 1 &&
        only &&
        only !== oldMaster.address &&
        promoted?.info &&
        parseInfoFields(promoted.info).get('role') === 'master'
      ) {
        elected = now;
        newAddress = only;
        break;
      }
      if (Date.now() >= deadline) break;
      await sleep(options.pollIntervalMs);
    }
    if (!elected || !newAddress)
      throw new ServiceUnavailableError(
        `SENTINEL FAILOVER of ${where} was sent to ${
          initiator.pod
        }, but the sentinels did not agree on a new master within ${Math.round(
          options.timeoutMs / 1000,
        )} s`,
      );

    const { host, port } = hostPort(newAddress);
    await onOldMaster(client =>
      client
        .multi()
        .call('REPLICAOF', host, String(port))
        .call('CLIENT', 'KILL', 'TYPE', 'normal')
        .call('CLIENT', 'KILL', 'TYPE', 'pubsub')
        .exec(),
    );
    await unpause();

    let outcome = assessOutcome({ oldMaster, ...elected });
    for (;;) {
      outcome = assessOutcome({ oldMaster, ...(await look(false)) });
      if (outcome.ok || Date.now() >= deadline) break;
      await sleep(options.pollIntervalMs);
    }
    if (!outcome.ok || !outcome.newMaster)
      throw new ServiceUnavailableError(
        `The master of ${where} moved from ${
          oldMaster.pod
        }, but ${describeFailed(outcome.checks)}`,
      );
    return {
      oldMaster,
      newMaster: outcome.newMaster,
      preconditions,
      postChecks: outcome.checks,
      switchoverMs: Date.now() - started,
      writesPausedMs: (unpausedAt ?? Date.now()) - (pausedAt ?? Date.now()),
    };
  } finally {
    await unpause().catch(() => undefined);
  }
}

/** A data pod's INFO replication fields, or undefined when it did not answer. */
function fieldsOf(node: NodeView | undefined) {
  return node?.info ? parseInfoFields(node.info) : undefined;
}

/**
 * Moves the master of a replication instance without sentinels to its most advanced in-sync replica with
 * Redis's own coordinated `FAILOVER TO`: the master pauses its writes until the replica has them all, then
 * the two swap roles, so no acknowledged write is lost. The operator then points the other replicas at the
 * new master and moves the `redis-role` labels (and with them the `-master` Service). The old master's
 * clients are cut, to reconnect through that Service. Afterwards: one master, every replica's link up, the
 * old master its replica, and the labels agreeing.
 */
export async function replicationSwitchover(
  options: SwitchoverOptions,
): Promise<SwitchoverResult> {
  const { cluster, instance, plan } = options;
  const where = `${instance.namespace}/${instance.name}`;
  const timeouts = {
    connectTimeoutMs: options.redisTimeoutMs,
    commandTimeoutMs: options.redisTimeoutMs,
  };
  const look = () =>
    observe(cluster, instance, plan, options.redisTimeoutMs, false);
  const before = await look();
  const masters = before.nodes.filter(
    node => fieldsOf(node)?.get('role') === 'master',
  );
  const master = masters.length === 1 ? masters[0] : undefined;
  const assessment = assessPreconditions({
    sentinels: [],
    master,
    replicas: before.nodes.filter(node => node !== master),
    maxLagBytes: options.maxLagBytes,
    history: [],
    operation: 'switchover',
    now: new Date(),
    minIntervalMs: 0,
    override: false,
  });
  const preconditions = assessment.checks.filter(check =>
    ['master answers', 'a replica in sync'].includes(check.name),
  );
  const target = [...assessment.replicas]
    .filter(replica => replica.inSync)
    .sort((a, b) => (a.lagBytes ?? 0) - (b.lagBytes ?? 0))[0];
  const targetNode = before.nodes.find(node => node.pod === target?.pod);
  if (
    !master?.address ||
    !targetNode?.address ||
    !preconditions.every(check => check.ok)
  )
    throw new ServiceUnavailableError(
      `Cannot move the master of ${where} to a replica: ${
        masters.length === 1
          ? describeFailed(preconditions)
          : `${masters.length} data pods say they are master`
      }`,
    );
  const oldMaster = { pod: master.pod, address: master.address };
  const newMaster = { pod: targetNode.pod, address: targetNode.address };
  const onOldMaster = <T>(use: (client: Redis) => Promise<T>) =>
    withRedis(hostPort(oldMaster.address), plan.dataAuth, timeouts, use);

  const started = Date.now();
  const { host, port } = hostPort(newMaster.address);
  await onOldMaster(client =>
    client.call(
      'FAILOVER',
      'TO',
      host,
      String(port),
      'TIMEOUT',
      String(CATCH_UP_MS),
    ),
  );
  const deadline = started + options.timeoutMs;
  let swappedAt: number | undefined;
  let checks: FailoverCheck[] = [];
  for (;;) {
    const now = await look();
    const old = now.nodes.find(node => node.pod === oldMaster.pod);
    const promoted = now.nodes.find(node => node.pod === newMaster.pod);
    const oldFields = fieldsOf(old);
    const rejoined =
      oldFields?.get('role') === 'slave' &&
      oldFields.get('master_link_status') === 'up' &&
      `${oldFields.get('master_host')}:${oldFields.get('master_port')}` ===
        newMaster.address;
    if (swappedAt === undefined && oldFields?.get('role') === 'slave') {
      swappedAt = Date.now();
      // Its clients reconnect through the -master Service, to the new master once the labels moved.
      await onOldMaster(client =>
        client.call('CLIENT', 'KILL', 'TYPE', 'normal'),
      );
    }
    checks = [
      ...assessScale({
        ...now,
        replicas: now.nodes.length - 1,
      }).checks,
      {
        name: 'old master rejoined as a replica',
        ok: rejoined,
        figures: old?.error
          ? `${old.pod}: ${old.error}`
          : `${oldMaster.pod}: role ${oldFields?.get(
              'role',
            )}, master_link_status ${
              oldFields?.get('master_link_status') ?? 'none'
            }`,
      },
      {
        name: "operator's redis-role labels agree",
        ok:
          promoted?.roleLabel === 'master' &&
          now.nodes.every(
            node => node === promoted || node.roleLabel === 'slave',
          ),
        figures: now.nodes
          .map(node => `${node.pod}: redis-role=${node.roleLabel ?? 'none'}`)
          .join('; '),
      },
    ];
    if (checks.every(check => check.ok) || Date.now() >= deadline) break;
    await sleep(options.pollIntervalMs);
  }
  if (!checks.every(check => check.ok))
    throw new ServiceUnavailableError(
      `FAILOVER TO ${newMaster.pod} was sent to ${
        oldMaster.pod
      } of ${where}, but ${describeFailed(checks)}`,
    );
  return {
    oldMaster,
    newMaster,
    preconditions,
    postChecks: checks,
    switchoverMs: Date.now() - started,
    // The writes waited at most until the roles swapped.
    writesPausedMs: (swappedAt ?? Date.now()) - started,
  };
}
