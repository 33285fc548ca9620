import { canonicalQuantity, parseQuantity } from './quantity';

describe('parseQuantity', () => {
  it.each([
    ['500m', 0.5],
    ['1000m', 1],
    ['2', 2],
    ['1.5', 1.5],
    ['128Mi', 128 * 2 ** 20],
    ['2Gi', 2 * 2 ** 30],
    ['1Ti', 2 ** 40],
    ['1k', 1000],
    ['1M', 1e6],
    ['1G', 1e9],
    ['1e3', 1000],
    ['.5', 0.5],
    ['100n', 1e-7],
  ])('parses %s', (input, expected) => {
    expect(parseQuantity(input)).toBeCloseTo(expected, 12);
  });

  it.each(['', 'abc', '1 Gi', '1gi', '1Gib', 'Gi', '--1', '1.2.3', '1e1.5'])(
    'rejects %p',
    input => {
      expect(parseQuantity(input)).toBeUndefined();
    },
  );

  it('keeps numbers as they are', () => {
    expect(parseQuantity(3)).toBe(3);
    expect(parseQuantity(Number.NaN)).toBeUndefined();
  });
});

describe('canonicalQuantity', () => {
  // What the API server stores for each (apimachinery's resource.Quantity); the integration test
  // in redis-node compares random quantities with a real kube-apiserver.
  it.each([
    ['1000m', '1'],
    ['2000m', '2'],
    ['500m', '500m'],
    ['1500m', '1500m'],
    ['0.5', '500m'],
    ['2', '2'],
    ['1000', '1k'],
    ['1024', '1024'],
    ['1024Mi', '1Gi'],
    ['1536Mi', '1536Mi'],
    ['1.5Gi', '1536Mi'],
    ['0.5Gi', '512Mi'],
    ['0.5Ki', '512'],
    ['2048Ki', '2Mi'],
    ['1.1Gi', '1181116006400m'],
    ['1000M', '1G'],
    ['128974848', '128974848'],
    ['1e3', '1e3'],
    ['10e3', '10e3'],
    ['1.5e3', '1500'],
    ['100n', '100n'],
    ['0.1n', '1n'],
    ['0', '0'],
    ['0Gi', '0'],
    ['.5', '500m'],
    ['5.601', '5.601'],
    ['1.500', '1.500'],
    ['5.601k', '5.601k'],
    ['1.25', '1250m'],
    ['.125', '125m'],
    ['05', '05'],
    [2, '2'],
  ])('writes %p as %p', (input, expected) => {
    expect(canonicalQuantity(input)).toBe(expected);
  });

  it('keeps the value', () => {
    for (const input of ['1500m', '1.5Gi', '1.1Gi', '10e3', '0.1n', '7Ti']) {
      expect(parseQuantity(canonicalQuantity(input)!)).toBeCloseTo(
        parseQuantity(input)!,
        9,
      );
    }
  });

  it('is idempotent', () => {
    for (const input of ['1000m', '1.5Gi', '1.1Gi', '1e3', '1000']) {
      const once = canonicalQuantity(input)!;
      expect(canonicalQuantity(once)).toBe(once);
    }
  });

  it('rejects what is not a quantity', () => {
    expect(canonicalQuantity('1 Gi')).toBeUndefined();
  });
});
