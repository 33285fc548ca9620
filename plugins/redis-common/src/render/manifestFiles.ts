// How rendered objects are written to files: names in apply order, one YAML stream or JSON array.
import { stringify } from 'yaml';
import type { KubernetesObject } from './conventions';

/** @public */
export type ManifestFormat = 'yaml' | 'json';
/** @public */
export const MANIFEST_FORMATS: readonly ManifestFormat[] = ['yaml', 'json'];

// YAML 1.1 quoting, because kubectl reads YAML 1.1, where a bare yes/no/on/off is a boolean.
const YAML_OPTIONS = { version: '1.1', lineWidth: 0 } as const;

/**
 * One object as a YAML document or pretty JSON, ending in a newline.
 *
 * @public
 */
export function formatManifest(
  object: KubernetesObject,
  format: ManifestFormat,
): string {
  return format === 'json'
    ? `${JSON.stringify(object, null, 2)}\n`
    : stringify(object, YAML_OPTIONS);
}

/**
 * All objects as one multi-document YAML stream, or one JSON array.
 *
 * @public
 */
export function formatManifestStream(
  objects: KubernetesObject[],
  format: ManifestFormat,
): string {
  if (format === 'json') return `${JSON.stringify(objects, null, 2)}\n`;
  return objects.map(object => formatManifest(object, format)).join('---\n');
}

/**
 * `NN-kind-name.ext`: the number keeps apply order when a directory is applied in name order.
 *
 * @public
 */
export function manifestFileName(
  object: KubernetesObject,
  index: number,
  count: number,
  format: ManifestFormat,
): string {
  const number = String(index + 1).padStart(
    Math.max(2, String(count).length),
    '0',
  );
  return `${number}-${object.kind.toLowerCase()}-${
    object.metadata.name
  }.${format}`;
}
