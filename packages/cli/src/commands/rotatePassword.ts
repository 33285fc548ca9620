import type { CommandDefinition } from '../command';
import { UsageError } from '../exitStatus';
import {
  clusterTarget,
  loadClusterCommands,
  operationOptions,
  parseOperationArgs,
  requesterOf,
} from './clusterOptions';

const rotatePasswordOptions = {
  ...operationOptions,
  'grace-seconds': { type: 'string', default: '300' },
  'dry-run': { type: 'boolean', default: false },
} as const;

export const rotatePasswordCommand: CommandDefinition = {
  forms: [
    {
      synopsis:
        '<namespace>/<name> [--grace-seconds N] [--dry-run] [--kubeconfig FILE] [--context NAME] [--as WHO]',
      summary: 'rotate the Redis password of an instance, one pod at a time',
    },
  ],
  details: `Rotates the Redis password of a sentinel, replication, standalone or cluster instance as the portal's
redis:rotate-password does.
A new password is generated (32 random bytes, base64url) and never printed:

1. it is added beside the old one on every data node and sentinel (ACL SETUSER default >new), and the
   data nodes' masterauth and the sentinels' auth-pass and sentinel-pass are set to it;
2. the instance's password Secret gets it, and every pod is deleted and recreated one at a time, each
   waited for until it is ready and in sync (a replica) or sees the master (a sentinel): the replicas,
   then the master after a switchover that pauses writes until a replica has them all (SENTINEL
   FAILOVER, or FAILOVER TO without sentinels), then the sentinels. A recreated pod starts with the
   new password; the old one is added back to it at once;
3. after the grace period the old password is removed everywhere (ACL SETUSER default <old).

Refused, with nothing changed, unless every data node and sentinel answers with the current
password, the sentinels have their quorum and agree on the master (or, without sentinels, one data
pod is master), a replica is in sync, and the Secret is the one the portal generated or the
recorded order names. Afterwards: every process lists only the new password and refuses the old,
one master with every replica's link up, and every sentinel signed in again with the new password
and seeing the master, its replicas and each other. Without sentinels, clients of the old master
get READONLY errors until they reconnect through the <name>-master Service. A standalone instance
restarts its one pod (refusing clients while it restarts), and is refused without persistence,
which the restart would empty. In cluster mode the followers restart first, then each leader after a
CLUSTER FAILOVER to its follower, failed back once it is in sync; refused without persistence
(spec.persistenceEnabled, spec.storage.nodeConfVolume), unless all 16384 slots are ok with every link
up, and unless every master has a replica in sync.

It runs under the instance's operation lock and is recorded in the ConfigMap <name>-operations and as
an Event on the custom resource.

  --grace-seconds N    how long the old password stays valid after every pod restarted, for
                       clients to read the Secret again (0 to 3600, default 300)
  --dry-run            only the checks, the Secret it would update and the order the pods would
                       restart in; no password is made, nothing is changed or recorded
  --kubeconfig FILE    the kubeconfig (default: $KUBECONFIG, else ~/.kube/config)
  --context NAME       its context to use (default: the current context)
  --as WHO             who runs it, for the lock and the history (default: cli:<your user name>)

Exit status: 0 rotated (or dry run passed) and every check passed, 2 usage error, 3 internal error, 4 refused (a process
that does not answer, no quorum, no replica in sync, a Secret the portal does not manage, a cluster
without persistence, the lock's holder), the checks did not pass in time, or the cluster could not be reached.

Examples:
  redis-flavour rotate-password shop/orders-cache --grace-seconds 600 --context eks-prod --dry-run
  redis-flavour rotate-password shop/orders-cache --grace-seconds 600 --context eks-prod`,
  async run(args) {
    const { values, instance } = parseOperationArgs(
      args,
      rotatePasswordOptions,
    );
    const text = values['grace-seconds'];
    const graceSeconds = Number(text);
    if (
      text === '' ||
      !Number.isInteger(graceSeconds) ||
      graceSeconds < 0 ||
      graceSeconds > 3600
    )
      throw new UsageError(
        `--grace-seconds must be a whole number from 0 to 3600, not "${text}"`,
      );
    const { rotatePasswordOf } = loadClusterCommands();
    return rotatePasswordOf(instance, clusterTarget(values), {
      graceSeconds,
      requester: requesterOf(values.as),
      dryRun: values['dry-run'],
    });
  },
};
