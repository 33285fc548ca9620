import type { CommandDefinition } from '../command';
import { UsageError } from '../exitStatus';
import {
  DNS_LABEL,
  clusterTarget,
  loadClusterCommands,
  operationOptions,
  parseOperationArgs,
  requesterOf,
  s3SettingsOf,
  s3Options,
  S3_OPTIONS_HELP,
} from './clusterOptions';

const restoreOptions = {
  ...operationOptions,
  backup: { type: 'string' },
  to: { type: 'string' },
  ...s3Options,
  'dry-run': { type: 'boolean', default: false },
} as const;

export const restoreCommand: CommandDefinition = {
  forms: [
    {
      synopsis:
        '<namespace>/<name> --backup KEY|latest --to NAME [--dry-run] [--s3-endpoint URL] [--s3-path-style] [--kubeconfig FILE] [--context NAME] [--as WHO]',
      summary: 'restore a backup of an instance into a new instance',
    },
  ],
  details: `Restores a backup of an instance into a NEW instance in the same namespace, never in place, as
the portal's redis:restore does. The order as last applied (the ConfigMap <name>-applyset records
it) is applied under the new name, with the source's owner and a password of its own. Standalone,
replication and sentinel: with the operator's init container, which downloads the chosen RDB into
each data volume that holds no data yet. Cluster mode (one RDB per shard): the new cluster starts
empty, and once it is ready every key of every shard's dump is sent to it with RESTORE. To restore
"into" an instance: restore into a new one, then switch the clients.

Before anything is written it is refused when: the new name is taken; the backup object is not in
s3://<bucket>/<namespace>/<name>/ or is empty; its RDB version (read from its first bytes, a ranged
GET) is newer than the new instance's Redis reads; its used-mem is above the new instance's
maxmemory; the source has no volumes (but in cluster mode); another operation holds the lock. In
cluster mode also: the backup's per-shard objects do not cover all 16384 slots (the missing ones
are named); a shard's used-mem is above one master's maxmemory; a dump does not read to its end
(checksum, module data) or holds keys outside db 0. Afterwards, within fifteen minutes, every data
pod holds the backup's key count (cluster mode: the masters hold the keys restored, all slots ok,
every replica's link up).

It runs under the source's and the new instance's operation locks and is recorded in both
ConfigMaps <name>-operations and as Events on their custom resources. S3 credentials come from the
AWS SDK's default chain; the endpoint from --s3-endpoint, else the SDK's (AWS_ENDPOINT_URL, or AWS).

  --backup KEY|latest    the backup object: its name (20261201T020000Z.rdb), its key, or latest;
                         in cluster mode its stamp (20261201T020000Z) or one of its objects' names
  --to NAME              the new instance's name
  --dry-run              only the checks and the server dry run: print them, write nothing
${S3_OPTIONS_HELP}
  --kubeconfig FILE      the kubeconfig (default: $KUBECONFIG, else ~/.kube/config)
  --context NAME         its context to use (default: the current context)
  --as WHO               who runs it, for the locks and the histories (default: cli:<your user name>)

Exit status: 0 restored (or dry run passed) and every check passed, 2 usage error, 3 internal error,
4 refused (the reasons above, each with its figures), the key count did not match in time, the
load of a cluster failed (the new instance is then partially loaded: delete it and run again), or
the cluster could not be reached.

Examples:
  redis-flavour restore shop/orders-cache --backup latest --to orders-cache-restored --dry-run
  redis-flavour restore shop/orders-cache --backup 20261201T020000Z.rdb --to orders-cache-1201`,
  async run(args) {
    const { values, instance } = parseOperationArgs(args, restoreOptions);
    if (!values.backup)
      throw new UsageError(
        'give --backup with an object name, its key, or latest',
      );
    if (!values.to || !DNS_LABEL.test(values.to))
      throw new UsageError(
        `give --to with the new instance's name (a DNS label)${
          values.to ? `, not "${values.to}"` : ''
        }`,
      );
    const { restoreOf } = loadClusterCommands();
    return restoreOf(instance, clusterTarget(values), {
      backup: values.backup,
      to: values.to,
      s3: s3SettingsOf(values),
      requester: requesterOf(values.as),
      dryRun: values['dry-run'],
    });
  },
};
