// What diff and apply share: the kubeconfig and owner options, and the validated order they send.
import {
  validateInstance,
  type ResolvedInstance,
} from '@odin/plugin-redis-common';
import type { ClusterTarget } from '../cluster/clusterCommands';
import { readInstanceFile } from '../instanceFile';
import { reportIssues } from '../issueLines';
import { writeThroughStreams } from '../output';

export const clusterOptions = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  owner: { type: 'string' },
} as const;

export const CLUSTER_OPTIONS_HELP = `  --kubeconfig FILE   the kubeconfig (default: $KUBECONFIG, else ~/.kube/config)
  --context NAME      its context to use (default: the current context)
  --owner REF         owner entity ref (payments means group:default/payments), stamped on the
                      custom resource as odin.dev/owner as the portal does; without it, a re-apply
                      removes the owner the portal set`;

export function clusterTarget(values: {
  kubeconfig?: string;
  context?: string;
}): ClusterTarget {
  return { kubeconfig: values.kubeconfig, context: values.context };
}

/** The order with its defaults, or undefined when it is invalid; errors and warnings go to stderr. */
export function readValidOrder(file: string): ResolvedInstance | undefined {
  const result = validateInstance(readInstanceFile(file));
  reportIssues(result);
  return result.config;
}

/**
 * The cluster code, loaded on first use: it holds the Kubernetes client, which validate and render
 * never need. Required, not imported, so that the bundle loads the file beside it synchronously.
 */
export function loadClusterCommands(): typeof import('../cluster/clusterCommands') {
  // The cluster code writes through process.stdout and process.stderr.
  writeThroughStreams();
  return require('../cluster/clusterCommands');
}
