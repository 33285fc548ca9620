// The init container a restored instance's data pods start with: it downloads the chosen RDB into the
// data volume, only while the volume holds no data, so a later restart never overwrites newer data.
import {
  BACKUP_UPLOAD_IMAGE,
  type KubernetesObject,
  type ResolvedInstance,
} from '@odin/plugin-redis-common';

/**
 * restore.sh — runs in the AWS CLI image with the data volume at DATA_DIR. Env: S3_BUCKET, S3_KEY,
 * DATA_DIR, AOF (yes|no: the instance's appendonly), and the usual AWS_* variables. With appendonly
 * yes, Redis 7 loads its AOF directory and ignores dump.rdb (observed on 7.0.15: it starts empty and
 * writes an empty AOF base), so the dump becomes the AOF base file of a one-line manifest; otherwise it
 * becomes dump.rdb. Either lands with one rename, so an interrupted run restores nothing and runs again.
 *
 * @public
 */
export const RESTORE_SCRIPT = `#!/bin/sh
# Restores one RDB dump from S3 into an empty data directory.
set -eu
: "\${S3_BUCKET:?S3_BUCKET is required}"
: "\${S3_KEY:?S3_KEY is required}"
: "\${DATA_DIR:?DATA_DIR is required}"
AOF="\${AOF:-yes}"
for existing in dump.rdb appendonlydir appendonly.aof; do
  if [ -e "$DATA_DIR/$existing" ]; then
    echo "$DATA_DIR holds data ($existing): nothing restored"
    exit 0
  fi
done
part="$DATA_DIR/.restore.part"
rm -rf "$part"
mkdir -p "$part"
aws s3 cp "s3://$S3_BUCKET/$S3_KEY" "$part/dump.rdb"
if [ "$AOF" = yes ]; then
  mkdir "$part/appendonlydir"
  mv "$part/dump.rdb" "$part/appendonlydir/appendonly.aof.1.base.rdb"
  printf 'file appendonly.aof.1.base.rdb seq 1 type b\\n' > "$part/appendonlydir/appendonly.aof.manifest"
  mv "$part/appendonlydir" "$DATA_DIR/appendonlydir"
else
  mv "$part/dump.rdb" "$DATA_DIR/dump.rdb"
fi
rm -rf "$part"
echo "restored s3://$S3_BUCKET/$S3_KEY into $DATA_DIR (appendonly $AOF)"
`;

/** Where the operator mounts the data volume, in the Redis container and in its init container. */
const DATA_DIR = '/data';

/**
 * The data custom resource with the operator's `spec.initContainer` that restores `key` from the
 * order's backup bucket. The operator mounts the data volume at /data into it (only when the resource
 * has a volumeClaimTemplate) and gives it this env only; it runs under the pods' service account, the
 * backup CronJob's, whose role must be allowed s3:GetObject.
 *
 * @public
 */
export function withRestoreContainer(
  resource: KubernetesObject,
  config: ResolvedInstance,
  key: string,
): KubernetesObject {
  const { backup, persistence } = config.flavour;
  const spec = (resource.spec ?? {}) as Record<string, any>;
  const env = Object.entries({
    S3_BUCKET: backup.s3Bucket ?? '',
    S3_KEY: key,
    DATA_DIR,
    AOF: persistence.aof.enabled ? 'yes' : 'no',
    AWS_REGION: backup.s3Region,
    AWS_DEFAULT_REGION: backup.s3Region,
    HOME: '/tmp',
  }).map(([name, value]) => ({ name, value }));
  return {
    ...resource,
    spec: {
      ...spec,
      initContainer: {
        enabled: true,
        image: BACKUP_UPLOAD_IMAGE,
        imagePullPolicy: 'IfNotPresent',
        command: ['sh', '-c', RESTORE_SCRIPT],
        env,
        // The pod's request is the larger of an init container's and the containers' sum: the Redis
        // container's own resources add nothing to it.
        resources: spec.kubernetesConfig?.resources,
        securityContext: spec.securityContext,
      },
    },
  };
}
