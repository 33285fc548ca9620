// Starts real redis-server and sentinel processes on their own 127.x.y.z addresses for integration tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';

export interface RedisProcess {
  host: string;
  port: number;
  process: ChildProcess;
}

/** A random 127.a.b.0/24 block per test file, so parallel jest workers never share an address. */
export function loopbackBlock(): (index: number) => string {
  const a = 20 + Math.floor(Math.random() * 230);
  const b = 1 + Math.floor(Math.random() * 250);
  return index => `127.${a}.${b}.${index}`;
}

export class RedisFleet {
  readonly dir = mkdtempSync(join(tmpdir(), 'redis-status-'));
  private readonly processes: RedisProcess[] = [];

  constructor(private readonly password: string) {}

  /** A redis-server bound to `host`, talking from and announcing that address. */
  async startServer(
    host: string,
    port: number,
    extra: string[] = [],
  ): Promise<RedisProcess> {
    const dir = join(this.dir, `${host}-${port}`);
    return this.start(host, port, 'redis-server', [
      '--bind',
      host,
      '--bind-source-addr',
      host,
      '--replica-announce-ip',
      host,
      '--port',
      String(port),
      '--dir',
      this.dir,
      '--dbfilename',
      `${host}-${port}.rdb`,
      '--cluster-config-file',
      `${dir}-nodes.conf`,
      '--save',
      '',
      '--appendonly',
      'no',
      '--requirepass',
      this.password,
      '--masterauth',
      this.password,
      ...extra,
    ]);
  }

  async startSentinel(
    host: string,
    master: RedisProcess,
    quorum: number,
  ): Promise<RedisProcess> {
    const file = join(this.dir, `sentinel-${host}.conf`);
    writeFileSync(
      file,
      [
        `bind ${host}`,
        `port 26379`,
        `sentinel announce-ip ${host}`,
        `requirepass ${this.password}`,
        `sentinel monitor mymaster ${master.host} ${master.port} ${quorum}`,
        `sentinel auth-pass mymaster ${this.password}`,
        'sentinel down-after-milliseconds mymaster 2000',
        'sentinel failover-timeout mymaster 10000',
        '',
      ].join('\n'),
    );
    return this.start(host, 26379, 'redis-server', [file, '--sentinel']);
  }

  client(target: { host: string; port: number }): Redis {
    return new Redis({
      host: target.host,
      port: target.port,
      password: this.password,
      lazyConnect: true,
    });
  }

  private async start(
    host: string,
    port: number,
    command: string,
    args: string[],
  ): Promise<RedisProcess> {
    const child = spawn(command, args, { stdio: 'ignore' });
    const started = { host, port, process: child };
    this.processes.push(started);
    await this.waitForPing(started);
    return started;
  }

  private async waitForPing(target: RedisProcess): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const client = this.client(target);
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.ping();
        return;
      } catch {
        await new Promise(resolve => setTimeout(resolve, 50));
      } finally {
        client.disconnect();
      }
    }
    throw new Error(`${target.host}:${target.port} did not start`);
  }

  /** Kills one process and waits until it is gone. */
  async kill(target: RedisProcess): Promise<void> {
    if (target.process.exitCode !== null || target.process.signalCode !== null)
      return;
    const exited = new Promise(resolve => target.process.once('exit', resolve));
    target.process.kill('SIGKILL');
    await exited;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.processes.map(process => this.kill(process)));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Polls `check` until it returns a value; integration tests wait for Redis's own state changes this way. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  attempts = 200,
): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}
