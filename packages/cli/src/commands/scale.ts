import type { CommandDefinition } from '../command';
import { UsageError } from '../exitStatus';
import {
  clusterTarget,
  loadClusterCommands,
  operationOptions,
  parseOperationArgs,
  requesterOf,
} from './clusterOptions';

const scaleOptions = {
  ...operationOptions,
  replicas: { type: 'string' },
  shards: { type: 'string' },
  'replicas-per-shard': { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
} as const;

export const scaleCommand: CommandDefinition = {
  forms: [
    {
      synopsis:
        '<namespace>/<name> --replicas N [--dry-run] [--kubeconfig FILE] [--context NAME] [--as WHO]',
      summary: 'set the replicas of a replication or sentinel instance',
    },
    {
      synopsis:
        '<namespace>/<name> [--shards N] [--replicas-per-shard N] [--dry-run] [--kubeconfig FILE] [--context NAME] [--as WHO]',
      summary: 'set the shards and replicas per shard of a cluster instance',
    },
  ],
  details: `Sets the replicas of a replication or sentinel instance, or the shards and replicas per shard of
a cluster instance, as the portal's redis:scale does. The order as last applied (the ConfigMap
<name>-applyset records it) is applied again with flavour.replica.count (or flavour.cluster) changed,
so every object keeps what the order set. An option that does not fit the instance's mode is refused.

Replication and sentinel: a scale-in removes the highest-numbered pods and is refused while one of
them is the master. Afterwards, within ten minutes: every data pod answers, there is one master,
every replica's link is up, and every sentinel names the master.

Cluster: a scale-in of shards needs a successful backup younger than its schedule allows (a Job of
the CronJob <name>-backup), and the masters' used memory over the remaining masters below 0.8 x
maxmemory; any scale-in needs every master to be a leader pod. Afterwards, within ten minutes: the
operator reports the cluster ready at the new size, every node answers, all 16384 slots are ok, no
node fails, every replica's link is up and the key count is kept.

It runs under the instance's operation lock and is recorded in the ConfigMap <name>-operations and as
an Event on the custom resource.

  --replicas N             replication and sentinel: the replicas of the master afterwards
  --shards N               cluster: the shards afterwards (default: unchanged)
  --replicas-per-shard N   cluster: the replicas of each shard afterwards (default: unchanged)
  --dry-run                only the server dry run: print what would change, write nothing
  --kubeconfig FILE        the kubeconfig (default: $KUBECONFIG, else ~/.kube/config)
  --context NAME           its context to use (default: the current context)
  --as WHO                 who runs it, for the lock and the history (default: cli:<your user name>)

Exit status: 0 scaled (or dry run passed) and every check passed, 2 usage error, 3 internal error,
4 refused (an invalid count with its field, an option of the other mode, the master among the pods
to remove, no recent backup, too little memory headroom, the lock's holder), the checks did not pass
in time, or the cluster could not be reached.

Examples:
  redis-flavour scale shop/orders-cache --replicas 3 --context eks-prod --dry-run
  redis-flavour scale shop/sessions --shards 4`,
  async run(args) {
    const { values, instance } = parseOperationArgs(args, scaleOptions);
    const count = (option: 'replicas' | 'shards' | 'replicas-per-shard') => {
      const text = values[option];
      if (text === undefined) return undefined;
      const number = Number(text);
      if (text === '' || !Number.isInteger(number) || number < 0)
        throw new UsageError(
          `--${option} must be a whole number, not "${text}"`,
        );
      return number;
    };
    const counts = {
      replicas: count('replicas'),
      shards: count('shards'),
      replicasPerShard: count('replicas-per-shard'),
    };
    if (Object.values(counts).every(value => value === undefined))
      throw new UsageError(
        'give --replicas N (replication or sentinel), or --shards N and/or --replicas-per-shard N (cluster)',
      );
    const { scaleOf } = loadClusterCommands();
    return scaleOf(instance, clusterTarget(values), {
      ...counts,
      requester: requesterOf(values.as),
      dryRun: values['dry-run'],
    });
  },
};
