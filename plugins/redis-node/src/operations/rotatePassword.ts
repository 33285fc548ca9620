// Rotation of an instance's Redis password (sentinel, replication or standalone), under its lock: a new
// password beside the old on every process, then the Secret, then every pod restarted one at a time
// (replicas, the master after a switchover, the sentinels), then the old password removed after a grace
// period. The passwords never leave this file: results, records and errors name only pods and figures.
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
} from './liveRedis';
import type { InvolvedObject } from './operationHistory';
import type { OperationTarget } from './operationLock';
import { startOperationRun } from './operationRun';
import {
  assessPasswords,
  assessSentinelLinks,
  assessSentinelSight,
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
  role: 'master' | 'replica' | 'sentinel';
  /** From the delete to the pod ready, signed in, and in sync (a replica) or seeing the master (a sentinel). */
  durationMs: number;
}

/** @public */
export interface RotatePasswordResult {
  id: string;
  /** The Secret that now holds the new password. */
  secret: SecretKeyRef;
  preconditions: FailoverCheck[];
  restarts: PodRestart[];
  /** The switchover before the master's restart; none for a standalone instance, whose one pod restarts. */
  switchover?: {
    oldMaster: ProcessRef;
    newMaster: ProcessRef;
    switchoverMs: number;
    writesPausedMs: number;
  };
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

const KINDS_OF_ERROR: Record<string, new (message: string) => Error> = {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
};

/** A precondition that failed: the run is refused, nothing changed. */
class Refusal extends Error {}

interface SecretObject extends ApiObject {
  data?: Record<string, string>;
}

interface PodObject extends ApiObject {
  metadata: ApiObject['metadata'] & { name: string; uid?: string };
  status?: {
    podIP?: string;
    conditions?: { type: string; status: string }[];
  };
}

/** The instance's custom resources (a standalone one's Redis as `replication`), or a refusal naming the mode and why. */
async function rotatableInstance(
  cluster: KubernetesCluster,
  instance: OperationTarget,
): Promise<{
  replication: CustomResource;
  sentinel?: CustomResource;
  involvedObject: InvolvedObject;
  standalone: boolean;
}> {
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
    if (await get('RedisCluster'))
      throw new InputError(
        `${where} runs in cluster mode: password rotation is built for standalone, replication and sentinel mode only so far`,
      );
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
    replication,
    sentinel,
    involvedObject: involvedObjectOf(replication),
    standalone: false,
  };
}

/** The one Secret every process's password comes from; another arrangement is refused, naming it. */
function passwordRef(
  replication: CustomResource,
  sentinel: CustomResource | undefined,
  where: string,
): SecretKeyRef {
  const access = redisAccessRefs([
    { ...replication, kind: 'RedisReplication' },
    ...(sentinel ? [{ ...sentinel, kind: 'RedisSentinel' }] : []),
  ]);
  const ref = access.dataPassword;
  if (!ref)
    throw new InputError(
      `${where} has authentication off (its RedisReplication names no kubernetesConfig.redisSecret): there is no password to rotate`,
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
): Promise<SecretObject> {
  const where = `Secret "${ref.name}" in namespace "${instance.namespace}"`;
  const secret = await cluster.get<SecretObject>({
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

const isReady = (pod: PodObject) =>
  pod.status?.conditions?.some(
    condition => condition.type === 'Ready' && condition.status === 'True',
  ) ?? false;

const isSentinelPod = (pod: PodObject) =>
  pod.metadata.labels?.role === 'sentinel';

/** The rotation's moving parts: the cluster, the instance, both passwords, and every Redis request, redacted. */
class Rotation {
  readonly hash: string;
  private readonly deadline: number;

  constructor(
    readonly cluster: KubernetesCluster,
    readonly instance: OperationTarget,
    readonly plan: InstancePlan,
    readonly settings: typeof DEFAULTS & { onProgress?: (m: string) => void },
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

  /** The plan with `password` as every process's password. */
  planWith(password: string): InstancePlan {
    return {
      ...this.plan,
      dataAuth: { ...this.plan.dataAuth, password },
      sentinelAuth: { ...this.plan.sentinelAuth, password },
    };
  }

  address(pod: PodObject): string | undefined {
    const port = isSentinelPod(pod)
      ? this.plan.sentinelPort
      : this.plan.dataPort;
    return pod.status?.podIP ? `${pod.status.podIP}:${port}` : undefined;
  }

  /** One connection to the pod's process, signed in with `password`; errors are new Errors with both passwords redacted. */
  async on<T>(
    pod: PodObject,
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
            ? this.plan.sentinelAuth
            : this.plan.dataAuth
          ).tls,
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

  async pods(): Promise<PodObject[]> {
    const pods = await this.cluster.list<PodObject>({
      apiVersion: 'v1',
      kind: 'Pod',
      namespace: this.instance.namespace,
      labelSelector: instanceLabelSelector(this.instance),
    });
    return pods.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }

  /** Polls `check` until it returns a value or the run's deadline passes; then fails saying what it waited for. */
  async until<T>(
    what: string,
    check: () => Promise<T | undefined>,
  ): Promise<T> {
    let last = '';
    for (;;) {
      try {
        const value = await check();
        if (value !== undefined) return value;
      } catch (error) {
        last = errorMessage(error);
      }
      if (Date.now() >= this.deadline)
        throw new ServiceUnavailableError(
          `Gave up waiting for ${what}${last ? `: ${last}` : ''}`,
        );
      await sleep(this.settings.pollIntervalMs);
    }
  }

  /** Phase 1 on one process: the new password beside the old, and the new one for its own sign-ins. */
  async addNext(pod: PodObject) {
    await this.on(pod, this.old, client =>
      client.call('ACL', 'SETUSER', 'default', `>${this.next}`),
    );
  }

  async useNext(pod: PodObject) {
    await this.on(pod, this.next, async client => {
      if (isSentinelPod(pod)) {
        await client.call(
          'SENTINEL',
          'SET',
          this.plan.masterName,
          'auth-pass',
          this.next,
        );
        await client.call(
          'SENTINEL',
          'CONFIG',
          'SET',
          'sentinel-pass',
          this.next,
        );
      } else {
        await client.call('CONFIG', 'SET', 'masterauth', this.next);
      }
    });
  }

  /** Undoes phase 1 on one process, best effort, when the rotation stops before the Secret changed. */
  async undo(pod: PodObject) {
    await this.on(pod, this.old, async client => {
      if (isSentinelPod(pod)) {
        await client.call(
          'SENTINEL',
          'SET',
          this.plan.masterName,
          'auth-pass',
          this.old,
        );
        await client.call(
          'SENTINEL',
          'CONFIG',
          'SET',
          'sentinel-pass',
          this.old,
        );
      } else {
        await client.call('CONFIG', 'SET', 'masterauth', this.old);
      }
      await client.call('ACL', 'SETUSER', 'default', `<${this.next}`);
    }).catch(() => undefined);
  }

  /**
   * A restarted pod started with the Secret's (new) password only: the old one is added back until the
   * grace period ends. One that read the Secret before it changed gets the new one, too.
   */
  async bothOnRestarted(pod: PodObject) {
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
  async sight(pod: PodObject): Promise<SentinelSight> {
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

  expectedSight(masterAddress: string, pods: PodObject[]) {
    return {
      masterAddress,
      replicas: pods.filter(pod => !isSentinelPod(pod)).length - 1,
      sentinels: pods.filter(isSentinelPod).length,
    };
  }

  /** Deletes the pod and waits until its replacement is ready, has both passwords, and is back in service. */
  async restart(
    candidate: RestartCandidate,
    byName: Map<string, PodObject>,
    standalone: boolean,
  ): Promise<PodRestart> {
    const started = Date.now();
    const before = byName.get(candidate.pod)!;
    const { namespace } = this.instance;
    this.progress(`Restarting ${candidate.role} ${candidate.pod}`);
    await this.cluster.delete({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: candidate.pod, namespace },
    });
    const pod = await this.until(
      `${candidate.pod} to be recreated and ready`,
      async () => {
        const now = await this.cluster.get<PodObject>({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: candidate.pod, namespace },
        });
        return now &&
          now.metadata.uid !== before.metadata.uid &&
          isReady(now) &&
          now.status?.podIP
          ? now
          : undefined;
      },
    );
    byName.set(candidate.pod, pod);
    await this.until(`${candidate.pod} to accept both passwords`, async () => {
      await this.bothOnRestarted(pod);
      return true;
    });
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
      await this.until(`${candidate.pod} to see the master`, async () => {
        const master = await this.master();
        const check = assessSentinelSight(
          [await this.sight(pod)],
          this.expectedSight(master.address, [...byName.values()]),
        );
        if (!check.ok) throw new Error(check.figures);
        return true;
      });
    } else if (standalone) {
      await this.until(`${candidate.pod} to answer as master`, async () =>
        (await this.master()).pod === candidate.pod ? true : undefined,
      );
    } else {
      await this.until(`${candidate.pod} to be in sync with the master`, () =>
        this.inSync(pod),
      );
    }
    const durationMs = Date.now() - started;
    this.progress(
      `${candidate.pod} is back with the new password in ${durationMs} ms`,
    );
    return { pod: candidate.pod, role: candidate.role, durationMs };
  }

  /** True once the replica's link to the master is up and it is at most maxLagBytes behind. */
  async inSync(pod: PodObject): Promise<true | undefined> {
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

  /** Phase 3 on one process: the old password removed (a restarted pod had it back for the grace period). */
  async removeOld(pod: PodObject) {
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

  async passwordView(pod: PodObject): Promise<PasswordView> {
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

  /** Cuts the sentinels' links to every process, so that each sentinel must sign in again with what it has. */
  async cutSentinelLinks(pods: PodObject[]) {
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
    pods: PodObject[],
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
    let checks: FailoverCheck[] = [];
    for (;;) {
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
      checks = [
        assessPasswords(
          await Promise.all(now.map(pod => this.passwordView(pod))),
          this.hash,
        ),
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
      if (checks.every(check => check.ok) || Date.now() >= this.deadline)
        return checks;
      await sleep(this.settings.pollIntervalMs);
    }
  }
}

/**
 * Rotates the Redis password of a sentinel, replication or standalone instance, one pod at a time.
 * Refused (nothing changes) in cluster mode, for a standalone instance without persistence (its restart
 * would empty it), when another operation holds the lock, a data node or sentinel does not answer with
 * the current password, the sentinels disagree or lack quorum (without sentinels: not one master), no
 * replica is in sync, or the Secret is neither generated by the portal nor named by the recorded order.
 * Then:
 *
 * 1. a new password (32 random bytes, base64url) beside the old on every process
 *    (`ACL SETUSER default >new`), the data nodes' `masterauth` and the sentinels' `auth-pass` and `sentinel-pass` set to it;
 * 2. the Secret updated, and every pod deleted and recreated one at a time: the replicas, the master after
 *    a switchover that loses no write (`SENTINEL FAILOVER` with the writes paused, or without sentinels
 *    Redis's `FAILOVER TO`), then the sentinels. A recreated pod starts with the Secret's new
 *    password; the old one is added back to it at once, for the grace period;
 * 3. after `graceSeconds`, the old password removed everywhere (`ACL SETUSER default <old`).
 *
 * Afterwards every process lists only the new password and refuses the old, replication is whole, and
 * every sentinel signed in again with the new one. Every run is recorded, refusals included; no
 * password is ever in the result, the records or an error.
 *
 * @public
 */
export async function rotatePassword(
  options: RotatePasswordOptions,
): Promise<RotatePasswordResult> {
  const graceSeconds = validGraceSeconds(options.graceSeconds);
  const settings = { ...DEFAULTS, ...definedOnly(options) };
  const { cluster, instance, requester } = options;
  const where = `${instance.namespace}/${instance.name}`;
  const started = new Date();

  const { replication, sentinel, involvedObject, standalone } =
    await rotatableInstance(cluster, instance);
  const ref = passwordRef(replication, sentinel, where);
  const secret = await rotatableSecret(cluster, instance, ref);
  const { id, lock, record } = await startOperationRun({
    cluster,
    instance,
    involvedObject,
    operation: ROTATE_PASSWORD_OPERATION,
    requester,
    timeoutMs: settings.timeoutMs + graceSeconds * 1000,
    started,
    details: { graceSeconds, secret: ref },
  });

  let details: Record<string, unknown> = {};
  let phase: 'checks' | 'adding' | 'restarting' | 'removing' = 'checks';
  let rotation: Rotation | undefined;
  let podsBefore: PodObject[] = [];
  try {
    const plan = await instancePlan(cluster, instance, {
      replication,
      sentinel,
      involvedObject,
    });
    const old = plan.dataAuth.password ?? '';
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
      node => node.info && parseInfoFields(node.info).get('role') === 'master',
    );
    const onlyMaster = masters.length === 1 ? masters[0] : undefined;
    const master = sentinel
      ? before.nodes.find(node => node.address === named)
      : onlyMaster;
    const expectedNodes = Number(replication.spec?.clusterSize) || undefined;
    const assessment = assessPreconditions({
      sentinels: before.sentinels,
      expectedSentinels: plan.expectedSentinels,
      master,
      replicas: before.nodes.filter(node => node !== master),
      maxLagBytes: settings.maxLagBytes,
      history: [],
      operation: ROTATE_PASSWORD_OPERATION,
      now: started,
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
    details = { preconditions };
    if (!preconditions.every(check => check.ok))
      throw new Refusal(
        `Password rotation of ${where} refused: ${describeFailed(
          preconditions,
        )}. Nothing changed.`,
      );

    rotation = new Rotation(
      cluster,
      instance,
      plan,
      settings,
      old,
      generatePassword(),
      started.getTime() + settings.timeoutMs + graceSeconds * 1000,
    );
    podsBefore = await rotation.pods();
    const dataPods = podsBefore.filter(pod => !isSentinelPod(pod));
    const sentinelPods = podsBefore.filter(isSentinelPod);

    // Phase 1: every process accepts the new password before anything uses it.
    phase = 'adding';
    rotation.progress(
      'Adding the new password beside the old on every process',
    );
    for (const pod of [...dataPods, ...sentinelPods])
      await rotation.addNext(pod);
    for (const pod of [...dataPods, ...sentinelPods])
      await rotation.useNext(pod);

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

    const byName = new Map(podsBefore.map(pod => [pod.metadata.name, pod]));
    const masterPod = master!.pod;
    const roleOf = (pod: PodObject): RestartCandidate['role'] => {
      if (isSentinelPod(pod)) return 'sentinel';
      return pod.metadata.name === masterPod ? 'master' : 'replica';
    };
    const order = restartOrder(
      podsBefore.map(pod => ({ pod: pod.metadata.name, role: roleOf(pod) })),
    );
    const restarts: PodRestart[] = [];
    let switchover: RotatePasswordResult['switchover'] | undefined;
    for (const candidate of order) {
      if (candidate.role === 'master' && !standalone) {
        rotation.progress(`Moving the master away from ${candidate.pod}`);
        const moved = await (sentinel
          ? sentinelSwitchover
          : replicationSwitchover)({
          cluster,
          instance,
          plan: rotation.planWith(rotation.next),
          timeoutMs: settings.timeoutMs,
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
        details = { ...details, switchover };
        rotation.progress(
          `The master moved to ${moved.newMaster.pod}; writes waited ${moved.writesPausedMs} ms`,
        );
      }
      // The old master is a replica by now: it is back once in sync, as the others.
      restarts.push(await rotation.restart(candidate, byName, standalone));
      details = { ...details, restarts };
    }

    rotation.progress(
      `Every pod restarted; the old password stays valid for ${graceSeconds} s`,
    );
    await sleep(graceSeconds * 1000);

    // Phase 3.
    phase = 'removing';
    const podsAfter = await rotation.pods();
    for (const pod of podsAfter) await rotation.removeOld(pod);
    rotation.progress('Removed the old password; checking');
    const postChecks = await rotation.postChecks(dataPods.length - 1);
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
      restarts,
      switchover,
      graceSeconds,
      postChecks,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: finished.getTime() - started.getTime(),
    };
    const moved = switchover
      ? `, the master moved from ${switchover.oldMaster.pod} to ${switchover.newMaster.pod} with writes paused ${switchover.writesPausedMs} ms`
      : '';
    await record(
      'succeeded',
      `Rotated the password in Secret ${ref.name}: ${restarts.length} pods restarted${moved}, the old password removed after ${graceSeconds} s; every post-check passed.`,
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
      for (const pod of podsBefore) await rotation.undo(pod);
      message = `${message}. The new password was removed again and the Secret is unchanged`;
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
