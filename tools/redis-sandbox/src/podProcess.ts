// The kubelet's part for one pod: one real redis-server (or sentinel) process on the pod's own loopback
// address, probed as readiness and liveness probes would, and restarted with the kubelet's back-off.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Redis from 'ioredis';

export interface ProcessConfig {
  sentinel: boolean;
  /** redis.conf lines; secrets are only ever written to this file (mode 0600), never to argv or logs. */
  lines: string[];
  password?: string;
}

export type RoleSummary =
  | { role: 'master'; replicas: string[] }
  | { role: 'slave'; master: string; linkUp: boolean }
  | { role: 'sentinel'; masters: string[] };

/** ROLE's reply without offsets: `['master', offset, [[ip, port, offset]…]]`, `['slave', ip, port, state, offset]`, `['sentinel', [names]]`. */
export function summarizeRole(reply: unknown[]): RoleSummary | undefined {
  const [role, ...rest] = reply as [string, ...any[]];
  if (role === 'master')
    return {
      role,
      replicas: (rest[1] as string[][]).map(([ip, port]) => `${ip}:${port}`),
    };
  if (role === 'slave')
    return {
      role,
      master: `${rest[0]}:${rest[1]}`,
      linkUp: rest[2] === 'connected',
    };
  if (role === 'sentinel') return { role, masters: rest[0] as string[] };
  return undefined;
}

export type ContainerState =
  | { running: { startedAt: string } }
  | { waiting: { reason: string; message?: string } }
  | {
      terminated: {
        exitCode: number;
        reason: string;
        startedAt?: string;
        finishedAt: string;
      };
    };

/** One probe period. The kubelet's default is 10 s; the sandbox probes every second so drills show at once. */
const PROBE_PERIOD_MS = 1_000;
const READINESS_FAILURES = 3;
const LIVENESS_FAILURES = 10;
const MAX_BACKOFF_MS = 300_000;
/** A container that ran this long without exiting gets its back-off reset, as the kubelet does. */
const BACKOFF_RESET_MS = 600_000;

export interface PodProcessOptions {
  key: string;
  ip: string;
  port: number;
  dir: string;
  restartBackoffMs: number;
  /** Called on every change of readiness, state, restarts or the ROLE reply. */
  onChange(): void;
  log(message: string): void;
}

export class PodProcess {
  restartCount = 0;
  ready = false;
  state: ContainerState = { waiting: { reason: 'ContainerCreating' } };
  lastState: ContainerState | Record<string, never> = {};
  /** What the last ROLE reply says, without the offsets that change with every write. */
  role: RoleSummary | undefined;

  private child: ChildProcess | undefined;
  private client: Redis | undefined;
  private config: (() => ProcessConfig | string) | undefined;
  private stopping = false;
  private failures = 0;
  /** False until the first probe after a start answers: until then, failures are the start-up, not a fault. */
  private answered = false;
  private backoffMs: number;
  private startedAt = 0;
  private probeTimer: NodeJS.Timeout | undefined;
  private restartTimer: NodeJS.Timeout | undefined;

  constructor(readonly options: PodProcessOptions) {
    this.backoffMs = options.restartBackoffMs;
    fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get configFile(): string {
    return path.join(this.options.dir, 'redis.conf');
  }

  /**
   * Starts the process. `config` is asked again at every restart, so a restarted replica follows the
   * current master; it returns a string when the container cannot start (the kubelet's
   * CreateContainerConfigError, e.g. a missing Secret), and is retried on the next `start`.
   */
  start(config: () => ProcessConfig | string): void {
    this.config = config;
    if (this.child || this.stopping) return;
    const resolved = config();
    if (typeof resolved === 'string') {
      this.setState({
        waiting: { reason: 'CreateContainerConfigError', message: resolved },
      });
      return;
    }
    fs.writeFileSync(this.configFile, `${resolved.lines.join('\n')}\n`, {
      mode: 0o600,
    });
    const args = [
      this.configFile,
      ...(resolved.sentinel ? ['--sentinel'] : []),
    ];
    const child = spawn('redis-server', args, {
      cwd: this.options.dir,
      stdio: 'ignore',
    });
    this.child = child;
    this.startedAt = Date.now();
    fs.writeFileSync(path.join(this.options.dir, 'pid'), String(child.pid));
    child.once('exit', (code, signal) => this.exited(code, signal));
    this.client?.disconnect();
    this.client = new Redis({
      host: this.options.ip,
      port: this.options.port,
      password: resolved.password,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 1_000,
      commandTimeout: 1_000,
      retryStrategy: () => 200,
    });
    this.client.on('error', () => undefined);
    this.setState({ running: { startedAt: new Date().toISOString() } });
    this.failures = 0;
    this.answered = false;
    this.scheduleProbe(50);
  }

  /** A command on the pod's Redis, as the operator sends them (REPLICAOF, SENTINEL MONITOR, CLUSTER …). */
  async call(...args: (string | number)[]): Promise<unknown> {
    if (!this.client) throw new Error(`${this.options.key} is not running`);
    if (this.client.status === 'wait') await this.client.connect();
    return this.client.call(String(args[0]), ...args.slice(1).map(String));
  }

  /** The container's waiting state while the pod's init containers run or fail, before its first start. */
  waitForInit(reason: string, message?: string): void {
    if (!this.child) this.setState({ waiting: { reason, message } });
  }

  signal(signal: NodeJS.Signals): boolean {
    return this.child?.kill(signal) ?? false;
  }

  /** Stops the process for good (pod deleted, or the sandbox stops). */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.probeTimer);
    clearTimeout(this.restartTimer);
    this.client?.disconnect();
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    this.child = undefined;
  }

  private setState(state: ContainerState) {
    if (JSON.stringify(state) === JSON.stringify(this.state)) return;
    this.state = state;
    if (!('running' in state)) this.ready = false;
    this.options.onChange();
  }

  private exited(code: number | null, signal: NodeJS.Signals | null) {
    this.child = undefined;
    if (this.stopping) return;
    clearTimeout(this.probeTimer);
    const ranMs = Date.now() - this.startedAt;
    if (ranMs >= BACKOFF_RESET_MS)
      this.backoffMs = this.options.restartBackoffMs;
    const delayMs = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    this.restartCount += 1;
    this.role = undefined;
    this.lastState = {
      terminated: {
        exitCode: code ?? 137,
        reason: signal === 'SIGKILL' ? 'Killed' : 'Error',
        startedAt: new Date(this.startedAt).toISOString(),
        finishedAt: new Date().toISOString(),
      },
    };
    this.options.log(
      `${this.options.key}: process exited (${
        signal ?? `code ${code}`
      }); restarting in ${Math.round(delayMs / 1000)} s (restart ${
        this.restartCount
      })`,
    );
    this.setState({
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off ${Math.round(
          delayMs / 1000,
        )}s restarting failed container`,
      },
    });
    this.restartTimer = setTimeout(() => {
      if (this.config) this.start(this.config);
    }, delayMs);
  }

  private scheduleProbe(delayMs: number) {
    clearTimeout(this.probeTimer);
    this.probeTimer = setTimeout(() => this.probe(), delayMs);
  }

  private async probe() {
    if (!this.child || this.stopping) return;
    let role: RoleSummary | undefined;
    try {
      role = summarizeRole((await this.call('ROLE')) as unknown[]);
    } catch {
      role = undefined;
    }
    if (!this.child || this.stopping) return;
    const wasReady = this.ready;
    const previousRole = JSON.stringify(this.role);
    if (role) {
      this.failures = 0;
      this.answered = true;
      this.ready = true;
      this.role = role;
    } else if (this.answered) {
      this.failures += 1;
      if (this.failures >= READINESS_FAILURES) this.ready = false;
      if (this.failures >= LIVENESS_FAILURES) {
        this.options.log(
          `${this.options.key}: liveness probe failed ${this.failures} times; killing the container`,
        );
        this.child.kill('SIGKILL');
        return;
      }
    }
    if (wasReady !== this.ready || previousRole !== JSON.stringify(this.role))
      this.options.onChange();
    this.scheduleProbe(this.answered ? PROBE_PERIOD_MS : 100);
  }
}
