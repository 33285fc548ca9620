// Pure decisions of a password rotation: its input, the order of the restarts, and whether every process
// ends up with only the new password and every sentinel signed in again; in cluster mode, whether the
// nodes keep their identity across a restart, whether each shard can fail over, and whether a restarted
// node is back. Passwords appear here only as the SHA-256 hashes `ACL GETUSER` lists, never in a message.
import { InputError } from '@backstage/errors';
import { createHash } from 'crypto';
import {
  clusterMembers,
  type ClusterMember,
  type ClusterNodeView,
} from './clusterChecks';
import {
  describeReplicas,
  masterFigures,
  replicaFigures,
  type FailoverCheck,
} from './failoverChecks';

/** The longest grace period a rotation may keep the old password for: one hour. */
export const MAX_GRACE_SECONDS = 3600;

/** `graceSeconds` as given, or an InputError naming the field and the range. */
export function validGraceSeconds(value: unknown): number {
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 0 ||
    value > MAX_GRACE_SECONDS
  ) {
    throw new InputError(
      `graceSeconds: must be a whole number of seconds from 0 to ${MAX_GRACE_SECONDS}, how long the old password stays valid after every pod restarted; got ${JSON.stringify(
        value,
      )}`,
    );
  }
  return value;
}

/** The hash `ACL GETUSER` lists for a password. */
export function passwordHash(password: string): string {
  return createHash('sha256').update(password).digest('hex');
}

/** `message` with every secret replaced: Redis echoes an `ACL SETUSER` modifier, password included, in its errors. */
export function redact(message: string, secrets: string[]): string {
  return secrets
    .filter(secret => secret.length > 0)
    .reduce((text, secret) => text.split(secret).join('<redacted>'), message);
}

/** Whether a Redis error says the password was refused (rather than that the process was not reached). */
export function isAuthRefusal(message: string): boolean {
  return /WRONGPASS|NOAUTH|invalid password|invalid username-password/i.test(
    message,
  );
}

/** One pod of the instance as the restarts see it. */
export interface RestartCandidate {
  pod: string;
  role: 'master' | 'replica' | 'sentinel';
}

/**
 * The order of the restarts: the replicas first, then the master (after a failover), then the
 * sentinels, each group by name so that a rerun goes the same way.
 */
export function restartOrder(pods: RestartCandidate[]): RestartCandidate[] {
  const rank = { replica: 0, master: 1, sentinel: 2 };
  return [...pods].sort(
    (a, b) => rank[a.role] - rank[b.role] || a.pod.localeCompare(b.pod),
  );
}

/** What one process answered about its passwords. */
export interface PasswordView {
  pod: string;
  /** The hashes `ACL GETUSER default` lists, read with the new password. */
  hashes?: string[];
  /** Whether AUTH with the old password was refused. */
  oldRefused?: boolean;
  error?: string;
}

/** After the old password's removal: every process lists only the new password and refuses the old one. */
export function assessPasswords(
  views: PasswordView[],
  newHash: string,
): FailoverCheck {
  const describe = (view: PasswordView) => {
    if (view.error) return `${view.pod}: ${view.error}`;
    const hashes = view.hashes ?? [];
    const others = hashes.filter(hash => hash !== newHash).length;
    return `${view.pod}: ${
      hashes.includes(newHash) ? 'accepts the new password' : 'no new password'
    }${others ? `, ${others} other password(s)` : ''}, the old one ${
      view.oldRefused ? 'refused' : 'accepted'
    }`;
  };
  return {
    name: 'only the new password',
    ok:
      views.length > 0 &&
      views.every(
        view =>
          !view.error &&
          view.oldRefused === true &&
          view.hashes?.length === 1 &&
          view.hashes[0] === newHash,
      ),
    figures: views.map(describe).join('; '),
  };
}

/** `name=` of each connection in a `CLIENT LIST` reply. */
export function clientNames(clientList: string): string[] {
  return clientList
    .split('\n')
    .map(line => / name=(\S*)/.exec(line)?.[1] ?? '')
    .filter(name => name.length > 0);
}

/** One process's connections, and which sentinels must have signed in to it. */
export interface SentinelLinkView {
  pod: string;
  clientList?: string;
  error?: string;
  /** The run ids (`SENTINEL MYID`) of the sentinels that connect to this process. */
  expected: { pod: string; id: string }[];
}

/**
 * Every sentinel signed in again after its links were cut: a sentinel names its command link
 * `sentinel-<first 8 characters of its id>-cmd` with CLIENT SETNAME right after AUTH, so a link whose AUTH
 * was refused stays unnamed.
 */
export function assessSentinelLinks(views: SentinelLinkView[]): FailoverCheck {
  const missing = views.map(view => {
    if (view.error) return { view, absent: view.expected.map(e => e.pod) };
    const names = new Set(clientNames(view.clientList ?? ''));
    return {
      view,
      absent: view.expected
        .filter(e => !names.has(`sentinel-${e.id.slice(0, 8)}-cmd`))
        .map(e => e.pod),
    };
  });
  return {
    name: 'every sentinel signed in with the new password',
    ok: views.length > 0 && missing.every(entry => entry.absent.length === 0),
    figures: missing
      .map(({ view, absent }) =>
        view.error
          ? `${view.pod}: ${view.error}`
          : `${view.pod}: ${view.expected.length - absent.length}/${
              view.expected.length
            } sentinel links signed in${
              absent.length ? ` (not ${absent.join(', ')})` : ''
            }`,
      )
      .join('; '),
  };
}

/** Flat `[field, value, …]` reply of `SENTINEL MASTER` or one entry of `SENTINEL REPLICAS`, as a map. */
export function sentinelFields(reply: string[]): Map<string, string> {
  const fields = new Map<string, string>();
  for (let i = 0; i + 1 < reply.length; i += 2)
    fields.set(reply[i], reply[i + 1]);
  return fields;
}

/** What one sentinel says of the master it monitors and of its replicas. */
export interface SentinelSight {
  pod: string;
  master?: string[];
  replicas?: string[][];
  sentinels?: string[][];
  error?: string;
}

/**
 * Each sentinel sees the master at `masterAddress` without `s_down`, `replicas` replicas with their
 * links ok, and the other sentinels: it is signed in to all of them.
 */
export function assessSentinelSight(
  views: SentinelSight[],
  expected: { masterAddress: string; replicas: number; sentinels: number },
): FailoverCheck {
  const judged = views.map(view => {
    if (view.error || !view.master)
      return { ok: false, text: `${view.pod}: ${view.error ?? 'no master'}` };
    const master = sentinelFields(view.master);
    const address = `${master.get('ip')}:${master.get('port')}`;
    const healthy = (view.replicas ?? []).filter(entry => {
      const fields = sentinelFields(entry);
      return (
        fields.get('flags') === 'slave' &&
        fields.get('master-link-status') === 'ok'
      );
    }).length;
    const peers = (view.sentinels ?? []).filter(
      entry => sentinelFields(entry).get('flags') === 'sentinel',
    ).length;
    return {
      ok:
        address === expected.masterAddress &&
        master.get('flags') === 'master' &&
        healthy === expected.replicas &&
        peers === expected.sentinels - 1,
      text: `${view.pod}: master ${address} flags ${master.get(
        'flags',
      )}, ${healthy}/${expected.replicas} replicas ok, ${peers}/${
        expected.sentinels - 1
      } other sentinels`,
    };
  });
  return {
    name: 'sentinels see the master, its replicas and each other',
    ok: judged.length > 0 && judged.every(entry => entry.ok),
    figures: judged.map(entry => entry.text).join('; '),
  };
}

/**
 * Why a RedisCluster's pods would lose their cluster identity on a restart, naming each field; empty when
 * they keep it. A restarted node keeps its ID and slots only from its `nodes.conf`, which outlives the pod
 * only on the operator's node-conf claim (`spec.storage.nodeConfVolume`), and its data only on the data
 * claim (`spec.persistenceEnabled` with `spec.storage.volumeClaimTemplate`).
 */
export function clusterIdentityGaps(spec: {
  persistenceEnabled?: unknown;
  storage?: {
    volumeClaimTemplate?: { spec?: object };
    nodeConfVolume?: unknown;
  };
}): string[] {
  const gaps: string[] = [];
  if (spec.persistenceEnabled !== true)
    gaps.push('spec.persistenceEnabled is not true');
  if (Object.keys(spec.storage?.volumeClaimTemplate?.spec ?? {}).length === 0)
    gaps.push('spec.storage.volumeClaimTemplate is empty');
  if (spec.storage?.nodeConfVolume !== true)
    gaps.push('spec.storage.nodeConfVolume is not true');
  return gaps;
}

/**
 * A restarted cluster node is back: it answers as the node it was (its ID from `nodes.conf`), and is a
 * replica with its link up, at most `maxLagBytes` behind its master. `newId` is set when it came back as
 * another node, which no wait mends.
 */
export function assessClusterNodeBack(input: {
  nodes: ClusterNodeView[];
  pod: string;
  id: string;
  maxLagBytes: number;
}): { checks: FailoverCheck[]; newId?: string } {
  const members = clusterMembers(input.nodes);
  const member = members.find(candidate => candidate.pod === input.pod);
  const view = input.nodes.find(node => node.pod === input.pod);
  const master = members.find(
    candidate =>
      member?.masterId !== undefined && candidate.id === member.masterId,
  );
  const masterOffset = master ? masterFigures(master.view).offset : undefined;
  const replica =
    view &&
    replicaFigures(view, master?.address, masterOffset, input.maxLagBytes);
  const newId = member && member.id !== input.id ? member.id : undefined;
  return {
    checks: [
      {
        name: 'rejoined with its node ID',
        ok: member?.id === input.id,
        figures: member
          ? `${input.pod} is node ${member.id}${
              newId ? `, was ${input.id}` : ''
            }`
          : `${input.pod}: ${view?.error ?? 'no CLUSTER NODES'}`,
      },
      {
        name: 'in sync with its master',
        ok: member?.role === 'slave' && replica?.inSync === true,
        figures: `${input.pod} is ${
          member?.role === 'slave'
            ? `a replica of ${master?.pod ?? member.masterId}`
            : `a ${member?.role ?? 'silent node'}`
        }: ${describeReplicas(
          replica ? [replica] : [],
          masterOffset,
          input.maxLagBytes,
        )}`,
      },
    ],
    newId,
  };
}

/** After a cluster rotation: each shard has the master it had before, with the same slots. */
export function assessMastersKept(
  before: { master: Pick<ClusterMember, 'pod' | 'id' | 'slots'> }[],
  nodes: ClusterNodeView[],
): FailoverCheck {
  const members = clusterMembers(nodes);
  const judged = before.map(({ master }) => {
    const now = members.find(member => member.pod === master.pod);
    const slots = master.slots.join(' ');
    const ok =
      now?.role === 'master' &&
      now.id === master.id &&
      now.slots.join(' ') === slots;
    return {
      ok,
      text: `${master.pod}: ${
        now ? `${now.role}, slots ${now.slots.join(' ') || 'none'}` : 'silent'
      } (before: master, slots ${slots})`,
    };
  });
  return {
    name: "each shard's master as before",
    ok: judged.length > 0 && judged.every(entry => entry.ok),
    figures: judged.map(entry => entry.text).join('; '),
  };
}
