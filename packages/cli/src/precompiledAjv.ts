// Ajv as redis-common sees it inside the CLI bundle (bundle.mjs swaps it in): it serves the validators
// compiled at build time, so a run skips Ajv's schema compilation, which costs more than Node's own
// start-up. Any other schema or options is compiled at run time as usual.
import type { AnySchema, Options, ValidateFunction } from 'ajv';
import { precompiledValidators } from 'virtual:precompiled-validators';

export default class PrecompiledAjv {
  private readonly options: Options;

  constructor(options: Options = {}) {
    this.options = options;
  }

  compile(schema: AnySchema): ValidateFunction {
    // The key bundle.mjs gives each validator it compiles.
    const precompiled = precompiledValidators.get(
      JSON.stringify([this.options, schema]),
    );
    if (precompiled) return precompiled;
    // Required here, not imported, so that loading Ajv itself is also skipped when it is not needed.
    const { default: Ajv } = require('ajv') as typeof import('ajv');
    return new Ajv(this.options).compile(schema);
  }
}
