// The generated redis.conf, run by a real redis-server: it parses, it keeps the process on the sandbox's address
// and dir whatever the additional config says, and the additional config still wins everywhere else.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { sentinelConfig, serverConfig } from './redisConfig';

const PASSWORD = 'planted-Pw-config-7c1e';
/** 127.250–254.x.y: outside the blocks the sandbox (127.30–229) and the backend tests (127.20–249) use. */
const BLOCK = `127.${250 + Math.floor(Math.random() * 5)}.${
  1 + Math.floor(Math.random() * 250)
}`;
/** Lines that would move the process, in the spellings an order could use. */
const MOVES = [
  'bind 0.0.0.0',
  'PORT 7000',
  '  dir /tmp',
  'logfile ""',
  'bind-source-addr 127.0.0.1',
  'replica-announce-ip 10.0.0.1',
  'cluster-announce-ip 10.0.0.1',
  'replicaof 127.0.0.1 6390',
  'include /etc/redis/other.conf',
];

interface Started {
  child: ChildProcess;
  client: Redis;
}

const started: Started[] = [];
let root: string;

beforeAll(() => {
  root = fs.realpathSync(
    fs.mkdtempSync(path.join(os.tmpdir(), 'redis-sandbox-config-')),
  );
});

afterAll(async () => {
  for (const { child, client } of started) {
    client.disconnect();
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  }
  fs.rmSync(root, { recursive: true, force: true });
});

/** Starts redis-server with the lines as its config file, and a client that has authenticated once it answers. */
async function run(
  name: string,
  lines: (dir: string) => string[],
  options: { ip: string; port: number; sentinel?: boolean },
): Promise<Started> {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  const file = path.join(dir, 'redis.conf');
  fs.writeFileSync(file, `${lines(dir).join('\n')}\n`, { mode: 0o600 });
  const child = spawn(
    'redis-server',
    [file, ...(options.sentinel ? ['--sentinel'] : [])],
    { cwd: dir, stdio: 'ignore' },
  );
  const client = new Redis({
    host: options.ip,
    port: options.port,
    password: PASSWORD,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => 100,
  });
  client.on('error', () => undefined);
  const process = { child, client };
  started.push(process);
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null)
      throw new Error(
        `redis-server refused the config (exit ${child.exitCode}):\n${fs
          .readFileSync(path.join(dir, 'redis.log'), 'utf8')
          .slice(-2000)}`,
      );
    try {
      if (client.status === 'wait') await client.connect();
      await client.ping();
      return process;
    } catch (error) {
      if (attempt > 100) throw error;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }
}

async function configOf(client: Redis, name: string): Promise<string> {
  const [, value] = (await client.config('GET', name)) as string[];
  return value;
}

describe('serverConfig', () => {
  it('puts password lines in only when there is a password', () => {
    const base = { ip: '127.0.0.9', port: 6379, dir: '/d', cluster: false };
    const withPassword = serverConfig({
      ...base,
      persistence: false,
      password: PASSWORD,
    });
    expect(withPassword).toEqual(
      expect.arrayContaining([
        'protected-mode yes',
        `requirepass ${PASSWORD}`,
        `masterauth ${PASSWORD}`,
      ]),
    );
    const without = serverConfig({ ...base, persistence: false });
    expect(without).toContain('protected-mode no');
    expect(without.join('\n')).not.toMatch(/requirepass|masterauth/);
  });

  it('keeps a real redis-server on its address and dir while the additional config applies last', async () => {
    const ip = `${BLOCK}.1`;
    const { client } = await run(
      'server',
      dir =>
        serverConfig({
          ip,
          port: 6379,
          dir,
          password: PASSWORD,
          cluster: false,
          persistence: false,
          additional: [
            ...MOVES,
            'maxmemory-policy allkeys-lru',
            'tcp-keepalive 120',
            'appendonly yes',
          ].join('\n'),
        }),
      { ip, port: 6379 },
    );
    expect(await configOf(client, 'bind')).toBe(ip);
    expect(await configOf(client, 'bind-source-addr')).toBe(ip);
    expect(await configOf(client, 'replica-announce-ip')).toBe(ip);
    expect(await configOf(client, 'port')).toBe('6379');
    expect(await configOf(client, 'dir')).toBe(path.join(root, 'server'));
    expect(await configOf(client, 'logfile')).toBe(
      path.join(root, 'server', 'redis.log'),
    );
    expect((await client.role())[0]).toBe('master');
    // The additional config overrides the sandbox's defaults (tcp-keepalive 60, appendonly no).
    expect(await configOf(client, 'maxmemory-policy')).toBe('allkeys-lru');
    expect(await configOf(client, 'tcp-keepalive')).toBe('120');
    expect(await configOf(client, 'appendonly')).toBe('yes');
    expect(await configOf(client, 'masterauth')).toBe(PASSWORD);
    const anonymous = new Redis({
      host: ip,
      port: 6379,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    anonymous.on('error', () => undefined);
    try {
      await expect(anonymous.ping()).rejects.toThrow(/NOAUTH/);
    } finally {
      anonymous.disconnect();
    }
  });

  it('runs a cluster node that announces its own address', async () => {
    const ip = `${BLOCK}.2`;
    const { client } = await run(
      'cluster',
      dir =>
        serverConfig({
          ip,
          port: 6379,
          dir,
          password: PASSWORD,
          cluster: true,
          persistence: true,
          additional: MOVES.join('\n'),
        }),
      { ip, port: 6379 },
    );
    expect(await configOf(client, 'cluster-enabled')).toBe('yes');
    expect(await configOf(client, 'cluster-node-timeout')).toBe('15000');
    expect(await configOf(client, 'cluster-announce-ip')).toBe(ip);
    expect(await configOf(client, 'appendonly')).toBe('yes');
    expect(await configOf(client, 'save')).toBe('900 1 300 10 60 10000');
    expect(fs.existsSync(path.join(root, 'cluster', 'nodes.conf'))).toBe(true);
  });
});

describe('sentinelConfig', () => {
  it('keeps a real sentinel on its address and port, with its password', async () => {
    const ip = `${BLOCK}.3`;
    const { client } = await run(
      'sentinel',
      dir =>
        sentinelConfig({
          ip,
          port: 26379,
          dir,
          password: PASSWORD,
          additional: [
            'port 26400',
            'bind 0.0.0.0',
            'sentinel announce-ip 10.0.0.1',
            'SENTINEL ANNOUNCE-PORT 1',
            'sentinel resolve-hostnames yes',
          ].join('\n'),
        }),
      { ip, port: 26379, sentinel: true },
    );
    expect(await client.call('ROLE')).toEqual(['sentinel', []]);
    const setting = async (name: string) =>
      ((await client.call('SENTINEL', 'CONFIG', 'GET', name)) as string[])[1];
    expect(await setting('announce-ip')).toBe(ip);
    expect(await setting('announce-port')).toBe('0');
    expect(await setting('resolve-hostnames')).toBe('yes');
    expect(await setting('sentinel-pass')).toBe(PASSWORD);
  });
});
