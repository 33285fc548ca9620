// Kubernetes resource quantities: their value, and the canonical text the API server stores for them.

const BINARY_EXPONENTS: Record<string, number> = {
  Ki: 1,
  Mi: 2,
  Gi: 3,
  Ti: 4,
  Pi: 5,
  Ei: 6,
};
const DECIMAL_EXPONENTS: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const DECIMAL_SUFFIXES = Object.fromEntries(
  Object.entries(DECIMAL_EXPONENTS).map(([suffix, exponent]) => [
    exponent,
    suffix,
  ]),
);
const QUANTITY_PARTS =
  /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([numkMGTPE]?)|[eE]([+-]?[0-9]+))$/;

/** Exact value `mantissa × 10^exponent`, and the notation the API server keeps (its "format"). */
interface ExactQuantity {
  mantissa: bigint;
  exponent: number;
  format: 'BinarySI' | 'DecimalSI' | 'DecimalExponent';
  /** Whether the API server keeps the text as written (see keepsText). */
  keepsText: boolean;
}

const TEN = BigInt(10);
const KIBI = BigInt(1024);
const EIGHT = BigInt(8);
/** The API server keeps quantities to the nano (10^-9) and rounds finer ones up. */
const NANO_EXPONENT = -9;
/** Digits apimachinery's fast path parses into an int64 (its maxInt64Factors). */
const FAST_PATH_DIGITS = 18;

/**
 * apimachinery's parser keeps the text as written when it reads it on its fast path and the text
 * already looks canonical: for decimal notations a digit string of at most 18 digits, not starting
 * with 0 nor ending in 000, at a power of ten divisible by 3 (so "5.601" stays "5.601"); for binary
 * ones a whole number that is not a multiple of 8.
 */
function keepsText(
  whole: string,
  fraction: string,
  format: ExactQuantity['format'],
  suffixExponent: number,
): boolean {
  const numerator = whole.replace(/^0+/, '') || '0';
  const digits = `${numerator}${fraction}`;
  if (format === 'BinarySI') {
    // apimachinery's estimate of the decimal digits 1024^n takes: 3 per power.
    const precision = 15 - numerator.length - suffixExponent * 3 - 1;
    return (
      precision >= 0 &&
      fraction === '' &&
      BigInt(numerator) % EIGHT !== BigInt(0)
    );
  }
  const scale = suffixExponent - fraction.length;
  return (
    digits.length <= FAST_PATH_DIGITS &&
    scale >= NANO_EXPONENT &&
    scale % 3 === 0 &&
    !digits.endsWith('000') &&
    !digits.startsWith('0')
  );
}

function parseExact(quantity: string): ExactQuantity | undefined {
  const match = QUANTITY_PARTS.exec(quantity);
  if (!match) return undefined;
  const [, sign, whole, fraction = '', binary, decimal, exponent] = match;
  if (whole === '' && fraction === '') return undefined;
  let mantissa = BigInt(`${whole}${fraction}` || '0');
  let scale = -fraction.length;
  let format: ExactQuantity['format'] = 'DecimalSI';
  let suffixExponent: number;
  if (binary) {
    suffixExponent = BINARY_EXPONENTS[binary];
    mantissa *= KIBI ** BigInt(suffixExponent);
    format = 'BinarySI';
  } else if (exponent !== undefined) {
    suffixExponent = Number(exponent);
    scale += suffixExponent;
    format = 'DecimalExponent';
  } else {
    suffixExponent = DECIMAL_EXPONENTS[decimal ?? ''];
    scale += suffixExponent;
  }
  if (sign === '-') mantissa = -mantissa;
  if (scale < NANO_EXPONENT) {
    // Round away from zero to whole nanos, as the API server does.
    const divisor = TEN ** BigInt(NANO_EXPONENT - scale);
    const rounded = mantissa / divisor;
    mantissa =
      rounded * divisor === mantissa
        ? rounded
        : rounded + (mantissa < 0 ? BigInt(-1) : BigInt(1));
    scale = NANO_EXPONENT;
  }
  return {
    mantissa,
    exponent: scale,
    format,
    keepsText:
      sign === '' && keepsText(whole, fraction, format, suffixExponent),
  };
}

function abs(value: bigint): bigint {
  return value < 0 ? -value : value;
}

/** `mantissa × 10^exponent` with the exponent a multiple of 3 and as large as it can be. */
function decimalCanonical(
  mantissa: bigint,
  exponent: number,
  format: 'DecimalSI' | 'DecimalExponent',
): string {
  let amount = mantissa;
  let scale = exponent;
  while (amount !== BigInt(0) && amount % TEN === BigInt(0)) {
    amount /= TEN;
    scale += 1;
  }
  while (((scale % 3) + 3) % 3 !== 0) {
    amount *= TEN;
    scale -= 1;
  }
  if (format === 'DecimalExponent')
    return scale === 0 ? `${amount}` : `${amount}e${scale}`;
  // Past exa there is no suffix; such amounts are written out with E.
  while (scale > 18) {
    amount *= TEN ** BigInt(3);
    scale -= 3;
  }
  return `${amount}${DECIMAL_SUFFIXES[scale]}`;
}

/**
 * The text the API server stores for a quantity, e.g. "1000m" → "1", "1024Mi" → "1Gi", "0.5Gi" →
 * "512Mi", "1.5" → "1500m", "1500m" → "1500m". Whoever decodes and re-encodes a quantity (the operator's Update of
 * its custom resources does) writes this form, so rendering it keeps server-side apply free of
 * conflicts. Returns undefined for anything that is not a quantity.
 *
 * @public
 */
export function canonicalQuantity(
  quantity: string | number,
): string | undefined {
  const text = String(quantity);
  const exact = parseExact(text);
  if (!exact) return undefined;
  if (exact.keepsText) return text;
  let { mantissa, exponent } = exact;
  if (mantissa === BigInt(0)) return '0';
  while (exponent < 0 && mantissa % TEN === BigInt(0)) {
    mantissa /= TEN;
    exponent += 1;
  }
  const { format } = exact;
  if (format === 'BinarySI' && exponent >= 0) {
    let bytes = mantissa * TEN ** BigInt(exponent);
    // Below 1Ki a binary suffix would only obscure the number.
    if (abs(bytes) >= KIBI) {
      let power = 0;
      while (power < 6 && bytes % KIBI === BigInt(0)) {
        bytes /= KIBI;
        power += 1;
      }
      const suffix = Object.keys(BINARY_EXPONENTS)[power - 1] ?? '';
      return `${bytes}${suffix}`;
    }
  }
  // A binary amount that is not a whole number (or under 1Ki) is written in decimal, keeping every digit.
  return decimalCanonical(
    mantissa,
    exponent,
    format === 'DecimalExponent' ? 'DecimalExponent' : 'DecimalSI',
  );
}

/**
 * Parses a Kubernetes resource quantity ("500m", "2", "1.5Gi", "1e3") into its value in base units
 * (cores for CPU, bytes for memory and storage). Returns undefined for anything else.
 *
 * @public
 */
export function parseQuantity(quantity: string | number): number | undefined {
  if (typeof quantity === 'number')
    return Number.isFinite(quantity) ? quantity : undefined;
  const exact = parseExact(quantity);
  if (!exact) return undefined;
  const { mantissa, exponent } = exact;
  // Dividing keeps "1.5" exactly 1.5 (15 × 0.1 would not be).
  return exponent < 0
    ? Number(mantissa) / 10 ** -exponent
    : Number(mantissa) * 10 ** exponent;
}
