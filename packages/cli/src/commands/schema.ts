import { instanceSchema } from '@odin/plugin-redis-common';
import type { CommandDefinition } from '../command';
import { parseCommandArgs } from '../command';
import { EXIT_OK } from '../exitStatus';
import { writeStdout } from '../output';

export const schemaCommand: CommandDefinition = {
  forms: [
    { synopsis: '', summary: 'print the JSON Schema (draft-07) of an order' },
  ],
  details: `Prints the one JSON Schema of an order ({ name, root, flavour }): every property with its
type, default, bounds and help text. Editors and other tools can validate orders with it.

Example:
  redis-flavour schema > redis-instance.schema.json`,
  async run(args) {
    parseCommandArgs(args, {}, []);
    writeStdout(`${JSON.stringify(instanceSchema, null, 2)}\n`);
    return EXIT_OK;
  },
};
