import type { CommandDefinition } from '../command';
import { parseCommandArgs } from '../command';
import { EXIT_USAGE } from '../exitStatus';
import {
  CLUSTER_OPTIONS_HELP,
  clusterOptions,
  clusterTarget,
  loadClusterCommands,
  readValidOrder,
} from './clusterOptions';

export const diffCommand: CommandDefinition = {
  forms: [
    {
      synopsis: '<file> [--kubeconfig FILE] [--context NAME] [--owner REF]',
      summary:
        'show what apply would change on the cluster, per object and field',
    },
  ],
  details: `Compares the order's objects with the live ones: the API server validates the whole set in a
dry run (dryRun=All, server-side apply), then what the server would store is compared with the
live object field by field, so fields the order no longer sets show as removed. Fields the server
or other managers own show only when they would change. Secret values are never shown. Nothing is
written.

${CLUSTER_OPTIONS_HELP}

Output, one line per object that would change, then a summary:
  + Kind namespace/name            created
  ~ Kind namespace/name            updated, then one line per field:
      /field/path: live -> desired   changed
      /field/path: + value           added
      /field/path: - value (removed) removed: the order no longer sets it
  - Kind namespace/name            pruned (the ApplySet records it, the order no longer renders it)

Exit status, as kubectl diff: 0 no differences, 1 differences, 2 usage error, an unreadable file
or an invalid order, 3 internal error, 4 the API server refused or failed (e.g. 403, missing CRDs
or namespace, a conflict) or could not be reached.

Example:
  redis-flavour diff orders-cache.yaml --context eks-prod`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, clusterOptions, [
      '<file>',
    ]);
    const config = readValidOrder(positionals[0]);
    // As kubectl diff: 1 means "differences", so every failure is above it.
    if (!config) return EXIT_USAGE;
    const { diffInstance } = loadClusterCommands();
    return diffInstance(config, clusterTarget(values), {
      owner: values.owner,
    });
  },
};
