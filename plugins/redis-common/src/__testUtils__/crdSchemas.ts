// Loads the operator CRDs and turns their structural schemas into strict ajv validators.
import Ajv, { type ValidateFunction } from 'ajv';
import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import { crdDirectory } from './operatorReference';

type Node = Record<string, any>;

/**
 * Converts an OpenAPI v3 structural schema to JSON Schema. Objects with properties and without
 * x-kubernetes-preserve-unknown-fields reject unknown fields, because the API server would silently prune them.
 */
export function toStrictJsonSchema(node: Node): Node {
  if (Array.isArray(node)) return node.map(toStrictJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const result: Node = {};
  for (const [key, value] of Object.entries(node)) {
    if (
      key.startsWith('x-kubernetes-') ||
      key === 'format' ||
      key === 'nullable' ||
      key === 'description'
    )
      continue;
    if (key === 'properties') {
      result.properties = Object.fromEntries(
        Object.entries(value as Node).map(([name, schema]) => [
          name,
          toStrictJsonSchema(schema as Node),
        ]),
      );
    } else if (typeof value === 'object' && value !== null) {
      result[key] = toStrictJsonSchema(value as Node);
    } else {
      result[key] = value;
    }
  }
  if (node['x-kubernetes-int-or-string'] && !node.anyOf) {
    result.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (node.nullable && typeof result.type === 'string')
    result.type = [result.type, 'null'];
  if (
    node.properties &&
    !node['x-kubernetes-preserve-unknown-fields'] &&
    node.additionalProperties === undefined
  ) {
    result.additionalProperties = false;
  }
  return result;
}

let validators: Map<string, ValidateFunction> | undefined;

/** Validators by `<apiVersion>/<kind>` for every CRD version found in the directory. */
export function crdValidators(): Map<string, ValidateFunction> {
  if (validators) return validators;
  const ajv = new Ajv({ allErrors: true, strict: false });
  validators = new Map();
  for (const file of fs
    .readdirSync(crdDirectory)
    .filter(f => /\.ya?ml$/.test(f))
    .sort()) {
    for (const document of parseAllDocuments(
      fs.readFileSync(path.join(crdDirectory, file), 'utf8'),
    )) {
      const crd = document.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions) {
        const schema = toStrictJsonSchema(version.schema.openAPIV3Schema);
        validators.set(
          `${crd.spec.group}/${version.name}/${crd.spec.names.kind}`,
          ajv.compile(schema),
        );
      }
    }
  }
  return validators;
}

/** Schema errors of a rendered custom resource, as readable lines; empty when it conforms. */
export function crdViolations(object: {
  apiVersion: string;
  kind: string;
}): string[] {
  const validate = crdValidators().get(`${object.apiVersion}/${object.kind}`);
  if (!validate)
    return [
      `no CRD for ${object.apiVersion} ${object.kind} in ${crdDirectory}`,
    ];
  const { kind } = object;
  if (validate(object as unknown)) return [];
  return (validate.errors ?? []).map(
    error =>
      `${kind}${error.instancePath} ${error.message} ${JSON.stringify(
        error.params,
      )}`,
  );
}
