// The reference of the real Opstree operator outside the repository: its CRDs and the objects it made for real orders.
import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';

/** `<repo>/../shared/reference/redis-operator` unless $REDIS_OPERATOR_REFERENCE names another; holds `crds/` and `observed/`. */
export const operatorReferenceDirectory =
  process.env.REDIS_OPERATOR_REFERENCE ??
  path.resolve(__dirname, '../../../../../shared/reference/redis-operator');

export const crdDirectory = path.join(operatorReferenceDirectory, 'crds');
export const observedDirectory = path.join(
  operatorReferenceDirectory,
  'observed',
);

export interface ObservedObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    ownerReferences?: { kind: string; name: string; controller?: boolean }[];
  };
  spec?: any;
}

export interface ObservedOrder {
  /** The instance name, also the file name: `<name>.order.json` and `<name>.yaml`. */
  name: string;
  /** The order as it went through the CLI's apply. */
  order: Record<string, any>;
  /** Every object found for the instance once the operator and controllers had reconciled it. */
  objects: ObservedObject[];
}

/** Every observed order with its objects; throws when there is none, so a missing reference fails instead of passing. */
export function observedOrders(): ObservedOrder[] {
  const files = fs.existsSync(observedDirectory)
    ? fs
        .readdirSync(observedDirectory)
        .filter(file => file.endsWith('.order.json'))
        .sort()
    : [];
  if (files.length === 0)
    throw new Error(
      `no observed orders (*.order.json) in ${observedDirectory}; set REDIS_OPERATOR_REFERENCE to the redis-operator reference directory`,
    );
  return files.map(file => {
    const name = file.slice(0, -'.order.json'.length);
    const read = (ending: string) =>
      fs.readFileSync(path.join(observedDirectory, `${name}${ending}`), 'utf8');
    return {
      name,
      order: JSON.parse(read('.order.json')),
      objects: parseAllDocuments(read('.yaml'))
        .map(document => document.toJS() as ObservedObject | null)
        .filter((object): object is ObservedObject => Boolean(object?.kind)),
    };
  });
}
