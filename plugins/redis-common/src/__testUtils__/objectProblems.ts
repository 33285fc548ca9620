// Checks rendered objects: CRD schemas for operator kinds, kubernetes-models for core kinds.
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { KubernetesObject } from '../render/conventions';
import type { ResolvedInstance } from '../schema/types';
import { validateInstance } from '../validate/validateInstance';
import { crdViolations } from './crdSchemas';

const coreModels: Record<string, new (data: any) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'batch/v1/CronJob': CronJob,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
};

export function configOf(input: unknown): ResolvedInstance {
  const result = validateInstance(input);
  if (!result.config) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

/** Everything wrong with a rendered object: CRD schema errors for CRs, Kubernetes schema errors for core kinds. */
export function objectProblems(object: KubernetesObject): string[] {
  if (object.apiVersion.startsWith('redis.redis.opstreelabs.in/'))
    return crdViolations(object);
  const Model = coreModels[`${object.apiVersion}/${object.kind}`];
  if (Model) {
    try {
      new Model(object).validate();
      return [];
    } catch (error) {
      return [
        `${object.kind} ${object.metadata.name}: ${(error as Error).message}`,
      ];
    }
  }
  if (object.apiVersion === 'monitoring.coreos.com/v1') return [];
  return [`unexpected object ${object.apiVersion} ${object.kind}`];
}
