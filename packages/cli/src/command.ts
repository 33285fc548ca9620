// What a redis-flavour command is, and how it reads its arguments.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { UsageError } from './exitStatus';

export interface CommandDefinition {
  /** Each form of the command: its arguments after the name, and one line for `redis-flavour --help`. */
  forms: { synopsis: string; summary: string }[];
  /** The rest of `redis-flavour <command> --help`: options, examples, exit statuses. */
  details: string;
  /** Runs the command with the arguments after its name; resolves to the exit status. */
  run(args: string[]): Promise<number>;
}

type StrictParse<Options extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{
    args: string[];
    options: Options;
    allowPositionals: true;
    strict: true;
  }>
>;

/**
 * What parseArgs gives for arguments that hold no option: the defaults and the operands. Node loads
 * parseArgs on first use, which costs a third of a millisecond.
 */
function withoutOptions<Options extends ParseArgsOptionsConfig>(
  args: string[],
  options: Options,
): StrictParse<Options> {
  const values: Record<string, unknown> = Object.create(null);
  for (const [name, option] of Object.entries(options)) {
    if (option.default !== undefined) values[name] = option.default;
  }
  return { values, positionals: [...args] } as StrictParse<Options>;
}

/** Strict parsing: an unknown option or a wrong number of operands is a usage error. */
export function parseCommandArgs<Options extends ParseArgsOptionsConfig>(
  args: string[],
  options: Options,
  operandNames: string[],
): StrictParse<Options> {
  let parsed: StrictParse<Options>;
  try {
    parsed = args.some(arg => arg.startsWith('-'))
      ? parseArgs({ args, options, allowPositionals: true, strict: true })
      : withoutOptions(args, options);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.positionals.length !== operandNames.length) {
    const expected =
      operandNames.length === 0 ? 'no operands' : operandNames.join(' ');
    throw new UsageError(
      `expected ${expected}, got ${
        parsed.positionals.length === 0 ? 'none' : parsed.positionals.join(' ')
      }`,
    );
  }
  return parsed;
}
