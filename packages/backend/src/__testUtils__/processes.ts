// The real servers the portal runs on in production, started for a test and stopped by pid: PostgreSQL
// (Debian's), a redis-server as Backstage's shared cache, and replicas of this backend as processes.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// eslint-disable-next-line no-restricted-syntax -- test code, run from src/
const BACKEND_DIR = path.resolve(__dirname, '../..');
const REPO_ROOT = path.resolve(BACKEND_DIR, '../..');

/** A port nobody listens on now, on loopback. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/**
 * Polls `check` every 200 ms until it returns a value, or fails after `timeoutMs` saying `what`;
 * a check that throws ends the wait with its error.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

/** A started process, its output kept for failure messages, stopped by its pid. */
export class ServerProcess {
  private output = '';
  private readonly exited: Promise<number | null>;

  constructor(readonly name: string, private readonly child: ChildProcess) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-200_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise(resolve => child.on('exit', resolve));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get logs(): string {
    return this.output;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves when `pattern` has been printed; rejects if the process exits first. */
  async printed(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
    await waitFor(
      `${this.name} to print ${pattern}`,
      async () => {
        if (pattern.test(this.output)) return true;
        if (!this.running)
          throw new Error(`${this.name} exited:\n${this.output.slice(-4000)}`);
        return undefined;
      },
      timeoutMs,
    ).catch(error => {
      throw new Error(`${error.message}\n${this.output.slice(-4000)}`);
    });
  }

  /** Sends `signal` to the pid and waits for the exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.running) return;
    process.kill(this.pid, signal);
    await this.exited;
  }
}

function spawnServer(
  name: string,
  command: string,
  args: string[],
  options: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    user?: { uid: number; gid: number };
  },
): ServerProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    uid: options.user?.uid,
    gid: options.user?.gid,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new ServerProcess(name, child);
}

/** Debian's newest installed PostgreSQL server programs. */
function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a))
    : [];
  const found = versions.find(version =>
    fs.existsSync(path.join(root, version, 'bin', 'initdb')),
  );
  if (!found)
    throw new Error(
      `PostgreSQL is not installed under ${root}; make test installs Debian's postgresql`,
    );
  return path.join(root, found, 'bin');
}

/** PostgreSQL refuses to run as root; then it runs as Debian's postgres user. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) =>
    Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

export interface RunningPostgres {
  host: string;
  port: number;
  user: string;
  password: string;
  stop(): Promise<void>;
}

/** A PostgreSQL of its own in a temporary directory, on loopback, trusting local connections. */
export async function startPostgres(): Promise<RunningPostgres> {
  const bin = postgresBinDir();
  const user = postgresUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odin-postgres-'));
  if (user) fs.chownSync(dir, user.uid, user.gid);
  const data = path.join(dir, 'data');
  const role = 'backstage';
  execFileSync(
    path.join(bin, 'initdb'),
    ['-D', data, '-U', role, '-A', 'trust', '--no-sync'],
    { uid: user?.uid, gid: user?.gid, stdio: 'pipe' },
  );
  const port = await freePort();
  const server = spawnServer(
    'postgres',
    path.join(bin, 'postgres'),
    [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'max_connections=200',
    ],
    { user },
  );
  await server.printed(/database system is ready to accept connections/);
  return {
    host: '127.0.0.1',
    port,
    user: role,
    password: 'unused-trust-auth',
    async stop() {
      // SIGINT is PostgreSQL's fast shutdown: it does not wait for clients to disconnect.
      await server.stop('SIGINT');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RunningRedis {
  url: string;
  stop(): Promise<void>;
}

/** A redis-server without persistence, for Backstage's cache. */
export async function startRedisServer(): Promise<RunningRedis> {
  const port = await freePort();
  const server = spawnServer(
    'redis-server',
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    {},
  );
  await server.printed(/Ready to accept connections/);
  return { url: `redis://127.0.0.1:${port}`, stop: () => server.stop() };
}

export interface Replica {
  name: string;
  baseUrl: string;
  process: ServerProcess;
}

/**
 * Starts this backend (packages/backend) as a process with app-config.yaml, app-config.production.yaml
 * and `config`, the way `backstage-cli package start` runs it, and waits for its readiness check.
 */
export async function startReplica(options: {
  name: string;
  config: object;
  env: NodeJS.ProcessEnv;
  configDir: string;
}): Promise<Replica> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const configFile = path.join(options.configDir, `${options.name}.json`);
  const config = {
    ...options.config,
    backend: {
      ...(options.config as { backend?: object }).backend,
      baseUrl,
      listen: { port, host: '127.0.0.1' },
    },
  };
  fs.writeFileSync(configFile, JSON.stringify(config));
  const server = spawnServer(
    options.name,
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      path.join(REPO_ROOT, 'app-config.yaml'),
      '--config',
      path.join(REPO_ROOT, 'app-config.production.yaml'),
      '--config',
      configFile,
    ],
    { cwd: BACKEND_DIR, env: { ...process.env, ...options.env } },
  );
  await waitFor(
    `${options.name} to be ready`,
    async () => {
      if (!server.running)
        throw new Error(`${options.name} exited:\n${server.logs.slice(-4000)}`);
      const response = await fetch(
        `${baseUrl}/.backstage/health/v1/readiness`,
      ).catch(() => undefined);
      return response?.ok ? true : undefined;
    },
    180_000,
  ).catch(error => {
    throw new Error(`${error.message}\n${server.logs.slice(-4000)}`);
  });
  return { name: options.name, baseUrl, process: server };
}
