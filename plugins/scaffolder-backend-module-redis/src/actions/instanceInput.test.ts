import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { renderManifests } from '@odin/plugin-redis-common';
import { portalAccessFromConfig, validatedInstance } from './instanceInput';

const logger = mockServices.logger.mock();

function ingressPeers(config: ReturnType<typeof validatedInstance>) {
  const policy = renderManifests(config).find(
    object => object.kind === 'NetworkPolicy',
  ) as { spec: { ingress: { from: unknown[] }[] } } | undefined;
  return policy?.spec.ingress.flatMap(rule => rule.from) ?? [];
}

describe('portalAccessFromConfig', () => {
  it('reads redis.portal, and nothing without it', () => {
    expect(
      portalAccessFromConfig(
        mockServices.rootConfig({
          data: {
            redis: {
              portal: {
                namespace: 'backstage',
                podLabels: { app: 'backstage' },
              },
            },
          },
        }),
      ),
    ).toEqual({ namespace: 'backstage', podLabels: { app: 'backstage' } });
    expect(portalAccessFromConfig(mockServices.rootConfig())).toBeUndefined();
  });

  it('refuses a wrong setting at startup, naming the config key', () => {
    expect(() =>
      portalAccessFromConfig(
        mockServices.rootConfig({
          data: { redis: { portal: { namespace: 'Not_A_Label' } } },
        }),
      ),
    ).toThrow(InputError);
    expect(() =>
      portalAccessFromConfig(
        mockServices.rootConfig({
          data: { redis: { portal: { namespace: 'Not_A_Label' } } },
        }),
      ),
    ).toThrow(/^redis\.portal is invalid: redis\.portal\/namespace: /);
  });
});

describe('validatedInstance with the portal of the config', () => {
  const portal = { namespace: 'backstage', podLabels: { app: 'backstage' } };
  const order = (networkPolicy: Record<string, unknown>) => ({
    name: 'orders-cache',
    root: {},
    flavour: { namespace: 'shop', networkPolicy },
  });

  it("admits the portal's pods where the order enables the network policy and names no portal", () => {
    const config = validatedInstance(order({ enabled: true }), logger, portal);
    expect(config.flavour.networkPolicy.portal).toEqual(portal);
    expect(ingressPeers(config)).toContainEqual({
      namespaceSelector: {
        matchLabels: { 'kubernetes.io/metadata.name': 'backstage' },
      },
      podSelector: { matchLabels: { app: 'backstage' } },
    });
  });

  it('keeps a portal the order names, and adds none without a network policy', () => {
    const own = { namespace: 'portal-eu' };
    expect(
      validatedInstance(order({ enabled: true, portal: own }), logger, portal)
        .flavour.networkPolicy.portal,
    ).toEqual(own);
    expect(
      validatedInstance(order({ enabled: false }), logger, portal).flavour
        .networkPolicy.portal,
    ).toBeUndefined();
  });
});
