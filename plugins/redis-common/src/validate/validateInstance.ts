import type { ErrorObject, ValidateFunction } from 'ajv';
import { escapePointerSegment } from '../jsonPointer';
import { applyDefaults } from '../schema/defaults';
import { patternHints } from '../schema/patterns';
import type { ResolvedInstance } from '../schema/types';
import { checkRules, type Issue } from './rules';
import { compileSchemaValidator } from './schemaValidator';

export type { Issue } from './rules';

/** @public */
export interface ValidationResult {
  valid: boolean;
  errors: Issue[];
  warnings: Issue[];
  /** The document with defaults applied; present only when it is valid. */
  config?: ResolvedInstance;
}

let compiled: ValidateFunction | undefined;

// Compiled on first use and kept: compiling costs milliseconds, validating microseconds.
function schemaValidator(): ValidateFunction {
  compiled ??= compileSchemaValidator();
  return compiled;
}

function toIssue(error: ErrorObject): Issue | undefined {
  const at = error.instancePath;
  const params = error.params as Record<string, any>;
  switch (error.keyword) {
    case 'required':
      return {
        pointer: `${at}/${escapePointerSegment(params.missingProperty)}`,
        message: 'is required',
      };
    case 'additionalProperties':
      return {
        pointer: `${at}/${escapePointerSegment(params.additionalProperty)}`,
        message: `unknown property "${params.additionalProperty}"; remove it or check its spelling`,
      };
    case 'propertyNames':
      return {
        pointer: `${at}/${escapePointerSegment(params.propertyName)}`,
        message: `"${params.propertyName}" is not an allowed name here`,
      };
    case 'enum':
      return {
        pointer: at,
        message: `must be one of ${(params.allowedValues as unknown[])
          .map(v => JSON.stringify(v))
          .join(', ')}`,
      };
    case 'type':
      return {
        pointer: at,
        message: `must be ${
          params.type === 'integer' ? 'a whole number' : `a ${params.type}`
        }`,
      };
    case 'pattern':
      return {
        pointer: at,
        message: patternHints[params.pattern] ?? `must match ${params.pattern}`,
      };
    case 'minimum':
      return { pointer: at, message: `must be at least ${params.limit}` };
    case 'maximum':
      return { pointer: at, message: `must be at most ${params.limit}` };
    case 'minLength':
      return {
        pointer: at,
        message:
          params.limit === 1
            ? 'must not be empty'
            : `must be at least ${params.limit} characters long`,
      };
    case 'maxLength':
      return {
        pointer: at,
        message: `must be at most ${params.limit} characters long`,
      };
    case 'uniqueItems':
      return {
        pointer: `${at}/${Math.max(params.i, params.j)}`,
        message: `repeats item ${Math.min(
          params.i,
          params.j,
        )}; list each value once`,
      };
    default:
      return { pointer: at, message: error.message ?? 'is invalid' };
  }
}

function schemaIssues(errors: ErrorObject[]): Issue[] {
  const seen = new Set<string>();
  const issues: Issue[] = [];
  for (const error of errors) {
    // Errors inside propertyNames repeat the propertyNames error itself.
    if (error.propertyName !== undefined) continue;
    const issue = toIssue(error);
    const identity = `${issue?.pointer}\u0000${issue?.message}`;
    if (issue && !seen.has(identity)) {
      seen.add(identity);
      issues.push(issue);
    }
  }
  return issues;
}

/**
 * Validates an order document ({ name, root, flavour }) against the schema and the spec's
 * cross-field rules. Never throws; invalid input yields errors with JSON pointers.
 *
 * @public
 */
export function validateInstance(doc: unknown): ValidationResult {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return {
      valid: false,
      errors: [
        {
          pointer: '',
          message: 'must be an object with name, root and flavour',
        },
      ],
      warnings: [],
    };
  }
  const resolved = applyDefaults(doc);
  const validate = schemaValidator();
  if (!validate(resolved)) {
    const errors = schemaIssues(validate.errors ?? []);
    return { valid: false, errors, warnings: [] };
  }
  const config = resolved as ResolvedInstance;
  const { errors, warnings } = checkRules(config, doc as Record<string, any>);
  return errors.length > 0
    ? { valid: false, errors, warnings }
    : { valid: true, errors, warnings, config };
}
