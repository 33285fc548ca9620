// The one JSON Schema (draft-07) of a Redis instance order: { name, root, flavour }.
import {
  AWS_REGION,
  DNS_LABEL,
  DNS_SUBDOMAIN,
  DURATION,
  LABEL_VALUE,
  QUALIFIED_NAME,
  QUANTITY,
  REDIS_CONFIG_KEY,
  SAVE_INTERVAL,
  SECRET_KEY,
  SINGLE_LINE,
  STORAGE_SIZE,
} from './patterns';

/**
 * Longest instance name for which every object the operator derives (e.g. `<name>-follower-additional`) stays within 63 characters.
 *
 * @public
 */
export const MAX_INSTANCE_NAME_LENGTH = 42;

function resourcesSchema<
  const Limits extends { cpu: string; memory: string },
  const Requests extends { cpu: string; memory: string },
>(who: string, limits: Limits, requests: Requests) {
  return {
    type: 'object',
    title: `${who} resources`,
    description: `CPU and memory Kubernetes reserves (requests) and caps (limits) for each ${who} pod. Requests equal to limits give Guaranteed QoS.`,
    additionalProperties: false,
    required: ['limits', 'requests'],
    default: {},
    properties: {
      limits: {
        type: 'object',
        title: 'Limits',
        additionalProperties: false,
        required: ['cpu', 'memory'],
        default: {},
        properties: {
          cpu: {
            type: 'string',
            title: 'CPU limit',
            description: `Most CPU a ${who} pod may use, e.g. "1000m" or "2".`,
            pattern: QUANTITY,
            default: limits.cpu,
          },
          memory: {
            type: 'string',
            title: 'Memory limit',
            description: `Most memory a ${who} pod may use; above it the pod is OOM-killed.`,
            pattern: QUANTITY,
            default: limits.memory,
          },
        },
      },
      requests: {
        type: 'object',
        title: 'Requests',
        additionalProperties: false,
        required: ['cpu', 'memory'],
        default: {},
        properties: {
          cpu: {
            type: 'string',
            title: 'CPU request',
            description: `CPU guaranteed to a ${who} pod. Redis serves commands on one core.`,
            pattern: QUANTITY,
            default: requests.cpu,
          },
          memory: {
            type: 'string',
            title: 'Memory request',
            description: `Memory guaranteed to a ${who} pod; plan for the dataset plus about 30%.`,
            pattern: QUANTITY,
            default: requests.memory,
          },
        },
      },
    },
  } as const;
}

/** @public */
export const flavourSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://odin.example/schemas/redis-aws-container.json',
  title: 'Redis on EKS (Opstree operator)',
  description:
    'Order a Redis instance on Kubernetes: the instance name, flavour-independent settings (root) and the aws_container flavour settings.',
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: {
      type: 'string',
      title: 'Instance name',
      description: `Name of the Redis instance and of every object made for it. A DNS label of at most ${MAX_INSTANCE_NAME_LENGTH} characters, so names the operator derives from it fit Kubernetes' 63-character limit.`,
      pattern: DNS_LABEL,
      minLength: 1,
      maxLength: MAX_INSTANCE_NAME_LENGTH,
    },
    root: {
      type: 'object',
      title: 'General settings',
      description: 'Settings every Redis flavour shares.',
      additionalProperties: false,
      default: {},
      properties: {
        clusterModeEnabled: {
          type: 'boolean',
          title: 'Cluster mode',
          description:
            'Shard data over several masters (Redis Cluster). Must be true exactly when flavour.deploymentMode is "cluster".',
          default: false,
        },
        authentication: {
          type: 'object',
          title: 'Authentication',
          description:
            'Password protection. The password always lives in a Kubernetes Secret; it is never written into the configuration.',
          additionalProperties: false,
          default: {},
          properties: {
            enabled: {
              type: 'boolean',
              title: 'Require a password',
              description:
                'Clients must authenticate. Without existingSecret, a Secret "<name>-auth" with key "password" is generated when the instance is applied.',
              default: true,
            },
            existingSecret: {
              type: 'object',
              title: 'Existing Secret',
              description:
                'Use the password from a Secret that already exists in the instance namespace; without a Secret name one is generated.',
              additionalProperties: false,
              // No required fields: a form fills this block in whether or not the person wants it.
              properties: {
                name: {
                  type: 'string',
                  title: 'Secret name',
                  pattern: DNS_SUBDOMAIN,
                  minLength: 1,
                  maxLength: 253,
                },
                key: {
                  type: 'string',
                  title: 'Key in the Secret',
                  pattern: SECRET_KEY,
                  minLength: 1,
                  maxLength: 253,
                  default: 'password',
                },
              },
            },
          },
        },
        version: {
          type: 'string',
          title: 'Redis version',
          description:
            'Redis major.minor version; selects pinned images and the operator cluster version.',
          enum: ['7.0', '7.2', '8.2'],
          default: '7.0',
        },
      },
    },
    flavour: {
      type: 'object',
      title: 'aws_container flavour',
      description: 'Redis on EKS, run by the Opstree Redis Operator.',
      additionalProperties: false,
      default: {},
      properties: {
        additionalConfig: {
          type: 'object',
          title: 'Extra redis.conf settings',
          description:
            'redis.conf directives as name/value pairs, e.g. maxmemory-policy: allkeys-lru. Settings the operator manages itself (port, passwords, replication, cluster membership, persistence paths) are refused.',
          propertyNames: { pattern: REDIS_CONFIG_KEY },
          additionalProperties: { type: 'string', pattern: SINGLE_LINE },
        },
        antiAffinity: {
          type: 'string',
          title: 'Pod anti-affinity',
          description:
            'Keep Redis pods of this instance on different nodes: "soft" prefers it, "required" insists (pods stay Pending without enough nodes).',
          enum: ['soft', 'required'],
          default: 'soft',
        },
        backup: {
          type: 'object',
          title: 'Backups to S3',
          description:
            'A CronJob dumps an RDB snapshot (from a replica, or from each cluster master) and uploads it to S3.',
          additionalProperties: false,
          default: {},
          properties: {
            enabled: {
              type: 'boolean',
              title: 'Enable backups',
              default: false,
            },
            retention: {
              type: 'integer',
              title: 'Retention (days)',
              description: 'Backups older than this many days are deleted.',
              minimum: 1,
              maximum: 3650,
              default: 7,
            },
            s3Bucket: {
              type: 'string',
              title: 'S3 bucket',
              description:
                'Existing bucket that receives s3://<bucket>/<namespace>/<name>/<timestamp>.rdb. Required when backups are on.',
              minLength: 3,
              maxLength: 63,
            },
            s3Region: {
              type: 'string',
              title: 'S3 region',
              pattern: AWS_REGION,
              default: 'us-east-1',
            },
            schedule: {
              type: 'string',
              title: 'Schedule',
              description:
                'Cron expression in UTC ("minute hour day-of-month month day-of-week") or @hourly, @daily, @weekly, @monthly, @yearly.',
              minLength: 1,
              default: '0 2 * * *',
            },
          },
        },
        cluster: {
          type: 'object',
          title: 'Cluster topology',
          description:
            'Only with deploymentMode "cluster" (and root.clusterModeEnabled). Hash slots are spread over the shards.',
          additionalProperties: false,
          required: ['numShards', 'replicasPerShard'],
          default: {},
          properties: {
            numShards: {
              type: 'integer',
              title: 'Shards',
              description:
                'Number of masters, each owning part of the 16,384 hash slots.',
              minimum: 3,
              maximum: 500,
              default: 3,
            },
            replicasPerShard: {
              type: 'integer',
              title: 'Replicas per shard',
              description:
                'Replicas that follow each master; pods = shards × (1 + replicas).',
              minimum: 1,
              maximum: 5,
              default: 1,
            },
          },
        },
        deploymentMode: {
          type: 'string',
          title: 'Deployment mode',
          description:
            '"standalone": one Redis (optionally with read replicas, no failover). "sentinel": master + replicas with automatic failover. "cluster": sharded Redis Cluster. Each mode needs different client code.',
          enum: ['standalone', 'sentinel', 'cluster'],
          default: 'standalone',
        },
        master: {
          type: 'object',
          title: 'Master',
          description:
            'Sizing of the master pod(s); in cluster mode, of every shard master.',
          additionalProperties: false,
          required: ['resources'],
          default: {},
          properties: {
            resources: resourcesSchema(
              'master',
              { cpu: '1000m', memory: '2Gi' },
              { cpu: '500m', memory: '1Gi' },
            ),
          },
        },
        metrics: {
          type: 'object',
          title: 'Metrics',
          description:
            'A redis-exporter sidecar on port 9121 in every Redis pod.',
          additionalProperties: false,
          default: {},
          properties: {
            enabled: {
              type: 'boolean',
              title: 'Enable the exporter',
              default: false,
            },
            serviceMonitor: {
              type: 'object',
              title: 'ServiceMonitor',
              description:
                'Prometheus Operator objects (ServiceMonitor and alert rules); needs its CRDs in the cluster.',
              additionalProperties: false,
              default: {},
              properties: {
                enabled: {
                  type: 'boolean',
                  title: 'Create a ServiceMonitor and alert rules',
                  default: false,
                },
                interval: {
                  type: 'string',
                  title: 'Scrape interval',
                  pattern: DURATION,
                  default: '30s',
                },
                namespace: {
                  type: 'string',
                  title: 'Namespace',
                  description:
                    'Namespace Prometheus Operator watches for ServiceMonitors.',
                  pattern: DNS_LABEL,
                  maxLength: 63,
                  default: 'monitoring',
                },
              },
            },
          },
        },
        namespace: {
          type: 'string',
          title: 'Namespace',
          description:
            'Kubernetes namespace of the instance. It must exist, unless the order asks to create it (redis-flavour apply --create-namespace, or "Create the namespace" in the template).',
          pattern: DNS_LABEL,
          minLength: 1,
          maxLength: 63,
          default: 'redis',
        },
        networkPolicy: {
          type: 'object',
          title: 'Network policy',
          description:
            'Admit Redis traffic only from this namespace, the listed ones, the Redis operator and the portal (needs a CNI that enforces NetworkPolicy).',
          additionalProperties: false,
          default: {},
          properties: {
            allowedNamespaces: {
              type: 'array',
              title: 'Client namespaces',
              description:
                'Namespaces whose pods may connect. Empty: only pods in the instance namespace.',
              uniqueItems: true,
              items: { type: 'string', pattern: DNS_LABEL, maxLength: 63 },
            },
            enabled: {
              type: 'boolean',
              title: 'Enable the network policy',
              default: false,
            },
            portal: {
              type: 'object',
              title: 'Portal access',
              description:
                "The portal's pods, admitted on the Redis and Sentinel ports so the portal can show this instance's status. Left without a namespace, an order the portal applies gets the portal's own namespace and pod labels.",
              additionalProperties: false,
              // No required fields: a form fills this block in whether or not the person wants it.
              properties: {
                namespace: {
                  type: 'string',
                  title: 'Portal namespace',
                  description:
                    'Namespace the portal runs in, e.g. "backstage".',
                  pattern: DNS_LABEL,
                  minLength: 1,
                  maxLength: 63,
                },
                podLabels: {
                  type: 'object',
                  title: 'Portal pod labels',
                  description:
                    'Labels of the portal pods, e.g. app.kubernetes.io/name: backstage. Only pods with all of them are admitted from the portal namespace; without any, every pod of it is.',
                  propertyNames: { pattern: QUALIFIED_NAME, maxLength: 317 },
                  additionalProperties: {
                    type: 'string',
                    pattern: LABEL_VALUE,
                    maxLength: 63,
                  },
                },
              },
            },
          },
        },
        nodeSelector: {
          type: 'object',
          title: 'Node selector',
          description:
            'Node labels Redis pods must match, e.g. a dedicated memory-optimised node group.',
          propertyNames: { pattern: QUALIFIED_NAME, maxLength: 317 },
          additionalProperties: {
            type: 'string',
            pattern: LABEL_VALUE,
            maxLength: 63,
          },
        },
        persistence: {
          type: 'object',
          title: 'Persistence',
          description:
            'A PersistentVolumeClaim (EBS volume) per Redis pod. EBS volumes stay in one availability zone.',
          additionalProperties: false,
          required: ['enabled'],
          default: {},
          properties: {
            enabled: {
              type: 'boolean',
              title: 'Persistent volumes',
              description: 'Without it, data lives only as long as the pod.',
              default: true,
            },
            aof: {
              type: 'object',
              title: 'Append-only file',
              description:
                'Log every write; at most about a second of writes is lost with "everysec".',
              additionalProperties: false,
              default: {},
              properties: {
                enabled: {
                  type: 'boolean',
                  title: 'Enable AOF',
                  default: false,
                },
                fsyncPolicy: {
                  type: 'string',
                  title: 'fsync policy',
                  description:
                    '"always" is safest and slowest, "everysec" the usual balance, "no" leaves it to the OS.',
                  enum: ['always', 'everysec', 'no'],
                  default: 'everysec',
                },
              },
            },
            rdb: {
              type: 'object',
              title: 'RDB snapshots',
              description:
                'Periodic point-in-time snapshots; quick to load, may lose the writes since the last one.',
              additionalProperties: false,
              default: {},
              properties: {
                enabled: {
                  type: 'boolean',
                  title: 'Enable snapshots',
                  default: true,
                },
                saveInterval: {
                  type: 'string',
                  title: 'Save points',
                  description:
                    '"<seconds> <changes>" pairs: snapshot when at least <changes> keys changed within <seconds>. "" turns snapshots off.',
                  pattern: SAVE_INTERVAL,
                  default: '900 1 300 10 60 10000',
                },
              },
            },
            size: {
              type: 'string',
              title: 'Volume size',
              description:
                'Per pod, in Mi, Gi or Ti; allow 2-3× the dataset for snapshots and AOF rewrites.',
              pattern: STORAGE_SIZE,
              default: '10Gi',
            },
            storageClass: {
              type: 'string',
              title: 'StorageClass',
              description:
                'Use an encrypted class (e.g. gp3-encrypted) for encryption at rest.',
              pattern: DNS_SUBDOMAIN,
              maxLength: 253,
              default: 'gp3',
            },
          },
        },
        podDisruptionBudget: {
          type: 'object',
          title: 'Pod disruption budget',
          description:
            'Keep pods running during voluntary disruptions such as node drains. A single standalone pod gets none.',
          additionalProperties: false,
          default: {},
          properties: {
            enabled: {
              type: 'boolean',
              title: 'Enable',
              default: true,
            },
            minAvailable: {
              type: 'integer',
              title: 'Minimum available pods',
              description:
                'Must be lower than the number of pods it covers, or no node could ever be drained.',
              minimum: 0,
              default: 1,
            },
          },
        },
        priorityClassName: {
          type: 'string',
          title: 'PriorityClass',
          description:
            'An existing PriorityClass, so batch work cannot preempt Redis.',
          pattern: DNS_SUBDOMAIN,
          maxLength: 253,
        },
        replica: {
          type: 'object',
          title: 'Replicas',
          description:
            'Read replicas of the master (standalone and sentinel modes). In cluster mode use cluster.replicasPerShard; resources here then size the shard replicas.',
          additionalProperties: false,
          required: ['count', 'resources'],
          default: {},
          properties: {
            count: {
              type: 'integer',
              title: 'Replica count',
              description:
                'Copies of the data next to the master. Without sentinel they only serve reads; sentinel mode needs at least one.',
              minimum: 0,
              maximum: 5,
              default: 0,
            },
            resources: resourcesSchema(
              'replica',
              { cpu: '1000m', memory: '2Gi' },
              { cpu: '500m', memory: '1Gi' },
            ),
          },
        },
        replicaCount: {
          type: 'integer',
          title: 'Replica count (deprecated)',
          description: 'Deprecated shorthand for replica.count.',
          minimum: 0,
          maximum: 5,
        },
        securityContext: {
          type: 'object',
          title: 'Pod security context',
          description: 'User and group of the Redis processes.',
          additionalProperties: false,
          default: {},
          properties: {
            fsGroup: {
              type: 'integer',
              title: 'fsGroup',
              description: 'Group that owns the data volume.',
              minimum: 0,
              default: 1000,
            },
            runAsNonRoot: {
              type: 'boolean',
              title: 'Run as non-root',
              default: true,
            },
            runAsUser: {
              type: 'integer',
              title: 'User ID',
              minimum: 0,
              default: 1000,
            },
          },
        },
        sentinel: {
          type: 'object',
          title: 'Sentinel',
          description:
            'Sentinel processes that watch the master and promote a replica when it fails.',
          additionalProperties: false,
          default: {},
          properties: {
            enabled: {
              type: 'boolean',
              title: 'Enable sentinel',
              description: 'Must be true with deploymentMode "sentinel".',
              default: false,
            },
            quorum: {
              type: 'integer',
              title: 'Quorum',
              description:
                'Sentinels that must agree the master is down; a majority is safest.',
              minimum: 1,
              default: 2,
            },
            replicas: {
              type: 'integer',
              title: 'Sentinels',
              description: 'An odd number of sentinels, so votes cannot tie.',
              enum: [3, 5, 7],
              default: 3,
            },
            resources: resourcesSchema(
              'sentinel',
              { cpu: '200m', memory: '256Mi' },
              { cpu: '100m', memory: '128Mi' },
            ),
          },
        },
        serviceAccount: {
          type: 'string',
          title: 'ServiceAccount',
          description:
            'ServiceAccount of the Redis and backup pods, e.g. one annotated with an IAM role (IRSA) for S3.',
          pattern: DNS_SUBDOMAIN,
          maxLength: 253,
          default: 'default',
        },
        service: {
          type: 'object',
          title: 'Service',
          description: 'How clients reach Redis.',
          additionalProperties: false,
          default: {},
          properties: {
            annotations: {
              type: 'object',
              title: 'Annotations',
              description:
                'Service annotations, e.g. for an internal AWS NLB: service.beta.kubernetes.io/aws-load-balancer-internal: "true".',
              propertyNames: { pattern: QUALIFIED_NAME, maxLength: 317 },
              additionalProperties: { type: 'string' },
              default: {},
            },
            type: {
              type: 'string',
              title: 'Service type',
              description:
                'ClusterIP keeps Redis inside the cluster; LoadBalancer creates an AWS load balancer.',
              enum: ['ClusterIP', 'LoadBalancer', 'NodePort'],
              default: 'ClusterIP',
            },
          },
        },
        tolerations: {
          type: 'array',
          title: 'Tolerations',
          description:
            'Taints Redis pods may be scheduled onto, e.g. a dedicated Redis node group.',
          items: {
            type: 'object',
            additionalProperties: false,
            properties: {
              effect: {
                type: 'string',
                title: 'Effect',
                enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'],
              },
              key: {
                type: 'string',
                title: 'Taint key',
                pattern: QUALIFIED_NAME,
                maxLength: 317,
              },
              operator: {
                type: 'string',
                title: 'Operator',
                description:
                  '"Equal" matches key and value, "Exists" the key alone.',
                enum: ['Equal', 'Exists'],
              },
              value: {
                type: 'string',
                title: 'Taint value',
                pattern: LABEL_VALUE,
                maxLength: 63,
              },
            },
          },
        },
        topologySpreadConstraints: {
          type: 'array',
          title: 'Topology spread',
          description:
            'Spread Redis pods over zones or nodes, e.g. topology.kubernetes.io/zone with maxSkew 1.',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['maxSkew', 'topologyKey', 'whenUnsatisfiable'],
            properties: {
              maxSkew: {
                type: 'integer',
                title: 'Max skew',
                description:
                  'Largest allowed difference in pod count between two domains.',
                minimum: 1,
              },
              topologyKey: {
                type: 'string',
                title: 'Topology key',
                description: 'Node label that defines a domain.',
                pattern: QUALIFIED_NAME,
                maxLength: 317,
              },
              whenUnsatisfiable: {
                type: 'string',
                title: 'When unsatisfiable',
                enum: ['DoNotSchedule', 'ScheduleAnyway'],
              },
            },
          },
        },
        updateStrategy: {
          type: 'object',
          title: 'Update strategy',
          description: 'How the StatefulSets roll out changes.',
          additionalProperties: false,
          default: {},
          properties: {
            rollingUpdate: {
              type: 'object',
              title: 'Rolling update',
              additionalProperties: false,
              default: {},
              properties: {
                maxUnavailable: {
                  type: 'integer',
                  title: 'Max unavailable',
                  description:
                    'Pods updated at once (honoured where the cluster enables MaxUnavailableStatefulSet).',
                  minimum: 1,
                  default: 1,
                },
              },
            },
            type: {
              type: 'string',
              title: 'Type',
              description:
                '"RollingUpdate" replaces pods one after another; "OnDelete" waits until you delete them.',
              enum: ['RollingUpdate', 'OnDelete'],
              default: 'RollingUpdate',
            },
          },
        },
      },
    },
  },
} as const;

/**
 * The same schema under the name used for the whole input document.
 *
 * @public
 */
export const instanceSchema = flavourSchema;
