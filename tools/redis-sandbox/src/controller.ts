// The sandbox controller: stands in for the Opstree Redis Operator, the statefulset controller, the scheduler,
// the volume provisioner and the kubelet, for the sandbox's API server only. It watches the Redis custom
// resources, Secrets, ConfigMaps and its own pods, and runs one real Redis process per pod.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { KubeClient, KubeError, objectPath, type KubeObject } from './kube';
import {
  clusterMasterService,
  disruptionBudgetOf,
  FINALIZERS,
  REDIS_KINDS,
  rejections,
  roleSets,
  servicesOf,
  statefulSetOf,
  templateRevision,
  additionalConfigMap,
  type RedisKind,
  type RoleSet,
} from './operatorObjects';
import {
  runInitContainers,
  withInitContainers,
  type EnvVar,
  type HostContainer,
} from './initContainers';
import {
  PodProcess,
  summarizeRole,
  type ProcessConfig,
  type RoleSummary,
} from './podProcess';
import { sentinelConfig, serverConfig } from './redisConfig';
import { claimResize, nextReplacement, storageBytes } from './rollout';
import { SandboxState } from './sandboxState';

const run = promisify(execFile);

/** Namespaces with this label belong to a test's own controller; the all-namespaces one leaves them alone. */
export const TEST_SCOPE_LABEL = 'redis-sandbox.odin.dev/scope';
const MANAGED_PODS = 'redis_setup_type';
const CLUSTER_SLOTS = 16384;
const MAX_RETRY_DELAY_MS = 30_000;

export const SANDBOX_NODES = ['a', 'b', 'c'].map(zone => ({
  name: `sandbox-node-${zone}`,
  zone: `eu-west-1${zone}`,
}));

interface PodRuntime {
  namespace: string;
  name: string;
  set: RoleSet;
  ordinal: number;
  ip: string;
  node: string;
  revision: string;
  process: PodProcess;
  /** Aborts the pod's init containers while they run. */
  init?: AbortController;
  writtenStatus?: string;
  /** When the kubelet took the pod: set once, so the pod's age survives container restarts (and a restarted controller). */
  startTime: string;
  /** Per condition type, its last status and when it took it: lastTransitionTime changes only with the status. */
  transitions: Map<string, { status: string; at: string }>;
}

export interface ControllerOptions {
  client: KubeClient;
  /** Undefined: every namespace except those a test's controller owns. */
  namespaces?: string[];
  stateDir: string;
  restartBackoffMs: number;
  /** Where init containers reach S3 (AWS_ENDPOINT_URL), e.g. a restore's; a local S3 test server. */
  s3Endpoint?: string;
  log(message: string): void;
}

const key = (namespace: string | undefined, name: string) =>
  `${namespace}/${name}`;

function isNotFound(error: unknown) {
  return error instanceof KubeError && error.response.status === 404;
}

export class SandboxController {
  private readonly client: KubeClient;
  private readonly state: SandboxState;
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly runtimes = new Map<string, PodRuntime>();
  private readonly testNamespaces = new Set<string>();
  private readonly watches: { stop(): void }[] = [];
  private readonly running = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<
    string,
    { count: number; message: string }
  >();
  private readonly emitted = new Set<string>();
  private readonly bootstrapping = new Set<string>();
  private stopped = false;
  private readonly stopping = new AbortController();
  /** Reconciles wait until every watch has listed once, so a pod never starts from half a cache. */
  private synced = false;
  private readonly pending = new Set<string>();

  constructor(private readonly options: ControllerOptions) {
    this.client = options.client;
    const scope = options.namespaces?.join(',') ?? '*';
    this.state = SandboxState.acquire(options.stateDir, scope, options.log);
    for (const kind of [...REDIS_KINDS, 'Secret', 'ConfigMap', 'Pod'])
      this.objects.set(kind, new Map());
  }

  get addressBlock(): string {
    return `${this.state.block}.0/24`;
  }

  /** Creates the Nodes, starts the watches and resolves once every watch has listed once. */
  async start(): Promise<void> {
    await this.ensureNodes();
    const synced: Promise<void>[] = [];
    const scopes = this.options.namespaces ?? [undefined];
    const watched: [string, string | undefined][] = [
      ...REDIS_KINDS.map(kind => [kind, undefined] as [string, undefined]),
      ['Secret', undefined],
      ['ConfigMap', undefined],
      ['Pod', MANAGED_PODS],
    ];
    if (!this.options.namespaces) {
      synced.push(this.watchTestNamespaces());
    }
    for (const namespace of scopes) {
      for (const [kind, selector] of watched) {
        synced.push(this.watchKind(kind, namespace, selector));
      }
    }
    await Promise.all(synced);
    this.synced = true;
    this.pending.forEach(namespace => this.enqueue(namespace));
    this.pending.clear();
  }

  /** Stops the watches and every process; the API objects stay, as pods stay when a node goes away. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    for (const watch of this.watches) watch.stop();
    await Promise.allSettled(this.running.values());
    await Promise.all(
      [...this.runtimes.values()].map(runtime => {
        runtime.init?.abort();
        return runtime.process.stop();
      }),
    );
    this.state.remove();
    this.client.close();
  }

  private watchKind(
    kind: string,
    namespace: string | undefined,
    labelSelector: string | undefined,
  ): Promise<void> {
    const cache = this.objects.get(kind)!;
    return new Promise(resolve => {
      this.watches.push(
        this.client.watch(kind, namespace, labelSelector, {
          onSync: items => {
            const touched = new Set<string>();
            for (const [name, object] of cache) {
              if (
                namespace === undefined ||
                object.metadata.namespace === namespace
              ) {
                cache.delete(name);
                touched.add(object.metadata.namespace!);
              }
            }
            for (const item of items) {
              cache.set(key(item.metadata.namespace, item.metadata.name), item);
              touched.add(item.metadata.namespace!);
            }
            touched.forEach(ns => this.enqueue(ns));
            resolve();
          },
          onEvent: (type, object) => {
            const name = key(object.metadata.namespace, object.metadata.name);
            if (type === 'DELETED') cache.delete(name);
            else cache.set(name, object);
            // Pods change with every status the sandbox writes; only a deleted (or deleting) one needs a reconcile.
            if (
              kind !== 'Pod' ||
              type === 'DELETED' ||
              object.metadata.deletionTimestamp
            )
              this.enqueue(object.metadata.namespace!);
          },
          onError: error =>
            this.options.log(
              `watch of ${kind} failed, listing again: ${error.message}`,
            ),
        }),
      );
    });
  }

  private watchTestNamespaces(): Promise<void> {
    return new Promise(resolve => {
      this.watches.push(
        this.client.watch('Namespace', undefined, TEST_SCOPE_LABEL, {
          onSync: items => {
            this.testNamespaces.clear();
            items.forEach(item => this.testNamespaces.add(item.metadata.name));
            resolve();
          },
          onEvent: (type, object) => {
            if (type === 'DELETED')
              this.testNamespaces.delete(object.metadata.name);
            else this.testNamespaces.add(object.metadata.name);
          },
          onError: () => undefined,
        }),
      );
    });
  }

  private async ensureNodes() {
    for (const node of SANDBOX_NODES) {
      await this.client.apply({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name: node.name,
          labels: {
            'kubernetes.io/hostname': node.name,
            'kubernetes.io/os': 'linux',
            'topology.kubernetes.io/region': 'eu-west-1',
            'topology.kubernetes.io/zone': node.zone,
            'redis-sandbox.odin.dev/node': 'true',
          },
        },
      });
      await this.client.patchStatus('Node', node.name, undefined, {
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'KubeletReady',
            message: 'redis-sandbox stands in for the kubelet of this node',
            lastHeartbeatTime: new Date().toISOString(),
          },
        ],
        addresses: [
          { type: 'InternalIP', address: '127.0.0.1' },
          { type: 'Hostname', address: node.name },
        ],
      });
    }
  }

  /** Waits, but no longer than until the controller stops. */
  private delay(ms: number): Promise<void> {
    const { signal } = this.stopping;
    return new Promise(resolve => {
      let timer: ReturnType<typeof setTimeout> | undefined = undefined;
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Reconciles a namespace; calls for a namespace run one at a time, and a call during a run runs it again after. */
  enqueue(namespace: string): void {
    if (this.stopped) return;
    if (!this.synced) {
      this.pending.add(namespace);
      return;
    }
    if (this.running.has(namespace)) {
      this.dirty.add(namespace);
      return;
    }
    const pass = (async () => {
      do {
        this.dirty.delete(namespace);
        try {
          await this.reconcileNamespace(namespace);
          this.failures.delete(namespace);
        } catch (error) {
          // As a controller's work queue does: retry with a doubling delay, and say each new failure once.
          const message = (error as Error).message;
          const previous = this.failures.get(namespace);
          const count = (previous?.count ?? 0) + 1;
          this.failures.set(namespace, { count, message });
          if (previous?.message !== message)
            this.options.log(
              `reconcile of namespace ${namespace} failed: ${message}`,
            );
          await this.delay(Math.min(250 * 2 ** count, MAX_RETRY_DELAY_MS));
          this.dirty.add(namespace);
        }
      } while (this.dirty.has(namespace) && !this.stopped);
    })();
    this.running.set(namespace, pass);
    pass.finally(() => this.running.delete(namespace));
  }

  private customResources(namespace: string): KubeObject[] {
    return REDIS_KINDS.flatMap(kind =>
      [...this.objects.get(kind)!.values()].filter(
        object => object.metadata.namespace === namespace,
      ),
    );
  }

  private get(kind: string, namespace: string, name: string) {
    return this.objects.get(kind)!.get(key(namespace, name));
  }

  private async reconcileNamespace(namespace: string) {
    if (!this.options.namespaces && this.testNamespaces.has(namespace)) return;
    const owners = this.customResources(namespace);
    const replications = new Set(
      owners
        .filter(
          owner =>
            owner.kind === 'RedisReplication' &&
            !owner.metadata.deletionTimestamp,
        )
        .map(owner => owner.metadata.name),
    );
    const live = new Set<string>();
    // Replications first: sentinels monitor their masters.
    const ordered = [...owners].sort(
      (a, b) =>
        REDIS_KINDS.indexOf(a.kind as RedisKind) -
        REDIS_KINDS.indexOf(b.kind as RedisKind),
    );
    for (const owner of ordered) {
      if (owner.metadata.deletionTimestamp) {
        await this.tearDown(owner);
        continue;
      }
      // Pods a refused custom resource already has keep running: the operator stops reconciling it, but
      // nothing deletes what it made (e.g. a RedisSentinel whose RedisReplication was deleted).
      roleSets(owner).forEach(set => live.add(set.name));
      const reasons = rejections(owner, replications);
      if (reasons.length > 0) {
        for (const reason of reasons)
          await this.event(owner, 'Warning', 'ValidationFailed', reason);
        continue;
      }
      await this.ensureFinalizer(owner);
      for (const set of roleSets(owner)) await this.reconcileSet(set);
      if (owner.kind === 'RedisReplication')
        await this.reconcileReplication(owner);
      if (owner.kind === 'RedisSentinel') await this.reconcileSentinel(owner);
      if (owner.kind === 'RedisCluster') await this.reconcileCluster(owner);
    }
    // Pods whose custom resource is gone without a finalizer run (e.g. the finalizer was removed by hand).
    for (const runtime of [...this.runtimes.values()]) {
      if (runtime.namespace === namespace && !live.has(runtime.set.name))
        await this.removePod(runtime.namespace, runtime.name);
    }
  }

  private async ensureFinalizer(owner: KubeObject) {
    const finalizer = FINALIZERS[owner.kind as RedisKind];
    const finalizers = owner.metadata.finalizers ?? [];
    if (finalizers.includes(finalizer)) return;
    await this.client.mergePatch(
      owner.kind!,
      owner.metadata.name,
      owner.metadata.namespace,
      {
        metadata: {
          finalizers: [...finalizers, finalizer],
          resourceVersion: owner.metadata.resourceVersion,
        },
      },
    );
  }

  private async event(
    involved: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ) {
    const dedupe = `${involved.metadata.uid}|${reason}|${message}`;
    if (this.emitted.has(dedupe)) return;
    this.emitted.add(dedupe);
    this.options.log(
      `${type} ${reason} ${involved.kind} ${involved.metadata.namespace}/${involved.metadata.name}: ${message}`,
    );
    const now = new Date().toISOString();
    await this.client.expect(
      `create Event for ${involved.metadata.name}`,
      this.client.request(
        'POST',
        `/api/v1/namespaces/${involved.metadata.namespace}/events`,
        {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: {
            generateName: `${involved.metadata.name}.`,
            namespace: involved.metadata.namespace,
          },
          involvedObject: {
            apiVersion: involved.apiVersion,
            kind: involved.kind,
            name: involved.metadata.name,
            namespace: involved.metadata.namespace,
            uid: involved.metadata.uid,
          },
          type,
          reason,
          message,
          source: { component: 'redis-sandbox' },
          reportingComponent: 'redis-sandbox',
          reportingInstance: `redis-sandbox-${process.pid}`,
          firstTimestamp: now,
          lastTimestamp: now,
          count: 1,
        },
      ),
      201,
    );
  }

  private secretValue(
    namespace: string,
    ref: { name: string; key: string } | undefined,
  ): string | undefined | { missing: string } {
    if (!ref) return undefined;
    const secret = this.get('Secret', namespace, ref.name);
    const value = secret?.data?.[ref.key];
    if (value === undefined) {
      return {
        missing: secret
          ? `couldn't find key ${ref.key} in Secret ${namespace}/${ref.name}`
          : `secret "${ref.name}" not found`,
      };
    }
    return Buffer.from(value, 'base64').toString('utf8');
  }

  private configMapText(
    set: RoleSet,
  ): string | undefined | { missing: string } {
    const name = additionalConfigMap(set);
    if (!name) return undefined;
    const configMap = this.get(
      'ConfigMap',
      set.owner.metadata.namespace!,
      name,
    );
    if (!configMap) return { missing: `configmap "${name}" not found` };
    const field =
      set.setupType === 'sentinel'
        ? 'redis-sentinel-additional.conf'
        : 'redis-additional.conf';
    return configMap.data?.[field] ?? '';
  }

  private podsOf(set: RoleSet): KubeObject[] {
    return [...this.objects.get('Pod')!.values()].filter(
      pod =>
        pod.metadata.namespace === set.owner.metadata.namespace &&
        pod.metadata.labels?.app === set.name,
    );
  }

  private runtimesOf(set: RoleSet): PodRuntime[] {
    return [...this.runtimes.values()]
      .filter(
        runtime =>
          runtime.namespace === set.owner.metadata.namespace &&
          runtime.set.name === set.name,
      )
      .sort((a, b) => a.ordinal - b.ordinal);
  }

  private async reconcileSet(set: RoleSet) {
    const namespace = set.owner.metadata.namespace!;
    if (set.role === 'follower' && this.podsOf(set).length === 0) {
      // The operator creates the followers only once the leader StatefulSet is ready. Once they exist, the
      // statefulset controller and the kubelet keep them running (and the role labels follow) whatever the leaders do.
      const leaders = roleSets(set.owner)[0];
      const ready = this.runtimesOf(leaders).filter(
        runtime => runtime.process.ready,
      );
      if (ready.length < leaders.replicas) return;
    }
    for (const object of servicesOf(set)) await this.client.apply(object);
    if (set.role === 'leader')
      await this.client.apply(clusterMasterService(set));
    const budget = disruptionBudgetOf(set);
    if (budget) await this.client.apply(budget);
    else
      await this.client.remove(
        'PodDisruptionBudget',
        set.role === 'replication' ? `${set.name}-replication` : set.name,
        namespace,
      );
    const desired = withInitContainers(statefulSetOf(set), set.owner);
    if (!(await this.resizeClaims(set, desired))) return;
    const statefulSet = await this.client.apply(desired);
    const revision = templateRevision(statefulSet);

    const pods = this.podsOf(set);
    // Scale-in: the highest ordinals go first, as the statefulset controller removes them. A pod someone
    // deleted is stopped and its deletion confirmed, as the kubelet does; the loop below makes it again.
    if (set.setupType === 'cluster') {
      const leaving = this.runtimesOf(set).filter(
        runtime => runtime.ordinal >= set.replicas,
      );
      if (leaving.length > 0) await this.leaveCluster(set.owner, leaving);
    }
    for (const pod of pods.sort((a, b) => ordinalOf(b) - ordinalOf(a))) {
      if (ordinalOf(pod) >= set.replicas || pod.metadata.deletionTimestamp)
        await this.removePod(namespace, pod.metadata.name);
    }
    const replaced = nextReplacement({
      strategy: statefulSet.spec.updateStrategy,
      revision,
      replicas: set.replicas,
      pods: this.runtimesOf(set).map(runtime => ({
        ordinal: runtime.ordinal,
        revision: runtime.revision,
        ready: runtime.process.ready,
      })),
    });
    for (let ordinal = 0; ordinal < set.replicas; ordinal++) {
      const name = `${set.name}-${ordinal}`;
      const existing = this.runtimes.get(key(namespace, name));
      if (existing) {
        existing.set = set;
        const { state } = existing.process;
        // A Secret or ConfigMap the container waited for may exist now.
        if (
          'waiting' in state &&
          state.waiting.reason === 'CreateContainerConfigError'
        )
          existing.process.start(() => this.processConfig(existing));
      }
      if (existing && ordinal === replaced) {
        // A changed pod template under RollingUpdate: the highest outdated ordinal first, one at a time.
        // Under OnDelete a pod keeps its template until someone deletes it.
        this.options.log(
          `${namespace}/${name}: the pod template changed; replacing the pod`,
        );
        await this.removePod(namespace, name);
      }
      if (!this.runtimes.has(key(namespace, name))) {
        const created = await this.createPod(
          set,
          statefulSet,
          ordinal,
          revision,
        );
        if (!created) break;
      }
      const runtime = this.runtimes.get(key(namespace, name))!;
      const orderedReady =
        (statefulSet.spec.podManagementPolicy ?? 'OrderedReady') ===
        'OrderedReady';
      if (orderedReady && !runtime.process.ready) break;
    }
    await this.writeStatefulSetStatus(set, statefulSet, revision);
    await this.updateRoleLabels(set);
  }

  /**
   * The operator's PVC resize (HandlePVCResizing): a claim template that grew is written into the set's
   * claims, and the stand-in for the volume resizer and the kubelet reports the new capacity at once. The
   * StatefulSet keeps its claim templates (the API refuses a change) and records the size in its
   * `storageCapacity` annotation. False when the API refused a claim's patch (e.g. a StorageClass without
   * allowVolumeExpansion): the operator then skips the whole StatefulSet update, and so does the caller.
   */
  private async resizeClaims(
    set: RoleSet,
    desired: KubeObject,
  ): Promise<boolean> {
    const namespace = set.owner.metadata.namespace!;
    const templates: any[] = desired.spec.volumeClaimTemplates ?? [];
    if (templates.length === 0) return true;
    const found = await this.client.expect(
      `get StatefulSet ${namespace}/${set.name}`,
      this.client.request(
        'GET',
        objectPath('StatefulSet', set.name, namespace),
      ),
      200,
      404,
    );
    const stored: KubeObject | undefined =
      found.status === 200 ? found.body : undefined;
    const storedTemplates: any[] = stored?.spec.volumeClaimTemplates ?? [];
    if (!stored || storedTemplates.length !== templates.length) return true;
    desired.spec.volumeClaimTemplates = storedTemplates;
    const recordedCapacity = stored.metadata.annotations?.storageCapacity;
    const annotate = (capacity: string | undefined) => {
      if (capacity !== undefined)
        desired.metadata.annotations = {
          ...desired.metadata.annotations,
          storageCapacity: capacity,
        };
    };
    annotate(recordedCapacity);
    const target = templates.find(
      template => template.metadata.name !== 'node-conf',
    );
    const storedTarget = storedTemplates.find(
      template => template.metadata.name === target?.metadata.name,
    );
    const resize = claimResize({
      stored: storedTarget?.spec?.resources?.requests?.storage,
      desired: target?.spec?.resources?.requests?.storage,
      recordedCapacity,
    });
    if (!resize || resize === 'shrink') return true;
    const { items } = await this.client.list(
      'PersistentVolumeClaim',
      namespace,
      `app=${set.name}`,
    );
    let failed = false;
    for (const claim of items) {
      if (
        !claim.metadata.name.startsWith(`${target.metadata.name}-`) ||
        storageBytes(claim.spec?.resources?.requests?.storage) === resize.bytes
      )
        continue;
      const name = `${namespace}/${claim.metadata.name}`;
      try {
        await this.client.mergePatch(
          'PersistentVolumeClaim',
          claim.metadata.name,
          namespace,
          { spec: { resources: { requests: { storage: resize.request } } } },
        );
      } catch (error) {
        if (!(error instanceof KubeError)) throw error;
        failed = true;
        this.options.log(
          `sts:${set.name} resize pvc [${name}] failed: ${error.message}`,
        );
        continue;
      }
      await this.client.patchStatus(
        'PersistentVolumeClaim',
        claim.metadata.name,
        namespace,
        { capacity: { storage: resize.request } },
      );
      this.options.log(
        `sts:${set.name} resized pvc [${name}] to ${resize.request}; the volume and its filesystem grew at once`,
      );
    }
    if (failed) return false;
    annotate(String(resize.bytes));
    return true;
  }

  private async writeStatefulSetStatus(
    set: RoleSet,
    statefulSet: KubeObject,
    revision: string,
  ) {
    const runtimes = this.runtimesOf(set);
    const ready = runtimes.filter(runtime => runtime.process.ready).length;
    const outdated = runtimes.find(runtime => runtime.revision !== revision);
    const status = {
      observedGeneration: statefulSet.metadata.generation,
      replicas: runtimes.length,
      readyReplicas: ready,
      availableReplicas: ready,
      // Pods of an older template (OnDelete, or a rolling update under way) keep it as the current revision.
      currentReplicas: runtimes.filter(
        runtime => runtime.revision === (outdated?.revision ?? revision),
      ).length,
      updatedReplicas: runtimes.filter(runtime => runtime.revision === revision)
        .length,
      currentRevision: outdated?.revision ?? revision,
      updateRevision: revision,
    };
    if (
      JSON.stringify(statefulSet.status ?? {}) !==
      JSON.stringify({ ...statefulSet.status, ...status })
    )
      await this.client.patchStatus(
        'StatefulSet',
        set.name,
        set.owner.metadata.namespace,
        status,
      );
  }

  /** Schedules and creates one pod, binds its claims and starts its process; false when the API refused it. */
  private async createPod(
    set: RoleSet,
    statefulSet: KubeObject,
    ordinal: number,
    revision: string,
  ): Promise<boolean> {
    const namespace = set.owner.metadata.namespace!;
    const name = `${set.name}-${ordinal}`;
    const template = statefulSet.spec.template;
    const found = this.get('Pod', namespace, name);
    // A pod of this template that outlived its controller keeps its IP, start time, restarts and role label;
    // one of an older template is replaced by a new pod, which starts from nothing.
    const existing =
      found?.metadata.labels?.['controller-revision-hash'] === revision
        ? found
        : undefined;
    if (found && !existing) {
      await this.client.remove('Pod', name, namespace, 0);
      this.objects.get('Pod')!.delete(key(namespace, name));
    }
    const node = this.schedule(template.spec.nodeSelector, set.name, ordinal);
    const claims = (statefulSet.spec.volumeClaimTemplates ?? []).map(
      (claim: any) => ({
        template: claim,
        name: `${claim.metadata.name}-${name}`,
      }),
    );
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace,
        labels: {
          ...template.metadata.labels,
          'apps.kubernetes.io/pod-index': String(ordinal),
          'controller-revision-hash': revision,
          'statefulset.kubernetes.io/pod-name': name,
          ...(existing?.metadata.labels?.['redis-role']
            ? { 'redis-role': existing.metadata.labels['redis-role'] }
            : {}),
        },
        annotations: template.metadata.annotations,
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'StatefulSet',
            name: set.name,
            uid: statefulSet.metadata.uid!,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        ...template.spec,
        volumes: [
          ...claims.map((claim: any) => ({
            name: claim.template.metadata.name,
            persistentVolumeClaim: { claimName: claim.name },
          })),
          ...(template.spec.volumes ?? []),
        ],
        hostname: name,
        subdomain: statefulSet.spec.serviceName,
        ...(node ? { nodeName: node } : {}),
      },
    };
    let created: KubeObject;
    try {
      created = await this.client.apply(pod);
    } catch (error) {
      if (!(error instanceof KubeError)) throw error;
      await this.event(
        statefulSet,
        'Warning',
        'FailedCreate',
        `create Pod ${name} in StatefulSet ${set.name} failed error: ${
          error.response.body?.message ?? error.message
        }`,
      );
      return false;
    }
    if (!node) {
      await this.client.patchStatus('Pod', name, namespace, {
        phase: 'Pending',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: `0/${SANDBOX_NODES.length} nodes are available: ${SANDBOX_NODES.length} node(s) didn't match Pod's node affinity/selector.`,
            lastTransitionTime: new Date().toISOString(),
          },
        ],
      });
      return false;
    }
    for (const claim of claims)
      await this.bindClaim(set, claim.template, claim.name);
    const ip =
      this.state.claim(existing?.status?.podIP) ?? this.state.allocate();
    const runtime: PodRuntime = {
      namespace,
      name,
      set,
      ordinal,
      ip,
      node,
      revision,
      startTime: existing?.status?.startTime ?? new Date().toISOString(),
      transitions: new Map(),
      process: new PodProcess({
        key: key(namespace, name),
        ip,
        port: set.port,
        dir: this.state.podDir(namespace, name),
        restartBackoffMs: this.options.restartBackoffMs,
        onChange: () => this.processChanged(runtime),
        log: this.options.log,
      }),
    };
    // A pod that outlived its controller (make k8s-down, or a killed sandbox) gets its container restarted.
    const previousRestarts =
      existing?.status?.containerStatuses?.[0]?.restartCount;
    if (previousRestarts !== undefined)
      runtime.process.restartCount = previousRestarts + 1;
    this.runtimes.set(key(namespace, name), runtime);
    this.options.log(
      `${namespace}/${name}: pod on ${node} at ${ip} (uid ${created.metadata.uid})`,
    );
    this.startAfterInit(runtime, template.spec.initContainers ?? []);
    await this.writePodStatus(runtime);
    if (!runtime.process.ready) await this.untilReady(runtime, 5_000);
    return true;
  }

  /**
   * Starts the pod's process once its init containers have run on the host (in the background, so a
   * slow or failing one holds up only this pod), the data volume being the pod's data directory.
   */
  private startAfterInit(runtime: PodRuntime, containers: HostContainer[]) {
    const start = () =>
      runtime.process.start(() => this.processConfig(runtime));
    if (containers.length === 0) {
      start();
      return;
    }
    const init = new AbortController();
    runtime.init = init;
    runInitContainers(key(runtime.namespace, runtime.name), containers, {
      // The data claim is named like the StatefulSet; the operator mounts it only when the pods have one.
      volumes: new Map([[runtime.set.name, this.dataDir(runtime)]]),
      envValue: (entry: EnvVar) => {
        if (entry.value !== undefined) return entry.value;
        const value = this.secretValue(
          runtime.namespace,
          entry.valueFrom?.secretKeyRef,
        );
        return typeof value === 'string' ? value : undefined;
      },
      s3Endpoint: this.options.s3Endpoint,
      signal: init.signal,
      retryDelayMs: this.options.restartBackoffMs,
      onWaiting: (reason, message) =>
        runtime.process.waitForInit(reason, message),
      log: this.options.log,
    })
      .then(done => {
        if (done && !this.stopped) start();
      })
      .catch(error =>
        this.options.log(
          `${runtime.namespace}/${runtime.name}: init containers failed: ${error.message}`,
        ),
      );
  }

  private untilReady(runtime: PodRuntime, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    return new Promise(resolve => {
      const check = () => {
        if (runtime.process.ready || Date.now() > deadline || this.stopped)
          resolve();
        else setTimeout(check, 50);
      };
      check();
    });
  }

  /** The stand-in for the volume provisioner: a claim is bound at once to a volume of the requested size. */
  private async bindClaim(set: RoleSet, template: any, name: string) {
    const namespace = set.owner.metadata.namespace!;
    // As the statefulset controller: a claim that exists is kept as it is (a resize may have grown it).
    const found = await this.client.expect(
      `get PersistentVolumeClaim ${namespace}/${name}`,
      this.client.request(
        'GET',
        objectPath('PersistentVolumeClaim', name, namespace),
      ),
      200,
      404,
    );
    if (found.status === 200 && found.body.status?.phase === 'Bound') return;
    // A claim made now gets a new, empty volume.
    if (found.status === 404) this.state.emptyVolume(namespace, name);
    const claim: KubeObject =
      found.status === 200
        ? found.body
        : await this.client.apply({
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            metadata: {
              name,
              namespace,
              labels: { ...template.metadata.labels, app: set.name },
              annotations: template.metadata.annotations,
            },
            spec: template.spec,
          });
    await this.client.patchStatus('PersistentVolumeClaim', name, namespace, {
      phase: 'Bound',
      accessModes: claim.spec.accessModes,
      capacity: { storage: claim.spec.resources?.requests?.storage },
    });
  }

  /** The stand-in scheduler: pods spread over the three zones; a nodeSelector no sandbox node matches leaves the pod Pending. */
  private schedule(
    nodeSelector: Record<string, string> | undefined,
    setName: string,
    ordinal: number,
  ): string | undefined {
    const labelsOf = (
      node: (typeof SANDBOX_NODES)[number],
    ): Record<string, string> => ({
      'kubernetes.io/hostname': node.name,
      'kubernetes.io/os': 'linux',
      'topology.kubernetes.io/region': 'eu-west-1',
      'topology.kubernetes.io/zone': node.zone,
    });
    const candidates = SANDBOX_NODES.filter(node =>
      Object.entries(nodeSelector ?? {}).every(
        ([label, value]) => labelsOf(node)[label] === value,
      ),
    );
    if (candidates.length === 0) return undefined;
    const offset = createHash('sha256').update(setName).digest()[0];
    return candidates[(ordinal + offset) % candidates.length].name;
  }

  /** Where a pod's data lives: the volume of its data claim (named like the StatefulSet), else its own directory. */
  private dataDir(runtime: PodRuntime): string {
    const templates: any[] =
      statefulSetOf(runtime.set).spec.volumeClaimTemplates ?? [];
    return templates.some(claim => claim.metadata.name === runtime.set.name)
      ? this.state.mountVolume(
          runtime.namespace,
          `${runtime.set.name}-${runtime.name}`,
          runtime.name,
        )
      : this.state.podDir(runtime.namespace, runtime.name);
  }

  private processConfig(runtime: PodRuntime): ProcessConfig | string {
    const { set, ip, namespace } = runtime;
    const spec = set.owner.spec;
    const password = this.secretValue(
      namespace,
      spec.kubernetesConfig?.redisSecret,
    );
    if (typeof password === 'object') return password.missing;
    const additional = this.configMapText(set);
    if (typeof additional === 'object') return additional.missing;
    const dir = this.state.podDir(namespace, runtime.name);
    if (set.setupType === 'sentinel') {
      return {
        sentinel: true,
        password,
        lines: sentinelConfig({
          ip,
          port: set.port,
          dir,
          password,
          additional,
        }),
      };
    }
    const master =
      set.setupType === 'replication' ? this.replicationMaster(set) : undefined;
    return {
      sentinel: false,
      password,
      lines: serverConfig({
        ip,
        port: set.port,
        dir,
        dataDir: this.dataDir(runtime),
        password,
        cluster: set.setupType === 'cluster',
        persistence: (this.templateClaims(set) ?? 0) > 0,
        additional,
        replicaOf:
          master && master !== runtime
            ? { ip: master.ip, port: set.port }
            : undefined,
      }),
    };
  }

  private templateClaims(set: RoleSet): number {
    return statefulSetOf(set).spec.volumeClaimTemplates.length;
  }

  private processChanged(runtime: PodRuntime) {
    if (this.stopped) return;
    this.writePodStatus(runtime).catch(error => {
      if (!isNotFound(error))
        this.options.log(`status of ${runtime.name}: ${error.message}`);
    });
    this.enqueue(runtime.namespace);
  }

  private async writePodStatus(runtime: PodRuntime) {
    const { process } = runtime;
    const ready = process.ready ? 'True' : 'False';
    const started = 'running' in process.state;
    const status = {
      phase: process.restartCount > 0 || started ? 'Running' : 'Pending',
      conditions: [
        { type: 'PodScheduled', status: 'True' },
        { type: 'Initialized', status: 'True' },
        { type: 'ContainersReady', status: ready },
        { type: 'Ready', status: ready },
      ],
      hostIP: '127.0.0.1',
      hostIPs: [{ ip: '127.0.0.1' }],
      podIP: runtime.ip,
      podIPs: [{ ip: runtime.ip }],
      // Sidecars such as the exporter are in the pod spec but not run, so only the Redis container has a status.
      containerStatuses: [
        {
          name: runtime.set.name,
          state: process.state,
          lastState: process.lastState,
          ready: process.ready,
          restartCount: process.restartCount,
          image: runtime.set.owner.spec.kubernetesConfig.image,
          imageID: '',
          started,
        },
      ],
    };
    const text = JSON.stringify(status);
    if (text === runtime.writtenStatus) return;
    runtime.writtenStatus = text;
    const now = new Date().toISOString();
    // status.qosClass is left out: the API server sets it when the pod is created and refuses any change.
    await this.client.patchStatus('Pod', runtime.name, runtime.namespace, {
      ...status,
      startTime: runtime.startTime,
      conditions: status.conditions.map(condition => ({
        ...condition,
        lastTransitionTime: transitionTime(runtime, condition, now),
      })),
    });
  }

  private async removePod(namespace: string, name: string) {
    const runtime = this.runtimes.get(key(namespace, name));
    if (runtime) {
      this.runtimes.delete(key(namespace, name));
      runtime.init?.abort();
      await runtime.process.stop();
      this.state.release(runtime.ip);
      this.state.removePodDir(namespace, name);
      this.options.log(`${namespace}/${name}: pod removed, process stopped`);
    }
    // The kubelet's confirmation: the process is gone, so the pod goes at once.
    await this.client.remove('Pod', name, namespace, 0);
    this.objects.get('Pod')!.delete(key(namespace, name));
  }

  /** The operator's redis-role label, from what each pod's Redis says it is. */
  private async updateRoleLabels(set: RoleSet) {
    if (set.setupType !== 'replication' && set.setupType !== 'cluster') return;
    for (const runtime of this.runtimesOf(set)) {
      const role = runtime.process.role?.role;
      if (role !== 'master' && role !== 'slave') continue;
      const pod = this.get('Pod', runtime.namespace, runtime.name);
      if (pod?.metadata.labels?.['redis-role'] === role) continue;
      await this.client.mergePatch('Pod', runtime.name, runtime.namespace, {
        metadata: { labels: { 'redis-role': role } },
      });
      if (pod)
        pod.metadata.labels = { ...pod.metadata.labels, 'redis-role': role };
      this.options.log(
        `${runtime.namespace}/${runtime.name}: redis-role=${role}`,
      );
    }
  }

  /**
   * The operator's choice of master: the pod with attached replicas, else status.masterNode, else pod 0; by the
   * probes' last look at the roles, or by `roles` when given.
   */
  private replicationMaster(
    set: RoleSet,
    roles?: Map<PodRuntime, RoleSummary>,
  ): PodRuntime | undefined {
    const roleOf = (runtime: PodRuntime) =>
      roles ? roles.get(runtime) : runtime.process.role;
    const masters = this.runtimesOf(set).filter(
      runtime => runtime.process.ready && roleOf(runtime)?.role === 'master',
    );
    const withReplicas = masters.find(runtime => {
      const role = roleOf(runtime);
      return role?.role === 'master' && role.replicas.length > 0;
    });
    const recorded = masters.find(
      runtime => runtime.name === set.owner.status?.masterNode,
    );
    return (
      withReplicas ??
      recorded ??
      masters.find(runtime => runtime.ordinal === 0) ??
      masters[0]
    );
  }

  /**
   * The data pods' roles as they are now, asked of each process twice a moment apart; undefined while they
   * move (a Redis FAILOVER hands the master over in steps) or a pod does not answer.
   */
  private async settledRoles(
    runtimes: PodRuntime[],
  ): Promise<Map<PodRuntime, RoleSummary> | undefined> {
    const look = async () => {
      const roles = new Map<PodRuntime, RoleSummary>();
      for (const runtime of runtimes) {
        const info = String(
          await runtime.process.call('INFO', 'replication').catch(() => ''),
        );
        const failover = /master_failover_state:(\S+)/.exec(info)?.[1];
        if (failover && failover !== 'no-failover') return undefined;
        const reply = await runtime.process.call('ROLE').catch(() => undefined);
        const role = Array.isArray(reply) ? summarizeRole(reply) : undefined;
        if (!role) return undefined;
        roles.set(runtime, role);
      }
      return roles;
    };
    const first = await look();
    await new Promise(resolve => setTimeout(resolve, 250));
    const second = await look();
    if (!first || !second) return undefined;
    const same = runtimes.every(
      runtime =>
        JSON.stringify(first.get(runtime)) ===
        JSON.stringify(second.get(runtime)),
    );
    return same ? second : undefined;
  }

  private monitoredBySentinel(replication: KubeObject): boolean {
    return [...this.objects.get('RedisSentinel')!.values()].some(
      sentinel =>
        sentinel.metadata.namespace === replication.metadata.namespace &&
        sentinel.spec?.redisSentinelConfig?.redisReplicationName ===
          replication.metadata.name,
    );
  }

  private async reconcileReplication(owner: KubeObject) {
    const [set] = roleSets(owner);
    const master = this.replicationMaster(set);
    if (!master) return;
    if (owner.status?.masterNode !== master.name) {
      await this.client.patchStatus(
        owner.kind!,
        owner.metadata.name,
        owner.metadata.namespace,
        {
          masterNode: master.name,
          connectionInfo: {
            host: `${owner.metadata.name}-master.${owner.metadata.namespace}.svc.cluster.local`,
            port: 6379,
          },
        },
      );
    }
    // Sentinels own failover of a monitored replication; otherwise the operator keeps one master. It looks at
    // the roles as they are now, so that a switchover under way (Redis's FAILOVER TO) is not undone half-way.
    if (this.monitoredBySentinel(owner)) return;
    const ready = this.runtimesOf(set).filter(runtime => runtime.process.ready);
    const cached = ready.filter(runtime => {
      const role = runtime.process.role;
      return !(
        runtime === master ||
        (role?.role === 'slave' && role.master === `${master.ip}:${set.port}`)
      );
    });
    if (cached.length === 0) return;
    const roles = await this.settledRoles(ready);
    const current = roles && this.replicationMaster(set, roles);
    if (!roles || !current) return;
    for (const runtime of ready) {
      const role = roles.get(runtime);
      if (runtime === current) continue;
      if (role?.role === 'slave' && role.master === `${current.ip}:${set.port}`)
        continue;
      this.options.log(
        `${runtime.namespace}/${runtime.name}: REPLICAOF ${current.name}`,
      );
      await runtime.process
        .call('REPLICAOF', current.ip, set.port)
        .catch(() => undefined);
    }
  }

  private async reconcileSentinel(owner: KubeObject) {
    const [set] = roleSets(owner);
    const config = owner.spec.redisSentinelConfig;
    const group = config.masterGroupName ?? 'myMaster';
    const replication = this.get(
      'RedisReplication',
      owner.metadata.namespace!,
      config.redisReplicationName,
    );
    if (!replication) return;
    const master = this.replicationMaster(roleSets(replication)[0]);
    if (!master) return;
    const masterPassword = this.secretValue(
      owner.metadata.namespace!,
      config.redisReplicationPassword?.secretKeyRef,
    );
    for (const runtime of this.runtimesOf(set)) {
      const role = runtime.process.role;
      if (
        !runtime.process.ready ||
        role?.role !== 'sentinel' ||
        role.masters.includes(group)
      )
        continue;
      this.options.log(
        `${runtime.namespace}/${runtime.name}: SENTINEL MONITOR ${group} ${
          master.name
        } quorum ${config.quorum ?? '2'}`,
      );
      await runtime.process
        .call(
          'SENTINEL',
          'MONITOR',
          group,
          master.ip,
          Number(config.redisPort ?? 6379),
          Number(config.quorum ?? 2),
        )
        .catch(error => {
          // A reconcile that ran before the next probe saw the first MONITOR.
          if (!/Duplicate master name/.test(error.message)) throw error;
        });
      runtime.process.role = {
        role: 'sentinel',
        masters: [...role.masters, group],
      };
      const settings: [string, string][] = [
        ['down-after-milliseconds', config.downAfterMilliseconds ?? '5000'],
        ['parallel-syncs', config.parallelSyncs ?? '1'],
        ['failover-timeout', config.failoverTimeout ?? '10000'],
      ];
      if (typeof masterPassword === 'string')
        settings.push(['auth-pass', masterPassword]);
      for (const [option, value] of settings)
        await runtime.process.call('SENTINEL', 'SET', group, option, value);
    }
  }

  private async reconcileCluster(owner: KubeObject) {
    const [leaders, followers] = roleSets(owner);
    const leaderRuntimes = this.runtimesOf(leaders);
    const followerRuntimes = this.runtimesOf(followers);
    const readyLeaders = leaderRuntimes.filter(
      runtime => runtime.process.ready,
    );
    const readyFollowers = followerRuntimes.filter(
      runtime => runtime.process.ready,
    );
    const status = (state: string, reason: string) =>
      this.client.patchStatus(
        owner.kind!,
        owner.metadata.name,
        owner.metadata.namespace,
        {
          state,
          reason,
          readyLeaderReplicas: readyLeaders.length,
          readyFollowerReplicas: readyFollowers.length,
        },
      );
    if (readyLeaders.length < leaders.replicas)
      return status('Initializing', 'RedisCluster is initializing leaders');
    if (readyFollowers.length < followers.replicas)
      return status('Initializing', 'RedisCluster is initializing followers');
    const id = key(owner.metadata.namespace, owner.metadata.name);
    if (this.bootstrapping.has(id)) return undefined;
    const info = String(await readyLeaders[0].process.call('CLUSTER', 'INFO'));
    const assigned = Number(
      /cluster_slots_assigned:(\d+)/.exec(info)?.[1] ?? 0,
    );
    if (assigned === 0) {
      this.bootstrapping.add(id);
      await status('Bootstrap', 'RedisCluster is bootstrapping');
      this.bootstrap(owner, readyLeaders, readyFollowers)
        .catch(error =>
          this.options.log(`bootstrap of ${id} failed: ${error.message}`),
        )
        .finally(() => {
          this.bootstrapping.delete(id);
          this.enqueue(owner.metadata.namespace!);
        });
      return undefined;
    }
    await this.joinNewNodes(owner, readyLeaders, readyFollowers);
    const healthy = /cluster_state:ok/.test(info) && assigned === CLUSTER_SLOTS;
    return healthy
      ? status('Ready', 'RedisCluster is ready')
      : status('Failed', 'RedisCluster has unhealthy nodes');
  }

  /** As the operator's bootstrap: slots spread over the leaders, every node met, follower i replicating leader i mod n. */
  private async bootstrap(
    owner: KubeObject,
    leaders: PodRuntime[],
    followers: PodRuntime[],
  ) {
    const name = `${owner.metadata.namespace}/${owner.metadata.name}`;
    this.options.log(
      `${name}: bootstrapping the cluster (${leaders.length} leaders, ${followers.length} followers)`,
    );
    for (const [index, leader] of leaders.entries()) {
      const first = Math.floor((index * CLUSTER_SLOTS) / leaders.length);
      const last =
        Math.floor(((index + 1) * CLUSTER_SLOTS) / leaders.length) - 1;
      await leader.process.call('CLUSTER', 'ADDSLOTSRANGE', first, last);
    }
    for (const node of [...leaders.slice(1), ...followers]) {
      await leaders[0].process.call('CLUSTER', 'MEET', node.ip, node.set.port);
    }
    const leaderIds = await Promise.all(
      leaders.map(leader => leader.process.call('CLUSTER', 'MYID')),
    );
    for (const [index, follower] of followers.entries()) {
      const leaderId = String(leaderIds[index % leaders.length]);
      await this.retry(
        () => follower.process.call('CLUSTER', 'REPLICATE', leaderId),
        15_000,
      );
    }
    this.options.log(`${name}: cluster bootstrapped`);
  }

  /**
   * Nodes added by a scale-out join the cluster: every new node is met; a new follower replicates its leader
   * first, so that only the new leaders are empty masters when a rebalance gives them slots.
   */
  private async joinNewNodes(
    owner: KubeObject,
    leaders: PodRuntime[],
    followers: PodRuntime[],
  ) {
    const anchor = leaders[0];
    // By node ID, as the operator counts nodes: a restarted node that kept its nodes.conf is no new node,
    // whatever address it has now (the others learn that from its pings).
    const known = new Set(
      String(await anchor.process.call('CLUSTER', 'NODES'))
        .split('\n')
        .map(line => line.split(' ')[0]),
    );
    // A node that does not answer now is looked at again on the next reconcile.
    const isNew = async (runtime: PodRuntime) => {
      const id = await runtime.process
        .call('CLUSTER', 'MYID')
        .catch(() => undefined);
      return id !== undefined && !known.has(String(id));
    };
    const newLeaders: PodRuntime[] = [];
    for (const runtime of leaders)
      if (await isNew(runtime)) newLeaders.push(runtime);
    const newFollowers: PodRuntime[] = [];
    for (const runtime of followers)
      if (await isNew(runtime)) newFollowers.push(runtime);
    if (newLeaders.length + newFollowers.length === 0) return;
    this.options.log(
      `${owner.metadata.namespace}/${owner.metadata.name}: scale-out, ${newLeaders.length} leaders and ${newFollowers.length} followers join the cluster`,
    );
    for (const node of [...newLeaders, ...newFollowers])
      await anchor.process.call('CLUSTER', 'MEET', node.ip, node.set.port);
    const leaderIds = await Promise.all(
      leaders.map(leader => leader.process.call('CLUSTER', 'MYID')),
    );
    for (const follower of newFollowers) {
      const leaderId = String(leaderIds[follower.ordinal % leaders.length]);
      await this.retry(
        () => follower.process.call('CLUSTER', 'REPLICATE', leaderId),
        15_000,
      );
    }
    if (newLeaders.length > 0)
      await this.rebalance(owner, anchor, ['--cluster-use-empty-masters']);
  }

  /** A rebalance, retried while the nodes still gossip about the new ones; an interrupted one is fixed first. */
  private async rebalance(
    owner: KubeObject,
    anchor: PodRuntime,
    options: string[],
  ) {
    const target = `${anchor.ip}:${anchor.set.port}`;
    await this.retry(async () => {
      try {
        await this.redisCli(owner, ['rebalance', target, ...options]);
      } catch (error) {
        await this.redisCli(owner, ['fix', target]).catch(() => undefined);
        throw error;
      }
    }, 60_000);
  }

  /** `redis-cli --cluster …`, as the operator runs it, with the password in the environment (never in argv). */
  private async redisCli(owner: KubeObject, args: string[]): Promise<void> {
    const password = this.secretValue(
      owner.metadata.namespace!,
      owner.spec.kubernetesConfig?.redisSecret,
    );
    await run('redis-cli', ['--cluster', ...args, '--cluster-yes'], {
      env: {
        ...process.env,
        ...(typeof password === 'string' ? { REDISCLI_AUTH: password } : {}),
      },
    });
  }

  /**
   * Before a scale-in removes cluster pods, as the operator's downscale does: the leaving masters' slots move to the
   * remaining ones, replicas of a leaving master follow a remaining leader, and every remaining node forgets them.
   */
  private async leaveCluster(owner: KubeObject, leaving: PodRuntime[]) {
    const [leaders, followers] = roleSets(owner);
    const staying = [
      ...this.runtimesOf(leaders),
      ...this.runtimesOf(followers),
    ].filter(runtime => runtime.process.ready && !leaving.includes(runtime));
    const anchor = staying.find(
      runtime => runtime.process.role?.role === 'master',
    );
    if (!anchor) return;
    const info = String(await anchor.process.call('CLUSTER', 'INFO'));
    if (/cluster_slots_assigned:0\b/.test(info)) return;
    const ids = new Map<PodRuntime, string>();
    for (const runtime of leaving.filter(node => node.process.ready))
      ids.set(runtime, String(await runtime.process.call('CLUSTER', 'MYID')));
    const masters = [...ids].filter(
      ([runtime]) => runtime.process.role?.role === 'master',
    );
    this.options.log(
      `${owner.metadata.namespace}/${owner.metadata.name}: scale-in, moving the slots of ${masters.length} leaving masters and forgetting ${ids.size} nodes`,
    );
    if (masters.length > 0) {
      await this.rebalance(owner, anchor, [
        '--cluster-weight',
        ...masters.map(([, id]) => `${id}=0`),
      ]);
    }
    const leavingAddresses = new Set(
      leaving.map(node => `${node.ip}:${node.set.port}`),
    );
    const remainingLeaders = staying.filter(node => node.set.role === 'leader');
    for (const node of staying) {
      const role = node.process.role;
      if (
        role?.role === 'slave' &&
        leavingAddresses.has(role.master) &&
        remainingLeaders.length > 0
      ) {
        const leader = remainingLeaders[node.ordinal % remainingLeaders.length];
        const leaderId = String(await leader.process.call('CLUSTER', 'MYID'));
        await node.process.call('CLUSTER', 'REPLICATE', leaderId);
      }
    }
    for (const node of staying) {
      for (const id of ids.values())
        await node.process.call('CLUSTER', 'FORGET', id).catch(() => undefined);
    }
  }

  private async retry<T>(
    action: () => Promise<T>,
    timeoutMs: number,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await action();
      } catch (error) {
        if (Date.now() > deadline || this.stopped) throw error;
        await new Promise(resolve => setTimeout(resolve, 250));
      }
    }
  }

  /** The operator's finalizer: stop the pods, delete what it made (and the claims unless keepAfterDelete), then let go. */
  private async tearDown(owner: KubeObject) {
    const namespace = owner.metadata.namespace!;
    const finalizer = FINALIZERS[owner.kind as RedisKind];
    for (const set of roleSets(owner)) {
      for (const runtime of this.runtimesOf(set))
        await this.removePod(namespace, runtime.name);
      for (const pod of this.podsOf(set))
        await this.removePod(namespace, pod.metadata.name);
      if (!owner.spec?.storage?.keepAfterDelete) {
        const claims = await this.client.list(
          'PersistentVolumeClaim',
          namespace,
          `app=${set.name}`,
        );
        for (const claim of claims.items) {
          // The stand-in for the pvc-protection controller: no pod uses the claim any more.
          await this.client.mergePatch(
            'PersistentVolumeClaim',
            claim.metadata.name,
            namespace,
            { metadata: { finalizers: null } },
          );
          await this.client.remove(
            'PersistentVolumeClaim',
            claim.metadata.name,
            namespace,
          );
        }
      }
    }
    // No garbage collector runs in the sandbox: the objects the custom resource owns are deleted here.
    for (const kind of ['StatefulSet', 'Service', 'PodDisruptionBudget']) {
      const { items } = await this.client.list(kind, namespace);
      for (const item of items) {
        if (
          item.metadata.ownerReferences?.some(
            reference => reference.uid === owner.metadata.uid,
          )
        )
          await this.client.remove(kind, item.metadata.name, namespace);
      }
    }
    if (owner.metadata.finalizers?.includes(finalizer)) {
      await this.client.mergePatch(
        owner.kind!,
        owner.metadata.name,
        namespace,
        {
          metadata: {
            finalizers: owner.metadata.finalizers.filter(
              entry => entry !== finalizer,
            ),
            resourceVersion: owner.metadata.resourceVersion,
          },
        },
      );
    }
    this.options.log(
      `${owner.kind} ${namespace}/${owner.metadata.name} deleted: its processes are stopped and its objects removed`,
    );
  }
}

function transitionTime(
  runtime: PodRuntime,
  condition: { type: string; status: string },
  now: string,
): string {
  const last = runtime.transitions.get(condition.type);
  if (last?.status === condition.status) return last.at;
  runtime.transitions.set(condition.type, {
    status: condition.status,
    at: now,
  });
  return now;
}

function ordinalOf(pod: KubeObject): number {
  return Number(
    pod.metadata.labels?.['apps.kubernetes.io/pod-index'] ??
      pod.metadata.name.split('-').pop(),
  );
}
