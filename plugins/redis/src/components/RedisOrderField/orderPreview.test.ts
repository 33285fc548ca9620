import {
  estimateMonthlyCost,
  flavourSchema,
  formatManifest,
  renderManifests,
  validateInstance,
} from '@odin/plugin-redis-common';
import { flavourExamples, orderFor } from '@internal/redis-test-utils';
import { orderOf, PREVIEW_INSTANCE_NAME, previewOrder } from './orderPreview';

const examples = flavourExamples(
  Object.keys(flavourSchema.properties.flavour.properties),
);

describe('previewOrder', () => {
  it.each(
    examples
      .filter(example => validateInstance(orderFor(example.flavour)).valid)
      .map(example => [example.title, example.line, example.flavour] as const),
  )(
    'shows exactly what the actions render for %s (line %s)',
    (_, __, flavour) => {
      const order = orderFor(flavour);
      const config = validateInstance(order).config!;
      const preview = previewOrder(order);
      expect(preview.rendered!.manifests.map(m => m.yaml)).toEqual(
        renderManifests(config).map(object => formatManifest(object, 'yaml')),
      );
      expect(preview.rendered!.cost).toEqual(estimateMonthlyCost(config));
      expect(preview.rendered!.connection.mode).toBe(
        config.flavour.deploymentMode,
      );
    },
  );

  it('renders nothing for an invalid order', () => {
    const preview = previewOrder(
      orderFor({
        deploymentMode: 'sentinel',
        sentinel: { enabled: true, quorum: 4 },
        replica: { count: 1 },
      }),
    );
    expect(preview.validation.valid).toBe(false);
    expect(preview.rendered).toBeUndefined();
  });
});

describe('orderOf', () => {
  it('takes name and root from the other steps, with a stand-in name until there is one', () => {
    expect(
      orderOf(
        { namespace: 'x' },
        { name: 'orders', root: { version: '7.2' }, owner: 'me' },
      ),
    ).toEqual({
      name: 'orders',
      root: { version: '7.2' },
      flavour: { namespace: 'x' },
    });
    expect(orderOf(undefined, undefined)).toEqual({
      name: PREVIEW_INSTANCE_NAME,
      root: {},
      flavour: {},
    });
  });
});
