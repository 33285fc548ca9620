import type { ResolvedInstance } from '../schema/types';
import { redisTopology } from '../topology';
import { instanceServices, statefulSetName } from '../operatorNames';
import {
  DUMP_SCRIPT,
  RETENTION_FAILED_EXIT_CODE,
  UPLOAD_SCRIPT,
} from './backupScripts';
import {
  BACKUP_RESOURCES,
  BACKUP_UPLOAD_IMAGE,
  REDIS_IMAGES,
  REDIS_PORT,
  authSecretRef,
  instanceLabels,
  objectNames,
  type KubernetesObject,
} from './conventions';
import { containerSecurityContext, podSecurityContext } from './placement';

/** Where the dump is read from: a replica when there is one, else the only pod, or the cluster leaders. */
export function backupSource(config: ResolvedInstance): {
  host: string;
  mode: 'single' | 'cluster';
} {
  const { name, flavour } = config;
  const host = (service: string) => `${service}.${flavour.namespace}.svc`;
  const topology = redisTopology(config);
  if (topology.dataKind === 'RedisCluster')
    return { host: host(instanceServices.leader(name)), mode: 'cluster' };
  if (topology.dataKind === 'Redis')
    return { host: host(statefulSetName(name, 'redis')), mode: 'single' };
  return { host: host(instanceServices.replica(name)), mode: 'single' };
}

function scriptsConfigMap(config: ResolvedInstance): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: objectNames(config.name).backupScripts,
      namespace: config.flavour.namespace,
      labels: instanceLabels(config.name, config.flavour.namespace),
    },
    data: { 'dump.sh': DUMP_SCRIPT, 'upload.sh': UPLOAD_SCRIPT },
  };
}

function cronJob(config: ResolvedInstance): KubernetesObject {
  const { name, flavour } = config;
  const { backup } = flavour;
  const secret = authSecretRef(config);
  const source = backupSource(config);
  const mounts = [
    { name: 'backup', mountPath: '/backup' },
    { name: 'scripts', mountPath: '/scripts', readOnly: true },
  ];
  const env = (values: Record<string, string>) =>
    Object.entries(values).map(([key, value]) => ({ name: key, value }));
  const passwordEnv = secret
    ? [
        {
          name: 'REDISCLI_AUTH',
          valueFrom: { secretKeyRef: { name: secret.name, key: secret.key } },
        },
      ]
    : [];
  const labels = instanceLabels(name, flavour.namespace);
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: {
      name: objectNames(name).backup,
      namespace: flavour.namespace,
      labels,
    },
    spec: {
      schedule: backup.schedule,
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        metadata: { labels },
        spec: {
          backoffLimit: 2,
          // A failed retention follows a good upload: a retry would upload the same and fail the same way.
          podFailurePolicy: {
            rules: [
              {
                action: 'FailJob',
                onExitCodes: {
                  containerName: 'upload',
                  operator: 'In',
                  values: [RETENTION_FAILED_EXIT_CODE],
                },
              },
            ],
          },
          template: {
            metadata: {
              labels: { ...labels, 'app.kubernetes.io/component': 'backup' },
            },
            spec: {
              restartPolicy: 'Never',
              serviceAccountName: flavour.serviceAccount,
              securityContext: podSecurityContext(config),
              initContainers: [
                {
                  name: 'dump',
                  image: REDIS_IMAGES[config.root.version].redis,
                  command: ['sh', '/scripts/dump.sh'],
                  env: [
                    ...env({
                      REDIS_HOST: source.host,
                      REDIS_PORT: String(REDIS_PORT),
                      REDIS_MODE: source.mode,
                      BACKUP_DIR: '/backup',
                    }),
                    ...passwordEnv,
                  ],
                  resources: BACKUP_RESOURCES,
                  securityContext: containerSecurityContext(config, true),
                  volumeMounts: mounts,
                },
              ],
              containers: [
                {
                  name: 'upload',
                  image: BACKUP_UPLOAD_IMAGE,
                  command: ['sh', '/scripts/upload.sh'],
                  // The pod's termination message is then the script's last lines, e.g. `retention failed: ...`.
                  terminationMessagePolicy: 'FallbackToLogsOnError',
                  env: env({
                    S3_BUCKET: backup.s3Bucket ?? '',
                    S3_PREFIX: `${flavour.namespace}/${name}`,
                    RETENTION_DAYS: String(backup.retention),
                    BACKUP_DIR: '/backup',
                    AWS_REGION: backup.s3Region,
                    AWS_DEFAULT_REGION: backup.s3Region,
                    HOME: '/tmp',
                  }),
                  resources: BACKUP_RESOURCES,
                  securityContext: containerSecurityContext(config, true),
                  volumeMounts: [...mounts, { name: 'tmp', mountPath: '/tmp' }],
                },
              ],
              volumes: [
                { name: 'backup', emptyDir: {} },
                { name: 'tmp', emptyDir: {} },
                {
                  name: 'scripts',
                  configMap: {
                    name: objectNames(name).backupScripts,
                    defaultMode: 0o555,
                  },
                },
              ],
            },
          },
        },
      },
    },
  };
}

/** The scripts ConfigMap (applied with the other config) and the CronJob (applied last). */
export function renderBackup(config: ResolvedInstance): {
  scripts?: KubernetesObject;
  cronJob?: KubernetesObject;
} {
  if (!config.flavour.backup.enabled) return {};
  return { scripts: scriptsConfigMap(config), cronJob: cronJob(config) };
}
