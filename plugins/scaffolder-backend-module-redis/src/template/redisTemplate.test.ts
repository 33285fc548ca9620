import { instanceSchema } from '@odin/plugin-redis-common';
import fs from 'fs';
import path from 'path';
import YAML from 'yaml';
import {
  redisTemplate,
  redisTemplateYaml,
  TEMPLATE_PATH,
} from './redisTemplate';

describe('the Redis template', () => {
  it('is committed exactly as generated (run `yarn generate:template` after changing the schema)', () => {
    const committed = fs.readFileSync(
      path.resolve(__dirname, '../../../..', TEMPLATE_PATH),
      'utf8',
    );
    expect(committed).toBe(redisTemplateYaml());
  });

  it('takes its form fields from instanceSchema', () => {
    const pages = redisTemplate().spec.parameters;
    expect(pages[0].properties.name).toEqual(instanceSchema.properties.name);
    expect(pages[1].properties).toEqual({
      root: instanceSchema.properties.root,
    });
    expect(pages[2].properties).toEqual({
      flavour: instanceSchema.properties.flavour,
    });
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
