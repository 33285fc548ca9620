import type { CommandDefinition } from '../command';
import {
  clusterTarget,
  loadClusterCommands,
  operationOptions,
  parseOperationArgs,
  requesterOf,
} from './clusterOptions';

const resizeOptions = {
  ...operationOptions,
  cpu: { type: 'string' },
  memory: { type: 'string' },
  storage: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
} as const;

export const resizeCommand: CommandDefinition = {
  forms: [
    {
      synopsis:
        '<namespace>/<name> [--cpu Q] [--memory Q] [--dry-run] [--kubeconfig FILE] [--context NAME] [--as WHO]',
      summary:
        "resize the data pods' CPU and memory of a replication, sentinel or cluster instance, one pod at a time",
    },
    {
      synopsis:
        '<namespace>/<name> --storage Q [--dry-run] [--kubeconfig FILE] [--context NAME] [--as WHO]',
      summary:
        'grow the volumes of a replication, sentinel or cluster instance',
    },
  ],
  details: `Resizes an instance as the portal's redis:resize does: the order as last applied (the ConfigMap
<name>-applyset records it) is applied again with the new size, so every object keeps what the
order set. Each size is a Kubernetes quantity.

CPU and memory (replication, sentinel and cluster mode): --cpu and --memory are the data pods' new limits; each request keeps
its share of its limit. Refused unless every data pod's used memory fits the new maxmemory, a
PodDisruptionBudget covers the data pods, and a replica is in sync. The order is applied with the
StatefulSet update strategy OnDelete, so that no pod restarts on its own; then the data pods are
deleted one at a time, each waited for until it is ready with the new resources and in sync: the
replicas first, the master last, after a switchover that pauses writes until a replica has them
all, so no acknowledged write is lost (SENTINEL FAILOVER, or without sentinels FAILOVER TO). Then the order's own update strategy is applied again.
Afterwards: every data pod answers, one master, every replica's link up, the sentinels name the
master, every data pod has the new resources, and the sentinels' config-epoch rose by one only
(with sentinels). Cluster mode: leaders and followers get the new resources; every replica restarts
first, then each master after CLUSTER FAILOVER to its replica in sync, failed back once it is in
sync again; refused without volumes (a restarted node would lose its nodes.conf) or unless the
cluster is healthy and every master has a replica in sync. Afterwards the cluster is healthy, each shard with the master it had, and
cluster_current_epoch rose by one per failover only.

Storage: --storage is each data pod's new volume size (in cluster mode the data claims; the
node-conf claims keep theirs), larger than every claim now, never with
--cpu or --memory (the operator skips every other change when a claim cannot grow). Refused unless
every claim is bound and its StorageClass (or the default class) allows volume expansion. Nothing
restarts; afterwards every claim has the new capacity.

It runs under the instance's operation lock and is recorded in the ConfigMap <name>-operations and as
an Event on the custom resource.

  --cpu Q              the data pods' new CPU limit, e.g. 2 or 1500m
  --memory Q           the data pods' new memory limit, e.g. 4Gi
  --storage Q          each data pod's new volume size, in Mi, Gi or Ti, e.g. 20Gi
  --dry-run            only the server dry run: print what would change, write nothing
  --kubeconfig FILE    the kubeconfig (default: $KUBECONFIG, else ~/.kube/config)
  --context NAME       its context to use (default: the current context)
  --as WHO             who runs it, for the lock and the history (default: cli:<your user name>)

Exit status: 0 resized (or dry run passed) and every check passed, 2 usage error, 3 internal error,
4 refused (a quantity that does not read, storage with CPU or memory, a smaller volume, a
StorageClass without allowVolumeExpansion, a dataset too large for the memory, no disruption budget,
the lock's holder), the checks did not pass in time, or the cluster could not be reached.

Examples:
  redis-flavour resize shop/orders-cache --memory 4Gi --cpu 2 --dry-run
  redis-flavour resize shop/orders-cache --storage 20Gi --context eks-prod`,
  async run(args) {
    const { values, instance } = parseOperationArgs(args, resizeOptions);
    const { resizeOf } = loadClusterCommands();
    return resizeOf(instance, clusterTarget(values), {
      cpu: values.cpu,
      memory: values.memory,
      storage: values.storage,
      requester: requesterOf(values.as),
      dryRun: values['dry-run'],
    });
  },
};
