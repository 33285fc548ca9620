// Rotation of an instance's Redis password (sentinel, replication, standalone or cluster), under its lock: a
// new password beside the old on every process, then the Secret, then every pod restarted one at a time
// (replicas, the master after a switchover, the sentinels; in cluster mode each master after a CLUSTER
// FAILOVER, see clusterRotatePassword.ts), then the old password removed after a grace period. The passwords
// never leave these files: results, records and errors name only pods and figures.
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
  isError,
} from '@backstage/errors';
import {
  OPERATOR_API_VERSION,
  REDIS_FIELD_MANAGER,
  ROTATE_PASSWORD_OPERATION,
  authSecretRef,
  instanceLabelSelector,
  parseInfoFields,
  redisAccessRefs,
  validateInstance,
  type SecretKeyRef,
} from '@odin/plugin-redis-common';
import type Redis from 'ioredis';
import { generatePassword } from '../apply/passwordSecret';
import { applySetParentOf, recordedOrder } from '../apply/applySet';
import type { ApiObject, KubernetesCluster } from '../cluster/clusterAccess';
import type { ClusterFailoverSummary } from './clusterFailover';
import { clusterRotationMode } from './clusterRotatePassword';
import {
  assessPreconditions,
  describeFailed,
  type FailoverCheck,
  type ProcessRef,
} from './failoverChecks';
import {
  definedOnly,
  errorMessage,
  hostPort,
  instancePlan,
  involvedObjectOf,
  observe,
  observeNode,
  readReplicationResources,
  sleep,
  withRedis,
  type CustomResource,
  type InstancePlan,
  type RedisAuth,
} from './liveRedis';
import type { InvolvedObject } from './operationHistory';
import type { OperationTarget } from './operationLock';
import { startOperationRun } from './operationRun';
import {
  assessPasswords,
  assessSentinelLinks,
  assessSentinelSight,
  clusterIdentityGaps,
  isAuthRefusal,
  passwordHash,
  redact,
  restartOrder,
  validGraceSeconds,
  type PasswordView,
  type RestartCandidate,
  type SentinelLinkView,
  type SentinelSight,
} from './rotatePasswordChecks';
import { assessScale } from './scaleChecks';
import { replicationSwitchover, sentinelSwitchover } from './switchover';

/** @public */
export interface RotatePasswordOptions {
  cluster: KubernetesCluster;
  instance: OperationTarget;
  /** Who asks, e.g. `user:default/alice`: the lock's holder and the history's requester. */
  requester: string;
  /** How long (0 to 3600 s) the old password stays valid after every pod restarted, for clients to switch. */
  graceSeconds: number;
  /** How long the restarts and checks may take; the lock lasts this plus the grace period. Default 10 minutes. */
  timeoutMs?: number;
  /** Connect and command timeout of each Redis and Sentinel request. Default 2 s. */
  redisTimeoutMs?: number;
  /** Interval of the polls while pods restart and checks settle. Default 200 ms. */
  pollIntervalMs?: number;
  /** How far (bytes) a replica may be behind the master and count as in sync. Default 1024. */
  maxLagBytes?: number;
  onProgress?: (message: string) => void;
}

/**
 * One pod the rotation restarted, and how long it took until it was back in service.
 *
 * @public
 */
export interface PodRestart {
  pod: string;
  /** In cluster mode `master` is a shard's master, restarted as a replica after a CLUSTER FAILOVER. */
  role: 'master' | 'replica' | 'sentinel';
  /**
   * From the delete to the pod ready, signed in, and in sync (a replica) or seeing the master (a
   * sentinel); in cluster mode also back in the cluster as the node it was.
   */
  durationMs: number;
}

/** @public */
export interface RotatePasswordResult {
  id: string;
  /** The Secret that now holds the new password. */
  secret: SecretKeyRef;
  preconditions: FailoverCheck[];
  restarts: PodRestart[];
  /**
   * The switchover before the master's restart; none for a standalone instance, whose one pod restarts,
   * nor in cluster mode (see `failovers`).
   */
  switchover?: {
    oldMaster: ProcessRef;
    newMaster: ProcessRef;
    switchoverMs: number;
    writesPausedMs: number;
  };
  /** Cluster mode: the failovers, two per shard (away from its master, and back), in order. */
  failovers?: ClusterFailoverSummary[];
  graceSeconds: number;
  postChecks: FailoverCheck[];
  startedAt: string;
  finishedAt: string;
  durationMs: number;
}

const DEFAULTS = {
  timeoutMs: 600_000,
  redisTimeoutMs: 2_000,
  pollIntervalMs: 200,
  maxLagBytes: 1024,
};

/** The settings of one run, defaults filled in. */
export type RotationSettings = typeof DEFAULTS & {
  onProgress?: (message: string) => void;
};

const KINDS_OF_ERROR: Record<string, new (message: string) => Error> = {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
};

/** A precondition that failed: the run is refused, nothing changed. */
class Refusal extends Error {}

/** The password Secret, as read before the rotation (its version is the compare-and-swap's). */
export interface RotationSecret extends ApiObject {
  data?: Record<string, string>;
}

/** One pod of the instance, as the rotation reads and restarts it. */
export interface RotationPod extends ApiObject {
  metadata: ApiObject['metadata'] & { name: string; uid?: string };
  status?: {
    podIP?: string;
    conditions?: { type: string; status: string }[];
  };
}

/** Where the instance's processes listen and how they are reached (TLS); the sentinels' master group. */
export interface RotationAccess {
  dataPort: number;
  dataAuth: RedisAuth;
  sentinelPort?: number;
  sentinelAuth?: RedisAuth;
  masterName?: string;
}

/** The instance's custom resources, or a refusal naming the mode and why. */
type RotatableInstance =
  | {
      kind: 'replication';
      /** A standalone instance's Redis stands in for the RedisReplication. */
      replication: CustomResource;
      sentinel?: CustomResource;
      involvedObject: InvolvedObject;
      standalone: boolean;
    }
  | {
      kind: 'cluster';
      resource: CustomResource;
      involvedObject: InvolvedObject;
    };

async function rotatableInstance(
  cluster: KubernetesCluster,
  instance: OperationTarget,
): Promise<RotatableInstance> {
  const where = `${instance.namespace}/${instance.name}`;
  const { replication, sentinel } = await readReplicationResources(
    cluster,
    instance,
  );
  if (!replication) {
    const get = (kind: string) =>
      cluster.get<CustomResource>({
        apiVersion: OPERATOR_API_VERSION,
        kind,
        metadata: { name: instance.name, namespace: instance.namespace },
      });
    const redisCluster = await get('RedisCluster');
    if (redisCluster) {
      // Each pod restarts: without nodes.conf on a claim it would come back as a new, empty node.
      const gaps = clusterIdentityGaps(redisCluster.spec ?? {});
      if (gaps.length > 0)
        throw new InputError(
          `${where} runs in cluster mode without persistence (${gaps.join(
            ', ',
          )}): the restart that gives each node the new password would bring it back as a new, empty node without its nodes.conf; order persistence first (/flavour/persistence/enabled: true) and apply the order`,
        );
      return {
        kind: 'cluster',
        resource: redisCluster,
        involvedObject: {
          ...involvedObjectOf(redisCluster),
          kind: 'RedisCluster',
        },
      };
    }
    const single = await get('Redis');
    if (!single)
      throw new NotFoundError(
        `${where} has no Redis, RedisReplication or RedisCluster on cluster "${cluster.name}"`,
      );
    // The one pod restarts with the new password: without a volume it would start empty.
    if (
      Object.keys(single.spec?.storage?.volumeClaimTemplate?.spec ?? {})
        .length === 0
    )
      throw new InputError(
        `${where} is standalone without persistence: the restart that gives its pod the new password would empty it; order persistence first (flavour.persistence), or replicas`,
      );
    return {
      kind: 'replication',
      replication: single,
      involvedObject: { ...involvedObjectOf(single), kind: 'Redis' },
      standalone: true,
    };
  }
  if (!sentinel && Number(replication.spec?.sentinel?.size) > 0)
    throw new InputError(
      `${where} runs the RedisReplication's embedded sentinels: password rotation is built for a RedisSentinel only so far`,
    );
  return {
    kind: 'replication',
    replication,
    sentinel,
    involvedObject: involvedObjectOf(replication),
    standalone: false,
  };
}

/** The one Secret every process's password comes from; another arrangement is refused, naming it. */
function passwordRef(instance: RotatableInstance, where: string): SecretKeyRef {
  const data =
    instance.kind === 'cluster'
      ? { ...instance.resource, kind: 'RedisCluster' }
      : { ...instance.replication, kind: 'RedisReplication' };
  const sentinel = instance.kind === 'cluster' ? undefined : instance.sentinel;
  const access = redisAccessRefs([
    data,
    ...(sentinel ? [{ ...sentinel, kind: 'RedisSentinel' }] : []),
  ]);
  const ref = access.dataPassword;
  if (!ref)
    throw new InputError(
      `${where} has authentication off (its ${data.kind} names no kubernetesConfig.redisSecret): there is no password to rotate`,
    );
  if (!sentinel) return ref;
  const authPass =
    sentinel.spec?.redisSentinelConfig?.redisReplicationPassword?.secretKeyRef;
  const same = (other?: { name?: string; key?: string }) =>
    other?.name === ref.name && other?.key === ref.key;
  if (!same(access.sentinelPassword) || !same(authPass))
    throw new InputError(
      `${where}: the sentinels' passwords (kubernetesConfig.redisSecret, redisSentinelConfig.redisReplicationPassword of the RedisSentinel) do not come from the data nodes' Secret "${ref.name}" key "${ref.key}"; rotation keeps one password for all, as the portal orders them`,
    );
  return ref;
}

/** The Secret, when the portal generated it or the instance's recorded order names it; refused otherwise. */
async function rotatableSecret(
  cluster: KubernetesCluster,
  instance: OperationTarget,
  ref: SecretKeyRef,
): Promise<RotationSecret> {
  const where = `Secret "${ref.name}" in namespace "${instance.namespace}"`;
  const secret = await cluster.get<RotationSecret>({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: ref.name, namespace: instance.namespace },
  });
  if (secret?.data?.[ref.key] === undefined)
    throw new NotFoundError(
      `${where} has no key "${ref.key}", which the custom resources name for the password`,
    );
  const generated =
    secret.metadata?.annotations?.['odin.dev/generated-password'] === 'true';
  const order = recordedOrder(await cluster.get(applySetParentOf(instance)));
  const config = order ? validateInstance(order).config : undefined;
  const ordered = config ? authSecretRef(config) : undefined;
  if (!generated && !(ordered?.name === ref.name && ordered.key === ref.key))
    throw new InputError(
      `${where} was neither generated by the portal (annotation odin.dev/generated-password) nor named by the instance's recorded order; rotate it where it is managed`,
    );
  return secret;
}

const isReady = (pod: RotationPod) =>
  pod.status?.conditions?.some(
    condition => condition.type === 'Ready' && condition.status === 'True',
  ) ?? false;

const isSentinelPod = (pod: RotationPod) =>
  pod.metadata.labels?.role === 'sentinel';

/**
 * The rotation's moving parts every mode shares: the cluster, the instance, both passwords, and every
 * Redis request, redacted.
 */
export class PasswordRotation {
  readonly hash: string;
  readonly deadline: number;

  constructor(
    readonly cluster: KubernetesCluster,
    readonly instance: OperationTarget,
    readonly access: RotationAccess,
    readonly settings: RotationSettings,
    readonly old: string,
    readonly next: string,
    /** The run's deadline: its start, the timeout and the grace period, as long as the lock lasts. */
    deadline: number,
  ) {
    this.hash = passwordHash(next);
    this.deadline = deadline;
  }

  progress(message: string) {
    this.settings.onProgress?.(message);
  }

  address(pod: RotationPod): string | undefined {
    const port = isSentinelPod(pod)
      ? this.access.sentinelPort
      : this.access.dataPort;
    return pod.status?.podIP ? `${pod.status.podIP}:${port}` : undefined;
  }

  /** One connection to the pod's process, signed in with `password`; errors are new Errors with both passwords redacted. */
  async on<T>(
    pod: RotationPod,
    password: string,
    use: (client: Redis) => Promise<T>,
  ): Promise<T> {
    const address = this.address(pod);
    if (!address) throw new Error(`${pod.metadata.name} has no address`);
    try {
      // AUTH sent as a command: its refusal is then an error reply, not a closed connection.
      return await withRedis(
        hostPort(address),
        {
          tls: (isSentinelPod(pod)
            ? this.access.sentinelAuth
            : this.access.dataAuth
          )?.tls,
        },
        {
          connectTimeoutMs: this.settings.redisTimeoutMs,
          commandTimeoutMs: this.settings.redisTimeoutMs,
        },
        async client => {
          await client.call('AUTH', password);
          return use(client);
        },
      );
    } catch (error) {
      throw new Error(
        `${pod.metadata.name}: ${redact(errorMessage(error), [
          this.old,
          this.next,
        ])}`,
      );
    }
  }

  /** The instance's Redis and Sentinel pods (those of a setup type: not a backup Job's), by name. */
  async pods(): Promise<RotationPod[]> {
    const pods = await this.cluster.list<RotationPod>({
      apiVersion: 'v1',
      kind: 'Pod',
      namespace: this.instance.namespace,
      labelSelector: `${instanceLabelSelector(this.instance)},redis_setup_type`,
    });
    return pods.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }

  async pod(name: string): Promise<RotationPod | undefined> {
    return this.cluster.get<RotationPod>({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: this.instance.namespace },
    });
  }

  /**
   * Polls `check` until it returns a value or the run's deadline passes (or `withinMs`, when sooner);
   * then fails saying what it waited for and the last error `check` threw.
   */
  async until<T>(
    what: string,
    check: () => Promise<T | undefined>,
    withinMs?: number,
  ): Promise<T> {
    const deadline =
      withinMs === undefined
        ? this.deadline
        : Math.min(this.deadline, Date.now() + withinMs);
    let last = '';
    for (;;) {
      try {
        const value = await check();
        if (value !== undefined) return value;
      } catch (error) {
        last = errorMessage(error);
      }
      if (Date.now() >= deadline)
        throw new ServiceUnavailableError(
          `Gave up waiting for ${what}${last ? `: ${last}` : ''}`,
        );
      await sleep(this.settings.pollIntervalMs);
    }
  }

  /** `checks` polled until every one passes or the deadline; the last ones either way. */
  async settle(
    checks: () => Promise<FailoverCheck[]>,
  ): Promise<FailoverCheck[]> {
    for (;;) {
      const now = await checks();
      if (now.every(check => check.ok) || Date.now() >= this.deadline)
        return now;
      await sleep(this.settings.pollIntervalMs);
    }
  }

  /** Phase 1 on one process: the new password beside the old, and the new one for its own sign-ins. */
  async addNext(pod: RotationPod) {
    await this.on(pod, this.old, client =>
      client.call('ACL', 'SETUSER', 'default', `>${this.next}`),
    );
  }

  async useNext(pod: RotationPod) {
    await this.on(pod, this.next, client =>
      this.signInWith(client, pod, this.next),
    );
  }

  /** What a process signs in to others with: a data node's masterauth, a sentinel's auth-pass and sentinel-pass. */
  private async signInWith(client: Redis, pod: RotationPod, password: string) {
    if (isSentinelPod(pod)) {
      await client.call(
        'SENTINEL',
        'SET',
        this.access.masterName!,
        'auth-pass',
        password,
      );
      await client.call('SENTINEL', 'CONFIG', 'SET', 'sentinel-pass', password);
    } else {
      await client.call('CONFIG', 'SET', 'masterauth', password);
    }
  }

  /** The end of phase 1 on one process: it accepts both passwords, each on its own sign-in. */
  async acceptsBoth(pod: RotationPod) {
    await this.on(pod, this.old, client => client.call('AUTH', this.next));
  }

  /**
   * Undoes phase 1 on one process, best effort, when the rotation stops before the Secret changed; when
   * that fails, the process's name and why (it may still accept the new password).
   */
  async undo(pod: RotationPod): Promise<string | undefined> {
    try {
      await this.on(pod, this.old, async client => {
        await this.signInWith(client, pod, this.old);
        await client.call('ACL', 'SETUSER', 'default', `<${this.next}`);
      });
      return undefined;
    } catch (error) {
      // `on` names the process and redacts the passwords.
      return errorMessage(error);
    }
  }

  /**
   * A restarted pod started with the Secret's (new) password only: the old one is added back until the
   * grace period ends. One that read the Secret before it changed gets the new one, too.
   */
  async bothOnRestarted(pod: RotationPod) {
    const signIn = await this.on(pod, this.next, async client => {
      await client.ping();
      return 'next' as const;
    }).catch(error => {
      if (isAuthRefusal(errorMessage(error))) return 'old' as const;
      throw error;
    });
    await this.on(pod, signIn === 'next' ? this.next : this.old, client =>
      client.call('ACL', 'SETUSER', 'default', `>${this.next}`, `>${this.old}`),
    );
    if (!isSentinelPod(pod)) await this.useNext(pod);
  }

  /**
   * Deletes the pod for its StatefulSet to recreate it, and waits until the new one is ready and has
   * both passwords; `byName` gets the new pod.
   */
  async recreate(
    name: string,
    role: RestartCandidate['role'],
    byName: Map<string, RotationPod>,
  ): Promise<RotationPod> {
    const before = byName.get(name)!;
    const { namespace } = this.instance;
    this.progress(`Restarting ${role} ${name}`);
    await this.cluster.delete({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace },
    });
    const pod = await this.until(
      `${name} to be recreated and ready`,
      async () => {
        const now = await this.pod(name);
        return now &&
          now.metadata.uid !== before.metadata.uid &&
          isReady(now) &&
          now.status?.podIP
          ? now
          : undefined;
      },
    );
    byName.set(name, pod);
    await this.until(`${name} to accept both passwords`, async () => {
      await this.bothOnRestarted(pod);
      return true;
    });
    return pod;
  }

  /** Phase 3 on one process: the old password removed (a restarted pod had it back for the grace period). */
  async removeOld(pod: RotationPod) {
    await this.on(pod, this.next, async client => {
      const user = (await client.call(
        'ACL',
        'GETUSER',
        'default',
      )) as unknown[];
      const hashes = user[user.indexOf('passwords') + 1] as string[];
      if (hashes.includes(passwordHash(this.old)))
        await client.call('ACL', 'SETUSER', 'default', `<${this.old}`);
    });
  }

  async passwordView(pod: RotationPod): Promise<PasswordView> {
    const name = pod.metadata.name;
    try {
      const hashes = await this.on(pod, this.next, async client => {
        const user = (await client.call(
          'ACL',
          'GETUSER',
          'default',
        )) as unknown[];
        return user[user.indexOf('passwords') + 1] as string[];
      });
      const oldRefused = await this.on(pod, this.old, async client => {
        await client.ping();
        return false;
      }).catch(error => isAuthRefusal(errorMessage(error)));
      return { pod: name, hashes, oldRefused };
    } catch (error) {
      return { pod: name, error: errorMessage(error) };
    }
  }

  /** Every process lists only the new password and refuses the old one. */
  async passwordsCheck(): Promise<FailoverCheck> {
    const pods = await this.pods();
    return assessPasswords(
      await Promise.all(pods.map(pod => this.passwordView(pod))),
      this.hash,
    );
  }
}

/** A sentinel, replication or standalone instance's rotation: its plan, its master and its sentinels. */
class ReplicationRotation extends PasswordRotation {
  constructor(
    cluster: KubernetesCluster,
    instance: OperationTarget,
    readonly plan: InstancePlan,
    settings: RotationSettings,
    old: string,
    next: string,
    deadline: number,
  ) {
    super(cluster, instance, plan, settings, old, next, deadline);
  }

  /** The plan with `password` as every process's password. */
  planWith(password: string): InstancePlan {
    return {
      ...this.plan,
      dataAuth: { ...this.plan.dataAuth, password },
      sentinelAuth: { ...this.plan.sentinelAuth, password },
    };
  }

  /** The node that says it is master, from INFO replication with the new password. */
  async master(): Promise<{ pod: string; address: string }> {
    return this.until('one master', async () => {
      const { nodes } = await observe(
        this.cluster,
        this.instance,
        this.planWith(this.next),
        this.settings.redisTimeoutMs,
        false,
      );
      const masters = nodes.filter(
        node =>
          node.info && parseInfoFields(node.info).get('role') === 'master',
      );
      return masters.length === 1 && masters[0].address
        ? { pod: masters[0].pod, address: masters[0].address }
        : undefined;
    });
  }

  /** What one sentinel says of the master, its replicas and its peers. */
  async sight(pod: RotationPod): Promise<SentinelSight> {
    try {
      return await this.on(pod, this.next, async client => {
        const name = this.plan.masterName;
        return {
          pod: pod.metadata.name,
          master: (await client.call('SENTINEL', 'MASTER', name)) as string[],
          replicas: (await client.call(
            'SENTINEL',
            'REPLICAS',
            name,
          )) as string[][],
          sentinels: (await client.call(
            'SENTINEL',
            'SENTINELS',
            name,
          )) as string[][],
        };
      });
    } catch (error) {
      return { pod: pod.metadata.name, error: errorMessage(error) };
    }
  }

  expectedSight(masterAddress: string, pods: RotationPod[]) {
    return {
      masterAddress,
      replicas: pods.filter(pod => !isSentinelPod(pod)).length - 1,
      sentinels: pods.filter(isSentinelPod).length,
    };
  }

  /** Deletes the pod and waits until its replacement is ready, has both passwords, and is back in service. */
  async restart(
    candidate: RestartCandidate,
    byName: Map<string, RotationPod>,
    standalone: boolean,
  ): Promise<PodRestart> {
    const started = Date.now();
    const pod = await this.recreate(candidate.pod, candidate.role, byName);
    if (candidate.role === 'sentinel') {
      // The operator gives a new sentinel the Secret's auth-pass when it monitors; set it once all the same
      // (each SENTINEL SET auth-pass or sentinel-pass drops the sentinel's links, so never in the poll).
      await this.until(`${candidate.pod} to monitor the master`, async () => {
        await this.on(pod, this.next, client =>
          client.call('SENTINEL', 'MASTER', this.plan.masterName),
        );
        return true;
      });
      await this.useNext(pod);
      await this.sentinelsSee(
        [pod],
        byName,
        `${candidate.pod} to see the master`,
      );
    } else if (standalone) {
      await this.until(`${candidate.pod} to answer as master`, async () =>
        (await this.master()).pod === candidate.pod ? true : undefined,
      );
    } else {
      await this.until(`${candidate.pod} to be in sync with the master`, () =>
        this.inSync(pod),
      );
      // A sentinel promotes only a replica it is connected to again: the next switchover needs them all.
      const sentinels = [...byName.values()].filter(isSentinelPod);
      if (sentinels.length > 0)
        await this.sentinelsSee(
          sentinels,
          byName,
          `the sentinels to see ${candidate.pod} as a replica again`,
        );
    }
    const durationMs = Date.now() - started;
    this.progress(
      `${candidate.pod} is back with the new password in ${durationMs} ms`,
    );
    return { pod: candidate.pod, role: candidate.role, durationMs };
  }

  /** Waits until each of `sentinels` sees the master, every replica with its link ok, and its peers. */
  async sentinelsSee(
    sentinels: RotationPod[],
    byName: Map<string, RotationPod>,
    what: string,
  ) {
    await this.until(what, async () => {
      const master = await this.master();
      const check = assessSentinelSight(
        await Promise.all(sentinels.map(pod => this.sight(pod))),
        this.expectedSight(master.address, [...byName.values()]),
      );
      if (!check.ok) throw new Error(check.figures);
      return true;
    });
  }

  /** True once the replica's link to the master is up and it is at most maxLagBytes behind. */
  async inSync(pod: RotationPod): Promise<true | undefined> {
    const master = await this.master();
    const plan = this.planWith(this.next);
    const timeout = this.settings.redisTimeoutMs;
    const [masterView, replicaView] = await Promise.all([
      observeNode(master.pod, master.address, undefined, plan, timeout),
      observeNode(
        pod.metadata.name,
        this.address(pod),
        undefined,
        plan,
        timeout,
      ),
    ]);
    // The test failover's judgement of a replica, without its other checks.
    const { replicas } = assessPreconditions({
      sentinels: [],
      master: masterView,
      replicas: [replicaView],
      maxLagBytes: this.settings.maxLagBytes,
      history: [],
      operation: ROTATE_PASSWORD_OPERATION,
      now: new Date(),
      minIntervalMs: 0,
      override: false,
    });
    return replicas[0]?.inSync ? true : undefined;
  }

  /** Cuts the sentinels' links to every process, so that each sentinel must sign in again with what it has. */
  async cutSentinelLinks(pods: RotationPod[]) {
    for (const pod of pods) {
      await this.on(pod, this.next, async client => {
        const list = String(await client.call('CLIENT', 'LIST'));
        for (const line of list.split('\n')) {
          const id = /^id=(\d+) /.exec(line)?.[1];
          if (id && / name=sentinel-/.test(line))
            await client.call('CLIENT', 'KILL', 'ID', id);
        }
      });
    }
  }

  async linkViews(
    pods: RotationPod[],
    ids: { pod: string; id: string }[],
  ): Promise<SentinelLinkView[]> {
    return Promise.all(
      pods.map(async pod => {
        const expected = isSentinelPod(pod)
          ? ids.filter(entry => entry.pod !== pod.metadata.name)
          : ids;
        try {
          const clientList = await this.on(pod, this.next, async client =>
            String(await client.call('CLIENT', 'LIST')),
          );
          return { pod: pod.metadata.name, clientList, expected };
        } catch (error) {
          return {
            pod: pod.metadata.name,
            error: errorMessage(error),
            expected,
          };
        }
      }),
    );
  }

  /** The post-checks, polled until they pass or the deadline: passwords, replication, and the sentinels. */
  async postChecks(replicas: number): Promise<FailoverCheck[]> {
    const pods = await this.pods();
    const sentinels = pods.filter(isSentinelPod);
    const ids = await Promise.all(
      sentinels.map(async pod => ({
        pod: pod.metadata.name,
        id: String(
          await this.on(pod, this.next, client =>
            client.call('SENTINEL', 'MYID'),
          ),
        ),
      })),
    );
    if (sentinels.length > 0) await this.cutSentinelLinks(pods);
    return this.settle(async () => {
      const now = await this.pods();
      const observed = await observe(
        this.cluster,
        this.instance,
        this.planWith(this.next),
        this.settings.redisTimeoutMs,
        false,
      );
      const master = observed.nodes.find(
        node =>
          node.info && parseInfoFields(node.info).get('role') === 'master',
      );
      return [
        await this.passwordsCheck(),
        ...assessScale({ ...observed, replicas }).checks,
        ...(sentinels.length > 0
          ? [
              assessSentinelLinks(await this.linkViews(now, ids)),
              assessSentinelSight(
                await Promise.all(
                  now.filter(isSentinelPod).map(pod => this.sight(pod)),
                ),
                this.expectedSight(master?.address ?? 'none', now),
              ),
            ]
          : []),
      ];
    });
  }
}

/** What a run hands a mode: its settings, the new password and the deadline, and the shared parts. */
export interface RotationContext {
  settings: RotationSettings;
  next: string;
  deadline: number;
  /** The shared moving parts for processes reached as `access`, `old` their current password. */
  rotation(access: RotationAccess, old: string): PasswordRotation;
}

/** What phase 2 did: the restarts, the moves of masters, and a phrase of them for the record. */
export interface RotationRestarts {
  restarts: PodRestart[];
  switchover?: RotatePasswordResult['switchover'];
  failovers?: ClusterFailoverSummary[];
  /** e.g. `, the master moved from a to b with writes paused 12 ms`; empty when none moved. */
  moved: string;
}

/** The steps of one mode's rotation around the ones every mode shares. */
export interface RotationMode<R extends PasswordRotation> {
  involvedObject: InvolvedObject;
  ref: SecretKeyRef;
  secret: RotationSecret;
  /** Reads the instance and judges it: the run is refused unless every precondition passes. */
  prepare(
    context: RotationContext,
  ): Promise<{ preconditions: FailoverCheck[]; rotation: R }>;
  /** After `prepare`: the order phase 2 restarts `pods` in (the instance's pods before the rotation). */
  restartOrder(pods: RotationPod[]): RestartCandidate[];
  /** Phase 2, after the Secret changed: every pod restarted one at a time; `note` adds to the record's details. */
  restartAll(
    rotation: R,
    pods: RotationPod[],
    note: (details: Record<string, unknown>) => void,
  ): Promise<RotationRestarts>;
  /** After the old password's removal; `pods` are the ones before the rotation. */
  postChecks(rotation: R, pods: RotationPod[]): Promise<FailoverCheck[]>;
}

/** The steps of a sentinel, replication or standalone instance. */
function replicationMode(
  cluster: KubernetesCluster,
  instance: OperationTarget,
  resources: Extract<RotatableInstance, { kind: 'replication' }>,
  ref: SecretKeyRef,
  secret: RotationSecret,
): RotationMode<ReplicationRotation> {
  const { replication, sentinel, involvedObject, standalone } = resources;
  let masterPod = '';
  const roleOf = (pod: RotationPod): RestartCandidate['role'] => {
    if (isSentinelPod(pod)) return 'sentinel';
    return pod.metadata.name === masterPod ? 'master' : 'replica';
  };
  // The replicas, the master (after a switchover), then the sentinels.
  const orderOf = (pods: RotationPod[]) =>
    restartOrder(
      pods.map(pod => ({ pod: pod.metadata.name, role: roleOf(pod) })),
    );
  return {
    involvedObject,
    ref,
    secret,
    async prepare({ settings, next, deadline }) {
      const plan = await instancePlan(cluster, instance, {
        replication,
        sentinel,
        involvedObject,
      });
      const before = await observe(
        cluster,
        instance,
        plan,
        settings.redisTimeoutMs,
        true,
      );
      const named = before.sentinels.find(view => view.master)?.master;
      // Without sentinels, the master is the one data pod that says it is.
      const masters = before.nodes.filter(
        node =>
          node.info && parseInfoFields(node.info).get('role') === 'master',
      );
      const onlyMaster = masters.length === 1 ? masters[0] : undefined;
      const master = sentinel
        ? before.nodes.find(node => node.address === named)
        : onlyMaster;
      masterPod = master?.pod ?? '';
      const expectedNodes = Number(replication.spec?.clusterSize) || undefined;
      const assessment = assessPreconditions({
        sentinels: before.sentinels,
        expectedSentinels: plan.expectedSentinels,
        master,
        replicas: before.nodes.filter(node => node !== master),
        maxLagBytes: settings.maxLagBytes,
        history: [],
        operation: ROTATE_PASSWORD_OPERATION,
        now: new Date(),
        minIntervalMs: 0,
        override: false,
      });
      const unanswered = before.nodes.filter(node => !node.info);
      const preconditions: FailoverCheck[] = [
        {
          name: 'every data pod answers',
          ok:
            unanswered.length === 0 &&
            (expectedNodes === undefined ||
              before.nodes.length === expectedNodes),
          figures: `${before.nodes.length - unanswered.length}/${
            expectedNodes ?? before.nodes.length
          } data pods answered with the current password${
            unanswered.length
              ? `; ${unanswered
                  .map(node => `${node.pod}: ${node.error}`)
                  .join('; ')}`
              : ''
          }`,
        },
        ...assessment.checks.filter(check => {
          if (sentinel) return check.name !== 'at most one per interval';
          // Without sentinels, the master and (with replicas) one in sync; standalone has no replica.
          return (
            check.name === 'master answers' ||
            (!standalone && check.name === 'a replica in sync')
          );
        }),
      ];
      return {
        preconditions,
        rotation: new ReplicationRotation(
          cluster,
          instance,
          plan,
          settings,
          plan.dataAuth.password ?? '',
          next,
          deadline,
        ),
      };
    },
    restartOrder: orderOf,
    async restartAll(rotation, pods, note) {
      const byName = new Map(pods.map(pod => [pod.metadata.name, pod]));
      const order = orderOf(pods);
      const restarts: PodRestart[] = [];
      let switchover: RotatePasswordResult['switchover'] | undefined;
      for (const candidate of order) {
        if (candidate.role === 'master' && !standalone) {
          rotation.progress(`Moving the master away from ${candidate.pod}`);
          const { settings } = rotation;
          const moved = await (sentinel
            ? sentinelSwitchover
            : replicationSwitchover)({
            cluster,
            instance,
            plan: rotation.planWith(rotation.next),
            timeoutMs: Math.max(0, rotation.deadline - Date.now()),
            redisTimeoutMs: settings.redisTimeoutMs,
            pollIntervalMs: settings.pollIntervalMs,
            maxLagBytes: settings.maxLagBytes,
          });
          switchover = {
            oldMaster: moved.oldMaster,
            newMaster: moved.newMaster,
            switchoverMs: moved.switchoverMs,
            writesPausedMs: moved.writesPausedMs,
          };
          note({ switchover });
          rotation.progress(
            `The master moved to ${moved.newMaster.pod}; writes waited ${moved.writesPausedMs} ms`,
          );
        }
        // The old master is a replica by now: it is back once in sync, as the others.
        restarts.push(await rotation.restart(candidate, byName, standalone));
        note({ restarts });
      }
      return {
        restarts,
        switchover,
        moved: switchover
          ? `, the master moved from ${switchover.oldMaster.pod} to ${switchover.newMaster.pod} with writes paused ${switchover.writesPausedMs} ms`
          : '',
      };
    },
    postChecks(rotation, pods) {
      return rotation.postChecks(
        pods.filter(pod => !isSentinelPod(pod)).length - 1,
      );
    },
  };
}

function rotationContext(
  options: Pick<RotatePasswordOptions, 'cluster' | 'instance'>,
  settings: RotationSettings,
  next: string,
  deadline: number,
): RotationContext {
  return {
    settings,
    next,
    deadline,
    rotation: (access, old) =>
      new PasswordRotation(
        options.cluster,
        options.instance,
        access,
        settings,
        old,
        next,
        deadline,
      ),
  };
}

const refusalMessage = (where: string, preconditions: FailoverCheck[]) =>
  `Password rotation of ${where} refused: ${describeFailed(
    preconditions,
  )}. Nothing changed.`;

/** The run every mode shares: lock, checks, phase 1, the Secret, the mode's restarts, the grace period, phase 3. */
async function runRotation<R extends PasswordRotation>(
  options: RotatePasswordOptions,
  graceSeconds: number,
  started: Date,
  mode: RotationMode<R>,
): Promise<RotatePasswordResult> {
  const settings: RotationSettings = { ...DEFAULTS, ...definedOnly(options) };
  const { cluster, instance, requester } = options;
  const { ref, secret } = mode;
  const where = `${instance.namespace}/${instance.name}`;
  const { id, lock, record } = await startOperationRun({
    cluster,
    instance,
    involvedObject: mode.involvedObject,
    operation: ROTATE_PASSWORD_OPERATION,
    requester,
    timeoutMs: settings.timeoutMs + graceSeconds * 1000,
    started,
    details: { graceSeconds, secret: ref },
  });

  let details: Record<string, unknown> = {};
  let phase: 'checks' | 'adding' | 'restarting' | 'removing' = 'checks';
  let rotation: R | undefined;
  let podsBefore: RotationPod[] = [];
  // The processes phase 1 has reached: only those have the new password to undo.
  const reached: RotationPod[] = [];
  try {
    const next = generatePassword();
    const deadline =
      started.getTime() + settings.timeoutMs + graceSeconds * 1000;
    const prepared = await mode.prepare(
      rotationContext(options, settings, next, deadline),
    );
    const { preconditions } = prepared;
    details = { preconditions };
    if (!preconditions.every(check => check.ok))
      throw new Refusal(refusalMessage(where, preconditions));
    rotation = prepared.rotation;
    podsBefore = await rotation.pods();
    // The data nodes first, then the sentinels.
    const inOrder = [
      ...podsBefore.filter(pod => !isSentinelPod(pod)),
      ...podsBefore.filter(isSentinelPod),
    ];

    // Phase 1: every process accepts the new password before anything uses it.
    phase = 'adding';
    rotation.progress(
      'Adding the new password beside the old on every process',
    );
    for (const pod of inOrder) {
      // Counted first: a process the command reached may have it even when the answer was lost.
      reached.push(pod);
      await rotation.addNext(pod);
    }
    for (const pod of inOrder) await rotation.useNext(pod);
    for (const pod of inOrder) await rotation.acceptsBoth(pod);

    // Phase 2: the Secret, compare-and-swap on the version the checks read.
    await cluster.update(
      {
        ...secret,
        metadata: {
          ...secret.metadata,
          annotations: {
            ...secret.metadata?.annotations,
            'odin.dev/password-rotated-at': new Date().toISOString(),
          },
        },
        data: {
          ...secret.data,
          [ref.key]: Buffer.from(rotation.next).toString('base64'),
        },
      },
      { fieldManager: REDIS_FIELD_MANAGER },
    );
    phase = 'restarting';
    rotation.progress(
      `Secret ${ref.name} holds the new password; restarting the pods one at a time`,
    );
    const done = await mode.restartAll(rotation, podsBefore, update => {
      details = { ...details, ...update };
    });

    rotation.progress(
      `Every pod restarted; the old password stays valid for ${graceSeconds} s`,
    );
    await sleep(graceSeconds * 1000);

    // Phase 3.
    phase = 'removing';
    const podsAfter = await rotation.pods();
    for (const pod of podsAfter) await rotation.removeOld(pod);
    rotation.progress('Removed the old password; checking');
    const postChecks = await mode.postChecks(rotation, podsBefore);
    details = { ...details, postChecks };
    if (!postChecks.every(check => check.ok))
      throw new ServiceUnavailableError(
        `The password of ${where} was rotated, but ${describeFailed(
          postChecks,
        )}`,
      );

    const finished = new Date();
    const result: RotatePasswordResult = {
      id,
      secret: ref,
      preconditions,
      restarts: done.restarts,
      switchover: done.switchover,
      ...(done.failovers && { failovers: done.failovers }),
      graceSeconds,
      postChecks,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: finished.getTime() - started.getTime(),
    };
    await record(
      'succeeded',
      `Rotated the password in Secret ${ref.name}: ${done.restarts.length} pods restarted${done.moved}, the old password removed after ${graceSeconds} s; every post-check passed.`,
      details,
    );
    return result;
  } catch (error) {
    if (error instanceof Refusal) {
      await record('refused', error.message, details);
      throw new ConflictError(error.message);
    }
    const secrets = rotation ? [rotation.old, rotation.next] : [];
    let message = redact(errorMessage(error), secrets);
    if (phase === 'adding' && rotation) {
      const left: string[] = [];
      for (const pod of reached) {
        const failed = await rotation.undo(pod);
        if (failed) left.push(failed);
      }
      message = left.length
        ? `${message}. The Secret is unchanged; the new password was removed again except where that failed (${left.join(
            '; ',
          )}): those processes may still accept it beside the old one until their pods restart`
        : `${message}. The new password was removed again and the Secret is unchanged`;
    } else if (phase === 'restarting') {
      message = `${message}. The Secret holds the new password and every process accepts both; run the rotation again once the instance is healthy (it restarts every pod and removes the old password)`;
    } else if (phase === 'removing') {
      message = `${message}. The Secret holds the new password; the old one may still be accepted where its removal failed`;
    }
    await record('failed', message, details);
    // A new error of the same kind: a Redis client's error carries the command's arguments, passwords included.
    const Kind =
      (isError(error) && KINDS_OF_ERROR[error.name]) || ServiceUnavailableError;
    throw new Kind(message);
  } finally {
    await lock.release();
  }
}

/**
 * Rotates the Redis password of an instance, one pod at a time. Refused (nothing changes) for a standalone
 * instance without persistence (its restart would empty it), a cluster without persistence and its
 * node-conf claim (a restarted node would lose its identity), when another operation holds the lock, a
 * process does not answer with the current password, the sentinels disagree or lack quorum (without
 * sentinels: not one master), no replica is in sync (cluster mode: the cluster is not healthy or a master
 * has no replica in sync), or the Secret is neither generated by the portal nor named by the recorded
 * order. Then:
 *
 * 1. a new password (32 random bytes, base64url) beside the old on every process
 *    (`ACL SETUSER default >new`), the data nodes' `masterauth` and the sentinels' `auth-pass` and
 *    `sentinel-pass` set to it, and every process checked to accept both;
 * 2. the Secret updated, and every pod deleted and recreated one at a time: the replicas, the master after
 *    a switchover that loses no write (`SENTINEL FAILOVER` with the writes paused, or without sentinels
 *    Redis's `FAILOVER TO`), then the sentinels; in cluster mode the replicas, then each shard's master
 *    after a `CLUSTER FAILOVER` to its replica, failed back once it is in sync again. A recreated pod starts
 *    with the Secret's new password; the old one is added back to it at once, for the grace period;
 * 3. after `graceSeconds`, the old password removed everywhere (`ACL SETUSER default <old`).
 *
 * Afterwards every process lists only the new password and refuses the old, replication is whole (cluster
 * mode: the cluster is healthy, each shard with the master it had), and every sentinel signed in again
 * with the new one. Every run is recorded, refusals included; no password is ever in the result, the
 * records or an error.
 *
 * @public
 */
export async function rotatePassword(
  options: RotatePasswordOptions,
): Promise<RotatePasswordResult> {
  const graceSeconds = validGraceSeconds(options.graceSeconds);
  const started = new Date();
  const mode = await rotationModeOf(options.cluster, options.instance);
  return mode.kind === 'cluster'
    ? runRotation(options, graceSeconds, started, mode.mode)
    : runRotation(options, graceSeconds, started, mode.mode);
}

/** The instance's mode of rotation, with its Secret; refused for an instance or a Secret it cannot rotate. */
async function rotationModeOf(
  cluster: KubernetesCluster,
  instance: OperationTarget,
): Promise<
  | { kind: 'cluster'; mode: RotationMode<PasswordRotation> }
  | { kind: 'replication'; mode: RotationMode<ReplicationRotation> }
> {
  const where = `${instance.namespace}/${instance.name}`;
  const resources = await rotatableInstance(cluster, instance);
  const ref = passwordRef(resources, where);
  const secret = await rotatableSecret(cluster, instance, ref);
  if (resources.kind === 'cluster')
    return {
      kind: 'cluster',
      mode: clusterRotationMode({
        cluster,
        instance,
        resource: resources.resource,
        involvedObject: resources.involvedObject,
        ref,
        secret,
      }),
    };
  return {
    kind: 'replication',
    mode: replicationMode(cluster, instance, resources, ref, secret),
  };
}

/** @public */
export interface PasswordRotationPreview {
  /** The Secret whose key would get the new password. */
  secret: SecretKeyRef;
  preconditions: FailoverCheck[];
  /** The pods in the order they would restart. */
  restarts: { pod: string; role: PodRestart['role'] }[];
  graceSeconds: number;
  /** What the run would do, in a sentence. */
  summary: string;
  /** The Secret and the pods the run would change. */
  changes: { ref: string; action: string; paths: string[] }[];
}

/**
 * The dry run of {@link rotatePassword}: its preconditions, checked as the run checks them, the Secret it
 * would update and the order the pods would restart in; no password is made or sent, nothing is locked
 * or recorded. A failed precondition is the run's refusal, a ConflictError naming the checks.
 *
 * @public
 */
export async function previewPasswordRotation(
  options: Omit<RotatePasswordOptions, 'requester' | 'onProgress'>,
): Promise<PasswordRotationPreview> {
  const graceSeconds = validGraceSeconds(options.graceSeconds);
  const settings: RotationSettings = { ...DEFAULTS, ...definedOnly(options) };
  const { instance } = options;
  const where = `${instance.namespace}/${instance.name}`;
  const { kind, mode } = await rotationModeOf(options.cluster, instance);
  // No new password: the preview signs in with the current one only.
  const prepared = await mode.prepare(
    rotationContext(options, settings, '', Date.now() + settings.timeoutMs),
  );
  if (!prepared.preconditions.every(check => check.ok))
    throw new ConflictError(refusalMessage(where, prepared.preconditions));
  const restarts = mode
    .restartOrder(await prepared.rotation.pods())
    .map(({ pod, role }) => ({ pod, role }));
  const moved =
    kind === 'cluster'
      ? 'restarted after a CLUSTER FAILOVER to its replica, and failed back'
      : 'restarted after a switchover that loses no write';
  return {
    secret: mode.ref,
    preconditions: prepared.preconditions,
    restarts,
    graceSeconds,
    summary: `Rotating the password in Secret ${
      mode.ref.name
    }: a new one beside the old on every process, then ${
      restarts.length
    } pods restarted one at a time (${restarts
      .map(restart => restart.pod)
      .join(', ')}), then the old one removed after ${graceSeconds} s`,
    changes: [
      {
        ref: `Secret ${instance.namespace}/${mode.ref.name}`,
        action: 'update',
        paths: [`data.${mode.ref.key}`],
      },
      ...restarts.map(restart => ({
        ref: `Pod ${instance.namespace}/${restart.pod}`,
        action: restart.role === 'master' ? moved : 'restarted',
        paths: [],
      })),
    ],
  };
}
