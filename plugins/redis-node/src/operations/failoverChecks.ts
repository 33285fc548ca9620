// Pure decisions of a test failover: whether it may start, and whether it ended well, from what was observed.
import { parseInfoFields } from '@odin/plugin-redis-common';
import type { OperationRecord } from '@odin/plugin-redis-common';

/**
 * One check of a test failover, with the figures it was judged on.
 *
 * @public
 */
export interface FailoverCheck {
  /** e.g. `sentinel quorum`, `replica in sync`, `old master rejoined`. */
  name: string;
  ok: boolean;
  /** What was measured, in words and numbers: offsets, lag, addresses, labels. */
  figures: string;
}

/**
 * A Redis or Sentinel process of the instance, by its pod.
 *
 * @public
 */
export interface ProcessRef {
  pod: string;
  /** `ip:port`. */
  address: string;
}

/** What one sentinel answered, or why it did not. */
export interface SentinelView {
  pod: string;
  /** `ip:port` where it listens; undefined for a pod without an address. */
  address?: string;
  /** `ip:port` of the master it names. */
  master?: string;
  quorum?: { ok: boolean; message: string };
  error?: string;
}

/** One data pod's INFO replication, or why it did not answer. */
export interface NodeView {
  pod: string;
  /** `ip:port` where it listens; undefined for a pod without an address. */
  address?: string;
  info?: string;
  error?: string;
  /** The operator's `redis-role` label of its pod. */
  roleLabel?: string;
}

/**
 * One replica as the preconditions judged it.
 *
 * @public
 */
export interface ReplicaFigures {
  pod: string;
  linkUp: boolean;
  /** Its `slave_repl_offset`. */
  offset?: number;
  /** `master_repl_offset` of the master minus the replica's offset, at least 0. */
  lagBytes?: number;
  inSync: boolean;
  error?: string;
}

export interface PreconditionInput {
  sentinels: SentinelView[];
  /** The sentinels the custom resource asks for; fewer answering fails the quorum check. */
  expectedSentinels?: number;
  master?: NodeView;
  replicas: NodeView[];
  maxLagBytes: number;
  history: OperationRecord[];
  operation: string;
  now: Date;
  minIntervalMs: number;
  override: boolean;
}

export interface PreconditionAssessment {
  checks: FailoverCheck[];
  ok: boolean;
  replicas: ReplicaFigures[];
  masterOffset?: number;
}

function numberField(fields: Map<string, string>, name: string) {
  const value = Number(fields.get(name));
  return fields.has(name) && Number.isFinite(value) ? value : undefined;
}

/** `ip:port` of the master a replica's INFO follows. */
export function followedMaster(info: string): string | undefined {
  const fields = parseInfoFields(info);
  const host = fields.get('master_host');
  return host ? `${host}:${fields.get('master_port')}` : undefined;
}

/** The interval rule: the newest run that issued a failover (not a refusal) and when the next may start. */
export function lastFailover(
  history: OperationRecord[],
  operation: string,
): OperationRecord | undefined {
  return history.find(
    entry => entry.operation === operation && entry.outcome !== 'refused',
  );
}

function minutes(ms: number): string {
  return `${Math.round(ms / 60_000)} min`;
}

/** The interval rule as a check: no earlier test failover within `minIntervalMs`, unless an admin overrides. */
export function intervalCheck(input: {
  history: OperationRecord[];
  operation: string;
  now: Date;
  minIntervalMs: number;
  override: boolean;
}): FailoverCheck {
  const previous = lastFailover(input.history, input.operation);
  const sincePrevious = previous
    ? input.now.getTime() - new Date(previous.startedAt).getTime()
    : undefined;
  const tooSoon =
    sincePrevious !== undefined && sincePrevious < input.minIntervalMs;
  let verdict = '';
  if (previous && tooSoon) {
    const next = new Date(
      new Date(previous.startedAt).getTime() + input.minIntervalMs,
    ).toISOString();
    verdict = input.override
      ? '; overridden by an admin'
      : `; the next may start at ${next}, or an admin may override`;
  }
  return {
    name: 'at most one per interval',
    ok: !tooSoon || input.override,
    figures: previous
      ? `the last ${input.operation} started at ${previous.startedAt} by ${
          previous.requester
        } (${previous.outcome}), ${minutes(
          sincePrevious!,
        )} ago; the interval is ${minutes(input.minIntervalMs)}${verdict}`
      : `no earlier ${input.operation} recorded`,
  };
}

/**
 * One replica's figures: its link is up only when it follows `masterAddress`, and it is in sync when
 * also at most `maxLagBytes` behind `masterOffset`.
 */
export function replicaFigures(
  view: NodeView,
  masterAddress: string | undefined,
  masterOffset: number | undefined,
  maxLagBytes: number,
): ReplicaFigures {
  if (!view.info) {
    return {
      pod: view.pod,
      linkUp: false,
      inSync: false,
      error: view.error ?? 'no address',
    };
  }
  const fields = parseInfoFields(view.info);
  const offset = numberField(fields, 'slave_repl_offset');
  const follows = followedMaster(view.info);
  const linkUp =
    fields.get('role') === 'slave' &&
    fields.get('master_link_status') === 'up' &&
    follows === masterAddress;
  const lagBytes =
    masterOffset !== undefined && offset !== undefined
      ? Math.max(0, masterOffset - offset)
      : undefined;
  return {
    pod: view.pod,
    linkUp,
    offset,
    lagBytes,
    inSync: linkUp && lagBytes !== undefined && lagBytes <= maxLagBytes,
    ...(fields.get('role') !== 'slave' && {
      error: `role ${fields.get('role')}`,
    }),
  };
}

/** The replicas' figures in one sentence, after the master's offset and the threshold. */
export function describeReplicas(
  replicas: ReplicaFigures[],
  masterOffset: number | undefined,
  maxLagBytes: number,
): string {
  return `master_repl_offset ${
    masterOffset ?? 'unknown'
  }, at most ${maxLagBytes} bytes behind: ${
    replicas.length === 0
      ? 'no replica'
      : replicas
          .map(replica =>
            replica.error && replica.offset === undefined
              ? `${replica.pod}: ${replica.error}`
              : `${replica.pod}: link ${
                  replica.linkUp ? 'up' : 'down'
                }, offset ${replica.offset}, lag ${replica.lagBytes} bytes`,
          )
          .join('; ')
  }`;
}

/** `role` and `master_repl_offset` of a node's INFO. */
export function masterFigures(view: NodeView): {
  role?: string;
  offset?: number;
} {
  const fields = view.info ? parseInfoFields(view.info) : undefined;
  return {
    role: fields?.get('role'),
    offset: fields && numberField(fields, 'master_repl_offset'),
  };
}

/** Whether a test failover may start, check by check, with the figures. */
export function assessPreconditions(
  input: PreconditionInput,
): PreconditionAssessment {
  const checks: FailoverCheck[] = [intervalCheck(input)];

  const unreachable = input.sentinels.filter(view => view.error);
  const missing =
    input.expectedSentinels !== undefined
      ? Math.max(0, input.expectedSentinels - input.sentinels.length)
      : 0;
  checks.push({
    name: 'every sentinel reachable',
    ok: input.sentinels.length > 0 && unreachable.length === 0 && missing === 0,
    figures: `${input.sentinels.length - unreachable.length}/${
      input.expectedSentinels ?? input.sentinels.length
    } sentinels answered${
      unreachable.length
        ? `; ${unreachable
            .map(view => `${view.pod}: ${view.error}`)
            .join('; ')}`
        : ''
    }${missing ? `; ${missing} sentinel pod(s) have no address` : ''}`,
  });

  const answering = input.sentinels.filter(view => !view.error);
  const noQuorum = answering.filter(view => !view.quorum?.ok);
  checks.push({
    name: 'sentinel quorum',
    ok: answering.length > 0 && noQuorum.length === 0,
    figures:
      answering.length === 0
        ? 'no sentinel answered SENTINEL CKQUORUM'
        : answering
            .map(view => `${view.pod}: ${view.quorum?.message ?? 'no answer'}`)
            .join('; '),
  });

  const masters = new Set(answering.map(view => view.master ?? 'none'));
  checks.push({
    name: 'sentinels agree on the master',
    ok: answering.length > 0 && masters.size === 1 && !masters.has('none'),
    figures: answering
      .map(view => `${view.pod} names ${view.master ?? 'no master'}`)
      .join('; '),
  });

  let masterOffset: number | undefined;
  if (!input.master) {
    checks.push({
      name: 'master answers',
      ok: false,
      figures: `no pod of the instance has the master's address ${[
        ...masters,
      ].join(', ')}`,
    });
  } else {
    const { role, offset } = masterFigures(input.master);
    masterOffset = offset;
    checks.push({
      name: 'master answers',
      ok: role === 'master',
      figures: input.master.error
        ? `${input.master.pod}: ${input.master.error}`
        : `${input.master.pod} (${input.master.address}) role ${role}, master_repl_offset ${masterOffset}`,
    });
  }

  const replicas = input.replicas.map(view =>
    replicaFigures(
      view,
      input.master?.address,
      masterOffset,
      input.maxLagBytes,
    ),
  );
  checks.push({
    name: 'a replica in sync',
    ok: replicas.some(replica => replica.inSync),
    figures: describeReplicas(replicas, masterOffset, input.maxLagBytes),
  });

  return {
    checks,
    ok: checks.every(check => check.ok),
    replicas,
    masterOffset,
  };
}

export interface OutcomeInput {
  oldMaster: ProcessRef;
  sentinels: SentinelView[];
  nodes: NodeView[];
}

export interface OutcomeAssessment {
  checks: FailoverCheck[];
  ok: boolean;
  newMaster?: ProcessRef;
}

/** Whether the failover ended as it should: one new master everywhere, the old one its replica, labels agreeing. */
export function assessOutcome(input: OutcomeInput): OutcomeAssessment {
  const checks: FailoverCheck[] = [];
  const named = new Set(input.sentinels.map(view => view.master ?? 'none'));
  const agreed =
    named.size === 1 &&
    !named.has('none') &&
    input.sentinels.every(view => !view.error)
      ? [...named][0]
      : undefined;
  checks.push({
    name: 'sentinels name one new master',
    ok: agreed !== undefined && agreed !== input.oldMaster.address,
    figures: input.sentinels
      .map(view =>
        view.error
          ? `${view.pod}: ${view.error}`
          : `${view.pod} names ${view.master ?? 'no master'}`,
      )
      .concat(`the old master was ${input.oldMaster.address}`)
      .join('; '),
  });

  const newNode = input.nodes.find(node => node.address === agreed);
  const newMaster = newNode?.address
    ? { pod: newNode.pod, address: newNode.address }
    : undefined;
  const roleOf = (node: NodeView) =>
    node.info ? parseInfoFields(node.info).get('role') : undefined;
  const masters = input.nodes.filter(node => roleOf(node) === 'master');
  checks.push({
    name: 'one master',
    ok:
      newNode !== undefined &&
      masters.length === 1 &&
      masters[0].pod === newNode.pod,
    figures: input.nodes
      .map(
        node =>
          `${node.pod}: ${
            node.error ? node.error : `role ${roleOf(node) ?? 'unknown'}`
          }`,
      )
      .join('; '),
  });

  const old = input.nodes.find(node => node.pod === input.oldMaster.pod);
  const oldFields = old?.info ? parseInfoFields(old.info) : undefined;
  const oldFollows = old?.info ? followedMaster(old.info) : undefined;
  checks.push({
    name: 'old master rejoined as a replica',
    ok:
      oldFields?.get('role') === 'slave' &&
      oldFields.get('master_link_status') === 'up' &&
      agreed !== undefined &&
      oldFollows === agreed,
    figures: old?.error
      ? `${input.oldMaster.pod}: ${old.error}`
      : `${input.oldMaster.pod}: role ${oldFields?.get('role')}, master ${
          oldFollows ?? 'none'
        }, master_link_status ${
          oldFields?.get('master_link_status') ?? 'none'
        }`,
  });

  const labelOk = newNode?.roleLabel === 'master' && old?.roleLabel === 'slave';
  checks.push({
    name: "operator's redis-role labels agree",
    ok: labelOk,
    figures: input.nodes
      .map(node => `${node.pod}: redis-role=${node.roleLabel ?? 'none'}`)
      .join('; '),
  });

  return { checks, ok: checks.every(check => check.ok), newMaster };
}

/** The failed checks, as one sentence of a refusal or failure. */
export function describeFailed(checks: FailoverCheck[]): string {
  return checks
    .filter(check => !check.ok)
    .map(check => `${check.name} failed (${check.figures})`)
    .join('; ');
}
