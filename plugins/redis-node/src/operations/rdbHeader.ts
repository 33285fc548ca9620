// The start of an RDB dump, read before a restore: its format version, the aux fields Redis writes first
// (`redis-ver`, `used-mem`) and the first database's RESIZEDB counts; read from S3 with a ranged GET.
import { InputError } from '@backstage/errors';
import type { BackupStore } from './backupObjects';
import { errorMessage } from './liveRedis';

/**
 * What the first bytes of an RDB dump say.
 *
 * @public
 */
export interface RdbHeader {
  /** The format version of the magic `REDIS00NN`. */
  version: number;
  /** The aux fields before the first database, e.g. `redis-ver`, `used-mem`, `ctime`. */
  aux: Record<string, string>;
  /** `used-mem`: the source's used_memory when it saved, in bytes. */
  usedMemoryBytes?: number;
  /**
   * The first database in the dump with its RESIZEDB counts (keys, and of them with an expiry);
   * undefined when the dump holds no key at all. Other databases' counts follow the first one's data.
   */
  firstDatabase?: { db: number; keys: number; expires: number };
}

const MAGIC = 'REDIS';
const OPCODE = {
  function2: 0xf5,
  functionPreGa: 0xf6,
  moduleAux: 0xf7,
  aux: 0xfa,
  resizeDb: 0xfb,
  selectDb: 0xfe,
  eof: 0xff,
};

/** Thrown while parsing when the bytes end before the header does: a longer range is read. */
class TruncatedHeader extends Error {}

class Reader {
  offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  byte(): number {
    if (this.offset >= this.bytes.length) throw new TruncatedHeader();
    return this.bytes[this.offset++];
  }

  take(length: number): Uint8Array {
    if (this.offset + length > this.bytes.length) throw new TruncatedHeader();
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }

  bigEndian(length: number): number {
    return [...this.take(length)].reduce((value, b) => value * 256 + b, 0);
  }

  littleEndianSigned(length: number): number {
    const bytes = this.take(length);
    const unsigned = [...bytes]
      .reverse()
      .reduce((value, b) => value * 256 + b, 0);
    const limit = 2 ** (8 * length);
    return unsigned >= limit / 2 ? unsigned - limit : unsigned;
  }

  /** RDB's length encoding; `special` is the integer or compressed-string encoding of a string. */
  length(): { value: number; special?: number } {
    const first = this.byte();
    const kind = first >> 6;
    if (kind === 0) return { value: first & 0x3f };
    if (kind === 1) return { value: ((first & 0x3f) << 8) | this.byte() };
    if (kind === 3) return { value: 0, special: first & 0x3f };
    if (first === 0x80) return { value: this.bigEndian(4) };
    if (first === 0x81) return { value: this.bigEndian(8) };
    throw new InputError(`unknown RDB length encoding 0x${first.toString(16)}`);
  }

  string(): string {
    const { value, special } = this.length();
    if (special === undefined)
      return Buffer.from(this.take(value)).toString('utf8');
    if (special <= 2) return String(this.littleEndianSigned(2 ** special));
    if (special === 3) {
      // An LZF-compressed string: its compressed and full lengths, then the data, which the header needs only to skip.
      const compressed = this.length().value;
      this.length();
      this.take(compressed);
      return '';
    }
    throw new InputError(`unknown RDB string encoding ${special}`);
  }
}

/**
 * Parses the header of an RDB dump from its first bytes; undefined when `bytes` end before the first
 * database's counts (read more). Throws an InputError for bytes that are no RDB dump.
 *
 * @public
 */
export function parseRdbHeader(bytes: Uint8Array): RdbHeader | undefined {
  if (bytes.length < 9) return undefined;
  const magic = Buffer.from(bytes.subarray(0, 9)).toString('latin1');
  if (!magic.startsWith(MAGIC) || !/^\d{4}$/.test(magic.slice(5)))
    throw new InputError(
      `not an RDB dump: it starts with ${JSON.stringify(
        magic,
      )}, not REDIS followed by a 4-digit version`,
    );
  const header: RdbHeader = { version: Number(magic.slice(5)), aux: {} };
  const reader = new Reader(bytes);
  reader.offset = 9;
  let db: number | undefined;
  try {
    for (;;) {
      const opcode = reader.byte();
      if (opcode === OPCODE.aux) {
        const key = reader.string();
        header.aux[key] = reader.string();
      } else if (
        opcode === OPCODE.function2 ||
        opcode === OPCODE.functionPreGa
      ) {
        reader.string();
      } else if (opcode === OPCODE.selectDb) {
        db = reader.length().value;
      } else if (opcode === OPCODE.resizeDb && db !== undefined) {
        const keys = reader.length().value;
        const expires = reader.length().value;
        header.firstDatabase = { db, keys, expires };
        break;
      } else if (opcode === OPCODE.eof) {
        break;
      } else {
        throw new InputError(
          `the RDB dump has opcode 0x${opcode.toString(16)} at byte ${
            reader.offset - 1
          }, before the first database's key count${
            opcode === OPCODE.moduleAux ? ' (module data)' : ''
          }`,
        );
      }
    }
  } catch (error) {
    if (error instanceof TruncatedHeader) return undefined;
    throw error;
  }
  const usedMemory = Number(header.aux['used-mem']);
  if (header.aux['used-mem'] !== undefined && Number.isFinite(usedMemory))
    header.usedMemoryBytes = usedMemory;
  return header;
}

/**
 * One object of a backup in S3.
 *
 * @public
 */
export interface BackupObjectLocation {
  bucket: string;
  region: string;
  key: string;
}

/** The ranges read, each only when the one before ended inside the header (aux fields and functions come first). */
const HEADER_RANGES = [64 * 1024, 1024 * 1024];

/**
 * The header of the RDB object at `location`, read with ranged GETs of its first bytes (never the
 * whole object), and the object's full size. A missing object is a NotFoundError naming it.
 *
 * @public
 */
export async function readRdbHeader(
  store: BackupStore,
  location: BackupObjectLocation,
): Promise<{ header: RdbHeader; sizeBytes: number }> {
  const where = `s3://${location.bucket}/${location.key}`;
  for (const bytes of HEADER_RANGES) {
    const { body, sizeBytes } = await store.readFirstBytes(location, bytes);
    let header: RdbHeader | undefined;
    try {
      header = parseRdbHeader(body);
    } catch (error) {
      throw new InputError(`${where}: ${errorMessage(error)}`);
    }
    if (header) return { header, sizeBytes };
    if (body.length >= sizeBytes)
      throw new InputError(
        `${where} ends (${sizeBytes} bytes) before the RDB header does: the dump is incomplete`,
      );
  }
  throw new InputError(
    `${where} has no database key count in its first ${
      HEADER_RANGES[HEADER_RANGES.length - 1]
    } bytes`,
  );
}
