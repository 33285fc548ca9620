// Assembles the status of one instance: Kubernetes (with the operation lock and history beside it) first, then Redis and S3 in parallel; cached and coalesced.
import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/config';
import type {
  BackupObject,
  InstanceRef,
  OperationsState,
  RedisStatus,
  StatusSection,
} from '@odin/plugin-redis-common';
import type { BackupStore } from '@odin/plugin-redis-node';
import type {
  CustomResourceObject,
  KubernetesReader,
  KubernetesSnapshot,
  Viewer,
} from '../KubernetesReader/KubernetesReader';
import {
  summarizeKubernetes,
  type KubernetesSummary,
} from '../KubernetesReader/summarizeKubernetes';
import type { RedisObservations, RedisProbe } from '../RedisProbe/RedisProbe';
import { assembleStatus, backupPrefix } from './assembleStatus';

export interface StatusServiceOptions {
  kubernetes: KubernetesReader;
  redisProbe: RedisProbe;
  backupStore: BackupStore;
  logger: LoggerService;
  /**
   * Backstage's cache service: with a shared store (redis, valkey, memcache), every replica of the
   * backend answers from one status per instance and cache window.
   */
  cache?: CacheService;
  cacheTtlMs: number;
  staleGraceMs: number;
}

type KubernetesSection = StatusSection<{
  snapshot: KubernetesSnapshot;
  summary: KubernetesSummary;
}>;

/**
 * Decides, before Redis and S3 are asked, whether this request may have the status: it gets the
 * instance's custom resources as listed (undefined when the Kubernetes read failed) and rejects to refuse.
 */
export type StatusAdmission = (
  customResources: CustomResourceObject[] | undefined,
) => Promise<void>;

/** What admission and the answer need, either read here or taken from the shared cache. */
interface Reading {
  /** The instance's custom resources as listed; undefined when the Kubernetes read failed. */
  customResources: CustomResourceObject[] | undefined;
  /** The status: the rest of the upstream calls, or the shared cache's copy. */
  complete: () => Promise<RedisStatus>;
  /** When a status from the shared cache expires there. */
  expiresAt?: number;
}

/** A status in the shared cache, with the custom resources its admission needs. */
interface SharedEntry {
  customResources: CustomResourceObject[] | undefined;
  status: RedisStatus;
  expiresAt: number;
}

interface CacheEntry {
  /** Read first, so that admission decides on it before anything else is asked. */
  reading: Promise<Reading>;
  /** Started by the first admitted request; every later one shares it. */
  status?: Promise<RedisStatus>;
  /** Undefined while the upstream calls are in flight: every request until then shares them. */
  expiresAt?: number;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Replaces every occurrence of a secret value; the last line of defence for messages from libraries. */
export function redact(text: string, secrets: string[]): string {
  return secrets.reduce(
    (result, secret) => (secret ? result.split(secret).join('***') : result),
    text,
  );
}

function envOf(
  snapshot: KubernetesSnapshot,
  cronJobName: string,
  variable: string,
): string | undefined {
  const cronJob = snapshot.cronJobs.find(
    job => job.metadata?.name === cronJobName,
  );
  const containers =
    cronJob?.spec?.jobTemplate?.spec?.template?.spec?.containers ?? [];
  return containers
    .flatMap(container => container.env ?? [])
    .find(env => env.name === variable)?.value;
}

export class StatusService {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(private readonly options: StatusServiceOptions) {}

  /**
   * The status of `ref`. On a cluster that takes only a user's own token, the Kubernetes reads are
   * made on the viewer's behalf, and the status is cached for that user alone. With `admit`, every
   * request (cached or not) is admitted on the custom resources before it gets anything.
   */
  async getStatus(
    ref: InstanceRef,
    viewer?: Viewer,
    admit?: StatusAdmission,
  ): Promise<RedisStatus> {
    const personal =
      viewer !== undefined &&
      (await this.options.kubernetes
        .needsUserToken(ref.cluster)
        .catch(() => false));
    const reader = personal ? viewer : undefined;
    const instanceKey = `${ref.cluster}/${ref.namespace}/${ref.name}`;
    const key = personal
      ? `${viewer.credentials.principal.userEntityRef} ${instanceKey}`
      : instanceKey;
    const entry = this.entryFor(key, ref, reader);
    const reading = await entry.reading;
    if (admit) {
      try {
        await admit(reading.customResources);
      } catch (error) {
        // A read nobody was admitted to is not kept: the next request reads afresh.
        if (!entry.status && this.cache.get(key) === entry)
          this.cache.delete(key);
        throw error;
      }
    }
    if (!entry.status) {
      entry.status = reading.complete();
      entry.status.then(
        () => {
          entry.expiresAt =
            reading.expiresAt ?? Date.now() + this.options.cacheTtlMs;
        },
        () => {
          if (this.cache.get(key) === entry) this.cache.delete(key);
        },
      );
    }
    return entry.status;
  }

  /** The cached entry of `key` while it is fresh, or a new one that starts with the Kubernetes read. */
  private entryFor(
    key: string,
    ref: InstanceRef,
    viewer: Viewer | undefined,
  ): CacheEntry {
    const now = Date.now();
    const cached = this.cache.get(key);
    if (cached && (cached.expiresAt === undefined || cached.expiresAt > now))
      return cached;
    for (const [staleKey, stale] of this.cache) {
      if (stale.expiresAt !== undefined && stale.expiresAt <= now)
        this.cache.delete(staleKey);
    }
    const entry: CacheEntry = { reading: this.read(key, ref, viewer) };
    this.cache.set(key, entry);
    return entry;
  }

  /** The shared cache's entry of `key`, or the Kubernetes read that starts a status of our own. */
  private async read(
    key: string,
    ref: InstanceRef,
    viewer: Viewer | undefined,
  ): Promise<Reading> {
    const shared = await this.readShared(key);
    if (shared) {
      return {
        customResources: shared.customResources,
        complete: async () => shared.status,
        expiresAt: shared.expiresAt,
      };
    }
    // The operation lock and history do not depend on the listed objects: read beside them.
    const [kubernetes, operations] = await Promise.all([
      this.readKubernetes(ref, viewer),
      this.readOperations(ref, viewer),
    ]);
    const customResources =
      kubernetes.status === 'ok'
        ? kubernetes.data.snapshot.customResources
        : undefined;
    return {
      customResources,
      complete: async () => {
        const status = await this.complete(ref, kubernetes, operations, viewer);
        await this.writeShared(key, { customResources, status });
        return status;
      },
    };
  }

  /** A store that does not answer is a miss: the status is then read upstream. */
  private async readShared(key: string): Promise<SharedEntry | undefined> {
    const { cache, logger } = this.options;
    if (!cache) return undefined;
    try {
      const entry = await cache.get<JsonValue>(key);
      const shared = entry as SharedEntry | undefined;
      return shared && shared.expiresAt > Date.now() ? shared : undefined;
    } catch (error) {
      logger.warn(`Status cache read of ${key} failed: ${messageOf(error)}`);
      return undefined;
    }
  }

  private async writeShared(
    key: string,
    entry: Omit<SharedEntry, 'expiresAt'>,
  ): Promise<void> {
    const { cache, cacheTtlMs, logger } = this.options;
    if (!cache || cacheTtlMs <= 0) return;
    const value: SharedEntry = { ...entry, expiresAt: Date.now() + cacheTtlMs };
    try {
      await cache.set(key, value as unknown as JsonValue, { ttl: cacheTtlMs });
    } catch (error) {
      logger.warn(`Status cache write of ${key} failed: ${messageOf(error)}`);
    }
  }

  private async readKubernetes(
    ref: InstanceRef,
    viewer: Viewer | undefined,
  ): Promise<KubernetesSection> {
    try {
      const snapshot = await this.options.kubernetes.readInstance(ref, viewer);
      return {
        status: 'ok',
        data: { snapshot, summary: summarizeKubernetes(snapshot, ref.name) },
      };
    } catch (error) {
      return { status: 'error', message: messageOf(error) };
    }
  }

  private async readOperations(
    ref: InstanceRef,
    viewer: Viewer | undefined,
  ): Promise<StatusSection<OperationsState>> {
    try {
      return {
        status: 'ok',
        data: await this.options.kubernetes.readOperations(ref, viewer),
      };
    } catch (error) {
      return { status: 'error', message: messageOf(error) };
    }
  }

  /** Redis and S3 in parallel once Kubernetes answered, then the assembled, redacted status. */
  private async complete(
    ref: InstanceRef,
    kubernetesSection: KubernetesSection,
    operations: StatusSection<OperationsState>,
    viewer: Viewer | undefined,
  ): Promise<RedisStatus> {
    const { logger } = this.options;
    const now = new Date();
    let redis: StatusSection<RedisObservations> = {
      status: 'error',
      message: 'not probed',
    };
    let backupObjects: StatusSection<BackupObject[]> = {
      status: 'error',
      message: 'not listed',
    };
    let backupBucket = '';
    const secrets: string[] = [];
    if (kubernetesSection.status === 'ok') {
      const { snapshot, summary } = kubernetesSection.data;
      backupBucket = envOf(snapshot, `${ref.name}-backup`, 'S3_BUCKET') ?? '';
      const region =
        envOf(snapshot, `${ref.name}-backup`, 'AWS_REGION') ?? 'us-east-1';
      [redis, backupObjects] = await Promise.all([
        this.probeRedis(ref, summary, secrets, viewer),
        this.listBackups(backupBucket, region, backupPrefix(ref)),
      ]);
    }
    const status = assembleStatus({
      ref,
      now,
      kubernetes: kubernetesSection,
      operations,
      redis,
      backupObjects,
      backupBucket,
      staleGraceMs: this.options.staleGraceMs,
    });
    const safe: RedisStatus =
      secrets.length > 0
        ? JSON.parse(redact(JSON.stringify(status), secrets))
        : status;
    for (const reason of safe.health.reasons) {
      logger.debug(
        `${ref.namespace}/${ref.name} ${reason.severity}: ${reason.message}`,
      );
    }
    return safe;
  }

  /** Reads the passwords and CA the custom resources point at, then asks every process. */
  private async probeRedis(
    ref: InstanceRef,
    summary: KubernetesSummary,
    secrets: string[],
    viewer: Viewer | undefined,
  ): Promise<StatusSection<RedisObservations>> {
    const { kubernetes, redisProbe } = this.options;
    const { plan } = summary;
    try {
      // Sentinels and Redis usually share one Secret: read each distinct key once.
      const reads = new Map<string, Promise<string | undefined>>();
      const readKey = (secret?: { name: string; key: string }) => {
        if (!secret) return Promise.resolve(undefined);
        const id = `${secret.name}/${secret.key}`;
        if (!reads.has(id))
          reads.set(
            id,
            kubernetes.readSecretValue(ref, secret.name, secret.key, viewer),
          );
        return reads.get(id)!;
      };
      const [dataPassword, sentinelPassword, ca] = await Promise.all([
        readKey(plan.dataPassword),
        readKey(plan.sentinelPassword),
        plan.tls
          ? readKey({ name: plan.tls.secretName, key: plan.tls.caKey })
          : Promise.resolve(undefined),
      ]);
      for (const password of [dataPassword, sentinelPassword])
        if (password) secrets.push(password);
      const tls = plan.tls ? { ca } : undefined;
      const observations = await redisProbe.probe({
        dataNodes: plan.dataNodes,
        sentinels: plan.sentinels,
        sentinelMasterName: plan.sentinelMasterName,
        clusterMode: summary.mode === 'cluster',
        dataAuth: { password: dataPassword, tls },
        sentinelAuth: { password: sentinelPassword },
      });
      return { status: 'ok', data: observations };
    } catch (error) {
      return { status: 'error', message: redact(messageOf(error), secrets) };
    }
  }

  private async listBackups(
    bucket: string,
    region: string,
    prefix: string,
  ): Promise<StatusSection<BackupObject[]>> {
    if (!bucket) return { status: 'ok', data: [] };
    try {
      return {
        status: 'ok',
        data: await this.options.backupStore.listObjects(
          bucket,
          region,
          prefix,
        ),
      };
    } catch (error) {
      return {
        status: 'error',
        message: `s3://${bucket}/${prefix}: ${messageOf(error)}`,
      };
    }
  }
}
