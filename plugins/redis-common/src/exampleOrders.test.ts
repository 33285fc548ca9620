// The orders in examples/orders, which the READMEs use: each is valid and is one of the spec's examples as written.
import fs from 'fs';
import path from 'path';
import { isDeepStrictEqual } from 'util';
import YAML from 'yaml';
import { flavourExamples, orderFor } from '@internal/redis-test-utils';
import { instanceSchema } from './schema/flavourSchema';
import { validateInstance } from './validate/validateInstance';

const ordersDir = path.resolve(__dirname, '../../../examples/orders');
const orders = fs
  .readdirSync(ordersDir)
  .sort()
  .map(file => ({
    file,
    order: YAML.parse(fs.readFileSync(path.join(ordersDir, file), 'utf8')),
  }));
const examples = flavourExamples(
  Object.keys(instanceSchema.properties.flavour.properties),
);
/** The one example the flavour refuses on purpose: TLS through additionalConfig would break the operator. */
const refusedOnPurpose = examples.filter(
  example => !validateInstance(orderFor(example.flavour)).valid,
);

describe('examples/orders', () => {
  it.each(orders)('$file is valid', ({ order }) => {
    expect(validateInstance(order)).toMatchObject({ valid: true, errors: [] });
  });

  it.each(orders)(
    '$file is a spec example as written, wrapped as the portal would',
    ({ order }) => {
      const example = examples.find(candidate =>
        isDeepStrictEqual(candidate.flavour, order.flavour),
      );
      expect(example).toBeDefined();
      expect(order).toEqual(orderFor(example!.flavour, order.name));
    },
  );

  it('has one order for every spec example the flavour accepts', () => {
    expect(refusedOnPurpose.map(example => example.title)).toEqual([
      'TLS Encryption',
    ]);
    const shipped = examples.filter(example =>
      orders.some(({ order }) =>
        isDeepStrictEqual(order.flavour, example.flavour),
      ),
    );
    expect(shipped).toHaveLength(examples.length - refusedOnPurpose.length);
    expect(orders).toHaveLength(shipped.length);
  });
});
