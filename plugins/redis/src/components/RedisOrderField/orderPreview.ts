// What the order form shows beside itself: the same validation, render and cost as redis:render and redis:apply.
import {
  connectionInfo,
  estimateMonthlyCost,
  formatManifest,
  renderManifests,
  validateInstance,
  type ConnectionInfo,
  type CostEstimate,
  type ValidationResult,
} from '@odin/plugin-redis-common';
import { isPlainObject, type FlavourValue } from './schemaPaths';

/** Stands in for the instance name until the first step has one (e.g. in the template editor). */
export const PREVIEW_INSTANCE_NAME = 'my-redis';

export interface InstanceOrder {
  name: string;
  root: FlavourValue;
  flavour: FlavourValue;
}

/** The order document the template's steps hand to the actions: `{ name, root, flavour }`. */
export function orderOf(
  flavour: unknown,
  stepsFormData: unknown,
): InstanceOrder {
  const steps = isPlainObject(stepsFormData) ? stepsFormData : {};
  return {
    name:
      typeof steps.name === 'string' && steps.name !== ''
        ? steps.name
        : PREVIEW_INSTANCE_NAME,
    root: isPlainObject(steps.root) ? steps.root : {},
    flavour: isPlainObject(flavour) ? flavour : {},
  };
}

export interface ManifestPreview {
  /** `Kind/name`: unique within one render. */
  id: string;
  kind: string;
  name: string;
  yaml: string;
}

export interface OrderPreview {
  validation: ValidationResult;
  /** Present when the order is valid. */
  rendered?: {
    manifests: ManifestPreview[];
    cost: CostEstimate;
    connection: ConnectionInfo;
  };
}

/** Validates, renders, formats and prices an order, as the actions do; an invalid order renders nothing. */
export function previewOrder(order: InstanceOrder): OrderPreview {
  const validation = validateInstance(order);
  if (!validation.valid || !validation.config) return { validation };
  const { config } = validation;
  const manifests = renderManifests(config).map(object => ({
    id: `${object.kind}/${object.metadata.name}`,
    kind: object.kind,
    name: object.metadata.name,
    yaml: formatManifest(object, 'yaml'),
  }));
  return {
    validation,
    rendered: {
      manifests,
      cost: estimateMonthlyCost(config),
      connection: connectionInfo(config),
    },
  };
}
