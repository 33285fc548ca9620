// Refuses a cluster name the portal does not know, when it can ask the Kubernetes plugin which it knows.
import type { ApiHolder } from '@backstage/frontend-plugin-api';
import type { FieldValidation } from '@rjsf/utils';

export async function validateClusterName(
  name: string,
  field: FieldValidation,
  context: { apiHolder: ApiHolder },
): Promise<void> {
  if (!name) return;
  const { kubernetesApiRef } = await import(
    '@backstage/plugin-kubernetes-react'
  );
  const kubernetesApi = context.apiHolder.get(kubernetesApiRef);
  if (!kubernetesApi) return;
  let known: string[];
  try {
    known = (await kubernetesApi.getClusters()).map(cluster => cluster.name);
  } catch {
    // The picker already says the list is unavailable; the apply step names an unknown cluster.
    return;
  }
  if (known.length > 0 && !known.includes(name))
    field.addError(
      `"${name}" is not a cluster the portal knows; choose one of: ${known.join(
        ', ',
      )}`,
    );
}
