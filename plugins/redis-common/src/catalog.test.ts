import { ownerAnnotations, ownerEntityRef } from './catalog';

describe('ownerEntityRef', () => {
  it('reads a bare name as a group in the default namespace', () => {
    expect(ownerEntityRef('payments')).toBe('group:default/payments');
    expect(ownerEntityRef('user:team-x/jane')).toBe('user:team-x/jane');
  });

  it('refuses what is not an entity reference', () => {
    expect(ownerEntityRef('Payments Team!')).toBeUndefined();
    expect(ownerEntityRef('a:b:c/d')).toBeUndefined();
  });
});

describe('ownerAnnotations', () => {
  it('carries a group name as a full entity ref in odin.dev/owner', () => {
    expect(ownerAnnotations('payments')).toEqual({
      annotations: { 'odin.dev/owner': 'group:default/payments' },
    });
  });

  it('says what to write when the owner is no entity ref', () => {
    expect(ownerAnnotations('not a ref!')).toEqual({
      problem: expect.stringContaining(
        '"not a ref!" is not an entity reference',
      ),
    });
  });
});
