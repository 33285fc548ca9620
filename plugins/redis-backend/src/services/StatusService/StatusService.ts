// Assembles the status of one instance: Kubernetes first, then Redis and S3 in parallel; cached and coalesced.
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  BackupObject,
  InstanceRef,
  RedisStatus,
  StatusSection,
} from '@odin/plugin-redis-common';
import type { BackupStore } from '../BackupHistory/BackupStore';
import type {
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
  cacheTtlMs: number;
  staleGraceMs: number;
}

interface CacheEntry {
  status: Promise<RedisStatus>;
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
   * made on the viewer's behalf, and the status is cached for that user alone.
   */
  async getStatus(ref: InstanceRef, viewer?: Viewer): Promise<RedisStatus> {
    const personal =
      viewer !== undefined &&
      (await this.options.kubernetes
        .needsUserToken(ref.cluster)
        .catch(() => false));
    const instanceKey = `${ref.cluster}/${ref.namespace}/${ref.name}`;
    const key = personal
      ? `${viewer.credentials.principal.userEntityRef} ${instanceKey}`
      : instanceKey;
    const now = Date.now();
    const cached = this.cache.get(key);
    if (cached && (cached.expiresAt === undefined || cached.expiresAt > now))
      return cached.status;
    for (const [staleKey, entry] of this.cache) {
      if (entry.expiresAt !== undefined && entry.expiresAt <= now)
        this.cache.delete(staleKey);
    }
    const entry: CacheEntry = {
      status: this.collect(ref, personal ? viewer : undefined),
    };
    this.cache.set(key, entry);
    entry.status.then(
      () => {
        entry.expiresAt = Date.now() + this.options.cacheTtlMs;
      },
      () => this.cache.delete(key),
    );
    return entry.status;
  }

  private async collect(
    ref: InstanceRef,
    viewer: Viewer | undefined,
  ): Promise<RedisStatus> {
    const { kubernetes, logger } = this.options;
    const now = new Date();
    let kubernetesSection: StatusSection<{
      snapshot: KubernetesSnapshot;
      summary: KubernetesSummary;
    }>;
    try {
      const snapshot = await kubernetes.readInstance(ref, viewer);
      kubernetesSection = {
        status: 'ok',
        data: { snapshot, summary: summarizeKubernetes(snapshot, ref.name) },
      };
    } catch (error) {
      kubernetesSection = { status: 'error', message: messageOf(error) };
    }
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
