import { parameterSchema } from './parameterSchema';

describe('parameterSchema', () => {
  it('drops required properties that have a default, at any depth, and keeps the rest', () => {
    const schema = {
      type: 'object',
      required: ['a', 'b'],
      properties: {
        a: { type: 'string', default: 'x' },
        b: { type: 'string' },
        c: {
          type: 'object',
          required: ['d'],
          default: {},
          properties: { d: { type: 'integer', default: 1 } },
        },
        e: {
          type: 'array',
          items: {
            type: 'object',
            required: ['f'],
            properties: { f: { type: 'string', default: 'y' } },
          },
        },
      },
    } as const;
    expect(parameterSchema(schema)).toEqual({
      type: 'object',
      required: ['b'],
      properties: {
        a: { type: 'string', default: 'x' },
        b: { type: 'string' },
        c: {
          type: 'object',
          default: {},
          properties: { d: { type: 'integer', default: 1 } },
        },
        e: {
          type: 'array',
          items: {
            type: 'object',
            properties: { f: { type: 'string', default: 'y' } },
          },
        },
      },
    });
    // The input is left as it was.
    expect(schema.required).toEqual(['a', 'b']);
  });
});
