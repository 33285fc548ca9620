// Recorded on 2026-12-01 from the k8s-testenv API server (tools/k8s-testenv) with KubernetesReader.readInstance for
// redis/inventory-cache, the example instance `make start` applies (examples/redis/inventory-cache.order.yaml). The
// redis-sandbox controller, the stand-in for the operator and the kubelet, had written its StatefulSets, pods and
// claims; the browser tests' Sentinel failover had made inventory-cache-2 the master and restarted inventory-cache-0
// once. The claims are the whole namespace's (the reader lists them all). metadata.managedFields is left out; there
// are no events, as the API server had expired them.
import type { KubernetesSnapshot } from '../KubernetesReader';

const recorded = {
  customResources: [
    {
      apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
      kind: 'RedisReplication',
      metadata: {
        annotations: {
          'odin.dev/owner': 'group:default/platform',
        },
        creationTimestamp: '2026-12-01T14:39:30Z',
        finalizers: ['redisReplicationFinalizer'],
        generation: 1,
        labels: {
          'app.kubernetes.io/instance': 'inventory-cache',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-5i1VPNtRMP5CQPDAReJXNkomKP0BRGGhDHBUH9_muQo-v1',
          'backstage.io/kubernetes-id': 'inventory-cache',
          'odin.dev/instance-namespace': 'redis',
        },
        name: 'inventory-cache',
        namespace: 'redis',
        resourceVersion: '3699',
        uid: '3138a558-4b85-4d18-9c22-e2b6032a1848',
      },
      spec: {
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                podAffinityTerm: {
                  labelSelector: {
                    matchLabels: {
                      app: 'inventory-cache',
                    },
                  },
                  topologyKey: 'kubernetes.io/hostname',
                },
                weight: 100,
              },
            ],
          },
        },
        clusterSize: 3,
        kubernetesConfig: {
          image: 'quay.io/opstree/redis:v7.0.15',
          imagePullPolicy: 'IfNotPresent',
          redisSecret: {
            key: 'password',
            name: 'inventory-cache-auth',
          },
          resources: {
            limits: {
              cpu: '100m',
              memory: '64Mi',
            },
            requests: {
              cpu: '25m',
              memory: '32Mi',
            },
          },
          service: {
            serviceType: 'ClusterIP',
          },
          updateStrategy: {
            rollingUpdate: {
              maxUnavailable: 1,
            },
            type: 'RollingUpdate',
          },
        },
        pdb: {
          enabled: true,
          minAvailable: 2,
        },
        podSecurityContext: {
          fsGroup: 1000,
          runAsNonRoot: true,
          runAsUser: 1000,
          seccompProfile: {
            type: 'RuntimeDefault',
          },
        },
        redisConfig: {
          additionalRedisConfig: 'inventory-cache-config',
        },
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: {
            drop: ['ALL'],
          },
          readOnlyRootFilesystem: false,
          runAsNonRoot: true,
          runAsUser: 1000,
          seccompProfile: {
            type: 'RuntimeDefault',
          },
        },
        serviceAccountName: 'default',
        storage: {
          volumeClaimTemplate: {
            spec: {
              accessModes: ['ReadWriteOnce'],
              resources: {
                requests: {
                  storage: '1Gi',
                },
              },
              storageClassName: 'gp3',
            },
          },
        },
      },
      status: {
        connectionInfo: {
          host: 'inventory-cache-master.redis.svc.cluster.local',
          port: 6379,
        },
        masterNode: 'inventory-cache-2',
      },
    },
    {
      apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
      kind: 'RedisSentinel',
      metadata: {
        creationTimestamp: '2026-12-01T14:39:30Z',
        finalizers: ['redisSentinelFinalizer'],
        generation: 1,
        labels: {
          'app.kubernetes.io/instance': 'inventory-cache',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-5i1VPNtRMP5CQPDAReJXNkomKP0BRGGhDHBUH9_muQo-v1',
          'backstage.io/kubernetes-id': 'inventory-cache',
          'odin.dev/instance-namespace': 'redis',
        },
        name: 'inventory-cache',
        namespace: 'redis',
        resourceVersion: '3592',
        uid: 'cd49a89b-a1bd-4291-8304-48c67ee68c40',
      },
      spec: {
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                podAffinityTerm: {
                  labelSelector: {
                    matchLabels: {
                      app: 'inventory-cache-sentinel',
                    },
                  },
                  topologyKey: 'kubernetes.io/hostname',
                },
                weight: 100,
              },
            ],
          },
        },
        clusterSize: 3,
        kubernetesConfig: {
          image: 'quay.io/opstree/redis-sentinel:v7.0.15',
          imagePullPolicy: 'IfNotPresent',
          redisSecret: {
            key: 'password',
            name: 'inventory-cache-auth',
          },
          resources: {
            limits: {
              cpu: '50m',
              memory: '32Mi',
            },
            requests: {
              cpu: '10m',
              memory: '16Mi',
            },
          },
          service: {
            serviceType: 'ClusterIP',
          },
          updateStrategy: {
            rollingUpdate: {
              maxUnavailable: 1,
            },
            type: 'RollingUpdate',
          },
        },
        pdb: {
          enabled: true,
          minAvailable: 2,
        },
        podSecurityContext: {
          fsGroup: 1000,
          runAsNonRoot: true,
          runAsUser: 1000,
          seccompProfile: {
            type: 'RuntimeDefault',
          },
        },
        redisSentinelConfig: {
          announceHostnames: 'no',
          downAfterMilliseconds: '5000',
          failoverTimeout: '10000',
          masterGroupName: 'mymaster',
          parallelSyncs: '1',
          quorum: '2',
          redisPort: '6379',
          redisReplicationName: 'inventory-cache',
          redisReplicationPassword: {
            secretKeyRef: {
              key: 'password',
              name: 'inventory-cache-auth',
            },
          },
          resolveHostnames: 'no',
        },
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: {
            drop: ['ALL'],
          },
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          runAsUser: 1000,
          seccompProfile: {
            type: 'RuntimeDefault',
          },
        },
        serviceAccountName: 'default',
      },
    },
  ],
  statefulSets: [
    {
      metadata: {
        name: 'inventory-cache',
        namespace: 'redis',
        uid: 'f58985b3-8d22-419e-b31f-50cb02901b01',
        resourceVersion: '3774',
        generation: 1,
        creationTimestamp: '2026-12-01T14:39:30Z',
        labels: {
          app: 'inventory-cache',
          'app.kubernetes.io/instance': 'inventory-cache',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-5i1VPNtRMP5CQPDAReJXNkomKP0BRGGhDHBUH9_muQo-v1',
          'backstage.io/kubernetes-id': 'inventory-cache',
          'odin.dev/instance-namespace': 'redis',
          redis_setup_type: 'replication',
          role: 'replication',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'inventory-cache',
        },
        ownerReferences: [
          {
            apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
            kind: 'RedisReplication',
            name: 'inventory-cache',
            uid: '3138a558-4b85-4d18-9c22-e2b6032a1848',
            controller: true,
          },
        ],
      },
      spec: {
        replicas: 3,
        selector: {
          matchLabels: {
            app: 'inventory-cache',
            redis_setup_type: 'replication',
            role: 'replication',
          },
        },
        template: {
          metadata: {
            labels: {
              app: 'inventory-cache',
              'app.kubernetes.io/instance': 'inventory-cache',
              'app.kubernetes.io/managed-by': 'odin-redis',
              'app.kubernetes.io/name': 'redis',
              'applyset.kubernetes.io/part-of':
                'applyset-5i1VPNtRMP5CQPDAReJXNkomKP0BRGGhDHBUH9_muQo-v1',
              'backstage.io/kubernetes-id': 'inventory-cache',
              'odin.dev/instance-namespace': 'redis',
              redis_setup_type: 'replication',
              role: 'replication',
            },
            annotations: {
              'odin.dev/owner': 'group:default/platform',
              'redis.opstreelabs.in': 'true',
              'redis.opstreelabs.instance': 'inventory-cache',
            },
          },
          spec: {
            volumes: [
              {
                name: 'config',
                emptyDir: {},
              },
              {
                name: 'external-config',
                configMap: {
                  name: 'inventory-cache-config',
                  defaultMode: 420,
                },
              },
            ],
            containers: [
              {
                name: 'inventory-cache',
                image: 'quay.io/opstree/redis:v7.0.15',
                env: [
                  {
                    name: 'PERSISTENCE_ENABLED',
                    value: 'true',
                  },
                  {
                    name: 'REDISCLI_AUTH',
                    valueFrom: {
                      secretKeyRef: {
                        name: 'inventory-cache-auth',
                        key: 'password',
                      },
                    },
                  },
                  {
                    name: 'REDIS_ADDR',
                    value: 'redis://localhost:6379',
                  },
                  {
                    name: 'REDIS_PASSWORD',
                    valueFrom: {
                      secretKeyRef: {
                        name: 'inventory-cache-auth',
                        key: 'password',
                      },
                    },
                  },
                  {
                    name: 'REDIS_PORT',
                    value: '6379',
                  },
                  {
                    name: 'SERVER_MODE',
                    value: 'replication',
                  },
                  {
                    name: 'SETUP_MODE',
                    value: 'replication',
                  },
                ],
                resources: {
                  limits: {
                    cpu: '100m',
                    memory: '64Mi',
                  },
                  requests: {
                    cpu: '25m',
                    memory: '32Mi',
                  },
                },
                volumeMounts: [
                  {
                    name: 'inventory-cache',
                    mountPath: '/data',
                  },
                  {
                    name: 'external-config',
                    mountPath: '/etc/redis/external.conf.d',
                  },
                ],
                terminationMessagePath: '/dev/termination-log',
                terminationMessagePolicy: 'File',
                imagePullPolicy: 'IfNotPresent',
                securityContext: {
                  capabilities: {
                    drop: ['ALL'],
                  },
                  runAsUser: 1000,
                  runAsNonRoot: true,
                  readOnlyRootFilesystem: false,
                  allowPrivilegeEscalation: false,
                  seccompProfile: {
                    type: 'RuntimeDefault',
                  },
                },
              },
            ],
            restartPolicy: 'Always',
            terminationGracePeriodSeconds: 30,
            dnsPolicy: 'ClusterFirst',
            serviceAccountName: 'default',
            serviceAccount: 'default',
            securityContext: {
              runAsUser: 1000,
              runAsNonRoot: true,
              fsGroup: 1000,
              seccompProfile: {
                type: 'RuntimeDefault',
              },
            },
            affinity: {
              podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                  {
                    weight: 100,
                    podAffinityTerm: {
                      labelSelector: {
                        matchLabels: {
                          app: 'inventory-cache',
                        },
                      },
                      topologyKey: 'kubernetes.io/hostname',
                    },
                  },
                ],
              },
            },
            schedulerName: 'default-scheduler',
          },
        },
        volumeClaimTemplates: [
          {
            kind: 'PersistentVolumeClaim',
            apiVersion: 'v1',
            metadata: {
              name: 'inventory-cache',
              labels: {
                app: 'inventory-cache',
                'app.kubernetes.io/instance': 'inventory-cache',
                'app.kubernetes.io/managed-by': 'odin-redis',
                'app.kubernetes.io/name': 'redis',
                'applyset.kubernetes.io/part-of':
                  'applyset-5i1VPNtRMP5CQPDAReJXNkomKP0BRGGhDHBUH9_muQo-v1',
                'backstage.io/kubernetes-id': 'inventory-cache',
                'odin.dev/instance-namespace': 'redis',
                redis_setup_type: 'replication',
                role: 'replication',
              },
              annotations: {
                'odin.dev/owner': 'group:default/platform',
                'redis.opstreelabs.in': 'true',
                'redis.opstreelabs.instance': 'inventory-cache',
              },
            },
            spec: {
              accessModes: ['ReadWriteOnce'],
              resources: {
                requests: {
                  storage: '1Gi',
                },
              },
              storageClassName: 'gp3',
              volumeMode: 'Filesystem',
            },
            status: {
              phase: 'Pending',
            },
          },
        ],
        serviceName: 'inventory-cache-headless',
        podManagementPolicy: 'OrderedReady',
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: {
            partition: 0,
            maxUnavailable: 1,
          },
        },
        revisionHistoryLimit: 10,
        persistentVolumeClaimRetentionPolicy: {
          whenDeleted: 'Retain',
          whenScaled: 'Retain',
        },
      },
      status: {
        observedGeneration: 1,
        replicas: 3,
        readyReplicas: 3,
        currentReplicas: 3,
        updatedReplicas: 3,
        currentRevision: 'inventory-cache-dd0eeee6dc',
        updateRevision: 'inventory-cache-dd0eeee6dc',
        availableReplicas: 3,
      },
    },
    {
      metadata: {
        name: 'inventory-cache-sentinel',
        namespace: 'redis',
        uid: 'cb53d0af-739f-4431-84b2-1e675ac76d4e',
        resourceVersion: '3609',
        generation: 1,
        creationTimestamp: '2026-12-01T14:39:30Z',
        labels: {
          app: 'inventory-cache-sentinel',
          'app.kubernetes.io/instance': 'inventory-cache',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-5i1VPNtRMP5CQPDAReJXNkomKP0BRGGhDHBUH9_muQo-v1',
          'backstage.io/kubernetes-id': 'inventory-cache',
          'odin.dev/instance-namespace': 'redis',
          redis_setup_type: 'sentinel',
          role: 'sentinel',
        },
        annotations: {
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'inventory-cache',
        },
        ownerReferences: [
          {
            apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
            kind: 'RedisSentinel',
            name: 'inventory-cache',
            uid: 'cd49a89b-a1bd-4291-8304-48c67ee68c40',
            controller: true,
          },
        ],
      },
      spec: {
        replicas: 3,
        selector: {
          matchLabels: {
            app: 'inventory-cache-sentinel',
            redis_setup_type: 'sentinel',
            role: 'sentinel',
          },
        },
        template: {
          metadata: {
            labels: {
              app: 'inventory-cache-sentinel',
              'app.kubernetes.io/instance': 'inventory-cache',
              'app.kubernetes.io/managed-by': 'odin-redis',
              'app.kubernetes.io/name': 'redis',
              'applyset.kubernetes.io/part-of':
                'applyset-5i1VPNtRMP5CQPDAReJXNkomKP0BRGGhDHBUH9_muQo-v1',
              'backstage.io/kubernetes-id': 'inventory-cache',
              'odin.dev/instance-namespace': 'redis',
              redis_setup_type: 'sentinel',
              role: 'sentinel',
            },
            annotations: {
              'redis.opstreelabs.in': 'true',
              'redis.opstreelabs.instance': 'inventory-cache',
            },
          },
          spec: {
            volumes: [
              {
                name: 'config',
                emptyDir: {},
              },
            ],
            containers: [
              {
                name: 'inventory-cache-sentinel',
                image: 'quay.io/opstree/redis-sentinel:v7.0.15',
                env: [
                  {
                    name: 'REDISCLI_AUTH',
                    valueFrom: {
                      secretKeyRef: {
                        name: 'inventory-cache-auth',
                        key: 'password',
                      },
                    },
                  },
                  {
                    name: 'REDIS_ADDR',
                    value: 'redis://localhost:26379',
                  },
                  {
                    name: 'REDIS_PASSWORD',
                    valueFrom: {
                      secretKeyRef: {
                        name: 'inventory-cache-auth',
                        key: 'password',
                      },
                    },
                  },
                  {
                    name: 'SENTINEL_PORT',
                    value: '26379',
                  },
                  {
                    name: 'SERVER_MODE',
                    value: 'sentinel',
                  },
                  {
                    name: 'SETUP_MODE',
                    value: 'sentinel',
                  },
                  {
                    name: 'MASTER_GROUP_NAME',
                    value: 'mymaster',
                  },
                  {
                    name: 'PORT',
                    value: '6379',
                  },
                  {
                    name: 'QUORUM',
                    value: '2',
                  },
                  {
                    name: 'DOWN_AFTER_MILLISECONDS',
                    value: '5000',
                  },
                  {
                    name: 'PARALLEL_SYNCS',
                    value: '1',
                  },
                  {
                    name: 'FAILOVER_TIMEOUT',
                    value: '10000',
                  },
                  {
                    name: 'RESOLVE_HOSTNAMES',
                    value: 'no',
                  },
                  {
                    name: 'ANNOUNCE_HOSTNAMES',
                    value: 'no',
                  },
                  {
                    name: 'MASTER_PASSWORD',
                    valueFrom: {
                      secretKeyRef: {
                        name: 'inventory-cache-auth',
                        key: 'password',
                      },
                    },
                  },
                ],
                resources: {
                  limits: {
                    cpu: '50m',
                    memory: '32Mi',
                  },
                  requests: {
                    cpu: '10m',
                    memory: '16Mi',
                  },
                },
                volumeMounts: [
                  {
                    name: 'config',
                    mountPath: '/etc/redis',
                  },
                ],
                terminationMessagePath: '/dev/termination-log',
                terminationMessagePolicy: 'File',
                imagePullPolicy: 'IfNotPresent',
                securityContext: {
                  capabilities: {
                    drop: ['ALL'],
                  },
                  runAsUser: 1000,
                  runAsNonRoot: true,
                  readOnlyRootFilesystem: true,
                  allowPrivilegeEscalation: false,
                  seccompProfile: {
                    type: 'RuntimeDefault',
                  },
                },
              },
            ],
            restartPolicy: 'Always',
            terminationGracePeriodSeconds: 30,
            dnsPolicy: 'ClusterFirst',
            serviceAccountName: 'default',
            serviceAccount: 'default',
            securityContext: {
              runAsUser: 1000,
              runAsNonRoot: true,
              fsGroup: 1000,
              seccompProfile: {
                type: 'RuntimeDefault',
              },
            },
            affinity: {
              podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                  {
                    weight: 100,
                    podAffinityTerm: {
                      labelSelector: {
                        matchLabels: {
                          app: 'inventory-cache-sentinel',
                        },
                      },
                      topologyKey: 'kubernetes.io/hostname',
                    },
                  },
                ],
              },
            },
            schedulerName: 'default-scheduler',
          },
        },
        serviceName: 'inventory-cache-sentinel-headless',
        podManagementPolicy: 'OrderedReady',
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: {
            partition: 0,
            maxUnavailable: 1,
          },
        },
        revisionHistoryLimit: 10,
        persistentVolumeClaimRetentionPolicy: {
          whenDeleted: 'Retain',
          whenScaled: 'Retain',
        },
      },
      status: {
        observedGeneration: 1,
        replicas: 3,
        readyReplicas: 3,
        currentReplicas: 3,
        updatedReplicas: 3,
        currentRevision: 'inventory-cache-sentinel-8785af09ad',
        updateRevision: 'inventory-cache-sentinel-8785af09ad',
        availableReplicas: 3,
      },
    },
  ],
  pods: [
    {
      metadata: {
        name: 'inventory-cache-0',
        namespace: 'redis',
        uid: '5f3fed38-8313-4093-8996-cc3d3d3daa71',
        resourceVersion: '3775',
        generation: 1,
        creationTimestamp: '2026-12-01T14:39:30Z',
        labels: {
          app: 'inventory-cache',
          'app.kubernetes.io/instance': 'inventory-cache',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-5i1VPNtRMP5CQPDAReJXNkomKP0BRGGhDHBUH9_muQo-v1',
          'apps.kubernetes.io/pod-index': '0',
          'backstage.io/kubernetes-id': 'inventory-cache',
          'controller-revision-hash': 'inventory-cache-dd0eeee6dc',
          'odin.dev/instance-namespace': 'redis',
          'redis-role': 'slave',
          redis_setup_type: 'replication',
          role: 'replication',
          'statefulset.kubernetes.io/pod-name': 'inventory-cache-0',
          'topology.kubernetes.io/region': 'eu-west-1',
          'topology.kubernetes.io/zone': 'eu-west-1b',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'inventory-cache',
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'StatefulSet',
            name: 'inventory-cache',
            uid: 'f58985b3-8d22-419e-b31f-50cb02901b01',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        volumes: [
          {
            name: 'inventory-cache',
            persistentVolumeClaim: {
              claimName: 'inventory-cache-inventory-cache-0',
            },
          },
          {
            name: 'config',
            emptyDir: {},
          },
          {
            name: 'external-config',
            configMap: {
              name: 'inventory-cache-config',
              defaultMode: 420,
            },
          },
        ],
        containers: [
          {
            name: 'inventory-cache',
            image: 'quay.io/opstree/redis:v7.0.15',
            env: [
              {
                name: 'PERSISTENCE_ENABLED',
                value: 'true',
              },
              {
                name: 'REDISCLI_AUTH',
                valueFrom: {
                  secretKeyRef: {
                    name: 'inventory-cache-auth',
                    key: 'password',
                  },
                },
              },
              {
                name: 'REDIS_ADDR',
                value: 'redis://localhost:6379',
              },
              {
                name: 'REDIS_PASSWORD',
                valueFrom: {
                  secretKeyRef: {
                    name: 'inventory-cache-auth',
                    key: 'password',
                  },
                },
              },
              {
                name: 'REDIS_PORT',
                value: '6379',
              },
              {
                name: 'SERVER_MODE',
                value: 'replication',
              },
              {
                name: 'SETUP_MODE',
                value: 'replication',
              },
            ],
            resources: {
              limits: {
                cpu: '100m',
                memory: '64Mi',
              },
              requests: {
                cpu: '25m',
                memory: '32Mi',
              },
            },
            volumeMounts: [
              {
                name: 'inventory-cache',
                mountPath: '/data',
              },
              {
                name: 'external-config',
                mountPath: '/etc/redis/external.conf.d',
              },
            ],
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
            imagePullPolicy: 'IfNotPresent',
            securityContext: {
              capabilities: {
                drop: ['ALL'],
              },
              runAsUser: 1000,
              runAsNonRoot: true,
              readOnlyRootFilesystem: false,
              allowPrivilegeEscalation: false,
              seccompProfile: {
                type: 'RuntimeDefault',
              },
            },
          },
        ],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        serviceAccountName: 'default',
        serviceAccount: 'default',
        nodeName: 'sandbox-node-b',
        securityContext: {
          runAsUser: 1000,
          runAsNonRoot: true,
          fsGroup: 1000,
          seccompProfile: {
            type: 'RuntimeDefault',
          },
        },
        hostname: 'inventory-cache-0',
        subdomain: 'inventory-cache-headless',
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 100,
                podAffinityTerm: {
                  labelSelector: {
                    matchLabels: {
                      app: 'inventory-cache',
                    },
                  },
                  topologyKey: 'kubernetes.io/hostname',
                },
              },
            ],
          },
        },
        schedulerName: 'default-scheduler',
        tolerations: [
          {
            key: 'node.kubernetes.io/not-ready',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
          {
            key: 'node.kubernetes.io/unreachable',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
        ],
        priority: 0,
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
      },
      status: {
        phase: 'Running',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:39:30Z',
          },
          {
            type: 'Initialized',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:39:30Z',
          },
          {
            type: 'ContainersReady',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:41:15Z',
          },
          {
            type: 'Ready',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:41:15Z',
          },
        ],
        hostIP: '127.0.0.1',
        hostIPs: [
          {
            ip: '127.0.0.1',
          },
        ],
        podIP: '127.136.197.3',
        podIPs: [
          {
            ip: '127.136.197.3',
          },
        ],
        startTime: '2026-12-01T14:39:30Z',
        containerStatuses: [
          {
            name: 'inventory-cache',
            state: {
              running: {
                startedAt: '2026-12-01T14:41:14Z',
              },
            },
            lastState: {
              terminated: {
                exitCode: 137,
                reason: 'Killed',
                startedAt: '2026-12-01T14:39:30Z',
                finishedAt: '2026-12-01T14:41:04Z',
              },
            },
            ready: true,
            restartCount: 1,
            image: 'quay.io/opstree/redis:v7.0.15',
            imageID: '',
            started: true,
          },
        ],
        qosClass: 'Burstable',
      },
    },
    {
      metadata: {
        name: 'inventory-cache-1',
        namespace: 'redis',
        uid: '775fe23c-6a80-435c-b245-a817289fc2a7',
        resourceVersion: '3589',
        generation: 1,
        creationTimestamp: '2026-12-01T14:39:30Z',
        labels: {
          app: 'inventory-cache',
          'app.kubernetes.io/instance': 'inventory-cache',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-5i1VPNtRMP5CQPDAReJXNkomKP0BRGGhDHBUH9_muQo-v1',
          'apps.kubernetes.io/pod-index': '1',
          'backstage.io/kubernetes-id': 'inventory-cache',
          'controller-revision-hash': 'inventory-cache-dd0eeee6dc',
          'odin.dev/instance-namespace': 'redis',
          'redis-role': 'slave',
          redis_setup_type: 'replication',
          role: 'replication',
          'statefulset.kubernetes.io/pod-name': 'inventory-cache-1',
          'topology.kubernetes.io/region': 'eu-west-1',
          'topology.kubernetes.io/zone': 'eu-west-1c',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'inventory-cache',
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'StatefulSet',
            name: 'inventory-cache',
            uid: 'f58985b3-8d22-419e-b31f-50cb02901b01',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        volumes: [
          {
            name: 'inventory-cache',
            persistentVolumeClaim: {
              claimName: 'inventory-cache-inventory-cache-1',
            },
          },
          {
            name: 'config',
            emptyDir: {},
          },
          {
            name: 'external-config',
            configMap: {
              name: 'inventory-cache-config',
              defaultMode: 420,
            },
          },
        ],
        containers: [
          {
            name: 'inventory-cache',
            image: 'quay.io/opstree/redis:v7.0.15',
            env: [
              {
                name: 'PERSISTENCE_ENABLED',
                value: 'true',
              },
              {
                name: 'REDISCLI_AUTH',
                valueFrom: {
                  secretKeyRef: {
                    name: 'inventory-cache-auth',
                    key: 'password',
                  },
                },
              },
              {
                name: 'REDIS_ADDR',
                value: 'redis://localhost:6379',
              },
              {
                name: 'REDIS_PASSWORD',
                valueFrom: {
                  secretKeyRef: {
                    name: 'inventory-cache-auth',
                    key: 'password',
                  },
                },
              },
              {
                name: 'REDIS_PORT',
                value: '6379',
              },
              {
                name: 'SERVER_MODE',
                value: 'replication',
              },
              {
                name: 'SETUP_MODE',
                value: 'replication',
              },
            ],
            resources: {
              limits: {
                cpu: '100m',
                memory: '64Mi',
              },
              requests: {
                cpu: '25m',
                memory: '32Mi',
              },
            },
            volumeMounts: [
              {
                name: 'inventory-cache',
                mountPath: '/data',
              },
              {
                name: 'external-config',
                mountPath: '/etc/redis/external.conf.d',
              },
            ],
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
            imagePullPolicy: 'IfNotPresent',
            securityContext: {
              capabilities: {
                drop: ['ALL'],
              },
              runAsUser: 1000,
              runAsNonRoot: true,
              readOnlyRootFilesystem: false,
              allowPrivilegeEscalation: false,
              seccompProfile: {
                type: 'RuntimeDefault',
              },
            },
          },
        ],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        serviceAccountName: 'default',
        serviceAccount: 'default',
        nodeName: 'sandbox-node-c',
        securityContext: {
          runAsUser: 1000,
          runAsNonRoot: true,
          fsGroup: 1000,
          seccompProfile: {
            type: 'RuntimeDefault',
          },
        },
        hostname: 'inventory-cache-1',
        subdomain: 'inventory-cache-headless',
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 100,
                podAffinityTerm: {
                  labelSelector: {
                    matchLabels: {
                      app: 'inventory-cache',
                    },
                  },
                  topologyKey: 'kubernetes.io/hostname',
                },
              },
            ],
          },
        },
        schedulerName: 'default-scheduler',
        tolerations: [
          {
            key: 'node.kubernetes.io/not-ready',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
          {
            key: 'node.kubernetes.io/unreachable',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
        ],
        priority: 0,
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
      },
      status: {
        phase: 'Running',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:39:30Z',
          },
          {
            type: 'Initialized',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:39:30Z',
          },
          {
            type: 'ContainersReady',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:39:30Z',
          },
          {
            type: 'Ready',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:39:30Z',
          },
        ],
        hostIP: '127.0.0.1',
        hostIPs: [
          {
            ip: '127.0.0.1',
          },
        ],
        podIP: '127.136.197.4',
        podIPs: [
          {
            ip: '127.136.197.4',
          },
        ],
        startTime: '2026-12-01T14:39:30Z',
        containerStatuses: [
          {
            name: 'inventory-cache',
            state: {
              running: {
                startedAt: '2026-12-01T14:39:30Z',
              },
            },
            lastState: {},
            ready: true,
            restartCount: 0,
            image: 'quay.io/opstree/redis:v7.0.15',
            imageID: '',
            started: true,
          },
        ],
        qosClass: 'Burstable',
      },
    },
    {
      metadata: {
        name: 'inventory-cache-2',
        namespace: 'redis',
        uid: '780320d9-10de-4e24-b8f4-96e031799321',
        resourceVersion: '3698',
        generation: 1,
        creationTimestamp: '2026-12-01T14:39:30Z',
        labels: {
          app: 'inventory-cache',
          'app.kubernetes.io/instance': 'inventory-cache',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-5i1VPNtRMP5CQPDAReJXNkomKP0BRGGhDHBUH9_muQo-v1',
          'apps.kubernetes.io/pod-index': '2',
          'backstage.io/kubernetes-id': 'inventory-cache',
          'controller-revision-hash': 'inventory-cache-dd0eeee6dc',
          'odin.dev/instance-namespace': 'redis',
          'redis-role': 'master',
          redis_setup_type: 'replication',
          role: 'replication',
          'statefulset.kubernetes.io/pod-name': 'inventory-cache-2',
          'topology.kubernetes.io/region': 'eu-west-1',
          'topology.kubernetes.io/zone': 'eu-west-1a',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'inventory-cache',
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'StatefulSet',
            name: 'inventory-cache',
            uid: 'f58985b3-8d22-419e-b31f-50cb02901b01',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        volumes: [
          {
            name: 'inventory-cache',
            persistentVolumeClaim: {
              claimName: 'inventory-cache-inventory-cache-2',
            },
          },
          {
            name: 'config',
            emptyDir: {},
          },
          {
            name: 'external-config',
            configMap: {
              name: 'inventory-cache-config',
              defaultMode: 420,
            },
          },
        ],
        containers: [
          {
            name: 'inventory-cache',
            image: 'quay.io/opstree/redis:v7.0.15',
            env: [
              {
                name: 'PERSISTENCE_ENABLED',
                value: 'true',
              },
              {
                name: 'REDISCLI_AUTH',
                valueFrom: {
                  secretKeyRef: {
                    name: 'inventory-cache-auth',
                    key: 'password',
                  },
                },
              },
              {
                name: 'REDIS_ADDR',
                value: 'redis://localhost:6379',
              },
              {
                name: 'REDIS_PASSWORD',
                valueFrom: {
                  secretKeyRef: {
                    name: 'inventory-cache-auth',
                    key: 'password',
                  },
                },
              },
              {
                name: 'REDIS_PORT',
                value: '6379',
              },
              {
                name: 'SERVER_MODE',
                value: 'replication',
              },
              {
                name: 'SETUP_MODE',
                value: 'replication',
              },
            ],
            resources: {
              limits: {
                cpu: '100m',
                memory: '64Mi',
              },
              requests: {
                cpu: '25m',
                memory: '32Mi',
              },
            },
            volumeMounts: [
              {
                name: 'inventory-cache',
                mountPath: '/data',
              },
              {
                name: 'external-config',
                mountPath: '/etc/redis/external.conf.d',
              },
            ],
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
            imagePullPolicy: 'IfNotPresent',
            securityContext: {
              capabilities: {
                drop: ['ALL'],
              },
              runAsUser: 1000,
              runAsNonRoot: true,
              readOnlyRootFilesystem: false,
              allowPrivilegeEscalation: false,
              seccompProfile: {
                type: 'RuntimeDefault',
              },
            },
          },
        ],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        serviceAccountName: 'default',
        serviceAccount: 'default',
        nodeName: 'sandbox-node-a',
        securityContext: {
          runAsUser: 1000,
          runAsNonRoot: true,
          fsGroup: 1000,
          seccompProfile: {
            type: 'RuntimeDefault',
          },
        },
        hostname: 'inventory-cache-2',
        subdomain: 'inventory-cache-headless',
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 100,
                podAffinityTerm: {
                  labelSelector: {
                    matchLabels: {
                      app: 'inventory-cache',
                    },
                  },
                  topologyKey: 'kubernetes.io/hostname',
                },
              },
            ],
          },
        },
        schedulerName: 'default-scheduler',
        tolerations: [
          {
            key: 'node.kubernetes.io/not-ready',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
          {
            key: 'node.kubernetes.io/unreachable',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
        ],
        priority: 0,
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
      },
      status: {
        phase: 'Running',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:39:30Z',
          },
          {
            type: 'Initialized',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:39:30Z',
          },
          {
            type: 'ContainersReady',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:39:30Z',
          },
          {
            type: 'Ready',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:39:30Z',
          },
        ],
        hostIP: '127.0.0.1',
        hostIPs: [
          {
            ip: '127.0.0.1',
          },
        ],
        podIP: '127.136.197.5',
        podIPs: [
          {
            ip: '127.136.197.5',
          },
        ],
        startTime: '2026-12-01T14:39:30Z',
        containerStatuses: [
          {
            name: 'inventory-cache',
            state: {
              running: {
                startedAt: '2026-12-01T14:39:30Z',
              },
            },
            lastState: {},
            ready: true,
            restartCount: 0,
            image: 'quay.io/opstree/redis:v7.0.15',
            imageID: '',
            started: true,
          },
        ],
        qosClass: 'Burstable',
      },
    },
    {
      metadata: {
        name: 'inventory-cache-sentinel-0',
        namespace: 'redis',
        uid: '6802b3d5-ab64-438e-a3d6-2278e4e62f1b',
        resourceVersion: '3602',
        generation: 1,
        creationTimestamp: '2026-12-01T14:39:30Z',
        labels: {
          app: 'inventory-cache-sentinel',
          'app.kubernetes.io/instance': 'inventory-cache',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-5i1VPNtRMP5CQPDAReJXNkomKP0BRGGhDHBUH9_muQo-v1',
          'apps.kubernetes.io/pod-index': '0',
          'backstage.io/kubernetes-id': 'inventory-cache',
          'controller-revision-hash': 'inventory-cache-sentinel-8785af09ad',
          'odin.dev/instance-namespace': 'redis',
          redis_setup_type: 'sentinel',
          role: 'sentinel',
          'statefulset.kubernetes.io/pod-name': 'inventory-cache-sentinel-0',
          'topology.kubernetes.io/region': 'eu-west-1',
          'topology.kubernetes.io/zone': 'eu-west-1b',
        },
        annotations: {
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'inventory-cache',
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'StatefulSet',
            name: 'inventory-cache-sentinel',
            uid: 'cb53d0af-739f-4431-84b2-1e675ac76d4e',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        volumes: [
          {
            name: 'config',
            emptyDir: {},
          },
        ],
        containers: [
          {
            name: 'inventory-cache-sentinel',
            image: 'quay.io/opstree/redis-sentinel:v7.0.15',
            env: [
              {
                name: 'REDISCLI_AUTH',
                valueFrom: {
                  secretKeyRef: {
                    name: 'inventory-cache-auth',
                    key: 'password',
                  },
                },
              },
              {
                name: 'REDIS_ADDR',
                value: 'redis://localhost:26379',
              },
              {
                name: 'REDIS_PASSWORD',
                valueFrom: {
                  secretKeyRef: {
                    name: 'inventory-cache-auth',
                    key: 'password',
                  },
                },
              },
              {
                name: 'SENTINEL_PORT',
                value: '26379',
              },
              {
                name: 'SERVER_MODE',
                value: 'sentinel',
              },
              {
                name: 'SETUP_MODE',
                value: 'sentinel',
              },
              {
                name: 'MASTER_GROUP_NAME',
                value: 'mymaster',
              },
              {
                name: 'PORT',
                value: '6379',
              },
              {
                name: 'QUORUM',
                value: '2',
              },
              {
                name: 'DOWN_AFTER_MILLISECONDS',
                value: '5000',
              },
              {
                name: 'PARALLEL_SYNCS',
                value: '1',
              },
              {
                name: 'FAILOVER_TIMEOUT',
                value: '10000',
              },
              {
                name: 'RESOLVE_HOSTNAMES',
                value: 'no',
              },
              {
                name: 'ANNOUNCE_HOSTNAMES',
                value: 'no',
              },
              {
                name: 'MASTER_PASSWORD',
                valueFrom: {
                  secretKeyRef: {
                    name: 'inventory-cache-auth',
                    key: 'password',
                  },
                },
              },
            ],
            resources: {
              limits: {
                cpu: '50m',
                memory: '32Mi',
              },
              requests: {
                cpu: '10m',
                memory: '16Mi',
              },
            },
            volumeMounts: [
              {
                name: 'config',
                mountPath: '/etc/redis',
              },
            ],
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
            imagePullPolicy: 'IfNotPresent',
            securityContext: {
              capabilities: {
                drop: ['ALL'],
              },
              runAsUser: 1000,
              runAsNonRoot: true,
              readOnlyRootFilesystem: true,
              allowPrivilegeEscalation: false,
              seccompProfile: {
                type: 'RuntimeDefault',
              },
            },
          },
        ],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        serviceAccountName: 'default',
        serviceAccount: 'default',
        nodeName: 'sandbox-node-b',
        securityContext: {
          runAsUser: 1000,
          runAsNonRoot: true,
          fsGroup: 1000,
          seccompProfile: {
            type: 'RuntimeDefault',
          },
        },
        hostname: 'inventory-cache-sentinel-0',
        subdomain: 'inventory-cache-sentinel-headless',
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 100,
                podAffinityTerm: {
                  labelSelector: {
                    matchLabels: {
                      app: 'inventory-cache-sentinel',
                    },
                  },
                  topologyKey: 'kubernetes.io/hostname',
                },
              },
            ],
          },
        },
        schedulerName: 'default-scheduler',
        tolerations: [
          {
            key: 'node.kubernetes.io/not-ready',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
          {
            key: 'node.kubernetes.io/unreachable',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
        ],
        priority: 0,
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
      },
      status: {
        phase: 'Running',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:39:30Z',
          },
          {
            type: 'Initialized',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:39:30Z',
          },
          {
            type: 'ContainersReady',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:39:31Z',
          },
          {
            type: 'Ready',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:39:31Z',
          },
        ],
        hostIP: '127.0.0.1',
        hostIPs: [
          {
            ip: '127.0.0.1',
          },
        ],
        podIP: '127.136.197.6',
        podIPs: [
          {
            ip: '127.136.197.6',
          },
        ],
        startTime: '2026-12-01T14:39:30Z',
        containerStatuses: [
          {
            name: 'inventory-cache-sentinel',
            state: {
              running: {
                startedAt: '2026-12-01T14:39:30Z',
              },
            },
            lastState: {},
            ready: true,
            restartCount: 0,
            image: 'quay.io/opstree/redis-sentinel:v7.0.15',
            imageID: '',
            started: true,
          },
        ],
        qosClass: 'Burstable',
      },
    },
    {
      metadata: {
        name: 'inventory-cache-sentinel-1',
        namespace: 'redis',
        uid: '6521ed33-3376-45fa-bf25-253dda8f9ff3',
        resourceVersion: '3605',
        generation: 1,
        creationTimestamp: '2026-12-01T14:39:31Z',
        labels: {
          app: 'inventory-cache-sentinel',
          'app.kubernetes.io/instance': 'inventory-cache',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-5i1VPNtRMP5CQPDAReJXNkomKP0BRGGhDHBUH9_muQo-v1',
          'apps.kubernetes.io/pod-index': '1',
          'backstage.io/kubernetes-id': 'inventory-cache',
          'controller-revision-hash': 'inventory-cache-sentinel-8785af09ad',
          'odin.dev/instance-namespace': 'redis',
          redis_setup_type: 'sentinel',
          role: 'sentinel',
          'statefulset.kubernetes.io/pod-name': 'inventory-cache-sentinel-1',
          'topology.kubernetes.io/region': 'eu-west-1',
          'topology.kubernetes.io/zone': 'eu-west-1c',
        },
        annotations: {
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'inventory-cache',
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'StatefulSet',
            name: 'inventory-cache-sentinel',
            uid: 'cb53d0af-739f-4431-84b2-1e675ac76d4e',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        volumes: [
          {
            name: 'config',
            emptyDir: {},
          },
        ],
        containers: [
          {
            name: 'inventory-cache-sentinel',
            image: 'quay.io/opstree/redis-sentinel:v7.0.15',
            env: [
              {
                name: 'REDISCLI_AUTH',
                valueFrom: {
                  secretKeyRef: {
                    name: 'inventory-cache-auth',
                    key: 'password',
                  },
                },
              },
              {
                name: 'REDIS_ADDR',
                value: 'redis://localhost:26379',
              },
              {
                name: 'REDIS_PASSWORD',
                valueFrom: {
                  secretKeyRef: {
                    name: 'inventory-cache-auth',
                    key: 'password',
                  },
                },
              },
              {
                name: 'SENTINEL_PORT',
                value: '26379',
              },
              {
                name: 'SERVER_MODE',
                value: 'sentinel',
              },
              {
                name: 'SETUP_MODE',
                value: 'sentinel',
              },
              {
                name: 'MASTER_GROUP_NAME',
                value: 'mymaster',
              },
              {
                name: 'PORT',
                value: '6379',
              },
              {
                name: 'QUORUM',
                value: '2',
              },
              {
                name: 'DOWN_AFTER_MILLISECONDS',
                value: '5000',
              },
              {
                name: 'PARALLEL_SYNCS',
                value: '1',
              },
              {
                name: 'FAILOVER_TIMEOUT',
                value: '10000',
              },
              {
                name: 'RESOLVE_HOSTNAMES',
                value: 'no',
              },
              {
                name: 'ANNOUNCE_HOSTNAMES',
                value: 'no',
              },
              {
                name: 'MASTER_PASSWORD',
                valueFrom: {
                  secretKeyRef: {
                    name: 'inventory-cache-auth',
                    key: 'password',
                  },
                },
              },
            ],
            resources: {
              limits: {
                cpu: '50m',
                memory: '32Mi',
              },
              requests: {
                cpu: '10m',
                memory: '16Mi',
              },
            },
            volumeMounts: [
              {
                name: 'config',
                mountPath: '/etc/redis',
              },
            ],
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
            imagePullPolicy: 'IfNotPresent',
            securityContext: {
              capabilities: {
                drop: ['ALL'],
              },
              runAsUser: 1000,
              runAsNonRoot: true,
              readOnlyRootFilesystem: true,
              allowPrivilegeEscalation: false,
              seccompProfile: {
                type: 'RuntimeDefault',
              },
            },
          },
        ],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        serviceAccountName: 'default',
        serviceAccount: 'default',
        nodeName: 'sandbox-node-c',
        securityContext: {
          runAsUser: 1000,
          runAsNonRoot: true,
          fsGroup: 1000,
          seccompProfile: {
            type: 'RuntimeDefault',
          },
        },
        hostname: 'inventory-cache-sentinel-1',
        subdomain: 'inventory-cache-sentinel-headless',
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 100,
                podAffinityTerm: {
                  labelSelector: {
                    matchLabels: {
                      app: 'inventory-cache-sentinel',
                    },
                  },
                  topologyKey: 'kubernetes.io/hostname',
                },
              },
            ],
          },
        },
        schedulerName: 'default-scheduler',
        tolerations: [
          {
            key: 'node.kubernetes.io/not-ready',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
          {
            key: 'node.kubernetes.io/unreachable',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
        ],
        priority: 0,
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
      },
      status: {
        phase: 'Running',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:39:31Z',
          },
          {
            type: 'Initialized',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:39:31Z',
          },
          {
            type: 'ContainersReady',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:39:31Z',
          },
          {
            type: 'Ready',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:39:31Z',
          },
        ],
        hostIP: '127.0.0.1',
        hostIPs: [
          {
            ip: '127.0.0.1',
          },
        ],
        podIP: '127.136.197.7',
        podIPs: [
          {
            ip: '127.136.197.7',
          },
        ],
        startTime: '2026-12-01T14:39:31Z',
        containerStatuses: [
          {
            name: 'inventory-cache-sentinel',
            state: {
              running: {
                startedAt: '2026-12-01T14:39:31Z',
              },
            },
            lastState: {},
            ready: true,
            restartCount: 0,
            image: 'quay.io/opstree/redis-sentinel:v7.0.15',
            imageID: '',
            started: true,
          },
        ],
        qosClass: 'Burstable',
      },
    },
    {
      metadata: {
        name: 'inventory-cache-sentinel-2',
        namespace: 'redis',
        uid: '2e64ab1c-ec93-4afd-a444-3dc0ce0f8fa5',
        resourceVersion: '3608',
        generation: 1,
        creationTimestamp: '2026-12-01T14:39:31Z',
        labels: {
          app: 'inventory-cache-sentinel',
          'app.kubernetes.io/instance': 'inventory-cache',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-5i1VPNtRMP5CQPDAReJXNkomKP0BRGGhDHBUH9_muQo-v1',
          'apps.kubernetes.io/pod-index': '2',
          'backstage.io/kubernetes-id': 'inventory-cache',
          'controller-revision-hash': 'inventory-cache-sentinel-8785af09ad',
          'odin.dev/instance-namespace': 'redis',
          redis_setup_type: 'sentinel',
          role: 'sentinel',
          'statefulset.kubernetes.io/pod-name': 'inventory-cache-sentinel-2',
          'topology.kubernetes.io/region': 'eu-west-1',
          'topology.kubernetes.io/zone': 'eu-west-1a',
        },
        annotations: {
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'inventory-cache',
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'StatefulSet',
            name: 'inventory-cache-sentinel',
            uid: 'cb53d0af-739f-4431-84b2-1e675ac76d4e',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        volumes: [
          {
            name: 'config',
            emptyDir: {},
          },
        ],
        containers: [
          {
            name: 'inventory-cache-sentinel',
            image: 'quay.io/opstree/redis-sentinel:v7.0.15',
            env: [
              {
                name: 'REDISCLI_AUTH',
                valueFrom: {
                  secretKeyRef: {
                    name: 'inventory-cache-auth',
                    key: 'password',
                  },
                },
              },
              {
                name: 'REDIS_ADDR',
                value: 'redis://localhost:26379',
              },
              {
                name: 'REDIS_PASSWORD',
                valueFrom: {
                  secretKeyRef: {
                    name: 'inventory-cache-auth',
                    key: 'password',
                  },
                },
              },
              {
                name: 'SENTINEL_PORT',
                value: '26379',
              },
              {
                name: 'SERVER_MODE',
                value: 'sentinel',
              },
              {
                name: 'SETUP_MODE',
                value: 'sentinel',
              },
              {
                name: 'MASTER_GROUP_NAME',
                value: 'mymaster',
              },
              {
                name: 'PORT',
                value: '6379',
              },
              {
                name: 'QUORUM',
                value: '2',
              },
              {
                name: 'DOWN_AFTER_MILLISECONDS',
                value: '5000',
              },
              {
                name: 'PARALLEL_SYNCS',
                value: '1',
              },
              {
                name: 'FAILOVER_TIMEOUT',
                value: '10000',
              },
              {
                name: 'RESOLVE_HOSTNAMES',
                value: 'no',
              },
              {
                name: 'ANNOUNCE_HOSTNAMES',
                value: 'no',
              },
              {
                name: 'MASTER_PASSWORD',
                valueFrom: {
                  secretKeyRef: {
                    name: 'inventory-cache-auth',
                    key: 'password',
                  },
                },
              },
            ],
            resources: {
              limits: {
                cpu: '50m',
                memory: '32Mi',
              },
              requests: {
                cpu: '10m',
                memory: '16Mi',
              },
            },
            volumeMounts: [
              {
                name: 'config',
                mountPath: '/etc/redis',
              },
            ],
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
            imagePullPolicy: 'IfNotPresent',
            securityContext: {
              capabilities: {
                drop: ['ALL'],
              },
              runAsUser: 1000,
              runAsNonRoot: true,
              readOnlyRootFilesystem: true,
              allowPrivilegeEscalation: false,
              seccompProfile: {
                type: 'RuntimeDefault',
              },
            },
          },
        ],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        serviceAccountName: 'default',
        serviceAccount: 'default',
        nodeName: 'sandbox-node-a',
        securityContext: {
          runAsUser: 1000,
          runAsNonRoot: true,
          fsGroup: 1000,
          seccompProfile: {
            type: 'RuntimeDefault',
          },
        },
        hostname: 'inventory-cache-sentinel-2',
        subdomain: 'inventory-cache-sentinel-headless',
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 100,
                podAffinityTerm: {
                  labelSelector: {
                    matchLabels: {
                      app: 'inventory-cache-sentinel',
                    },
                  },
                  topologyKey: 'kubernetes.io/hostname',
                },
              },
            ],
          },
        },
        schedulerName: 'default-scheduler',
        tolerations: [
          {
            key: 'node.kubernetes.io/not-ready',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
          {
            key: 'node.kubernetes.io/unreachable',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
        ],
        priority: 0,
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
      },
      status: {
        phase: 'Running',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:39:31Z',
          },
          {
            type: 'Initialized',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:39:31Z',
          },
          {
            type: 'ContainersReady',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:39:31Z',
          },
          {
            type: 'Ready',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:39:31Z',
          },
        ],
        hostIP: '127.0.0.1',
        hostIPs: [
          {
            ip: '127.0.0.1',
          },
        ],
        podIP: '127.136.197.8',
        podIPs: [
          {
            ip: '127.136.197.8',
          },
        ],
        startTime: '2026-12-01T14:39:31Z',
        containerStatuses: [
          {
            name: 'inventory-cache-sentinel',
            state: {
              running: {
                startedAt: '2026-12-01T14:39:31Z',
              },
            },
            lastState: {},
            ready: true,
            restartCount: 0,
            image: 'quay.io/opstree/redis-sentinel:v7.0.15',
            imageID: '',
            started: true,
          },
        ],
        qosClass: 'Burstable',
      },
    },
  ],
  volumeClaims: [
    {
      metadata: {
        name: 'e2e-cluster-follower-e2e-cluster-follower-0',
        namespace: 'redis',
        uid: '74f02fb2-1af0-415c-a1ec-a0ce52d3c268',
        resourceVersion: '3750',
        creationTimestamp: '2026-12-01T14:41:14Z',
        labels: {
          app: 'e2e-cluster-follower',
          'app.kubernetes.io/instance': 'e2e-cluster',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-w_z-xPik6VsRDu1qYQi7JcZJ2DIn2RWYIKjUhJ_vTm8-v1',
          'backstage.io/kubernetes-id': 'e2e-cluster',
          cluster: 'e2e-cluster',
          'odin.dev/instance-namespace': 'redis',
          redis_setup_type: 'cluster',
          role: 'follower',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'e2e-cluster',
        },
        finalizers: ['kubernetes.io/pvc-protection'],
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: {
          requests: {
            storage: '10Gi',
          },
        },
        storageClassName: 'gp3',
        volumeMode: 'Filesystem',
      },
      status: {
        phase: 'Bound',
        accessModes: ['ReadWriteOnce'],
        capacity: {
          storage: '10Gi',
        },
      },
    },
    {
      metadata: {
        name: 'e2e-cluster-follower-e2e-cluster-follower-1',
        namespace: 'redis',
        uid: 'd4c73192-c9f1-449d-87f0-1170b1bfe860',
        resourceVersion: '3757',
        creationTimestamp: '2026-12-01T14:41:14Z',
        labels: {
          app: 'e2e-cluster-follower',
          'app.kubernetes.io/instance': 'e2e-cluster',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-w_z-xPik6VsRDu1qYQi7JcZJ2DIn2RWYIKjUhJ_vTm8-v1',
          'backstage.io/kubernetes-id': 'e2e-cluster',
          cluster: 'e2e-cluster',
          'odin.dev/instance-namespace': 'redis',
          redis_setup_type: 'cluster',
          role: 'follower',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'e2e-cluster',
        },
        finalizers: ['kubernetes.io/pvc-protection'],
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: {
          requests: {
            storage: '10Gi',
          },
        },
        storageClassName: 'gp3',
        volumeMode: 'Filesystem',
      },
      status: {
        phase: 'Bound',
        accessModes: ['ReadWriteOnce'],
        capacity: {
          storage: '10Gi',
        },
      },
    },
    {
      metadata: {
        name: 'e2e-cluster-follower-e2e-cluster-follower-2',
        namespace: 'redis',
        uid: '6dd76c3b-2d2e-4ba1-b6ec-f865112943d5',
        resourceVersion: '3764',
        creationTimestamp: '2026-12-01T14:41:14Z',
        labels: {
          app: 'e2e-cluster-follower',
          'app.kubernetes.io/instance': 'e2e-cluster',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-w_z-xPik6VsRDu1qYQi7JcZJ2DIn2RWYIKjUhJ_vTm8-v1',
          'backstage.io/kubernetes-id': 'e2e-cluster',
          cluster: 'e2e-cluster',
          'odin.dev/instance-namespace': 'redis',
          redis_setup_type: 'cluster',
          role: 'follower',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'e2e-cluster',
        },
        finalizers: ['kubernetes.io/pvc-protection'],
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: {
          requests: {
            storage: '10Gi',
          },
        },
        storageClassName: 'gp3',
        volumeMode: 'Filesystem',
      },
      status: {
        phase: 'Bound',
        accessModes: ['ReadWriteOnce'],
        capacity: {
          storage: '10Gi',
        },
      },
    },
    {
      metadata: {
        name: 'e2e-cluster-leader-e2e-cluster-leader-0',
        namespace: 'redis',
        uid: '5e76901f-64e9-49f1-908a-175d89c345d8',
        resourceVersion: '3718',
        creationTimestamp: '2026-12-01T14:41:13Z',
        labels: {
          app: 'e2e-cluster-leader',
          'app.kubernetes.io/instance': 'e2e-cluster',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-w_z-xPik6VsRDu1qYQi7JcZJ2DIn2RWYIKjUhJ_vTm8-v1',
          'backstage.io/kubernetes-id': 'e2e-cluster',
          cluster: 'e2e-cluster',
          'odin.dev/instance-namespace': 'redis',
          redis_setup_type: 'cluster',
          role: 'leader',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'e2e-cluster',
        },
        finalizers: ['kubernetes.io/pvc-protection'],
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: {
          requests: {
            storage: '10Gi',
          },
        },
        storageClassName: 'gp3',
        volumeMode: 'Filesystem',
      },
      status: {
        phase: 'Bound',
        accessModes: ['ReadWriteOnce'],
        capacity: {
          storage: '10Gi',
        },
      },
    },
    {
      metadata: {
        name: 'e2e-cluster-leader-e2e-cluster-leader-1',
        namespace: 'redis',
        uid: '88380b10-4f3c-4b5d-b9bc-921a0a88bffe',
        resourceVersion: '3725',
        creationTimestamp: '2026-12-01T14:41:13Z',
        labels: {
          app: 'e2e-cluster-leader',
          'app.kubernetes.io/instance': 'e2e-cluster',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-w_z-xPik6VsRDu1qYQi7JcZJ2DIn2RWYIKjUhJ_vTm8-v1',
          'backstage.io/kubernetes-id': 'e2e-cluster',
          cluster: 'e2e-cluster',
          'odin.dev/instance-namespace': 'redis',
          redis_setup_type: 'cluster',
          role: 'leader',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'e2e-cluster',
        },
        finalizers: ['kubernetes.io/pvc-protection'],
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: {
          requests: {
            storage: '10Gi',
          },
        },
        storageClassName: 'gp3',
        volumeMode: 'Filesystem',
      },
      status: {
        phase: 'Bound',
        accessModes: ['ReadWriteOnce'],
        capacity: {
          storage: '10Gi',
        },
      },
    },
    {
      metadata: {
        name: 'e2e-cluster-leader-e2e-cluster-leader-2',
        namespace: 'redis',
        uid: '55f83a1c-66f4-49d3-a68f-ad7a77741636',
        resourceVersion: '3732',
        creationTimestamp: '2026-12-01T14:41:13Z',
        labels: {
          app: 'e2e-cluster-leader',
          'app.kubernetes.io/instance': 'e2e-cluster',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-w_z-xPik6VsRDu1qYQi7JcZJ2DIn2RWYIKjUhJ_vTm8-v1',
          'backstage.io/kubernetes-id': 'e2e-cluster',
          cluster: 'e2e-cluster',
          'odin.dev/instance-namespace': 'redis',
          redis_setup_type: 'cluster',
          role: 'leader',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'e2e-cluster',
        },
        finalizers: ['kubernetes.io/pvc-protection'],
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: {
          requests: {
            storage: '10Gi',
          },
        },
        storageClassName: 'gp3',
        volumeMode: 'Filesystem',
      },
      status: {
        phase: 'Bound',
        accessModes: ['ReadWriteOnce'],
        capacity: {
          storage: '10Gi',
        },
      },
    },
    {
      metadata: {
        name: 'e2e-orders-e2e-orders-0',
        namespace: 'redis',
        uid: 'de532117-b303-4f0b-93f4-08e1ab7bac85',
        resourceVersion: '3682',
        creationTimestamp: '2026-12-01T14:40:18Z',
        labels: {
          app: 'e2e-orders',
          'app.kubernetes.io/instance': 'e2e-orders',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-DVv3Yo7hJ4PJ_lO12ueOrvVCMK2yOYFzn_3vzYGAkiY-v1',
          'backstage.io/kubernetes-id': 'e2e-orders',
          'odin.dev/instance-namespace': 'redis',
          redis_setup_type: 'standalone',
          role: 'standalone',
        },
        annotations: {
          'odin.dev/owner': 'group:default/payments',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'e2e-orders',
        },
        finalizers: ['kubernetes.io/pvc-protection'],
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: {
          requests: {
            storage: '10Gi',
          },
        },
        storageClassName: 'gp3',
        volumeMode: 'Filesystem',
      },
      status: {
        phase: 'Bound',
        accessModes: ['ReadWriteOnce'],
        capacity: {
          storage: '10Gi',
        },
      },
    },
    {
      metadata: {
        name: 'e2e-sentinel-e2e-sentinel-0',
        namespace: 'redis',
        uid: '7e33a6b3-36c9-4952-8613-93721eec7b46',
        resourceVersion: '3633',
        creationTimestamp: '2026-12-01T14:39:47Z',
        labels: {
          app: 'e2e-sentinel',
          'app.kubernetes.io/instance': 'e2e-sentinel',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-jw0PXdqKRbmIqfC1fT1i9ElDq4XZ4lOf3MpGz0bEXrk-v1',
          'backstage.io/kubernetes-id': 'e2e-sentinel',
          'odin.dev/instance-namespace': 'redis',
          redis_setup_type: 'replication',
          role: 'replication',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'e2e-sentinel',
        },
        finalizers: ['kubernetes.io/pvc-protection'],
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: {
          requests: {
            storage: '10Gi',
          },
        },
        storageClassName: 'gp3',
        volumeMode: 'Filesystem',
      },
      status: {
        phase: 'Bound',
        accessModes: ['ReadWriteOnce'],
        capacity: {
          storage: '10Gi',
        },
      },
    },
    {
      metadata: {
        name: 'e2e-sentinel-e2e-sentinel-1',
        namespace: 'redis',
        uid: '5f3d3aad-4504-481e-a907-56637947a1ac',
        resourceVersion: '3638',
        creationTimestamp: '2026-12-01T14:39:47Z',
        labels: {
          app: 'e2e-sentinel',
          'app.kubernetes.io/instance': 'e2e-sentinel',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-jw0PXdqKRbmIqfC1fT1i9ElDq4XZ4lOf3MpGz0bEXrk-v1',
          'backstage.io/kubernetes-id': 'e2e-sentinel',
          'odin.dev/instance-namespace': 'redis',
          redis_setup_type: 'replication',
          role: 'replication',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'e2e-sentinel',
        },
        finalizers: ['kubernetes.io/pvc-protection'],
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: {
          requests: {
            storage: '10Gi',
          },
        },
        storageClassName: 'gp3',
        volumeMode: 'Filesystem',
      },
      status: {
        phase: 'Bound',
        accessModes: ['ReadWriteOnce'],
        capacity: {
          storage: '10Gi',
        },
      },
    },
    {
      metadata: {
        name: 'inventory-cache-inventory-cache-0',
        namespace: 'redis',
        uid: '44190bf6-4072-464d-b48e-d0cf334cb46d',
        resourceVersion: '3574',
        creationTimestamp: '2026-12-01T14:39:30Z',
        labels: {
          app: 'inventory-cache',
          'app.kubernetes.io/instance': 'inventory-cache',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-5i1VPNtRMP5CQPDAReJXNkomKP0BRGGhDHBUH9_muQo-v1',
          'backstage.io/kubernetes-id': 'inventory-cache',
          'odin.dev/instance-namespace': 'redis',
          redis_setup_type: 'replication',
          role: 'replication',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'inventory-cache',
        },
        finalizers: ['kubernetes.io/pvc-protection'],
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: {
          requests: {
            storage: '1Gi',
          },
        },
        storageClassName: 'gp3',
        volumeMode: 'Filesystem',
      },
      status: {
        phase: 'Bound',
        accessModes: ['ReadWriteOnce'],
        capacity: {
          storage: '1Gi',
        },
      },
    },
    {
      metadata: {
        name: 'inventory-cache-inventory-cache-1',
        namespace: 'redis',
        uid: '08e6193b-a4af-42d9-a673-b7b9c1a61424',
        resourceVersion: '3579',
        creationTimestamp: '2026-12-01T14:39:30Z',
        labels: {
          app: 'inventory-cache',
          'app.kubernetes.io/instance': 'inventory-cache',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-5i1VPNtRMP5CQPDAReJXNkomKP0BRGGhDHBUH9_muQo-v1',
          'backstage.io/kubernetes-id': 'inventory-cache',
          'odin.dev/instance-namespace': 'redis',
          redis_setup_type: 'replication',
          role: 'replication',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'inventory-cache',
        },
        finalizers: ['kubernetes.io/pvc-protection'],
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: {
          requests: {
            storage: '1Gi',
          },
        },
        storageClassName: 'gp3',
        volumeMode: 'Filesystem',
      },
      status: {
        phase: 'Bound',
        accessModes: ['ReadWriteOnce'],
        capacity: {
          storage: '1Gi',
        },
      },
    },
    {
      metadata: {
        name: 'inventory-cache-inventory-cache-2',
        namespace: 'redis',
        uid: '6c111fef-29fb-474a-84b4-c3abe7c117c7',
        resourceVersion: '3584',
        creationTimestamp: '2026-12-01T14:39:30Z',
        labels: {
          app: 'inventory-cache',
          'app.kubernetes.io/instance': 'inventory-cache',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-5i1VPNtRMP5CQPDAReJXNkomKP0BRGGhDHBUH9_muQo-v1',
          'backstage.io/kubernetes-id': 'inventory-cache',
          'odin.dev/instance-namespace': 'redis',
          redis_setup_type: 'replication',
          role: 'replication',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'inventory-cache',
        },
        finalizers: ['kubernetes.io/pvc-protection'],
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: {
          requests: {
            storage: '1Gi',
          },
        },
        storageClassName: 'gp3',
        volumeMode: 'Filesystem',
      },
      status: {
        phase: 'Bound',
        accessModes: ['ReadWriteOnce'],
        capacity: {
          storage: '1Gi',
        },
      },
    },
    {
      metadata: {
        name: 'node-conf-e2e-cluster-follower-0',
        namespace: 'redis',
        uid: '5dc503a7-5755-45a7-bd05-de532f8a8fb5',
        resourceVersion: '3748',
        creationTimestamp: '2026-12-01T14:41:14Z',
        labels: {
          app: 'e2e-cluster-follower',
          'app.kubernetes.io/instance': 'e2e-cluster',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-w_z-xPik6VsRDu1qYQi7JcZJ2DIn2RWYIKjUhJ_vTm8-v1',
          'backstage.io/kubernetes-id': 'e2e-cluster',
          cluster: 'e2e-cluster',
          'odin.dev/instance-namespace': 'redis',
          redis_setup_type: 'cluster',
          role: 'follower',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'e2e-cluster',
        },
        finalizers: ['kubernetes.io/pvc-protection'],
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: {
          requests: {
            storage: '1Gi',
          },
        },
        storageClassName: 'gp3',
        volumeMode: 'Filesystem',
      },
      status: {
        phase: 'Bound',
        accessModes: ['ReadWriteOnce'],
        capacity: {
          storage: '1Gi',
        },
      },
    },
    {
      metadata: {
        name: 'node-conf-e2e-cluster-follower-1',
        namespace: 'redis',
        uid: '9ae4a1ad-2f9a-43d8-90a1-6a3c3eb65de4',
        resourceVersion: '3755',
        creationTimestamp: '2026-12-01T14:41:14Z',
        labels: {
          app: 'e2e-cluster-follower',
          'app.kubernetes.io/instance': 'e2e-cluster',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-w_z-xPik6VsRDu1qYQi7JcZJ2DIn2RWYIKjUhJ_vTm8-v1',
          'backstage.io/kubernetes-id': 'e2e-cluster',
          cluster: 'e2e-cluster',
          'odin.dev/instance-namespace': 'redis',
          redis_setup_type: 'cluster',
          role: 'follower',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'e2e-cluster',
        },
        finalizers: ['kubernetes.io/pvc-protection'],
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: {
          requests: {
            storage: '1Gi',
          },
        },
        storageClassName: 'gp3',
        volumeMode: 'Filesystem',
      },
      status: {
        phase: 'Bound',
        accessModes: ['ReadWriteOnce'],
        capacity: {
          storage: '1Gi',
        },
      },
    },
    {
      metadata: {
        name: 'node-conf-e2e-cluster-follower-2',
        namespace: 'redis',
        uid: 'c28df50c-c525-4774-96f7-fe10be08dab3',
        resourceVersion: '3762',
        creationTimestamp: '2026-12-01T14:41:14Z',
        labels: {
          app: 'e2e-cluster-follower',
          'app.kubernetes.io/instance': 'e2e-cluster',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-w_z-xPik6VsRDu1qYQi7JcZJ2DIn2RWYIKjUhJ_vTm8-v1',
          'backstage.io/kubernetes-id': 'e2e-cluster',
          cluster: 'e2e-cluster',
          'odin.dev/instance-namespace': 'redis',
          redis_setup_type: 'cluster',
          role: 'follower',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'e2e-cluster',
        },
        finalizers: ['kubernetes.io/pvc-protection'],
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: {
          requests: {
            storage: '1Gi',
          },
        },
        storageClassName: 'gp3',
        volumeMode: 'Filesystem',
      },
      status: {
        phase: 'Bound',
        accessModes: ['ReadWriteOnce'],
        capacity: {
          storage: '1Gi',
        },
      },
    },
    {
      metadata: {
        name: 'node-conf-e2e-cluster-leader-0',
        namespace: 'redis',
        uid: '57375f9d-2a78-4a2e-b6b7-28256fad2443',
        resourceVersion: '3716',
        creationTimestamp: '2026-12-01T14:41:13Z',
        labels: {
          app: 'e2e-cluster-leader',
          'app.kubernetes.io/instance': 'e2e-cluster',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-w_z-xPik6VsRDu1qYQi7JcZJ2DIn2RWYIKjUhJ_vTm8-v1',
          'backstage.io/kubernetes-id': 'e2e-cluster',
          cluster: 'e2e-cluster',
          'odin.dev/instance-namespace': 'redis',
          redis_setup_type: 'cluster',
          role: 'leader',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'e2e-cluster',
        },
        finalizers: ['kubernetes.io/pvc-protection'],
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: {
          requests: {
            storage: '1Gi',
          },
        },
        storageClassName: 'gp3',
        volumeMode: 'Filesystem',
      },
      status: {
        phase: 'Bound',
        accessModes: ['ReadWriteOnce'],
        capacity: {
          storage: '1Gi',
        },
      },
    },
    {
      metadata: {
        name: 'node-conf-e2e-cluster-leader-1',
        namespace: 'redis',
        uid: '18d726f2-0670-453a-b6d5-d5ca71a301f9',
        resourceVersion: '3723',
        creationTimestamp: '2026-12-01T14:41:13Z',
        labels: {
          app: 'e2e-cluster-leader',
          'app.kubernetes.io/instance': 'e2e-cluster',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-w_z-xPik6VsRDu1qYQi7JcZJ2DIn2RWYIKjUhJ_vTm8-v1',
          'backstage.io/kubernetes-id': 'e2e-cluster',
          cluster: 'e2e-cluster',
          'odin.dev/instance-namespace': 'redis',
          redis_setup_type: 'cluster',
          role: 'leader',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'e2e-cluster',
        },
        finalizers: ['kubernetes.io/pvc-protection'],
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: {
          requests: {
            storage: '1Gi',
          },
        },
        storageClassName: 'gp3',
        volumeMode: 'Filesystem',
      },
      status: {
        phase: 'Bound',
        accessModes: ['ReadWriteOnce'],
        capacity: {
          storage: '1Gi',
        },
      },
    },
    {
      metadata: {
        name: 'node-conf-e2e-cluster-leader-2',
        namespace: 'redis',
        uid: '4b6b8afb-77f1-4806-a1a5-76ea0c98d4f1',
        resourceVersion: '3730',
        creationTimestamp: '2026-12-01T14:41:13Z',
        labels: {
          app: 'e2e-cluster-leader',
          'app.kubernetes.io/instance': 'e2e-cluster',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-w_z-xPik6VsRDu1qYQi7JcZJ2DIn2RWYIKjUhJ_vTm8-v1',
          'backstage.io/kubernetes-id': 'e2e-cluster',
          cluster: 'e2e-cluster',
          'odin.dev/instance-namespace': 'redis',
          redis_setup_type: 'cluster',
          role: 'leader',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'e2e-cluster',
        },
        finalizers: ['kubernetes.io/pvc-protection'],
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: {
          requests: {
            storage: '1Gi',
          },
        },
        storageClassName: 'gp3',
        volumeMode: 'Filesystem',
      },
      status: {
        phase: 'Bound',
        accessModes: ['ReadWriteOnce'],
        capacity: {
          storage: '1Gi',
        },
      },
    },
  ],
  events: [],
  nodes: [
    {
      metadata: {
        name: 'sandbox-node-a',
        uid: '43ae0b6d-2f4a-4328-9cd2-a2dea8ed5436',
        resourceVersion: '11881',
        creationTimestamp: '2026-12-01T14:20:16Z',
        labels: {
          'kubernetes.io/hostname': 'sandbox-node-a',
          'kubernetes.io/os': 'linux',
          'redis-sandbox.odin.dev/node': 'true',
          'topology.kubernetes.io/region': 'eu-west-1',
          'topology.kubernetes.io/zone': 'eu-west-1a',
        },
      },
      spec: {
        taints: [
          {
            key: 'node.kubernetes.io/not-ready',
            effect: 'NoSchedule',
          },
        ],
      },
      status: {
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            lastHeartbeatTime: '2026-12-01T15:04:05Z',
            lastTransitionTime: null,
            reason: 'KubeletReady',
            message: 'redis-sandbox stands in for the kubelet of this node',
          },
        ],
        addresses: [
          {
            type: 'InternalIP',
            address: '127.0.0.1',
          },
          {
            type: 'Hostname',
            address: 'sandbox-node-a',
          },
        ],
        daemonEndpoints: {
          kubeletEndpoint: {
            Port: 0,
          },
        },
        nodeInfo: {
          machineID: '',
          systemUUID: '',
          bootID: '',
          kernelVersion: '',
          osImage: '',
          containerRuntimeVersion: '',
          kubeletVersion: '',
          kubeProxyVersion: '',
          operatingSystem: '',
          architecture: '',
        },
      },
    },
    {
      metadata: {
        name: 'sandbox-node-b',
        uid: 'bb738cb1-1954-4e7b-a670-51d634bafe0c',
        resourceVersion: '11882',
        creationTimestamp: '2026-12-01T14:20:16Z',
        labels: {
          'kubernetes.io/hostname': 'sandbox-node-b',
          'kubernetes.io/os': 'linux',
          'redis-sandbox.odin.dev/node': 'true',
          'topology.kubernetes.io/region': 'eu-west-1',
          'topology.kubernetes.io/zone': 'eu-west-1b',
        },
      },
      spec: {
        taints: [
          {
            key: 'node.kubernetes.io/not-ready',
            effect: 'NoSchedule',
          },
        ],
      },
      status: {
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            lastHeartbeatTime: '2026-12-01T15:04:05Z',
            lastTransitionTime: null,
            reason: 'KubeletReady',
            message: 'redis-sandbox stands in for the kubelet of this node',
          },
        ],
        addresses: [
          {
            type: 'InternalIP',
            address: '127.0.0.1',
          },
          {
            type: 'Hostname',
            address: 'sandbox-node-b',
          },
        ],
        daemonEndpoints: {
          kubeletEndpoint: {
            Port: 0,
          },
        },
        nodeInfo: {
          machineID: '',
          systemUUID: '',
          bootID: '',
          kernelVersion: '',
          osImage: '',
          containerRuntimeVersion: '',
          kubeletVersion: '',
          kubeProxyVersion: '',
          operatingSystem: '',
          architecture: '',
        },
      },
    },
    {
      metadata: {
        name: 'sandbox-node-c',
        uid: 'dda15696-30c6-40c7-9ab0-4d39ed2b62d4',
        resourceVersion: '11883',
        creationTimestamp: '2026-12-01T14:20:16Z',
        labels: {
          'kubernetes.io/hostname': 'sandbox-node-c',
          'kubernetes.io/os': 'linux',
          'redis-sandbox.odin.dev/node': 'true',
          'topology.kubernetes.io/region': 'eu-west-1',
          'topology.kubernetes.io/zone': 'eu-west-1c',
        },
      },
      spec: {
        taints: [
          {
            key: 'node.kubernetes.io/not-ready',
            effect: 'NoSchedule',
          },
        ],
      },
      status: {
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            lastHeartbeatTime: '2026-12-01T15:04:05Z',
            lastTransitionTime: null,
            reason: 'KubeletReady',
            message: 'redis-sandbox stands in for the kubelet of this node',
          },
        ],
        addresses: [
          {
            type: 'InternalIP',
            address: '127.0.0.1',
          },
          {
            type: 'Hostname',
            address: 'sandbox-node-c',
          },
        ],
        daemonEndpoints: {
          kubeletEndpoint: {
            Port: 0,
          },
        },
        nodeInfo: {
          machineID: '',
          systemUUID: '',
          bootID: '',
          kernelVersion: '',
          osImage: '',
          containerRuntimeVersion: '',
          kubeletVersion: '',
          kubeProxyVersion: '',
          operatingSystem: '',
          architecture: '',
        },
      },
    },
  ],
  cronJobs: [],
  jobs: [],
};

export const inventoryCacheSnapshot = recorded as KubernetesSnapshot;
