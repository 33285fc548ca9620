// CRC-64 as Redis computes it (Jones polynomial, reflected, initial value 0, no final xor): the checksum
// of a DUMP payload and of a whole RDB file. Table-driven on two 32-bit halves, so no BigInt per byte.

const POLYNOMIAL = 0x95ac9329ac4bc9b5n; // 0xad93d23594c935a9, bit-reversed

const [TABLE_HIGH, TABLE_LOW] = (() => {
  const high = new Uint32Array(256);
  const low = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = BigInt(i);
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 1n ? (crc >> 1n) ^ POLYNOMIAL : crc >> 1n;
    high[i] = Number(crc >> 32n);
    low[i] = Number(crc & 0xffffffffn);
  }
  return [high, low];
})();

/**
 * A running CRC-64: `crc64(bytes)` of one buffer, or `crc64(more, crc64(first))` of several in a row.
 *
 * @public
 */
export function crc64(bytes: Uint8Array, previous = 0n): bigint {
  let high = Number(previous >> 32n) >>> 0;
  let low = Number(previous & 0xffffffffn) >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    const index = (low ^ bytes[i]) & 0xff;
    low = (((low >>> 8) | (high << 24)) ^ TABLE_LOW[index]) >>> 0;
    high = ((high >>> 8) ^ TABLE_HIGH[index]) >>> 0;
  }
  return (BigInt(high) << 32n) | BigInt(low);
}
