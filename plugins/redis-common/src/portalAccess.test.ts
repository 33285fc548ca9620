import { withPortalAccess } from './portalAccess';
import { validateInstance } from './validate/validateInstance';

const PORTAL = {
  namespace: 'backstage',
  podLabels: { 'app.kubernetes.io/name': 'backstage' },
};
const order = (networkPolicy?: unknown) => ({
  name: 'orders',
  flavour: { namespace: 'shop', networkPolicy },
});

describe('withPortalAccess', () => {
  it('sets the configured portal on an order with the network policy enabled and no portal', () => {
    const filled = withPortalAccess(
      order({ enabled: true, allowedNamespaces: ['web'] }),
      PORTAL,
    );
    expect(filled.flavour.networkPolicy).toEqual({
      enabled: true,
      allowedNamespaces: ['web'],
      portal: PORTAL,
    });
    const result = validateInstance(filled);
    expect(result.errors).toEqual([]);
    expect(result.config?.flavour.networkPolicy.portal).toEqual(PORTAL);
  });

  it.each([
    ['an empty block, as a form leaves it', {}],
    ['pod labels alone', { podLabels: { app: 'other' } }],
  ])('fills in a portal that names no namespace: %s', (_, portal) => {
    expect(
      withPortalAccess(order({ enabled: true, portal }), PORTAL).flavour
        .networkPolicy,
    ).toEqual({ enabled: true, portal: PORTAL });
  });

  it('sets a configured portal without pod labels as just its namespace', () => {
    expect(
      withPortalAccess(order({ enabled: true }), { namespace: 'backstage' })
        .flavour.networkPolicy,
    ).toEqual({ enabled: true, portal: { namespace: 'backstage' } });
  });

  it.each([
    ['no network policy', undefined],
    ['a disabled network policy', { enabled: false }],
    ['a network policy enabled by a string', { enabled: 'true' }],
    ['a portal of its own', { enabled: true, portal: { namespace: 'tools' } }],
    ['an invalid namespace', { enabled: true, portal: { namespace: 'Tools' } }],
    ['an invalid portal', { enabled: true, portal: 'backstage' }],
    ['an invalid network policy', true],
  ])('leaves an order with %s as it is', (_, networkPolicy) => {
    const input = order(networkPolicy);
    expect(withPortalAccess(input, PORTAL)).toBe(input);
  });

  it('leaves every order as it is when the portal has no configured namespace', () => {
    const input = order({ enabled: true });
    expect(withPortalAccess(input, undefined)).toBe(input);
  });

  it('leaves the validator to report what is malformed', () => {
    const result = validateInstance(
      withPortalAccess(
        order({ enabled: true, portal: { namespace: 'Tools' } }),
        PORTAL,
      ),
    );
    expect(result.errors.map(issue => issue.pointer)).toEqual([
      '/flavour/networkPolicy/portal/namespace',
    ]);
  });

  it('changes neither the order nor the configuration', () => {
    const input = order({ enabled: true });
    const portal = { namespace: 'backstage', podLabels: { app: 'portal' } };
    const filled = withPortalAccess(input, portal) as any;
    filled.flavour.networkPolicy.portal.podLabels.app = 'changed';
    expect(input).toEqual(order({ enabled: true }));
    expect(portal.podLabels).toEqual({ app: 'portal' });
  });
});
