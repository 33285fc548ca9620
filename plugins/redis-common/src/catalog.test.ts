import { ownerEntityRef } from './catalog';

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
