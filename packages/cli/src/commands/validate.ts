import { validateInstance } from '@odin/plugin-redis-common';
import type { CommandDefinition } from '../command';
import { parseCommandArgs } from '../command';
import { EXIT_INVALID, EXIT_OK } from '../exitStatus';
import { readInstanceFile } from '../instanceFile';
import { reportIssues } from '../issueLines';
import { writeStdout } from '../output';

export const validateCommand: CommandDefinition = {
  forms: [
    {
      synopsis: '<file>',
      summary: 'check an order; each error as "<pointer>: <message>"',
    },
  ],
  details: `Checks an order ({ name, root, flavour }, JSON or YAML) against the JSON Schema and the
flavour's cross-field rules.

Exit status: 0 valid (warnings on stderr), 1 invalid (one "<pointer>: <message>" line per
error on stderr), 2 usage error or a file that cannot be read or parsed.

Example:
  redis-flavour validate orders-cache.yaml`,
  async run(args) {
    const [file] = parseCommandArgs(args, {}, ['<file>']).positionals;
    const result = validateInstance(readInstanceFile(file));
    reportIssues(result);
    if (!result.valid) return EXIT_INVALID;
    writeStdout(`${file}: valid\n`);
    return EXIT_OK;
  },
};
