// The RDB reader against real redis-server output: keys of every type a Redis 7.0 writes are saved, read
// back from dump.rdb, RESTOREd into a second fresh redis-server, and compared there key by key.
// Test code outside __testUtils__, never part of the build: the repository's test helpers are a devDependency.
// eslint-disable-next-line @backstage/no-undeclared-imports
import { eventually } from '@internal/redis-test-utils/liveInstance';
import Redis from 'ioredis';
import { spawn, type ChildProcess } from 'node:child_process';
import {
  createReadStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc64 } from './crc64';
import {
  dumpPayload,
  keyPayload,
  readRdbEntries,
  type RdbEntry,
  type RdbKeyEntry,
} from './rdbEntries';

jest.setTimeout(60_000);

const work = mkdtempSync(join(tmpdir(), 'rdb-entries-'));
const servers: ChildProcess[] = [];

/** A redis-server on a unix socket in its own directory, and a client of it once it has loaded. */
async function startServer(name: string, args: string[] = []): Promise<Redis> {
  const dir = join(work, name);
  mkdirSync(dir);
  const socket = join(dir, 'redis.sock');
  const server = spawn(
    'redis-server',
    [
      '--port',
      '0',
      '--unixsocket',
      socket,
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
      ...args,
    ],
    { stdio: 'ignore' },
  );
  servers.push(server);
  return eventually(async () => {
    const client = new Redis({
      path: socket,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.dbsize();
      return client;
    } catch (error) {
      client.disconnect();
      throw error;
    }
  }, `redis-server ${name}`);
}

async function* chunksOf(bytes: Buffer, size: number) {
  for (let i = 0; i < bytes.length; i += size)
    yield bytes.subarray(i, i + size);
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<RdbEntry[]> {
  const entries: RdbEntry[] = [];
  for await (const entry of readRdbEntries(chunks)) entries.push(entry);
  return entries;
}

const keysOf = (entries: RdbEntry[]) =>
  entries.filter((entry): entry is RdbKeyEntry => entry.kind === 'key');

/** What a key holds, read through commands (hash tables iterate in another order on another server). */
async function describeKey(client: Redis, key: Buffer): Promise<unknown> {
  const type = await client.type(key);
  const value = await (async () => {
    switch (type) {
      case 'string':
        return client.getBuffer(key);
      case 'list':
        return client.lrangeBuffer(key, 0, -1);
      case 'set':
        return (await client.smembersBuffer(key)).map(String).sort();
      case 'zset':
        return client.call('ZRANGE', key, '0', '-1', 'WITHSCORES');
      case 'hash':
        return Object.entries(await client.hgetall(key)).sort();
      case 'stream':
        return client.call('XINFO', 'STREAM', key, 'FULL');
      default:
        return type;
    }
  })();
  return {
    type,
    encoding: await client.object('ENCODING', key),
    expiresAt: await client.call('PEXPIRETIME', key),
    value,
  };
}

let source: Redis;
let target: Redis;
let dump: Buffer;
const NOW = Date.now();

beforeAll(async () => {
  // list-compress-depth 1: the inner nodes of a long list are saved LZF-compressed as they are in memory.
  // allkeys-lru: each key is saved after an IDLE opcode with its idle time.
  source = await startServer('source', [
    '--list-compress-depth',
    '1',
    '--maxmemory-policy',
    'allkeys-lru',
  ]);
  target = await startServer('target');
  const pipeline = source.pipeline();
  pipeline.set('plain', 'paid');
  pipeline.set('int8', '-5');
  pipeline.set('int16', '300');
  pipeline.set('int32', String(2 ** 31 - 1));
  pipeline.set('int64', '9007199254740993');
  pipeline.set('12345', 'a key that is an integer');
  pipeline.set('long:compressible', 'abc'.repeat(2000));
  pipeline.set(`key:${'x'.repeat(300)}`, 'a long compressible key');
  pipeline.set('binary', Buffer.from([0, 1, 2, 255, 254, 0]));
  pipeline.rpush('list:small', 'a', 'b', '3');
  pipeline.rpush(
    'list:big',
    ...Array.from(
      { length: 5000 },
      (_, i) => `item-${i % 50}-${'y'.repeat(40)}`,
    ),
  );
  pipeline.sadd('set:intset', 1, 2, 3, -70000, 2 ** 40);
  pipeline.sadd('set:small', 'red', 'green');
  pipeline.sadd(
    'set:big',
    ...Array.from({ length: 1000 }, (_, i) => `member-${i}`),
  );
  pipeline.zadd('zset:small', 1, 'one', 2.5, 'two', '-inf', 'low');
  pipeline.zadd(
    'zset:big',
    ...Array.from({ length: 300 }, (_, i) => [i / 3, `m${i}`]).flat(),
  );
  pipeline.hset('hash:small', 'a', '1', 'b', 'two');
  pipeline.hset(
    'hash:big',
    Object.fromEntries(
      Array.from({ length: 600 }, (_, i) => [`field-${i}`, `value-${i}`]),
    ),
  );
  for (let i = 1; i <= 250; i++)
    pipeline.xadd(
      'stream',
      `${i}-1`,
      'n',
      String(i),
      'kind',
      i % 2 ? 'odd' : 'even',
    );
  pipeline.xdel('stream', '7-1');
  pipeline.xgroup('CREATE', 'stream', 'billing', '0');
  pipeline.xgroup('CREATE', 'stream', 'idle', '$');
  pipeline.xreadgroup(
    'GROUP',
    'billing',
    'alice',
    'COUNT',
    20,
    'STREAMS',
    'stream',
    '>',
  );
  pipeline.xreadgroup(
    'GROUP',
    'billing',
    'bob',
    'COUNT',
    5,
    'STREAMS',
    'stream',
    '>',
  );
  pipeline.xack('stream', 'billing', '1-1', '2-1');
  pipeline.set('ttl:string', 'soon', 'PX', 3_600_000);
  pipeline.hset('ttl:hash', 'f', 'v');
  pipeline.pexpireat('ttl:hash', NOW + 7_200_000);
  pipeline.set('ttl:seconds', 'x', 'EX', 86_400);
  pipeline.call(
    'FUNCTION',
    'LOAD',
    "#!lua name=shoplib\nredis.register_function('shop_ping', function() return 'pong' end)",
  );
  pipeline.select(1);
  pipeline.set('in:db1', 'elsewhere');
  pipeline.select(0);
  const replies = (await pipeline.exec()) ?? [];
  const failed = replies.filter(([error]) => error);
  if (failed.length) throw failed[0][0];
  await source.save();
  dump = readFileSync(join(work, 'source', 'dump.rdb'));
});

afterAll(async () => {
  source?.disconnect();
  target?.disconnect();
  for (const server of servers) server.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

describe('crc64', () => {
  it("is Redis's CRC-64 (Jones): the check value of 123456789", () => {
    expect(crc64(Buffer.from('123456789')).toString(16)).toBe(
      'e9c6d914c4b8d9ca',
    );
    expect(crc64(Buffer.from('56789'), crc64(Buffer.from('1234')))).toBe(
      crc64(Buffer.from('123456789')),
    );
  });

  it('builds the payload a real DUMP replies', async () => {
    const reply = (await source.dumpBuffer('long:compressible'))!;
    const body = reply.subarray(0, reply.length - 10);
    const version = reply.readUInt16LE(reply.length - 10);
    expect(dumpPayload(body, version)).toEqual(reply);
  });
});

describe('readRdbEntries', () => {
  it('reads every key of a real dump, with its db, type and absolute expiry, and verifies the checksum', async () => {
    const entries = await collect(
      createReadStream(join(work, 'source', 'dump.rdb')),
    );
    const keys = keysOf(entries);
    expect(keys.map(entry => `${entry.db}:${entry.key}`).sort()).toEqual(
      [...(await source.keys('*')).map(key => `0:${key}`), '1:in:db1'].sort(),
    );
    const byName = new Map(keys.map(entry => [entry.key.toString(), entry]));
    expect(byName.get('ttl:string')?.expiresAtMs).toBe(
      Number(await source.call('PEXPIRETIME', 'ttl:string')),
    );
    expect(byName.get('ttl:seconds')?.expiresAtMs).toBe(
      Number(await source.call('PEXPIRETIME', 'ttl:seconds')),
    );
    expect(byName.get('plain')?.expiresAtMs).toBeUndefined();
    // The value types Redis 7.0 writes: string, set, zset 2, hash, intset, listpack hash and zset,
    // quicklist 2 and stream listpacks 2.
    expect(
      Object.fromEntries(
        [
          'plain',
          'set:big',
          'zset:big',
          'hash:big',
          'set:intset',
          'hash:small',
          'zset:small',
          'list:big',
          'stream',
        ].map(name => [name, byName.get(name)?.type]),
      ),
    ).toEqual({
      plain: 0,
      'set:big': 2,
      'zset:big': 5,
      'hash:big': 4,
      'set:intset': 11,
      'hash:small': 16,
      'zset:small': 17,
      'list:big': 18,
      stream: 19,
    });
    expect(entries.filter(entry => entry.kind === 'function')).toHaveLength(1);
    expect(entries[entries.length - 1]).toMatchObject({
      kind: 'end',
      rdbVersion: 10,
      checksum: 'verified',
      sizeBytes: dump.length,
    });
  });

  it("gives each key the DUMP payload the server itself replies, except where a hash table's order differs", async () => {
    const keys = keysOf(await collect(chunksOf(dump, 7))).filter(
      entry => entry.db === 0,
    );
    for (const entry of keys) {
      if ([2, 4].includes(entry.type)) continue;
      expect([entry.key.toString(), keyPayload(entry)]).toEqual([
        entry.key.toString(),
        await source.dumpBuffer(entry.key),
      ]);
    }
  });

  it('RESTOREs every key into a fresh server, which then holds what the source holds', async () => {
    const entries = await collect(chunksOf(dump, 4096));
    const started = Date.now();
    const functions = entries.flatMap(entry =>
      entry.kind === 'function' ? [entry] : [],
    );
    await target.call(
      'FUNCTION',
      'RESTORE',
      dumpPayload(
        Buffer.concat(functions.map(entry => entry.payload)),
        functions[0].rdbVersion,
      ),
    );
    for (const entry of keysOf(entries)) {
      await target.select(entry.db);
      await target.call(
        'RESTORE',
        entry.key,
        String(entry.expiresAtMs ?? 0),
        keyPayload(entry),
        ...(entry.expiresAtMs === undefined ? [] : ['ABSTTL']),
      );
    }
    process.stdout.write(
      `RESTORE of ${keysOf(entries).length} keys from a ${
        dump.length
      }-byte dump: ${Date.now() - started} ms\n`,
    );
    for (const db of [0, 1]) {
      await source.select(db);
      await target.select(db);
      const names = (await source.keysBuffer('*')).sort(Buffer.compare);
      expect((await target.keysBuffer('*')).sort(Buffer.compare)).toEqual(
        names,
      );
      for (const key of names)
        expect([key.toString(), await describeKey(target, key)]).toEqual([
          key.toString(),
          await describeKey(source, key),
        ]);
    }
    await source.select(0);
    await target.select(0);
    expect(await target.call('FCALL', 'shop_ping', '0')).toBe('pong');
  });

  it('reads a dump with FREQ opcodes, as Redis saves keys under an LFU policy', async () => {
    const lfu = await startServer('lfu', ['--maxmemory-policy', 'allkeys-lfu']);
    try {
      await lfu.set('a', '1');
      await lfu.get('a');
      await lfu.rpush('b', 'x', 'y');
      await lfu.save();
      const bytes = readFileSync(join(work, 'lfu', 'dump.rdb'));
      expect(bytes.includes(Buffer.from([0xf9]))).toBe(true);
      const entries = await collect(chunksOf(bytes, 3));
      expect(
        keysOf(entries).map(entry => [entry.key.toString(), entry.type]),
      ).toEqual(
        expect.arrayContaining([
          ['a', 0],
          ['b', 18],
        ]),
      );
      for (const entry of keysOf(entries))
        expect(keyPayload(entry)).toEqual(await lfu.dumpBuffer(entry.key));
    } finally {
      lfu.disconnect();
    }
  });

  it('refuses a dump that ends early, naming the byte', async () => {
    await expect(
      collect(chunksOf(dump.subarray(0, dump.length - 100), 1000)),
    ).rejects.toThrow(
      /^the dump ends at byte \d+, inside an item that starts at byte \d+: it is incomplete$/,
    );
  });

  it('refuses a dump whose bytes do not match its checksum', async () => {
    const corrupt = Buffer.from(dump);
    const at = corrupt.indexOf('paid');
    corrupt[at] = 'P'.charCodeAt(0);
    await expect(collect(chunksOf(corrupt, 1000))).rejects.toThrow(
      /^the dump's checksum does not match its bytes/,
    );
  });

  it('refuses what is no RDB dump, and a module value by name', async () => {
    await expect(
      collect(chunksOf(Buffer.from('hello world'), 4)),
    ).rejects.toThrow(/^not an RDB dump: it starts with "hello wor"/);
    const moduleKey = Buffer.concat([
      Buffer.from('REDIS0010'),
      Buffer.from([0xfe, 0x00, 0x07, 0x01]),
      Buffer.from('k'),
      Buffer.from([0x00]),
    ]);
    await expect(collect(chunksOf(moduleKey, 100))).rejects.toThrow(
      /a key holds a module value \(RDB type 7, module 2\) at byte 14/,
    );
  });
});
