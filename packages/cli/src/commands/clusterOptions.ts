// What diff and apply share: the kubeconfig and owner options, and the validated order they send.
import {
  validateInstance,
  type ResolvedInstance,
} from '@odin/plugin-redis-common';
import os from 'node:os';
import type { ClusterTarget } from '../cluster/clusterCommands';
import { parseCommandArgs } from '../command';
import { UsageError } from '../exitStatus';
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

/** The options of the day-2 commands: the cluster, and who runs it. */
export const operationOptions = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  as: { type: 'string' },
} as const;

/** The options of the day-2 commands that read or write backups: the S3 server. */
export const s3Options = {
  's3-endpoint': { type: 'string' },
  's3-path-style': { type: 'boolean', default: false },
} as const;

export const S3_OPTIONS_HELP = `  --s3-endpoint URL      an S3-compatible server instead of AWS
  --s3-path-style        path-style bucket addressing, which most S3-compatible servers need`;

/** The S3 server of --s3-endpoint and --s3-path-style; without an endpoint, the AWS SDK's. */
export function s3SettingsOf(values: {
  's3-endpoint'?: string;
  's3-path-style': boolean;
}): { endpoint?: string; forcePathStyle: boolean } {
  return {
    endpoint: values['s3-endpoint'],
    forcePathStyle: values['s3-path-style'],
  };
}

/** Who runs an operation, for its lock and its history: --as, or the user of this process. */
export function requesterOf(as: string | undefined): string {
  return as ?? `cli:${os.userInfo().username}`;
}

/** A Kubernetes DNS label: what namespaces and instance names must be. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** `<namespace>/<name>`, as the portal's entities annotate an instance. */
export function instanceOperand(operand: string) {
  const [namespace, name, ...rest] = operand.split('/');
  if (
    rest.length > 0 ||
    !DNS_LABEL.test(namespace) ||
    !DNS_LABEL.test(name ?? '')
  )
    throw new UsageError(
      `expected the instance as <namespace>/<name> (DNS labels), not "${operand}"`,
    );
  return { namespace, name };
}

/** A day-2 command's options, and its one operand: the instance as `<namespace>/<name>`. */
export function parseOperationArgs<Options extends typeof operationOptions>(
  args: string[],
  options: Options,
) {
  const { values, positionals } = parseCommandArgs(args, options, [
    '<namespace>/<name>',
  ]);
  return { values, instance: instanceOperand(positionals[0]) };
}
