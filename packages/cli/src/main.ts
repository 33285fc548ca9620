// Entry point of the bundle: picks the command, maps errors to exit statuses.
import { version } from '../package.json';
import type { CommandDefinition } from './command';
import { applyCommand } from './commands/apply';
import { diffCommand } from './commands/diff';
import { dryRunCommand } from './commands/dryRun';
import { renderCommand } from './commands/render';
import { resizeCommand } from './commands/resize';
import { restoreCommand } from './commands/restore';
import { deleteCommand } from './commands/delete';
import { rotatePasswordCommand } from './commands/rotatePassword';
import { scaleCommand } from './commands/scale';
import { schemaCommand } from './commands/schema';
import { testFailoverCommand } from './commands/testFailover';
import { validateCommand } from './commands/validate';
import {
  EXIT_INTERNAL,
  EXIT_OK,
  EXIT_STATUS_BY_ERROR_NAME,
  EXIT_USAGE,
  UsageError,
} from './exitStatus';
import { writeStderr, writeStdout } from './output';

export { writeToFileDescriptors } from './output';

const commands = new Map<string, CommandDefinition>([
  ['validate', validateCommand],
  ['render', renderCommand],
  ['schema', schemaCommand],
  ['diff', diffCommand],
  ['apply', applyCommand],
  ['dry-run', dryRunCommand],
  ['test-failover', testFailoverCommand],
  ['scale', scaleCommand],
  ['resize', resizeCommand],
  ['rotate-password', rotatePasswordCommand],
  ['restore', restoreCommand],
  ['delete', deleteCommand],
]);

const HELP_FLAGS = ['--help', '-h'];

function overallHelp(): string {
  const synopses = [...commands].flatMap(([name, command]) =>
    command.forms.map(({ synopsis, summary }) => [
      `${name} ${synopsis}`.trim(),
      summary,
    ]),
  );
  const width = Math.max(...synopses.map(([synopsis]) => synopsis.length));
  return `Usage: redis-flavour <command> [options]

Validates and renders Redis instance orders ({ name, root, flavour }, JSON or YAML) into
Opstree Redis Operator manifests, and diffs or applies them on a cluster.

Commands:
${synopses
  .map(([synopsis, summary]) => `  ${synopsis.padEnd(width)}  ${summary}`)
  .join('\n')}

Options:
  -h, --help     this help; "redis-flavour <command> --help" for one command
  -v, --version  the version

Exit status: 0 ok, 1 invalid order (diff: differences), 2 usage error or unreadable file,
3 internal error, 4 the cluster or the portal refused, failed or could not be reached.
`;
}

function commandHelp(name: string, command: CommandDefinition): string {
  const usage = command.forms
    .map(({ synopsis }) => `redis-flavour ${name} ${synopsis}`.trim())
    .join('\n       ');
  return `Usage: ${usage}\n\n${command.details}\n`;
}

async function dispatch(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) throw new UsageError('a command is missing');
  if (HELP_FLAGS.includes(name) || name === 'help') {
    const command = commands.get(args[0]);
    writeStdout(command ? commandHelp(args[0], command) : overallHelp());
    return EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    writeStdout(`${version}\n`);
    return EXIT_OK;
  }
  const command = commands.get(name);
  if (!command) throw new UsageError(`unknown command "${name}"`);
  // Options after "--" are operands, so a file named "--help" stays reachable.
  const endOfOptions = args.indexOf('--');
  if (
    args
      .slice(0, endOfOptions < 0 ? undefined : endOfOptions)
      .some(arg => HELP_FLAGS.includes(arg))
  ) {
    writeStdout(commandHelp(name, command));
    return EXIT_OK;
  }
  return await command.run(args);
}

/** Runs redis-flavour with the arguments after the program name; resolves to the exit status. */
export async function runRedisFlavour(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (error) {
    const name = (error as Error | undefined)?.name ?? '';
    if (name === 'UsageError') {
      const command = commands.has(argv[0]) ? `${argv[0]} ` : '';
      writeStderr(
        `redis-flavour: ${
          (error as Error).message
        }\nRun "redis-flavour ${command}--help" for usage.\n`,
      );
      return EXIT_USAGE;
    }
    const status = EXIT_STATUS_BY_ERROR_NAME.get(name);
    if (status !== undefined) {
      writeStderr(`redis-flavour: ${(error as Error).message}\n`);
      return status;
    }
    writeStderr(
      `redis-flavour: internal error, please report it:\n${
        (error as Error).stack ?? error
      }\n`,
    );
    return EXIT_INTERNAL;
  }
}
