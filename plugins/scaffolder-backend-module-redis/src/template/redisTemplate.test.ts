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

  it('renders, applies and writes a Resource entity of type redis with the apply annotations', () => {
    const template = YAML.parse(redisTemplateYaml());
    expect(template).toMatchObject({
      kind: 'Template',
      spec: { type: 'resource' },
    });
    expect(
      template.spec.steps.map((step: { action: string }) => step.action),
    ).toEqual(['redis:render', 'redis:apply', 'catalog:write']);
    expect(template.spec.steps[2].input.entity).toMatchObject({
      kind: 'Resource',
      metadata: { annotations: '${{ steps.apply.output.annotations }}' },
      spec: { type: 'redis' },
    });
  });
});
