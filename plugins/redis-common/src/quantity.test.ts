import { parseQuantity } from './quantity';

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

  it.each(['', 'abc', '1 Gi', '1gi', '1Gib', 'Gi', '--1', '1.2.3'])(
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
