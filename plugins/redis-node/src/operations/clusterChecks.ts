// Pure decisions of the day-2 operations on a Redis Cluster instance, from what its nodes answer: which
// replica a test failover promotes and whether it may, whether it ended well, whether a scale-in may
// start (a recent backup, memory headroom, leaders as masters), and whether a scale ended well.
import {
  parseClusterNodes,
  parseInfoFields,
  slotCount,
} from '@odin/plugin-redis-common';
import { CronTime } from 'cron';
import {
  describeReplicas,
  intervalCheck,
  masterFigures,
  replicaFigures,
  type FailoverCheck,
  type NodeView,
  type ReplicaFigures,
} from './failoverChecks';

/** The hash slots of every Redis Cluster. */
export const CLUSTER_SLOTS = 16384;

/** One data pod of a cluster instance: its INFO (`info`), CLUSTER INFO, CLUSTER NODES and DBSIZE. */
export interface ClusterNodeView extends NodeView {
  clusterInfo?: string;
  clusterNodes?: string;
  keys?: number;
}

const firstSlot = (ranges: string[]) =>
  Math.min(...ranges.map(range => Number(range.split('-')[0])));

/** A node as it says it is itself (the `myself` line of its own CLUSTER NODES). */
export interface ClusterMember {
  pod: string;
  address?: string;
  id: string;
  role: 'master' | 'slave';
  masterId?: string;
  slots: string[];
  view: ClusterNodeView;
}

/** Every answering node as it describes itself. */
export function clusterMembers(nodes: ClusterNodeView[]): ClusterMember[] {
  return nodes.flatMap(view => {
    const myself = view.clusterNodes
      ? parseClusterNodes(view.clusterNodes).find(line =>
          line.flags.includes('myself'),
        )
      : undefined;
    if (!myself) return [];
    return [
      {
        pod: view.pod,
        address: view.address,
        id: myself.id,
        role: myself.flags.includes('master') ? 'master' : 'slave',
        masterId: myself.masterId,
        slots: myself.slots,
        view,
      },
    ];
  });
}

/** One shard: a master owning slots, and the nodes that say they replicate it. */
export interface ClusterShard {
  master: ClusterMember;
  replicas: ClusterMember[];
}

/** The shards by their lowest slot, each shard's replicas by pod name. */
export function clusterShards(members: ClusterMember[]): ClusterShard[] {
  return members
    .filter(member => member.role === 'master' && member.slots.length > 0)
    .sort((a, b) => firstSlot(a.slots) - firstSlot(b.slots))
    .map(master => ({
      master,
      replicas: members
        .filter(member => member.masterId === master.id)
        .sort((a, b) => a.pod.localeCompare(b.pod)),
    }));
}

function numberField(fields: Map<string, string>, name: string) {
  const value = Number(fields.get(name));
  return fields.has(name) && Number.isFinite(value) ? value : undefined;
}

const UNHEALTHY_FLAGS = ['fail', 'fail?', 'pfail', 'handshake', 'noaddr'];

/** Every answering node's CLUSTER INFO says ok with all slots ok; no view shows a failing node or an open slot. */
function clusterStateCheck(nodes: ClusterNodeView[]): FailoverCheck {
  const problems: string[] = [];
  for (const node of nodes) {
    if (node.clusterInfo === undefined) {
      problems.push(`${node.pod}: ${node.error ?? 'no answer'}`);
      continue;
    }
    const fields = parseInfoFields(node.clusterInfo);
    const state = fields.get('cluster_state');
    const assigned = numberField(fields, 'cluster_slots_assigned');
    const ok = numberField(fields, 'cluster_slots_ok');
    const pfail = numberField(fields, 'cluster_slots_pfail') ?? 0;
    const fail = numberField(fields, 'cluster_slots_fail') ?? 0;
    if (
      state !== 'ok' ||
      assigned !== CLUSTER_SLOTS ||
      ok !== CLUSTER_SLOTS ||
      pfail + fail > 0
    )
      problems.push(
        `${node.pod}: cluster_state ${state}, ${assigned} slots assigned, ${ok} ok, ${pfail} pfail, ${fail} fail`,
      );
    const lines = parseClusterNodes(node.clusterNodes ?? '');
    const flagged = lines.filter(line =>
      line.flags.some(flag => UNHEALTHY_FLAGS.includes(flag)),
    );
    if (flagged.length > 0)
      problems.push(
        `${node.pod} sees ${flagged
          .map(line => `${line.address} ${line.flags.join(',')}`)
          .join(', ')}`,
      );
    const open = lines.filter(line => line.openSlots.length > 0);
    if (open.length > 0)
      problems.push(
        `${node.pod} sees open slots ${open
          .map(line => `${line.address} ${line.openSlots.join(' ')}`)
          .join(', ')}`,
      );
  }
  return {
    name: 'cluster state ok, all 16384 slots ok',
    ok: nodes.length > 0 && problems.length === 0,
    figures:
      problems.length === 0
        ? `${nodes.length} nodes: cluster_state ok, ${CLUSTER_SLOTS} slots assigned and ok, no node fail or pfail`
        : problems.join('; '),
  };
}

function everyNodeAnswers(
  nodes: ClusterNodeView[],
  expected: number,
): FailoverCheck {
  const silent = nodes.filter(node => node.clusterNodes === undefined);
  return {
    name: 'every node answers',
    ok: nodes.length === expected && silent.length === 0,
    figures: `${nodes.length - silent.length} of ${expected} answer${
      silent.length
        ? `; ${silent
            .map(node => `${node.pod}: ${node.error ?? 'no answer'}`)
            .join('; ')}`
        : ''
    }`,
  };
}

export interface ClusterFailoverPlan {
  /** The replica CLUSTER FAILOVER goes to. */
  replica: ClusterMember;
  master: ClusterMember;
}

export interface ClusterPreconditionInput {
  nodes: ClusterNodeView[];
  expectedNodes: number;
  /** The replica asked for, by pod name; default: the first in-sync replica of the shard of slot 0. */
  replica?: string;
  maxLagBytes: number;
  history: Parameters<typeof intervalCheck>[0]['history'];
  operation: string;
  now: Date;
  minIntervalMs: number;
  override: boolean;
}

export interface ClusterPreconditionAssessment {
  checks: FailoverCheck[];
  ok: boolean;
  plan?: ClusterFailoverPlan;
  replicas: ReplicaFigures[];
  masterOffset?: number;
}

/** Whether a cluster test failover may start, and which replica it promotes. */
export function assessClusterFailoverPreconditions(
  input: ClusterPreconditionInput,
): ClusterPreconditionAssessment {
  const checks: FailoverCheck[] = [
    intervalCheck(input),
    everyNodeAnswers(input.nodes, input.expectedNodes),
    clusterStateCheck(input.nodes),
  ];
  const members = clusterMembers(input.nodes);
  const shards = clusterShards(members);
  const asked = input.replica;
  let shard: ClusterShard | undefined;
  let candidates: NodeView[] = [];
  if (asked !== undefined) {
    const view = input.nodes.find(node => node.pod === asked);
    const member = members.find(candidate => candidate.pod === asked);
    shard = member
      ? shards.find(entry => entry.replicas.includes(member))
      : undefined;
    candidates = view ? [view] : [];
    let figures: string;
    if (!view)
      figures = `no data pod is named ${asked}; the pods are ${input.nodes
        .map(node => node.pod)
        .join(', ')}`;
    else if (!member)
      figures = `${asked} does not answer: ${view.error ?? 'no CLUSTER NODES'}`;
    else if (!shard)
      figures = `${asked} is a ${member.role} that replicates no master owning slots`;
    else
      figures = `${asked} is a replica of ${
        shard.master.pod
      } (slots ${shard.master.slots.join(' ')})`;
    checks.push({
      name: 'the replica is a replica',
      ok: shard !== undefined,
      figures,
    });
  } else {
    shard = shards[0];
    candidates = (shard?.replicas ?? []).map(member => member.view);
    checks.push({
      name: 'the replica is a replica',
      ok: candidates.length > 0,
      figures: shard
        ? `the shard of slot 0 is ${shard.master.pod}, with replicas ${
            candidates.map(view => view.pod).join(', ') || 'none'
          }`
        : 'no master owns slots',
    });
  }
  const masterOffset = shard
    ? masterFigures(shard.master.view).offset
    : undefined;
  const replicas = candidates.map(view =>
    replicaFigures(
      view,
      shard?.master.address,
      masterOffset,
      input.maxLagBytes,
    ),
  );
  const inSync = shard && replicas.find(replica => replica.inSync);
  checks.push({
    name: 'the replica in sync',
    ok: inSync !== undefined,
    figures: describeReplicas(replicas, masterOffset, input.maxLagBytes),
  });
  const replica = members.find(member => member.pod === inSync?.pod);
  return {
    checks,
    ok: checks.every(check => check.ok),
    plan: replica && shard ? { replica, master: shard.master } : undefined,
    replicas,
    masterOffset,
  };
}

/** What every node's CLUSTER NODES says of the shards: `master id: slots` and `replica id -> master id`. */
function topologyOf(view: ClusterNodeView): string {
  return parseClusterNodes(view.clusterNodes ?? '')
    .map(line =>
      line.flags.includes('master')
        ? `${line.id} master ${line.slots.join(' ')}`
        : `${line.id} -> ${line.masterId}`,
    )
    .sort()
    .join('\n');
}

function roleLabelCheck(members: ClusterMember[]): FailoverCheck {
  const wrong = members.filter(member => member.view.roleLabel !== member.role);
  return {
    name: "operator's redis-role labels agree",
    ok: members.length > 0 && wrong.length === 0,
    figures: members
      .map(
        member =>
          `${member.pod}: ${member.role}, redis-role=${
            member.view.roleLabel ?? 'none'
          }`,
      )
      .join('; '),
  };
}

function linkUp(member: ClusterMember, master: ClusterMember | undefined) {
  const fields = member.view.info
    ? parseInfoFields(member.view.info)
    : undefined;
  return (
    fields?.get('master_link_status') === 'up' &&
    master?.address !== undefined &&
    `${fields.get('master_host')}:${fields.get('master_port')}` ===
      master.address
  );
}

export interface ClusterOutcomeInput {
  nodes: ClusterNodeView[];
  expectedNodes: number;
  expectedShards: number;
  oldMaster: { pod: string; id: string; slots: string[] };
  newMaster: { pod: string; id: string };
}

/** Whether a cluster test failover ended well: the replica owns the shard, the old master follows it, all agree. */
export function assessClusterFailoverOutcome(input: ClusterOutcomeInput): {
  checks: FailoverCheck[];
  ok: boolean;
} {
  const members = clusterMembers(input.nodes);
  const byPod = new Map(members.map(member => [member.pod, member]));
  const promoted = byPod.get(input.newMaster.pod);
  const old = byPod.get(input.oldMaster.pod);
  const slots = input.oldMaster.slots.join(' ');
  const checks: FailoverCheck[] = [
    {
      name: 'the replica is master of the shard',
      ok:
        promoted?.role === 'master' &&
        promoted.id === input.newMaster.id &&
        promoted.slots.join(' ') === slots,
      figures: promoted
        ? `${promoted.pod}: ${promoted.role}, slots ${
            promoted.slots.join(' ') || 'none'
          } (the shard's are ${slots})`
        : `${input.newMaster.pod} does not answer`,
    },
    {
      name: 'old master rejoined as its replica',
      ok:
        old?.role === 'slave' &&
        old.masterId === input.newMaster.id &&
        linkUp(old, promoted),
      figures: old
        ? `${old.pod}: ${old.role}${
            old.masterId
              ? ` of ${
                  members.find(member => member.id === old.masterId)?.pod ??
                  old.masterId
                }`
              : ''
          }, master_link_status ${
            (old.view.info &&
              parseInfoFields(old.view.info).get('master_link_status')) ??
            'none'
          }`
        : `${input.oldMaster.pod} does not answer`,
    },
    everyNodeAnswers(input.nodes, input.expectedNodes),
    clusterStateCheck(input.nodes),
  ];
  const views = new Set(members.map(member => topologyOf(member.view)));
  checks.push({
    name: 'every node agrees (CLUSTER NODES)',
    ok: members.length > 0 && views.size === 1,
    figures:
      views.size === 1
        ? `${members.length} nodes name the same masters, slots and replicas`
        : `${views.size} different views among ${members.length} nodes`,
  });
  const shards = clusterShards(members);
  const owned = shards.reduce(
    (sum, shard) => sum + slotCount(shard.master.slots),
    0,
  );
  checks.push({
    name: 'one master per shard',
    ok: shards.length === input.expectedShards && owned === CLUSTER_SLOTS,
    figures: `${shards.length} masters own slots (${
      input.expectedShards
    } shards): ${shards
      .map(shard => `${shard.master.pod} ${shard.master.slots.join(' ')}`)
      .join('; ')}; ${owned} slots owned in all`,
  });
  checks.push(roleLabelCheck(members));
  return { checks, ok: checks.every(check => check.ok) };
}

/** The keys of the masters, from their DBSIZE. */
export function masterKeys(nodes: ClusterNodeView[]): number {
  return clusterShards(clusterMembers(nodes)).reduce(
    (sum, shard) => sum + (shard.master.view.keys ?? 0),
    0,
  );
}

/** The RedisCluster's status as the operator writes it. */
export interface RedisClusterStatus {
  state?: string;
  reason?: string;
  readyLeaderReplicas?: number;
  readyFollowerReplicas?: number;
}

const OPERATOR_READY_CHECK =
  'the operator reports the cluster ready at the new size';
const KEY_COUNT_CHECK = 'key count kept';

export interface ClusterScaleInput {
  nodes: ClusterNodeView[];
  /** The RedisCluster's status: the operator's word that it has finished (a rebalance runs in steps). */
  status?: RedisClusterStatus;
  shards: number;
  replicasPerShard: number;
  keysBefore: number;
  /** The share of `keysBefore` the key count may differ by afterwards (clients keep writing). */
  keyTolerance: number;
}

/** After a cluster scale: every node answers, all slots ok, the shards and replicas as asked, every link up, the keys kept. */
export function assessClusterScale(input: ClusterScaleInput): {
  checks: FailoverCheck[];
  ok: boolean;
  keysAfter: number;
} {
  const expected = input.shards * (1 + input.replicasPerShard);
  const members = clusterMembers(input.nodes);
  const shards = clusterShards(members);
  const replicas = members.filter(member => member.role === 'slave');
  const byId = new Map(members.map(member => [member.id, member]));
  const down = replicas.filter(
    member => !linkUp(member, byId.get(member.masterId ?? '')),
  );
  const keysAfter = masterKeys(input.nodes);
  const allowed = Math.floor(input.keysBefore * input.keyTolerance);
  const followers = input.shards * input.replicasPerShard;
  const { status } = input;
  // A scale-out is done once the new shards own a share of the slots, not merely some.
  const fairShare = CLUSTER_SLOTS / input.shards / 2;
  const checks: FailoverCheck[] = [
    {
      name: OPERATOR_READY_CHECK,
      ok:
        status?.state === 'Ready' &&
        status.readyLeaderReplicas === input.shards &&
        status.readyFollowerReplicas === followers,
      figures: `state ${status?.state ?? 'none'} (${
        status?.reason ?? 'no reason'
      }), ${status?.readyLeaderReplicas ?? 0} of ${input.shards} leaders and ${
        status?.readyFollowerReplicas ?? 0
      } of ${followers} followers ready`,
    },
    everyNodeAnswers(input.nodes, expected),
    clusterStateCheck(input.nodes),
    {
      name: 'shards and replicas as asked',
      ok:
        shards.length === input.shards &&
        replicas.length === followers &&
        shards.every(
          shard =>
            shard.replicas.length > 0 &&
            slotCount(shard.master.slots) >= fairShare,
        ),
      figures: `${shards.length} of ${input.shards} masters own slots, ${
        replicas.length
      } of ${followers} replicas (each master at least ${Math.ceil(
        fairShare,
      )} slots): ${shards
        .map(
          shard =>
            `${shard.master.pod} (${slotCount(shard.master.slots)} slots) ${
              shard.replicas.map(member => member.pod).join(', ') ||
              'no replica'
            }`,
        )
        .join('; ')}`,
    },
    {
      name: "every replica's link up",
      ok: replicas.length > 0 && down.length === 0,
      figures: `${replicas.length - down.length} of ${replicas.length} up${
        down.length
          ? `; down: ${down.map(member => member.pod).join(', ')}`
          : ''
      }`,
    },
    {
      name: KEY_COUNT_CHECK,
      ok: Math.abs(keysAfter - input.keysBefore) <= allowed,
      figures: `${keysAfter} keys on the masters, ${
        input.keysBefore
      } before (at most ${allowed} apart, ${Math.round(
        input.keyTolerance * 100,
      )}%)`,
    },
  ];
  return { checks, ok: checks.every(check => check.ok), keysAfter };
}

/** One shard of a cluster as an operation that moves its master sees it: its master, its replicas' figures, and the first in sync. */
export interface ShardSync {
  master: ClusterMember;
  masterOffset?: number;
  replicas: ReplicaFigures[];
  /** The first replica (by pod name) with its link up and at most maxLagBytes behind. */
  inSync?: ClusterMember;
}

/**
 * Every master that owns slots has a replica in sync: its link up to that master, at most `maxLagBytes`
 * behind the master's `master_repl_offset`. A resize or a password rotation moves each master to such a
 * replica before its pod goes. A master's replicas are those it names in its CLUSTER NODES and those that name it, so that a
 * replica that does not answer shows with its error.
 */
export function assessShardsInSync(
  nodes: ClusterNodeView[],
  maxLagBytes: number,
): { check: FailoverCheck; shards: ShardSync[] } {
  const shards = clusterShards(clusterMembers(nodes)).map(shard => {
    const masterOffset = masterFigures(shard.master.view).offset;
    const named = parseClusterNodes(shard.master.view.clusterNodes ?? '')
      .filter(line => line.masterId === shard.master.id)
      .map(
        line =>
          nodes.find(view => view.address === line.address) ?? {
            pod: line.address,
            error: 'no data pod at this address',
          },
      );
    const views = [
      ...named,
      ...shard.replicas
        .map(member => member.view)
        .filter(view => !named.some(other => other.pod === view.pod)),
    ].sort((a, b) => a.pod.localeCompare(b.pod));
    const replicas = views.map(view =>
      replicaFigures(view, shard.master.address, masterOffset, maxLagBytes),
    );
    return {
      master: shard.master,
      masterOffset,
      replicas,
      inSync: shard.replicas.find(
        member => replicas.find(figures => figures.pod === member.pod)?.inSync,
      ),
    };
  });
  return {
    check: {
      name: 'every master has a replica in sync',
      ok: shards.length > 0 && shards.every(shard => shard.inSync),
      figures:
        shards
          .map(
            shard =>
              `${shard.master.pod} (slots ${shard.master.slots.join(
                ' ',
              )}): ${describeReplicas(
                shard.replicas,
                shard.masterOffset,
                maxLagBytes,
              )}`,
          )
          .join('; ') || 'no master owns slots',
    },
    shards,
  };
}

/**
 * The cluster as ordered and healthy, judged as a scale's post-checks judge it (the operator's Ready at the
 * size when `status` is given, every node answering, all 16384 slots ok, the shards and replicas as
 * ordered, every replica's link up), but for the key count: a resize or a rotation moves no slot, and
 * clients keep adding and deleting keys through it. And every node's cluster bus link to every other node
 * connected.
 */
export function assessClusterHealth(
  input: Omit<ClusterScaleInput, 'keysBefore' | 'keyTolerance'>,
): FailoverCheck[] {
  const { checks } = assessClusterScale({
    ...input,
    keysBefore: 0,
    keyTolerance: 0,
  });
  const disconnected = input.nodes.flatMap(node =>
    parseClusterNodes(node.clusterNodes ?? '')
      .filter(line => !line.flags.includes('myself') && !line.connected)
      .map(line => `${node.pod} to ${line.address}`),
  );
  return [
    ...checks.filter(
      check =>
        check.name !== KEY_COUNT_CHECK &&
        (input.status !== undefined || check.name !== OPERATOR_READY_CHECK),
    ),
    {
      name: 'every cluster bus link connected',
      ok:
        input.nodes.length > 0 &&
        input.nodes.every(node => node.clusterNodes !== undefined) &&
        disconnected.length === 0,
      figures:
        disconnected.length === 0
          ? `${input.nodes.length} nodes connected to each other`
          : `disconnected: ${disconnected.join(', ')}`,
    },
  ];
}

/** Kubernetes accepts these shorthands in a CronJob schedule. */
const SCHEDULE_DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/**
 * The first time a CronJob schedule fires after `from`.
 *
 * @public
 */
export function nextScheduledRun(
  schedule: string,
  timeZone: string | undefined,
  from: Date,
): Date {
  const expression = SCHEDULE_DESCRIPTORS[schedule.trim()] ?? schedule;
  const zone = timeZone ?? 'Etc/UTC';
  // getNextDateFrom computes in the process's zone unless it is given the zone again.
  return new CronTime(expression, zone).getNextDateFrom(from, zone).toJSDate();
}

/** A Job of the backup CronJob, as far as the recency check reads it. */
export interface BackupJob {
  name: string;
  succeeded: boolean;
  completionTime?: string;
}

export interface BackupRecencyInput {
  /** Whether the order turns backups on (`flavour.backup.enabled`). */
  enabled: boolean;
  /** The backup CronJob's name, schedule and time zone; undefined when the CronJob does not exist. */
  cronJob?: { name: string; schedule: string; timeZone?: string };
  jobs: BackupJob[];
  now: Date;
  /** How long after a scheduled run its backup may still be under way. */
  slackMs: number;
}

/**
 * A scale-in of shards needs a successful backup younger than the schedule allows: the schedule's
 * next run after the last success, plus the slack, is not past yet.
 */
export function assessBackupRecency(input: BackupRecencyInput): FailoverCheck {
  const name = 'a recent successful backup';
  if (!input.enabled)
    return {
      name,
      ok: false,
      figures:
        'the order has no backup (/flavour/backup is off): turn on /flavour/backup (enabled, schedule, s3Bucket), apply the order, and scale in after its first backup succeeded',
    };
  if (!input.cronJob)
    return {
      name,
      ok: false,
      figures:
        'the order turns /flavour/backup on, but the backup CronJob does not exist: apply the order, and scale in after its first backup succeeded',
    };
  const successes = input.jobs
    .filter(job => job.succeeded && job.completionTime)
    .sort((a, b) => b.completionTime!.localeCompare(a.completionTime!));
  const last = successes[0];
  const { schedule, timeZone } = input.cronJob;
  if (!last)
    return {
      name,
      ok: false,
      figures: `no Job of CronJob ${input.cronJob.name} (schedule "${schedule}") succeeded: run one (kubectl create job --from=cronjob/${input.cronJob.name}) and scale in after it succeeded`,
    };
  const due = nextScheduledRun(
    schedule,
    timeZone,
    new Date(last.completionTime!),
  );
  const deadline = due.getTime() + input.slackMs;
  const ok = deadline >= input.now.getTime();
  return {
    name,
    ok,
    figures: `the last success is Job ${last.name}, finished at ${
      last.completionTime
    }; schedule "${schedule}" ran next at ${due.toISOString()}, plus ${Math.round(
      input.slackMs / 60_000,
    )} min of slack${
      ok
        ? ''
        : `: too old, run one (kubectl create job --from=cronjob/${input.cronJob.name}) and scale in after it succeeded`
    }`,
  };
}

export interface MemoryHeadroomInput {
  /** The masters now, with `used_memory` and `maxmemory` from their INFO. */
  nodes: ClusterNodeView[];
  remainingMasters: number;
  /** maxmemory to judge by when the nodes report none (0): the order's. */
  fallbackMaxmemory: number;
  /** Share of maxmemory the remaining masters may fill on average. Default 0.8. */
  ratio: number;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** The remaining masters must hold the data of all masters with headroom: sum(used) / remaining < ratio × maxmemory. */
export function assessMemoryHeadroom(
  input: MemoryHeadroomInput,
): FailoverCheck {
  const masters = clusterShards(clusterMembers(input.nodes)).map(
    shard => shard.master,
  );
  const figures = masters.map(master => {
    const fields = parseInfoFields(master.view.info ?? '');
    return {
      pod: master.pod,
      used: numberField(fields, 'used_memory') ?? 0,
      maxmemory: numberField(fields, 'maxmemory') ?? 0,
    };
  });
  const used = figures.reduce((sum, entry) => sum + entry.used, 0);
  const limits = figures.map(entry => entry.maxmemory).filter(Boolean);
  const maxmemory =
    limits.length > 0 ? Math.min(...limits) : input.fallbackMaxmemory;
  const perMaster = used / input.remainingMasters;
  const allowed = input.ratio * maxmemory;
  return {
    name: 'memory headroom on the remaining masters',
    ok: masters.length > 0 && perMaster < allowed,
    figures: `used_memory of the ${masters.length} masters ${mib(
      used,
    )} (${figures
      .map(entry => `${entry.pod} ${mib(entry.used)}`)
      .join(', ')}) over ${input.remainingMasters} masters is ${mib(
      perMaster,
    )} each; it must stay below ${input.ratio} × maxmemory ${mib(
      maxmemory,
    )} = ${mib(allowed)}`,
  };
}

/**
 * A scale-in removes the highest-numbered leaders and followers; it is clear which shards leave only
 * while every master is a leader pod (no test failover left a follower as master).
 */
export function assessLeadersAreMasters(
  nodes: ClusterNodeView[],
  leaderPrefix: string,
): FailoverCheck {
  const shards = clusterShards(clusterMembers(nodes));
  const followers = shards.filter(
    shard => !shard.master.pod.startsWith(leaderPrefix),
  );
  return {
    name: 'every master is a leader pod',
    ok: shards.length > 0 && followers.length === 0,
    figures:
      followers.length === 0
        ? `masters: ${shards.map(shard => shard.master.pod).join(', ')}`
        : followers
            .map(
              shard =>
                `${
                  shard.master.pod
                } is master of slots ${shard.master.slots.join(
                  ' ',
                )}: run a test failover with replica ${
                  shard.replicas.find(member =>
                    member.pod.startsWith(leaderPrefix),
                  )?.pod ?? 'its leader'
                } first`,
            )
            .join('; '),
  };
}
