import { escapePointerSegment, parsePointer } from './jsonPointer';

describe('JSON pointers', () => {
  it('escapes ~ before /, so keys with both come back as they were', () => {
    expect(
      escapePointerSegment('service.beta.kubernetes.io/aws-load-balancer-type'),
    ).toBe('service.beta.kubernetes.io~1aws-load-balancer-type');
    expect(escapePointerSegment('a~/b')).toBe('a~0~1b');
    for (const key of ['a~/b', '~1', 'a/~0', 'plain']) {
      expect(parsePointer(`/flavour/${escapePointerSegment(key)}`)).toEqual([
        'flavour',
        key,
      ]);
    }
  });

  it("reads '' as the whole document and keeps empty keys", () => {
    expect(parsePointer('')).toEqual([]);
    expect(parsePointer('/')).toEqual(['']);
    expect(parsePointer('/a//b')).toEqual(['a', '', 'b']);
  });
});
