// A streaming reader of RDB dumps that yields every key with its database, expiry, type and serialized
// value, without decoding the values: it finds their boundaries only, so each value can be sent back as
// a DUMP payload (RESTORE). Covers the RDB formats up to version 12 (Redis 7.4 and 8).
import { InputError } from '@backstage/errors';
import { crc64 } from './crc64';

/**
 * One key of a dump.
 *
 * @public
 */
export interface RdbKeyEntry {
  kind: 'key';
  db: number;
  key: Buffer;
  /** The absolute expiry in Unix milliseconds; undefined when the key has none. */
  expiresAtMs?: number;
  /** The RDB value type, e.g. 0 for a string (see RDB_VALUE_TYPES). */
  type: number;
  /** The serialized value as the dump holds it, without its type byte: the body of a DUMP payload. */
  value: Buffer;
  /** The dump's RDB version, which a DUMP payload of the value carries. */
  rdbVersion: number;
}

/**
 * A function library of the dump (opcode FUNCTION2): `payload` is the opcode and the library's code as
 * the dump holds them, the body of a FUNCTION RESTORE payload.
 *
 * @public
 */
export interface RdbFunctionEntry {
  kind: 'function';
  payload: Buffer;
  rdbVersion: number;
}

/**
 * The end of a dump: its version, aux fields, and whether its CRC-64 was checked (a dump saved with
 * `rdbchecksum no`, or older than RDB 5, has none).
 *
 * @public
 */
export interface RdbEnd {
  kind: 'end';
  rdbVersion: number;
  aux: Record<string, string>;
  checksum: 'verified' | 'none';
  sizeBytes: number;
}

/** @public */
export type RdbEntry = RdbKeyEntry | RdbFunctionEntry | RdbEnd;

/**
 * The value types of RDB 1 to 12 by their type byte, as Redis's rdb.h names them.
 *
 * @public
 */
export const RDB_VALUE_TYPES: Record<number, string> = {
  0: 'string',
  1: 'list',
  2: 'set',
  3: 'zset',
  4: 'hash',
  5: 'zset 2',
  6: 'module (pre-GA)',
  7: 'module 2',
  9: 'hash zipmap',
  10: 'list ziplist',
  11: 'set intset',
  12: 'zset ziplist',
  13: 'hash ziplist',
  14: 'list quicklist',
  15: 'stream listpacks',
  16: 'hash listpack',
  17: 'zset listpack',
  18: 'list quicklist 2',
  19: 'stream listpacks 2',
  20: 'set listpack',
  21: 'stream listpacks 3',
  22: 'hash with field TTLs (7.4 pre-GA)',
  23: 'hash listpack with field TTLs (7.4 pre-GA)',
  24: 'hash with field TTLs',
  25: 'hash listpack with field TTLs',
};

const OPCODE = {
  slotInfo: 0xf4,
  function2: 0xf5,
  functionPreGa: 0xf6,
  moduleAux: 0xf7,
  idle: 0xf8,
  freq: 0xf9,
  aux: 0xfa,
  resizeDb: 0xfb,
  expireTimeMs: 0xfc,
  expireTime: 0xfd,
  selectDb: 0xfe,
  eof: 0xff,
};

/** Thrown by the cursor when the bytes read so far end inside the item: more are read, and it starts over. */
export class NeedMore extends Error {}

/** Reads RDB's encodings from a buffer that starts at `base` bytes into the dump (the header reader's too). */
export class Cursor {
  pos = 0;
  /** Where the file's CRC stops, when the item holds the checksum itself. */
  crcEnd?: number;

  constructor(private readonly bytes: Buffer, private readonly base = 0) {}

  at(): number {
    return this.base + this.pos;
  }

  take(length: number): Buffer {
    if (this.pos + length > this.bytes.length) throw new NeedMore();
    const slice = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return slice;
  }

  byte(): number {
    return this.take(1)[0];
  }

  /** RDB's length encoding; `special` is the integer (0–2) or LZF (3) encoding of a string. */
  length(): { value: number; special?: number } {
    const first = this.byte();
    switch (first >> 6) {
      case 0:
        return { value: first & 0x3f };
      case 1:
        return { value: ((first & 0x3f) << 8) | this.byte() };
      case 3:
        return { value: 0, special: first & 0x3f };
      default:
        if (first === 0x80) return { value: this.take(4).readUInt32BE() };
        if (first === 0x81)
          return { value: Number(this.take(8).readBigUInt64BE()) };
        throw new InputError(
          `unknown RDB length encoding 0x${first.toString(16)} at byte ${
            this.at() - 1
          }`,
        );
    }
  }

  count(): number {
    const { value, special } = this.length();
    if (special !== undefined)
      throw new InputError(
        `a count at byte ${this.at() - 1} has a string encoding`,
      );
    return value;
  }

  /** A string's bytes as Redis wrote them (integer and LZF encodings decoded). */
  string(): Buffer {
    const { value, special } = this.length();
    if (special === undefined) return this.take(value);
    if (special === 0) return Buffer.from(String(this.take(1).readInt8()));
    if (special === 1) return Buffer.from(String(this.take(2).readInt16LE()));
    if (special === 2) return Buffer.from(String(this.take(4).readInt32LE()));
    if (special === 3) {
      const compressed = this.count();
      const length = this.count();
      return lzfDecompress(this.take(compressed), length, this.at());
    }
    throw new InputError(
      `unknown RDB string encoding ${special} at byte ${this.at() - 1}`,
    );
  }

  /** The bytes read since `start`. */
  since(start: number): Buffer {
    return this.bytes.subarray(start, this.pos);
  }

  skipString(): void {
    const { value, special } = this.length();
    if (special === undefined) this.take(value);
    else if (special <= 2) this.take(2 ** special);
    else if (special === 3) {
      const compressed = this.count();
      this.count();
      this.take(compressed);
    } else
      throw new InputError(
        `unknown RDB string encoding ${special} at byte ${this.at() - 1}`,
      );
  }

  skipStrings(count: number, perEntry: number): void {
    for (let i = 0; i < count * perEntry; i++) this.skipString();
  }
}

/** LZF (liblzf's format): literal runs and back references into the output. */
function lzfDecompress(input: Buffer, length: number, at: number): Buffer {
  const output = Buffer.alloc(length);
  let ip = 0;
  let op = 0;
  const corrupt = () =>
    new InputError(`a compressed string ending at byte ${at} is corrupt`);
  while (ip < input.length) {
    const control = input[ip++];
    if (control < 32) {
      const run = control + 1;
      if (op + run > length || ip + run > input.length) throw corrupt();
      input.copy(output, op, ip, ip + run);
      ip += run;
      op += run;
    } else {
      let run = control >> 5;
      let ref = op - ((control & 0x1f) << 8) - 1;
      if (run === 7) {
        if (ip >= input.length) throw corrupt();
        run += input[ip++];
      }
      if (ip >= input.length) throw corrupt();
      ref -= input[ip++];
      run += 2;
      if (ref < 0 || op + run > length) throw corrupt();
      for (let i = 0; i < run; i++) output[op++] = output[ref++];
    }
  }
  if (op !== length) throw corrupt();
  return output;
}

/** Skips a stream value of type 15, 19 or 21 (the consumer groups' layout grew with each). */
function skipStream(cursor: Cursor, type: number): void {
  cursor.skipStrings(cursor.count(), 2); // node keys (master IDs) and their listpacks
  const ids = type >= 19 ? 8 : 3; // length, last ID; then first ID, max deleted ID, entries added
  for (let i = 0; i < ids; i++) cursor.count();
  const groups = cursor.count();
  for (let group = 0; group < groups; group++) {
    cursor.skipString();
    cursor.count();
    cursor.count();
    if (type >= 19) cursor.count(); // entries read
    const pending = cursor.count();
    for (let i = 0; i < pending; i++) {
      cursor.take(16 + 8); // the entry's ID, its delivery time
      cursor.count(); // delivery count
    }
    const consumers = cursor.count();
    for (let consumer = 0; consumer < consumers; consumer++) {
      cursor.skipString();
      cursor.take(type >= 21 ? 16 : 8); // seen time (and active time)
      cursor.take(16 * cursor.count()); // the IDs it has pending
    }
  }
}

/** Skips one value of `type`; module values are refused, since only their module can read them. */
function skipValue(cursor: Cursor, type: number): void {
  switch (type) {
    case 0:
    case 9:
    case 10:
    case 11:
    case 12:
    case 13:
    case 16:
    case 17:
    case 20:
    case 23:
      cursor.skipString();
      return;
    case 25:
      cursor.take(8); // the hash's next field expiry
      cursor.skipString();
      return;
    case 1:
    case 2:
    case 14:
      cursor.skipStrings(cursor.count(), 1);
      return;
    case 4:
      cursor.skipStrings(cursor.count(), 2);
      return;
    case 3: {
      const members = cursor.count();
      for (let i = 0; i < members; i++) {
        cursor.skipString();
        const scoreLength = cursor.byte(); // 253 nan, 254 +inf, 255 -inf
        if (scoreLength < 253) cursor.take(scoreLength);
      }
      return;
    }
    case 5: {
      const members = cursor.count();
      for (let i = 0; i < members; i++) {
        cursor.skipString();
        cursor.take(8);
      }
      return;
    }
    case 18: {
      const nodes = cursor.count();
      for (let i = 0; i < nodes; i++) {
        cursor.count(); // the node's container: plain or packed
        cursor.skipString();
      }
      return;
    }
    case 22:
    case 24: {
      if (type === 24) cursor.take(8);
      const fields = cursor.count();
      for (let i = 0; i < fields; i++) {
        cursor.count(); // the field's TTL
        cursor.skipString();
        cursor.skipString();
      }
      return;
    }
    case 15:
    case 19:
    case 21:
      skipStream(cursor, type);
      return;
    case 6:
    case 7:
      throw new InputError(
        `a key holds a module value (RDB type ${type}, ${
          RDB_VALUE_TYPES[type]
        }) at byte ${cursor.at()}: only the module that wrote it can read it, so the restore cannot carry it`,
      );
    default:
      throw new InputError(
        `unknown RDB value type ${type} at byte ${cursor.at()}`,
      );
  }
}

const isValueType = (type: number) =>
  (type >= 0 && type <= 7) || (type >= 9 && type <= 25);

interface Position {
  db: number;
  expiresAtMs?: number;
}

/** One item from the cursor: a key, a function, the end, or nothing (an opcode that only sets state). */
function readItem(
  cursor: Cursor,
  position: Position,
  version: number,
  aux: Record<string, string>,
):
  | RdbKeyEntry
  | RdbFunctionEntry
  | { kind: 'eof'; checksum?: bigint }
  | undefined {
  const opcode = cursor.byte();
  switch (opcode) {
    case OPCODE.aux: {
      const key = cursor.string().toString('utf8');
      aux[key] = cursor.string().toString('utf8');
      return undefined;
    }
    case OPCODE.resizeDb:
      cursor.count();
      cursor.count();
      return undefined;
    case OPCODE.selectDb:
      position.db = cursor.count();
      return undefined;
    case OPCODE.expireTime:
      position.expiresAtMs = cursor.take(4).readUInt32LE() * 1000;
      return undefined;
    case OPCODE.expireTimeMs:
      position.expiresAtMs = Number(cursor.take(8).readBigInt64LE());
      return undefined;
    case OPCODE.idle:
      cursor.count();
      return undefined;
    case OPCODE.freq:
      cursor.byte();
      return undefined;
    case OPCODE.slotInfo:
      cursor.count();
      cursor.count();
      cursor.count();
      return undefined;
    case OPCODE.function2: {
      const start = cursor.pos - 1;
      cursor.skipString();
      return {
        kind: 'function',
        payload: Buffer.from(cursor.since(start)),
        rdbVersion: version,
      };
    }
    case OPCODE.functionPreGa:
      throw new InputError(
        `the dump holds functions in the format of Redis 7.0's release candidates (opcode 0xf6 at byte ${
          cursor.at() - 1
        }), which no released Redis loads`,
      );
    case OPCODE.moduleAux:
      throw new InputError(
        `the dump holds module data (opcode MODULE_AUX at byte ${
          cursor.at() - 1
        }): only the module that wrote it can read it, so the restore cannot carry it`,
      );
    case OPCODE.eof: {
      if (version < 5) return { kind: 'eof' };
      cursor.crcEnd = cursor.pos;
      return { kind: 'eof', checksum: cursor.take(8).readBigUInt64LE() };
    }
    default: {
      if (!isValueType(opcode))
        throw new InputError(
          `unknown RDB opcode 0x${opcode.toString(16)} at byte ${
            cursor.at() - 1
          }`,
        );
      const key = cursor.string();
      const start = cursor.pos;
      skipValue(cursor, opcode);
      const entry: RdbKeyEntry = {
        kind: 'key',
        db: position.db,
        key,
        expiresAtMs: position.expiresAtMs,
        type: opcode,
        value: cursor.since(start),
        rdbVersion: version,
      };
      position.expiresAtMs = undefined;
      return entry;
    }
  }
}

/**
 * Reads an RDB dump from its bytes in order (e.g. an S3 object's body) and yields every key and
 * function library, then the end with the dump's checksum verified. Values are not decoded; each
 * key's `value` is its serialized form. Throws an InputError naming the byte for what is no RDB dump,
 * ends early, fails its checksum, or holds data only a module can read.
 *
 * @public
 */
export async function* readRdbEntries(
  chunks: AsyncIterable<Uint8Array>,
): AsyncGenerator<RdbEntry> {
  const source = chunks[Symbol.asyncIterator]();
  try {
    yield* entriesOf(source);
  } finally {
    // A dump left half-read (refused, or its reader stopped) closes its stream, e.g. an S3 body.
    await source.return?.();
  }
}

async function* entriesOf(
  source: AsyncIterator<Uint8Array>,
): AsyncGenerator<RdbEntry> {
  let buffer = Buffer.alloc(0);
  let base = 0;
  let ended = false;
  let crc = 0n;
  const more = async (atLeast: number) => {
    const parts = [buffer];
    let total = buffer.length;
    while (total < atLeast && !ended) {
      const next = await source.next();
      if (next.done) ended = true;
      else {
        parts.push(Buffer.from(next.value));
        total += next.value.length;
      }
    }
    buffer = Buffer.concat(parts, total);
  };
  const parse = async <T>(step: (cursor: Cursor) => T): Promise<T> => {
    for (;;) {
      const cursor = new Cursor(buffer, base);
      try {
        const result = step(cursor);
        crc = crc64(buffer.subarray(0, cursor.crcEnd ?? cursor.pos), crc);
        base += cursor.pos;
        buffer = buffer.subarray(cursor.pos);
        return result;
      } catch (error) {
        if (!(error instanceof NeedMore)) throw error;
        if (ended)
          throw new InputError(
            `the dump ends at byte ${
              base + buffer.length
            }, inside an item that starts at byte ${base}: it is incomplete`,
          );
        await more(Math.max(buffer.length * 2, buffer.length + 65_536));
      }
    }
  };

  const version = await parse(cursor => {
    const magic = cursor.take(9).toString('latin1');
    if (!/^REDIS\d{4}$/.test(magic))
      throw new InputError(
        `not an RDB dump: it starts with ${JSON.stringify(
          magic,
        )}, not REDIS followed by a 4-digit version`,
      );
    return Number(magic.slice(5));
  });
  const aux: Record<string, string> = {};
  const position: Position = { db: 0 };
  for (;;) {
    const item = await parse(cursor =>
      readItem(cursor, position, version, aux),
    );
    if (!item) continue;
    if (item.kind !== 'eof') {
      yield item;
      continue;
    }
    if (
      item.checksum !== undefined &&
      item.checksum !== 0n &&
      item.checksum !== crc
    )
      throw new InputError(
        `the dump's checksum does not match its bytes (CRC-64 0x${crc.toString(
          16,
        )}, the dump says 0x${item.checksum.toString(16)}): it is corrupt`,
      );
    yield {
      kind: 'end',
      rdbVersion: version,
      aux,
      checksum:
        item.checksum === undefined || item.checksum === 0n
          ? 'none'
          : 'verified',
      sizeBytes: base,
    };
    return;
  }
}

/**
 * The DUMP payload of a value: its type byte and serialized value, the RDB version (2 bytes, little
 * endian) and the CRC-64 of all that (8 bytes, little endian), as RESTORE takes it.
 *
 * @public
 */
export function dumpPayload(body: Uint8Array, rdbVersion: number): Buffer {
  const footer = Buffer.alloc(10);
  footer.writeUInt16LE(rdbVersion, 0);
  const checked = Buffer.concat([body, footer.subarray(0, 2)]);
  footer.writeBigUInt64LE(crc64(checked), 2);
  return Buffer.concat([checked, footer.subarray(2)]);
}

/**
 * The RESTORE payload of a key of the dump.
 *
 * @public
 */
export function keyPayload(entry: RdbKeyEntry): Buffer {
  return dumpPayload(
    Buffer.concat([Buffer.from([entry.type]), entry.value]),
    entry.rdbVersion,
  );
}
