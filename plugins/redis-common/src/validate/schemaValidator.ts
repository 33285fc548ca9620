// The JSON Schema check on its own, so a bundler can swap in a validator compiled ahead of time
// (the CLI does: compiling the schema costs more than Node's start-up).
import Ajv, { type Options, type ValidateFunction } from 'ajv';
import { flavourSchema } from '../schema/flavourSchema';

/** @public */
export const SCHEMA_VALIDATOR_OPTIONS: Options = {
  allErrors: true,
  strict: true,
};

export function compileSchemaValidator(): ValidateFunction {
  return new Ajv(SCHEMA_VALIDATOR_OPTIONS).compile(flavourSchema);
}
