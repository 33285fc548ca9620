import type { CommandDefinition } from '../command';
import { parseCommandArgs } from '../command';
import { EXIT_INVALID, UsageError } from '../exitStatus';
import {
  CLUSTER_OPTIONS_HELP,
  clusterOptions,
  clusterTarget,
  loadClusterCommands,
  readValidOrder,
} from './clusterOptions';

const applyOptions = {
  ...clusterOptions,
  'dry-run': { type: 'boolean', default: false },
  force: { type: 'boolean', default: false },
  'create-namespace': { type: 'boolean', default: false },
  wait: { type: 'boolean', default: false },
  timeout: { type: 'string' },
} as const;

/** --timeout in seconds as milliseconds; undefined keeps the engine's default (10 minutes). */
function timeoutMs(timeout: string | undefined, wait: boolean) {
  if (timeout === undefined) return undefined;
  if (!wait) throw new UsageError('--timeout needs --wait');
  const seconds = Number(timeout);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(
      `--timeout must be a positive number of seconds, not "${timeout}"`,
    );
  }
  return seconds * 1000;
}

export const applyCommand: CommandDefinition = {
  forms: [
    {
      synopsis:
        '<file> [--kubeconfig FILE] [--context NAME] [--owner REF] [--dry-run] [--force] [--create-namespace] [--wait [--timeout S]]',
      summary:
        'server-side apply the order to the cluster, prune, optionally wait',
    },
  ],
  details: `Applies the order's objects with server-side apply (field manager odin-redis): the whole set
is first sent with dryRun=All and nothing is written unless every object passes; then the
password Secret is created if the order needs a generated one (never overwritten, never
printed), the objects are applied in order, and objects of this instance the order no longer
renders are deleted: the ApplySet parent ConfigMap <name>-applyset records what was applied,
so prune lists no kinds. Re-running is safe.

${CLUSTER_OPTIONS_HELP}
  --dry-run           stop after the server dry run; print what would change, write nothing
  --force             allow a deploymentMode change of a live instance (data is not migrated,
                      clients must reconnect differently) and take over fields other managers own
  --create-namespace  create the order's namespace if it does not exist (labelled
                      odin.dev/created-by=odin-redis); it is never pruned
  --wait              wait until the pods are ready, reporting progress; on timeout, say why
                      (Pending pods and the scheduler's reason, image pulls, unbound volumes,
                      a missing operator)
  --timeout S         how long --wait waits, in seconds (default 600)

Progress goes to stderr, the result (objects created/updated/unchanged/pruned, the Secret's
name, readiness, the endpoint) to stdout.

Exit status: 0 applied (or dry run passed), 1 invalid order, 2 usage error or unreadable file,
3 internal error, 4 the API server refused or failed (nothing or only part was applied; the
message says which), could not be reached, or the instance was not ready in time.

Examples:
  redis-flavour apply orders-cache.yaml --context eks-prod --dry-run
  redis-flavour apply orders-cache.yaml --context eks-prod --owner payments --wait --timeout 900`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, applyOptions, [
      '<file>',
    ]);
    const waitTimeout = timeoutMs(values.timeout, values.wait);
    const config = readValidOrder(positionals[0]);
    if (!config) return EXIT_INVALID;
    const { applyOrder } = loadClusterCommands();
    return applyOrder(config, clusterTarget(values), {
      dryRun: values['dry-run'],
      force: values.force,
      createNamespace: values['create-namespace'],
      wait: values.wait && { timeoutMs: waitTimeout },
      owner: values.owner,
    });
  },
};
