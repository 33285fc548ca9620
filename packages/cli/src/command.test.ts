import { parseArgs } from 'node:util';
import { parseCommandArgs } from './command';

const options = {
  format: { type: 'string', default: 'yaml' },
  'out-dir': { type: 'string' },
  batch: { type: 'boolean', default: false },
} as const;

describe('parseCommandArgs', () => {
  it.each([
    [['order.yaml']],
    [['instances/']],
    [['order.yaml', '--format', 'json']],
    [['--batch', 'instances/', '--out-dir', 'out']],
    [['--', '--help']],
  ])('parses %j as parseArgs does', args => {
    expect(parseCommandArgs(args, options, ['<file>'])).toEqual(
      parseArgs({ args, options, allowPositionals: true, strict: true }),
    );
  });

  it('gives the usage error of parseArgs for an unknown option', () => {
    expect(() =>
      parseCommandArgs(['order.yaml', '--colour'], options, ['<file>']),
    ).toThrow(/^Unknown option '--colour'/);
  });

  it('counts the operands', () => {
    expect(() => parseCommandArgs([], options, ['<file>'])).toThrow(
      'expected <file>, got none',
    );
    expect(() => parseCommandArgs(['a', 'b'], {}, [])).toThrow(
      'expected no operands, got a b',
    );
  });
});
