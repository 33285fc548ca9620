const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};
const QUANTITY_PARTS =
  /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([numkMGTPE]?)|[eE]([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)))$/;

/**
 * Parses a Kubernetes resource quantity ("500m", "2", "1.5Gi", "1e3") into its value in base units
 * (cores for CPU, bytes for memory and storage). Returns undefined for anything else.
 */
export function parseQuantity(quantity: string | number): number | undefined {
  if (typeof quantity === 'number')
    return Number.isFinite(quantity) ? quantity : undefined;
  const match = QUANTITY_PARTS.exec(quantity);
  if (!match) return undefined;
  const [, number, binary, decimal, exponent] = match;
  const value = Number(number);
  if (binary) return value * BINARY[binary];
  if (exponent !== undefined) return value * 10 ** Number(exponent);
  return value * DECIMAL[decimal ?? ''];
}
