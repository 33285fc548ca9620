// TypeScript types derived from flavourSchema, so the schema stays the single source of the property list.
import type { flavourSchema } from './flavourSchema';

/** `input`: what a person writes (defaulted properties optional); `resolved`: after applyDefaults. */
type Mode = 'input' | 'resolved';

type RequiredList<S> = S extends { readonly required: readonly (infer K)[] }
  ? K
  : never;

type HasDefault<S> = S extends { readonly default: unknown } ? true : false;

type MandatoryKeys<S, P, M extends Mode> = {
  [K in keyof P & string]: M extends 'resolved'
    ? K extends RequiredList<S>
      ? K
      : HasDefault<P[K]> extends true
      ? K
      : never
    : K extends RequiredList<S>
    ? HasDefault<P[K]> extends true
      ? never
      : K
    : never;
}[keyof P & string];

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type ObjectFromProperties<S, P, M extends Mode> = Simplify<
  { -readonly [K in MandatoryKeys<S, P, M>]: FromSchema<P[K], M> } & {
    -readonly [K in Exclude<
      keyof P & string,
      MandatoryKeys<S, P, M>
    >]?: FromSchema<P[K], M>;
  }
>;

/**
 * Maps the subset of JSON Schema that flavourSchema uses to a TypeScript type.
 *
 * @public
 */
export type FromSchema<S, M extends Mode = 'resolved'> = S extends {
  readonly enum: readonly (infer E)[];
}
  ? E
  : S extends { readonly type: 'object'; readonly properties: infer P }
  ? ObjectFromProperties<S, P, M>
  : S extends {
      readonly type: 'object';
      readonly additionalProperties: infer A;
    }
  ? Record<string, FromSchema<A, M>>
  : S extends { readonly type: 'array'; readonly items: infer I }
  ? FromSchema<I, M>[]
  : S extends { readonly type: 'string' }
  ? string
  : S extends { readonly type: 'integer' | 'number' }
  ? number
  : S extends { readonly type: 'boolean' }
  ? boolean
  : never;

type Schema = typeof flavourSchema;
type FlavourSchema = Schema['properties']['flavour'];
type RootSchema = Schema['properties']['root'];

/**
 * The input document as a person writes it (JSON or YAML).
 *
 * @public
 */
export type RedisInstanceConfig = FromSchema<Schema, 'input'>;
/**
 * The flavour part of the input document.
 *
 * @public
 */
export type FlavourConfig = FromSchema<FlavourSchema, 'input'>;
/**
 * The root (flavour-independent) part of the input document.
 *
 * @public
 */
export type RootConfig = FromSchema<RootSchema, 'input'>;

/**
 * The document after applyDefaults: every defaulted property is present.
 *
 * @public
 */
export type ResolvedInstance = FromSchema<Schema, 'resolved'>;
/** @public */
export type ResolvedFlavour = FromSchema<FlavourSchema, 'resolved'>;
/** @public */
export type ResolvedRoot = FromSchema<RootSchema, 'resolved'>;

/** @public */
export type DeploymentMode = ResolvedFlavour['deploymentMode'];
/** @public */
export type RedisVersion = ResolvedRoot['version'];
/** @public */
export type ResourceRequirements = ResolvedFlavour['master']['resources'];
/** @public */
export type Toleration = NonNullable<ResolvedFlavour['tolerations']>[number];
/** @public */
export type TopologySpreadConstraint = NonNullable<
  ResolvedFlavour['topologySpreadConstraints']
>[number];
