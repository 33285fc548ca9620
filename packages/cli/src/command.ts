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

/** Strict parsing: an unknown option or a wrong number of operands is a usage error. */
export function parseCommandArgs<Options extends ParseArgsOptionsConfig>(
  args: string[],
  options: Options,
  operandNames: string[],
) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
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
