import { instanceSchema } from '@odin/plugin-redis-common';
import fs from 'fs';
import path from 'path';
import YAML from 'yaml';
import { parameterSchema } from './parameterSchema';
import {
  CLUSTER_PICKER_FIELD,
  ORDER_FIELD,
  redisTemplate,
  redisTemplateYaml,
  TEMPLATE_PATH,
} from './redisTemplate';

type Node = { [keyword: string]: any };

/** Every `required` list in a schema, with the path of the object that has it. */
function requiredLists(node: Node, at = ''): { at: string; node: Node }[] {
  const found = Array.isArray(node.required) ? [{ at, node }] : [];
  for (const [key, child] of Object.entries(node.properties ?? {}))
    found.push(...requiredLists(child as Node, `${at}/${key}`));
  if (node.items) found.push(...requiredLists(node.items, `${at}/items`));
  return found;
}

describe('the Redis template', () => {
  it('is committed exactly as generated (run `yarn generate:template` after changing the schema)', () => {
    const committed = fs.readFileSync(
      path.resolve(__dirname, '../../../..', TEMPLATE_PATH),
      'utf8',
    );
    expect(committed).toBe(redisTemplateYaml());
  });

  it('takes its form fields from instanceSchema, edited by the Redis plugin’s fields', () => {
    const pages: Node[] = redisTemplate().spec.parameters;
    expect(pages[0].properties.name).toEqual(instanceSchema.properties.name);
    expect(pages[0].properties.cluster['ui:field']).toBe(CLUSTER_PICKER_FIELD);
    expect(pages[1].properties).toEqual({
      root: parameterSchema(instanceSchema.properties.root),
    });
    expect(pages[2].properties).toEqual({
      flavour: {
        ...parameterSchema(instanceSchema.properties.flavour),
        'ui:field': ORDER_FIELD,
      },
    });
  });

  it('requires no parameter that a default fills in, since the scaffolder checks them before defaults apply', () => {
    const pages: Node[] = redisTemplate().spec.parameters;
    const lists = pages.flatMap(page =>
      Object.entries(page.properties).flatMap(([key, property]) =>
        requiredLists(property as Node, `/${key}`),
      ),
    );
    expect(lists.length).toBeGreaterThan(0);
    for (const { at, node } of lists) {
      for (const key of node.required)
        expect({ at, key, default: node.properties?.[key]?.default }).toEqual({
          at,
          key,
          default: undefined,
        });
    }
    // What stays required has no default: e.g. a topology spread constraint's fields.
    expect(
      pages[2].properties.flavour.properties.topologySpreadConstraints.items
        .required,
    ).toEqual(['maxSkew', 'topologyKey', 'whenUnsatisfiable']);
    expect(pages[2].properties.flavour.properties.replica).not.toHaveProperty(
      'required',
    );
    // The defaults stay, for the form to show and fill in.
    expect(
      pages[2].properties.flavour.properties.replica.properties.count.default,
    ).toBe(0);
  });

  it('renders and applies with the owner, and links to the entity the entity provider registers', () => {
    const template = YAML.parse(redisTemplateYaml());
    expect(template).toMatchObject({
      kind: 'Template',
      spec: { type: 'resource' },
    });
    const steps = template.spec.steps;
    expect(steps.map((step: { action: string }) => step.action)).toEqual([
      'redis:render',
      'redis:apply',
    ]);
    expect(steps[1].input.owner).toBe('${{ parameters.owner }}');
    expect(steps[steps.length - 1].name).toMatch(
      /appears in the catalog at the entity provider's next run, every 30 s by default/,
    );
    expect(template.spec.output.links).toEqual([
      expect.objectContaining({
        entityRef: 'resource:default/${{ parameters.name }}',
      }),
    ]);
  });
});
