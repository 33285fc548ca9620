// The sandbox's stand-in for the Job controller and the kubelet, for the backup Jobs of Redis instances only:
// it runs each Job's containers on the host (init containers first), with their env, their volumes as local
// directories and S3 at a given endpoint, then writes the Job's status as the Job controller does.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_SCOPE_LABEL } from './controller';
import {
  runOnHost,
  type EnvVar,
  type HostContainer,
  type HostRun,
} from './initContainers';
import { KubeClient, KubeError, type KubeObject } from './kube';

/** The Jobs looked at: those of our instances (the CronJob's jobTemplate carries the instance labels). */
const INSTANCE_JOBS = 'app.kubernetes.io/name=redis';
/** Of those, the backup Jobs: their pods carry this component label. */
const BACKUP_COMPONENT = 'backup';
/** The Job controller's own back-off starts at 10 s; the stand-in retries sooner, so tests stay short. */
const DEFAULT_RETRY_DELAY_MS = 1_000;

export interface BackupJobsOptions {
  client: KubeClient;
  /** Undefined: every namespace except those a test's controller owns. */
  namespaces?: string[];
  /** Where the containers reach S3 (AWS_ENDPOINT_URL), e.g. a local S3 test server. */
  s3Endpoint: string;
  /** Pause between a failed run and the next, up to the Job's backoffLimit. */
  retryDelayMs?: number;
  log(message: string): void;
}

interface Condition {
  type: string;
  status: 'True';
  reason: string;
  message: string;
  lastProbeTime: string;
  lastTransitionTime: string;
}

const isBackupJob = (job: KubeObject) =>
  job.spec?.template?.metadata?.labels?.['app.kubernetes.io/component'] ===
  BACKUP_COMPONENT;

const isFinished = (job: KubeObject) =>
  (job.status?.conditions ?? []).some(
    (condition: { type: string; status: string }) =>
      (condition.type === 'Complete' || condition.type === 'Failed') &&
      condition.status === 'True',
  );

/** The last lines of a container's output, as a termination message with FallbackToLogsOnError has them. */
function tail(text: string, lines = 6): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

export class BackupJobRunner {
  private readonly watches: { stop(): void }[] = [];
  private readonly running = new Map<
    string,
    { abort: AbortController; done: Promise<void> }
  >();
  private stopped = false;

  constructor(private readonly options: BackupJobsOptions) {}

  /** Watches the Jobs; resolves once every watch has listed once. */
  async start(): Promise<void> {
    this.options.log(
      `backup Jobs: running them on this host with S3 at ${this.options.s3Endpoint}, and the AWS_* credentials of the sandbox's own environment standing in for IRSA`,
    );
    const scopes = this.options.namespaces ?? [undefined];
    await Promise.all(
      scopes.map(
        namespace =>
          new Promise<void>(resolve => {
            this.watches.push(
              this.options.client.watch('Job', namespace, INSTANCE_JOBS, {
                onSync: items => {
                  items.forEach(job => this.consider(job));
                  resolve();
                },
                onEvent: (type, job) => {
                  if (type === 'DELETED') this.abort(job);
                  else this.consider(job);
                },
                onError: error =>
                  this.options.log(
                    `watch of Jobs failed, listing again: ${error.message}`,
                  ),
              }),
            );
          }),
      ),
    );
  }

  /** Stops the watches and kills the containers that run. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.watches.forEach(watch => watch.stop());
    const runs = [...this.running.values()];
    runs.forEach(entry => entry.abort.abort());
    await Promise.allSettled(runs.map(entry => entry.done));
  }

  private abort(job: KubeObject) {
    this.running.get(job.metadata.uid!)?.abort.abort();
  }

  private consider(job: KubeObject) {
    if (this.stopped || !isBackupJob(job) || isFinished(job)) return;
    const uid = job.metadata.uid!;
    if (this.running.has(uid)) return;
    const abort = new AbortController();
    const done = this.runJob(job, abort.signal)
      .catch(error => {
        if (!abort.signal.aborted)
          this.options.log(
            `backup Job ${job.metadata.namespace}/${job.metadata.name}: ${
              (error as Error).message
            }`,
          );
      })
      .finally(() => this.running.delete(uid));
    this.running.set(uid, { abort, done });
  }

  /** A namespace a test's own controller owns is left to it, as the controller leaves its instances. */
  private async ownedHere(namespace: string): Promise<boolean> {
    if (this.options.namespaces) return true;
    const response = await this.options.client.request(
      'GET',
      `/api/v1/namespaces/${encodeURIComponent(namespace)}`,
    );
    return !response.body?.metadata?.labels?.[TEST_SCOPE_LABEL];
  }

  private async runJob(job: KubeObject, signal: AbortSignal): Promise<void> {
    const namespace = job.metadata.namespace!;
    const name = job.metadata.name;
    if (!(await this.ownedHere(namespace))) return;
    // The API server keeps whole seconds, and startTime never changes once set.
    if (!job.status?.startTime)
      await this.writeStatus(job, { startTime: wholeSeconds(), active: 1 });
    const backoffLimit: number = job.spec?.backoffLimit ?? 6;
    let failed = 0;
    for (;;) {
      const pod = `${name}-${randomBytes(3).toString('hex').slice(0, 5)}`;
      const result = await this.runPod(job, signal);
      if (signal.aborted) return;
      const now = wholeSeconds();
      if (!result) {
        this.options.log(
          `backup Job ${namespace}/${name}: pod ${pod} succeeded`,
        );
        await this.writeStatus(job, {
          completionTime: now,
          active: 0,
          ready: 0,
          succeeded: 1,
          failed,
          conditions: this.conditions(
            ['SuccessCriteriaMet', 'Complete'],
            'CompletionsReached',
            'Reached expected number of succeeded pods',
            now,
          ),
        });
        return;
      }
      failed += 1;
      this.options.log(
        `backup Job ${namespace}/${name}: container ${
          result.container
        } of pod ${pod} exited with ${result.exitCode}:\n${tail(
          result.output,
        )}`,
      );
      const ruleIndex = (job.spec?.podFailurePolicy?.rules ?? []).findIndex(
        (rule: any) =>
          rule.action === 'FailJob' &&
          (!rule.onExitCodes?.containerName ||
            rule.onExitCodes.containerName === result.container) &&
          rule.onExitCodes?.operator === 'In' &&
          rule.onExitCodes.values.includes(result.exitCode),
      );
      let failure: [string, string] | undefined;
      if (ruleIndex >= 0)
        failure = [
          'PodFailurePolicy',
          `Container ${result.container} for pod ${namespace}/${pod} failed with exit code ${result.exitCode} matching FailJob rule at index ${ruleIndex}`,
        ];
      else if (failed > backoffLimit)
        failure = [
          'BackoffLimitExceeded',
          'Job has reached the specified backoff limit',
        ];
      if (failure) {
        const [reason, message] = failure;
        await this.writeStatus(job, {
          active: 0,
          ready: 0,
          failed,
          conditions: this.conditions(
            ['FailureTarget', 'Failed'],
            reason,
            message,
            now,
          ),
        });
        this.options.log(`backup Job ${namespace}/${name} failed: ${message}`);
        return;
      }
      await this.writeStatus(job, { active: 1, failed });
      await new Promise(resolve =>
        setTimeout(
          resolve,
          this.options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS,
        ),
      );
      if (signal.aborted) return;
    }
  }

  private conditions(
    types: string[],
    reason: string,
    message: string,
    now: string,
  ): Condition[] {
    return types.map(type => ({
      type,
      status: 'True',
      reason,
      message,
      lastProbeTime: now,
      lastTransitionTime: now,
    }));
  }

  private async writeStatus(job: KubeObject, status: Record<string, unknown>) {
    await this.options.client.patchStatus(
      'Job',
      job.metadata.name,
      job.metadata.namespace,
      status,
    );
  }

  /**
   * One pod of the Job: its volumes as fresh local directories (emptyDir) or files (configMap), then each
   * init container and each container in turn; undefined when all exited 0, else the first failure.
   */
  private async runPod(
    job: KubeObject,
    signal: AbortSignal,
  ): Promise<HostRun | undefined> {
    const namespace = job.metadata.namespace!;
    const spec = job.spec.template.spec;
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-sandbox-job-'));
    try {
      const volumes = new Map<string, string>();
      for (const volume of spec.volumes ?? []) {
        const dir = path.join(root, volume.name);
        fs.mkdirSync(dir, { recursive: true });
        if (volume.configMap) {
          const configMap = await this.read(
            'configmaps',
            namespace,
            volume.configMap.name,
          );
          for (const [file, text] of Object.entries(configMap.data ?? {}))
            fs.writeFileSync(path.join(dir, file), text as string, {
              mode: volume.configMap.defaultMode ?? 0o644,
            });
        }
        volumes.set(volume.name, dir);
      }
      const containers: HostContainer[] = [
        ...(spec.initContainers ?? []),
        ...(spec.containers ?? []),
      ];
      for (const container of containers) {
        const result = await this.runContainer(
          namespace,
          container,
          volumes,
          signal,
        );
        if (result.exitCode !== 0 || signal.aborted) return result;
      }
      return undefined;
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }

  /** One container on the host, as the kubelet would run it; the Service names it dumps from become pod addresses. */
  private runContainer(
    namespace: string,
    container: HostContainer,
    volumes: Map<string, string>,
    signal: AbortSignal,
  ): Promise<HostRun> {
    return runOnHost(container, {
      volumes,
      signal,
      s3Endpoint: this.options.s3Endpoint,
      envValue: async entry => {
        const value = await this.envValue(namespace, entry);
        return entry.name === 'REDIS_HOST' && value !== undefined
          ? this.resolveHost(namespace, value)
          : value;
      },
    });
  }

  private async read(
    collection: 'secrets' | 'configmaps' | 'services',
    namespace: string,
    name: string,
  ): Promise<KubeObject> {
    const response = await this.options.client.request(
      'GET',
      `/api/v1/namespaces/${encodeURIComponent(
        namespace,
      )}/${collection}/${encodeURIComponent(name)}`,
    );
    if (response.status !== 200)
      throw new KubeError(`get ${collection} ${namespace}/${name}`, response);
    return response.body;
  }

  private async envValue(
    namespace: string,
    entry: EnvVar,
  ): Promise<string | undefined> {
    if (entry.value !== undefined) return entry.value;
    const secretRef = entry.valueFrom?.secretKeyRef;
    if (secretRef) {
      const secret = await this.read('secrets', namespace, secretRef.name);
      const encoded = secret.data?.[secretRef.key];
      return encoded === undefined
        ? undefined
        : Buffer.from(encoded, 'base64').toString('utf8');
    }
    const configMapRef = entry.valueFrom?.configMapKeyRef;
    if (configMapRef)
      return (await this.read('configmaps', namespace, configMapRef.name))
        .data?.[configMapRef.key];
    return undefined;
  }

  /**
   * No cluster DNS here: `<service>.<namespace>.svc[.cluster.local]` (or a bare Service name) becomes the
   * loopback address of a ready pod the Service selects. Anything else is left as it is.
   */
  private async resolveHost(namespace: string, host: string): Promise<string> {
    const match =
      /^([a-z0-9-]+)(?:\.([a-z0-9-]+)(?:\.svc(?:\.cluster\.local)?)?)?$/.exec(
        host,
      );
    if (!match) return host;
    const [, serviceName, serviceNamespace = namespace] = match;
    let service: KubeObject;
    try {
      service = await this.read('services', serviceNamespace, serviceName);
    } catch {
      return host;
    }
    const selector = Object.entries(service.spec?.selector ?? {})
      .map(([label, value]) => `${label}=${value}`)
      .join(',');
    if (!selector) return host;
    const { items } = await this.options.client.list(
      'Pod',
      serviceNamespace,
      selector,
    );
    const ready = items.find(
      pod =>
        pod.status?.podIP &&
        (pod.status?.conditions ?? []).some(
          (condition: { type: string; status: string }) =>
            condition.type === 'Ready' && condition.status === 'True',
        ),
    );
    return ready?.status.podIP ?? host;
  }
}

function wholeSeconds(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
