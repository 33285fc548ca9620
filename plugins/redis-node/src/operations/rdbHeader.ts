// The start of an RDB dump, read before a restore: its format version, the aux fields Redis writes first
// (`redis-ver`, `used-mem`) and the first database's RESIZEDB counts; read from S3 with a ranged GET.
import { InputError } from '@backstage/errors';
import type { BackupStore } from './backupObjects';
import { errorMessage } from './liveRedis';
import { Cursor, NeedMore } from './rdbEntries';

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

const OPCODE = {
  function2: 0xf5,
  functionPreGa: 0xf6,
  moduleAux: 0xf7,
  aux: 0xfa,
  resizeDb: 0xfb,
  selectDb: 0xfe,
  eof: 0xff,
};

/**
 * Parses the header of an RDB dump from its first bytes; undefined when `bytes` end before the first
 * database's counts (read more). Throws an InputError for bytes that are no RDB dump.
 *
 * @public
 */
export function parseRdbHeader(bytes: Uint8Array): RdbHeader | undefined {
  if (bytes.length < 9) return undefined;
  const magic = Buffer.from(bytes.subarray(0, 9)).toString('latin1');
  if (!/^REDIS\d{4}$/.test(magic))
    throw new InputError(
      `not an RDB dump: it starts with ${JSON.stringify(
        magic,
      )}, not REDIS followed by a 4-digit version`,
    );
  const header: RdbHeader = { version: Number(magic.slice(5)), aux: {} };
  const cursor = new Cursor(
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  );
  cursor.take(9);
  let db: number | undefined;
  try {
    for (;;) {
      const opcode = cursor.byte();
      if (opcode === OPCODE.aux) {
        const key = cursor.string().toString('utf8');
        header.aux[key] = cursor.string().toString('utf8');
      } else if (
        opcode === OPCODE.function2 ||
        opcode === OPCODE.functionPreGa
      ) {
        cursor.skipString();
      } else if (opcode === OPCODE.selectDb) {
        db = cursor.count();
      } else if (opcode === OPCODE.resizeDb && db !== undefined) {
        const keys = cursor.count();
        const expires = cursor.count();
        header.firstDatabase = { db, keys, expires };
        break;
      } else if (opcode === OPCODE.eof) {
        break;
      } else {
        throw new InputError(
          `the RDB dump has opcode 0x${opcode.toString(16)} at byte ${
            cursor.at() - 1
          }, before the first database's key count${
            opcode === OPCODE.moduleAux ? ' (module data)' : ''
          }`,
        );
      }
    }
  } catch (error) {
    if (error instanceof NeedMore) return undefined;
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
