// Objects an order names that the pods need but the server dry run of our own objects never looks up.
import { InputError } from '@backstage/errors';
import type { ResolvedInstance } from '@odin/plugin-redis-common';
import type { KubernetesCluster } from '../cluster/clusterAccess';
import { restate } from '../cluster/kubernetesErrors';

/**
 * An existing object the order refers to by name.
 *
 * @public
 */
export interface NamedReference {
  /** JSON pointer of the setting in the order, e.g. `/flavour/priorityClassName`. */
  pointer: string;
  apiVersion: string;
  kind: string;
  name: string;
  /** Unset for cluster-scoped kinds. */
  namespace?: string;
  /** What happens without it. */
  consequence: string;
  /** What to do about it. */
  remedy: string;
}

/**
 * The objects `config` names that must exist before its pods can be created.
 *
 * @public
 */
export function namedReferences(config: ResolvedInstance): NamedReference[] {
  const { flavour } = config;
  const references: NamedReference[] = [];
  if (flavour.priorityClassName) {
    references.push({
      pointer: '/flavour/priorityClassName',
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      name: flavour.priorityClassName,
      consequence: 'the API server would refuse every pod of the instance',
      remedy: 'create the PriorityClass or remove the setting',
    });
  }
  if (flavour.persistence.enabled && flavour.persistence.storageClass) {
    references.push({
      pointer: '/flavour/persistence/storageClass',
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      name: flavour.persistence.storageClass,
      consequence:
        'the volume claims would stay Pending and the pods unscheduled',
      remedy:
        'create the StorageClass or name an existing one (kubectl get storageclass)',
    });
  }
  // The serviceaccounts controller creates `default` in every namespace; only another name can be missing.
  if (flavour.serviceAccount && flavour.serviceAccount !== 'default') {
    references.push({
      pointer: '/flavour/serviceAccount',
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      name: flavour.serviceAccount,
      namespace: flavour.namespace,
      consequence:
        'the API server would refuse the Redis and backup pods (error looking up service account)',
      remedy:
        'create the ServiceAccount in that namespace or remove the setting',
    });
  }
  return references;
}

/** `PriorityClass "critical"`, or `ServiceAccount "redis" in namespace "redis-prod"`. */
export function describeReference(reference: NamedReference): string {
  return `${reference.kind} "${reference.name}"${
    reference.namespace ? ` in namespace "${reference.namespace}"` : ''
  }`;
}

/** The InputError for the references a cluster lacks, one `<pointer>: <message>` line each; undefined if none. */
export function missingReferencesError(
  clusterName: string,
  missing: NamedReference[],
): InputError | undefined {
  if (missing.length === 0) return undefined;
  return new InputError(
    `The order names ${
      missing.length === 1 ? 'an object' : `${missing.length} objects`
    } that cluster "${clusterName}" does not have; nothing was applied:\n${missing
      .map(
        reference =>
          `${reference.pointer}: ${describeReference(
            reference,
          )} does not exist on cluster "${clusterName}", so ${
            reference.consequence
          }; ${reference.remedy}`,
      )
      .join('\n')}`,
  );
}

/**
 * Reads every object the order names (one GET each) and throws an InputError listing all that are
 * missing. A read that fails otherwise (403, unreachable) throws that error, naming the setting:
 * the check cannot be skipped, or pods would be refused after an apply that reported success.
 * Resolves to the references checked.
 *
 * @public
 */
export async function checkNamedReferences(
  cluster: KubernetesCluster,
  config: ResolvedInstance,
): Promise<NamedReference[]> {
  const references = namedReferences(config);
  const outcomes = await Promise.all(
    references.map(async reference => {
      const identity = {
        apiVersion: reference.apiVersion,
        kind: reference.kind,
        metadata: { name: reference.name, namespace: reference.namespace },
      };
      try {
        return { reference, found: !!(await cluster.get(identity)) };
      } catch (error) {
        const mapped = error as Error;
        return {
          reference,
          found: false,
          failure: restate(
            mapped,
            `${reference.pointer}: could not check that ${describeReference(
              reference,
            )} exists on cluster "${cluster.name}"; nothing was applied. ${
              mapped.message
            }`,
          ),
        };
      }
    }),
  );
  const failure = outcomes.find(outcome => outcome.failure)?.failure;
  if (failure) throw failure;
  const missing = missingReferencesError(
    cluster.name,
    outcomes.filter(outcome => !outcome.found).map(o => o.reference),
  );
  if (missing) throw missing;
  return references;
}
