import type { CommandDefinition } from '../command';
import { UsageError } from '../exitStatus';
import {
  clusterTarget,
  loadClusterCommands,
  operationOptions,
  parseOperationArgs,
  requesterOf,
  s3SettingsOf,
  s3Options,
  S3_OPTIONS_HELP,
} from './clusterOptions';

const deleteOptions = {
  ...operationOptions,
  confirm: { type: 'string' },
  'delete-volumes': { type: 'boolean', default: false },
  'skip-final-backup': { type: 'boolean', default: false },
  ...s3Options,
  'dry-run': { type: 'boolean', default: false },
} as const;

export const deleteCommand: CommandDefinition = {
  forms: [
    {
      synopsis:
        '<namespace>/<name> --confirm NAME [--delete-volumes] [--skip-final-backup] [--dry-run] [--s3-endpoint URL] [--s3-path-style] [--kubeconfig FILE] [--context NAME] [--as WHO]',
      summary: 'delete an instance after a final backup',
    },
  ],
  details: `Deletes an instance after a final backup, as the portal's redis:delete does. --confirm must
repeat the instance's name. A Job made from the instance's backup CronJob (<name>-final-<time>, as
kubectl create job --from=cronjob/<name>-backup makes one) runs first; its objects must then be in
s3://<bucket>/<namespace>/<name>/, non-empty and newer than the Job (one per shard in cluster mode),
before anything is deleted. Then storage.keepAfterDelete is set on the custom resources (true unless
--delete-volumes), and the backup CronJob, the custom resources (waiting for the operator to finish
each), every other object the ConfigMap <name>-applyset records, a generated password Secret, and
that ConfigMap last are deleted.

Refused, with nothing deleted: a --confirm that is not the name; an instance without backups (unless
--skip-final-backup); a final backup Job that fails or takes over ten minutes, or whose objects are not
in S3; another operation holding the lock.

It runs under the instance's operation lock and is recorded in the ConfigMap <name>-operations, which
stays, and as an Event. The portal's entity provider removes the catalog entity on its next run. S3
credentials come from the AWS SDK's default chain; the endpoint from --s3-endpoint, else the SDK's
(AWS_ENDPOINT_URL, or AWS).

  --confirm NAME         the instance's name, typed again
  --delete-volumes       delete the data volumes (PersistentVolumeClaims) too; kept by default
  --skip-final-backup    delete without a final backup
  --dry-run              only what would be deleted and kept, each delete dry-run by the server
${S3_OPTIONS_HELP}
  --kubeconfig FILE      the kubeconfig (default: $KUBECONFIG, else ~/.kube/config)
  --context NAME         its context to use (default: the current context)
  --as WHO               who runs it, for the lock and the history (default: cli:<your user name>)

Exit status: 0 deleted (or dry run passed), 2 usage error, 3 internal error, 4 refused (the reasons
above), the final backup failed, or the cluster could not be reached.

Examples:
  redis-flavour delete shop/orders-cache --confirm orders-cache --dry-run
  redis-flavour delete shop/scratch --confirm scratch --delete-volumes`,
  async run(args) {
    const { values, instance } = parseOperationArgs(args, deleteOptions);
    if (values.confirm === undefined)
      throw new UsageError(
        `give --confirm ${instance.name}: the instance's name, typed again`,
      );
    const { deleteOf } = loadClusterCommands();
    return deleteOf(instance, clusterTarget(values), {
      confirmName: values.confirm,
      keepVolumes: !values['delete-volumes'],
      skipFinalBackup: values['skip-final-backup'],
      s3: s3SettingsOf(values),
      requester: requesterOf(values.as),
      dryRun: values['dry-run'],
    });
  },
};
