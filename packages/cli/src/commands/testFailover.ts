import type { CommandDefinition } from '../command';
import {
  clusterTarget,
  loadClusterCommands,
  operationOptions,
  parseOperationArgs,
  requesterOf,
} from './clusterOptions';

const testFailoverOptions = {
  ...operationOptions,
  override: { type: 'boolean', default: false },
  replica: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
} as const;

export const testFailoverCommand: CommandDefinition = {
  forms: [
    {
      synopsis:
        '<namespace>/<name> [--replica POD] [--dry-run] [--kubeconfig FILE] [--context NAME] [--as WHO] [--override]',
      summary:
        'fail a sentinel instance, or a shard of a cluster instance, over to a replica and check the new master',
    },
  ],
  details: `Fails a sentinel instance over to its best replica with SENTINEL FAILOVER, under the
instance's operation lock (the Lease <name>-operation), as the portal's redis:test-failover does.

Before: every sentinel answers and SENTINEL CKQUORUM passes, a replica's link is up and it is at
most 1024 bytes behind the master, and no test failover ran in the last hour. After, within two
minutes: every sentinel names the same new master, the old master is its replica with its link
up, and the operator's redis-role pod labels agree. Each check is printed with its figures. The
run is recorded in the ConfigMap <name>-operations and as an Event on the RedisReplication.

A cluster instance gets CLUSTER FAILOVER (coordinated with the master) on --replica, default the
first in-sync replica of the shard that owns slot 0. Before: every node answers, cluster_state is
ok with all 16384 slots ok, the replica's link is up and it is at most 1024 bytes behind its master,
and the hourly rule. After: the replica is master of the shard's slots, the old master is its
replica with its link up, cluster_state ok with all slots ok, every node's CLUSTER NODES agrees, one
master per shard, and the redis-role labels agree. The Event is on the RedisCluster.

  --replica POD       cluster mode: the replica to promote, e.g. shop-follower-0
  --dry-run           only the preconditions, checked now, and the pods whose role would change;
                      nothing is sent, locked or recorded
  --kubeconfig FILE   the kubeconfig (default: $KUBECONFIG, else ~/.kube/config)
  --context NAME      its context to use (default: the current context)
  --as WHO            who runs it, for the lock and the history (default: cli:<your user name>)
  --override          run within an hour of the last test failover

Exit status: 0 failed over and every check passed, 2 usage error, 3 internal error, 4 refused
(the failed precondition and its figures, or the lock's holder), the post-checks did not pass in
time, or the cluster could not be reached.

Examples:
  redis-flavour test-failover shop/orders-cache --context eks-prod --dry-run
  redis-flavour test-failover shop/orders-cache --context eks-prod
  redis-flavour test-failover shop/sessions --replica sessions-follower-1`,
  async run(args) {
    const { values, instance } = parseOperationArgs(args, testFailoverOptions);
    const { testFailoverOf } = loadClusterCommands();
    return testFailoverOf(instance, clusterTarget(values), {
      requester: requesterOf(values.as),
      override: values.override,
      replica: values.replica,
      dryRun: values['dry-run'],
    });
  },
};
