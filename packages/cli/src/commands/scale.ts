import type { CommandDefinition } from '../command';
import { parseCommandArgs } from '../command';
import { UsageError } from '../exitStatus';
import {
  clusterTarget,
  instanceOperand,
  loadClusterCommands,
  operationOptions,
  requesterOf,
} from './clusterOptions';

const scaleOptions = {
  ...operationOptions,
  replicas: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
} as const;

export const scaleCommand: CommandDefinition = {
  forms: [
    {
      synopsis:
        '<namespace>/<name> --replicas N [--dry-run] [--kubeconfig FILE] [--context NAME] [--as WHO]',
      summary: 'set the replicas of a replication or sentinel instance',
    },
  ],
  details: `Sets the replicas of a replication or sentinel instance, as the portal's redis:scale does. The
order as last applied (the ConfigMap <name>-applyset records it) is applied again with
flavour.replica.count changed, so every object keeps what the order set. A scale-in removes the
highest-numbered pods and is refused while one of them is the master. Afterwards, within ten
minutes: every data pod answers, there is one master, every replica's link is up, and every sentinel
names the master. It runs under the instance's operation lock and is recorded in the ConfigMap
<name>-operations and as an Event on the RedisReplication.

  --replicas N        the replicas of the master afterwards
  --dry-run           only the server dry run: print what would change, write nothing
  --kubeconfig FILE   the kubeconfig (default: $KUBECONFIG, else ~/.kube/config)
  --context NAME      its context to use (default: the current context)
  --as WHO            who runs it, for the lock and the history (default: cli:<your user name>)

Exit status: 0 scaled (or dry run passed) and every check passed, 2 usage error, 3 internal error,
4 refused (an invalid count with its field, the master among the pods to remove, the lock's
holder), the checks did not pass in time, or the cluster could not be reached.

Example:
  redis-flavour scale shop/orders-cache --replicas 3 --context eks-prod --dry-run`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, scaleOptions, [
      '<namespace>/<name>',
    ]);
    const instance = instanceOperand(positionals[0]);
    const replicas = Number(values.replicas);
    if (
      values.replicas === undefined ||
      !Number.isInteger(replicas) ||
      replicas < 0
    )
      throw new UsageError(
        `--replicas must be a whole number of replicas, not "${
          values.replicas ?? ''
        }"`,
      );
    const { scaleOf } = loadClusterCommands();
    return scaleOf(instance, clusterTarget(values), {
      replicas,
      requester: requesterOf(values.as),
      dryRun: values['dry-run'],
    });
  },
};
