// Recorded on 2026-12-01 from the k8s-testenv API server (tools/k8s-testenv) with KubernetesReader.readInstance for
// redis/e2e-cluster, the 3-shard cluster the browser tests order (packages/app/e2e-tests). The redis-sandbox
// controller, the stand-in for the operator and the kubelet, had written its StatefulSets, pods and claims. The claims
// are the whole namespace's (the reader lists them all). metadata.managedFields is left out; there are no events, as
// the API server had expired them.
import type { KubernetesSnapshot } from '../KubernetesReader';

const recorded = {
  customResources: [
    {
      apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
      kind: 'RedisCluster',
      metadata: {
        annotations: {
          'odin.dev/owner': 'group:default/platform',
        },
        creationTimestamp: '2026-12-01T14:41:13Z',
        finalizers: ['redisClusterFinalizer'],
        generation: 1,
        labels: {
          'app.kubernetes.io/instance': 'e2e-cluster',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-w_z-xPik6VsRDu1qYQi7JcZJ2DIn2RWYIKjUhJ_vTm8-v1',
          'backstage.io/kubernetes-id': 'e2e-cluster',
          'odin.dev/instance-namespace': 'redis',
        },
        name: 'e2e-cluster',
        namespace: 'redis',
        resourceVersion: '3782',
        uid: 'a6883bde-7e23-4450-a991-1514fb85424e',
      },
      spec: {
        clusterSize: 3,
        clusterVersion: 'v7',
        kubernetesConfig: {
          image: 'quay.io/opstree/redis:v7.0.15',
          imagePullPolicy: 'IfNotPresent',
          redisSecret: {
            key: 'password',
            name: 'e2e-cluster-auth',
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
        persistenceEnabled: true,
        podSecurityContext: {
          fsGroup: 1000,
          runAsNonRoot: true,
          runAsUser: 1000,
          seccompProfile: {
            type: 'RuntimeDefault',
          },
        },
        port: 6379,
        redisFollower: {
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  podAffinityTerm: {
                    labelSelector: {
                      matchExpressions: [
                        {
                          key: 'app',
                          operator: 'In',
                          values: [
                            'e2e-cluster-leader',
                            'e2e-cluster-follower',
                          ],
                        },
                      ],
                    },
                    topologyKey: 'kubernetes.io/hostname',
                  },
                  weight: 100,
                },
              ],
            },
          },
          pdb: {
            enabled: true,
            minAvailable: 1,
          },
          redisConfig: {
            additionalRedisConfig: 'e2e-cluster-config',
          },
          replicas: 3,
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
        },
        redisLeader: {
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  podAffinityTerm: {
                    labelSelector: {
                      matchExpressions: [
                        {
                          key: 'app',
                          operator: 'In',
                          values: [
                            'e2e-cluster-leader',
                            'e2e-cluster-follower',
                          ],
                        },
                      ],
                    },
                    topologyKey: 'kubernetes.io/hostname',
                  },
                  weight: 100,
                },
              ],
            },
          },
          pdb: {
            enabled: true,
            minAvailable: 1,
          },
          redisConfig: {
            additionalRedisConfig: 'e2e-cluster-config',
          },
          replicas: 3,
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
        },
        serviceAccountName: 'default',
        storage: {
          nodeConfVolume: true,
          nodeConfVolumeClaimTemplate: {
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
          volumeClaimTemplate: {
            spec: {
              accessModes: ['ReadWriteOnce'],
              resources: {
                requests: {
                  storage: '10Gi',
                },
              },
              storageClassName: 'gp3',
            },
          },
        },
      },
      status: {
        readyFollowerReplicas: 3,
        readyLeaderReplicas: 3,
        reason: 'RedisCluster is ready',
        state: 'Ready',
      },
    },
  ],
  statefulSets: [
    {
      metadata: {
        name: 'e2e-cluster-follower',
        namespace: 'redis',
        uid: '0a802c59-8d7d-48c5-bd45-1ea4e3888a00',
        resourceVersion: '3767',
        generation: 1,
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
        ownerReferences: [
          {
            apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
            kind: 'RedisCluster',
            name: 'e2e-cluster',
            uid: 'a6883bde-7e23-4450-a991-1514fb85424e',
            controller: true,
          },
        ],
      },
      spec: {
        replicas: 3,
        selector: {
          matchLabels: {
            app: 'e2e-cluster-follower',
            redis_setup_type: 'cluster',
            role: 'follower',
          },
        },
        template: {
          metadata: {
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
                  name: 'e2e-cluster-config',
                  defaultMode: 420,
                },
              },
            ],
            containers: [
              {
                name: 'e2e-cluster-follower',
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
                        name: 'e2e-cluster-auth',
                        key: 'password',
                      },
                    },
                  },
                  {
                    name: 'REDIS_ADDR',
                    value: 'redis://localhost:6379',
                  },
                  {
                    name: 'REDIS_MAJOR_VERSION',
                    value: 'v7',
                  },
                  {
                    name: 'REDIS_PASSWORD',
                    valueFrom: {
                      secretKeyRef: {
                        name: 'e2e-cluster-auth',
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
                    value: 'cluster',
                  },
                  {
                    name: 'SETUP_MODE',
                    value: 'cluster',
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
                    name: 'node-conf',
                    mountPath: '/node-conf',
                  },
                  {
                    name: 'e2e-cluster-follower',
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
                        matchExpressions: [
                          {
                            key: 'app',
                            operator: 'In',
                            values: [
                              'e2e-cluster-leader',
                              'e2e-cluster-follower',
                            ],
                          },
                        ],
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
              name: 'node-conf',
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
          {
            kind: 'PersistentVolumeClaim',
            apiVersion: 'v1',
            metadata: {
              name: 'e2e-cluster-follower',
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
              phase: 'Pending',
            },
          },
        ],
        serviceName: 'e2e-cluster-follower-headless',
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
        currentRevision: 'e2e-cluster-follower-0132fa9ced',
        updateRevision: 'e2e-cluster-follower-0132fa9ced',
        availableReplicas: 3,
      },
    },
    {
      metadata: {
        name: 'e2e-cluster-leader',
        namespace: 'redis',
        uid: '01e12822-7c9c-481b-8b0c-88c4fbc462c0',
        resourceVersion: '3735',
        generation: 1,
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
        ownerReferences: [
          {
            apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
            kind: 'RedisCluster',
            name: 'e2e-cluster',
            uid: 'a6883bde-7e23-4450-a991-1514fb85424e',
            controller: true,
          },
        ],
      },
      spec: {
        replicas: 3,
        selector: {
          matchLabels: {
            app: 'e2e-cluster-leader',
            redis_setup_type: 'cluster',
            role: 'leader',
          },
        },
        template: {
          metadata: {
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
                  name: 'e2e-cluster-config',
                  defaultMode: 420,
                },
              },
            ],
            containers: [
              {
                name: 'e2e-cluster-leader',
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
                        name: 'e2e-cluster-auth',
                        key: 'password',
                      },
                    },
                  },
                  {
                    name: 'REDIS_ADDR',
                    value: 'redis://localhost:6379',
                  },
                  {
                    name: 'REDIS_MAJOR_VERSION',
                    value: 'v7',
                  },
                  {
                    name: 'REDIS_PASSWORD',
                    valueFrom: {
                      secretKeyRef: {
                        name: 'e2e-cluster-auth',
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
                    value: 'cluster',
                  },
                  {
                    name: 'SETUP_MODE',
                    value: 'cluster',
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
                    name: 'node-conf',
                    mountPath: '/node-conf',
                  },
                  {
                    name: 'e2e-cluster-leader',
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
                        matchExpressions: [
                          {
                            key: 'app',
                            operator: 'In',
                            values: [
                              'e2e-cluster-leader',
                              'e2e-cluster-follower',
                            ],
                          },
                        ],
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
              name: 'node-conf',
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
          {
            kind: 'PersistentVolumeClaim',
            apiVersion: 'v1',
            metadata: {
              name: 'e2e-cluster-leader',
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
              phase: 'Pending',
            },
          },
        ],
        serviceName: 'e2e-cluster-leader-headless',
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
        currentRevision: 'e2e-cluster-leader-42c25762fe',
        updateRevision: 'e2e-cluster-leader-42c25762fe',
        availableReplicas: 3,
      },
    },
  ],
  pods: [
    {
      metadata: {
        name: 'e2e-cluster-follower-0',
        namespace: 'redis',
        uid: '059be6fc-b5ac-4ead-8a9e-59e99de3f6c3',
        resourceVersion: '3776',
        generation: 1,
        creationTimestamp: '2026-12-01T14:41:14Z',
        labels: {
          app: 'e2e-cluster-follower',
          'app.kubernetes.io/instance': 'e2e-cluster',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-w_z-xPik6VsRDu1qYQi7JcZJ2DIn2RWYIKjUhJ_vTm8-v1',
          'apps.kubernetes.io/pod-index': '0',
          'backstage.io/kubernetes-id': 'e2e-cluster',
          cluster: 'e2e-cluster',
          'controller-revision-hash': 'e2e-cluster-follower-0132fa9ced',
          'odin.dev/instance-namespace': 'redis',
          'redis-role': 'slave',
          redis_setup_type: 'cluster',
          role: 'follower',
          'statefulset.kubernetes.io/pod-name': 'e2e-cluster-follower-0',
          'topology.kubernetes.io/region': 'eu-west-1',
          'topology.kubernetes.io/zone': 'eu-west-1b',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'e2e-cluster',
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'StatefulSet',
            name: 'e2e-cluster-follower',
            uid: '0a802c59-8d7d-48c5-bd45-1ea4e3888a00',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        volumes: [
          {
            name: 'node-conf',
            persistentVolumeClaim: {
              claimName: 'node-conf-e2e-cluster-follower-0',
            },
          },
          {
            name: 'e2e-cluster-follower',
            persistentVolumeClaim: {
              claimName: 'e2e-cluster-follower-e2e-cluster-follower-0',
            },
          },
          {
            name: 'config',
            emptyDir: {},
          },
          {
            name: 'external-config',
            configMap: {
              name: 'e2e-cluster-config',
              defaultMode: 420,
            },
          },
        ],
        containers: [
          {
            name: 'e2e-cluster-follower',
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
                    name: 'e2e-cluster-auth',
                    key: 'password',
                  },
                },
              },
              {
                name: 'REDIS_ADDR',
                value: 'redis://localhost:6379',
              },
              {
                name: 'REDIS_MAJOR_VERSION',
                value: 'v7',
              },
              {
                name: 'REDIS_PASSWORD',
                valueFrom: {
                  secretKeyRef: {
                    name: 'e2e-cluster-auth',
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
                value: 'cluster',
              },
              {
                name: 'SETUP_MODE',
                value: 'cluster',
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
                name: 'node-conf',
                mountPath: '/node-conf',
              },
              {
                name: 'e2e-cluster-follower',
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
        hostname: 'e2e-cluster-follower-0',
        subdomain: 'e2e-cluster-follower-headless',
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 100,
                podAffinityTerm: {
                  labelSelector: {
                    matchExpressions: [
                      {
                        key: 'app',
                        operator: 'In',
                        values: ['e2e-cluster-leader', 'e2e-cluster-follower'],
                      },
                    ],
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
            lastTransitionTime: '2026-12-01T14:41:14Z',
          },
          {
            type: 'Initialized',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:41:14Z',
          },
          {
            type: 'ContainersReady',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:41:14Z',
          },
          {
            type: 'Ready',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:41:14Z',
          },
        ],
        hostIP: '127.0.0.1',
        hostIPs: [
          {
            ip: '127.0.0.1',
          },
        ],
        podIP: '127.136.197.18',
        podIPs: [
          {
            ip: '127.136.197.18',
          },
        ],
        startTime: '2026-12-01T14:41:14Z',
        containerStatuses: [
          {
            name: 'e2e-cluster-follower',
            state: {
              running: {
                startedAt: '2026-12-01T14:41:14Z',
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
        name: 'e2e-cluster-follower-1',
        namespace: 'redis',
        uid: '79806ca9-6288-4fb4-ac37-5dda7de50763',
        resourceVersion: '3780',
        generation: 1,
        creationTimestamp: '2026-12-01T14:41:14Z',
        labels: {
          app: 'e2e-cluster-follower',
          'app.kubernetes.io/instance': 'e2e-cluster',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-w_z-xPik6VsRDu1qYQi7JcZJ2DIn2RWYIKjUhJ_vTm8-v1',
          'apps.kubernetes.io/pod-index': '1',
          'backstage.io/kubernetes-id': 'e2e-cluster',
          cluster: 'e2e-cluster',
          'controller-revision-hash': 'e2e-cluster-follower-0132fa9ced',
          'odin.dev/instance-namespace': 'redis',
          'redis-role': 'slave',
          redis_setup_type: 'cluster',
          role: 'follower',
          'statefulset.kubernetes.io/pod-name': 'e2e-cluster-follower-1',
          'topology.kubernetes.io/region': 'eu-west-1',
          'topology.kubernetes.io/zone': 'eu-west-1c',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'e2e-cluster',
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'StatefulSet',
            name: 'e2e-cluster-follower',
            uid: '0a802c59-8d7d-48c5-bd45-1ea4e3888a00',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        volumes: [
          {
            name: 'node-conf',
            persistentVolumeClaim: {
              claimName: 'node-conf-e2e-cluster-follower-1',
            },
          },
          {
            name: 'e2e-cluster-follower',
            persistentVolumeClaim: {
              claimName: 'e2e-cluster-follower-e2e-cluster-follower-1',
            },
          },
          {
            name: 'config',
            emptyDir: {},
          },
          {
            name: 'external-config',
            configMap: {
              name: 'e2e-cluster-config',
              defaultMode: 420,
            },
          },
        ],
        containers: [
          {
            name: 'e2e-cluster-follower',
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
                    name: 'e2e-cluster-auth',
                    key: 'password',
                  },
                },
              },
              {
                name: 'REDIS_ADDR',
                value: 'redis://localhost:6379',
              },
              {
                name: 'REDIS_MAJOR_VERSION',
                value: 'v7',
              },
              {
                name: 'REDIS_PASSWORD',
                valueFrom: {
                  secretKeyRef: {
                    name: 'e2e-cluster-auth',
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
                value: 'cluster',
              },
              {
                name: 'SETUP_MODE',
                value: 'cluster',
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
                name: 'node-conf',
                mountPath: '/node-conf',
              },
              {
                name: 'e2e-cluster-follower',
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
        hostname: 'e2e-cluster-follower-1',
        subdomain: 'e2e-cluster-follower-headless',
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 100,
                podAffinityTerm: {
                  labelSelector: {
                    matchExpressions: [
                      {
                        key: 'app',
                        operator: 'In',
                        values: ['e2e-cluster-leader', 'e2e-cluster-follower'],
                      },
                    ],
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
            lastTransitionTime: '2026-12-01T14:41:14Z',
          },
          {
            type: 'Initialized',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:41:14Z',
          },
          {
            type: 'ContainersReady',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:41:14Z',
          },
          {
            type: 'Ready',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:41:14Z',
          },
        ],
        hostIP: '127.0.0.1',
        hostIPs: [
          {
            ip: '127.0.0.1',
          },
        ],
        podIP: '127.136.197.19',
        podIPs: [
          {
            ip: '127.136.197.19',
          },
        ],
        startTime: '2026-12-01T14:41:14Z',
        containerStatuses: [
          {
            name: 'e2e-cluster-follower',
            state: {
              running: {
                startedAt: '2026-12-01T14:41:14Z',
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
        name: 'e2e-cluster-follower-2',
        namespace: 'redis',
        uid: 'ba1543ef-6f8c-4ce9-a8de-d32a3a52f5e4',
        resourceVersion: '3781',
        generation: 1,
        creationTimestamp: '2026-12-01T14:41:14Z',
        labels: {
          app: 'e2e-cluster-follower',
          'app.kubernetes.io/instance': 'e2e-cluster',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-w_z-xPik6VsRDu1qYQi7JcZJ2DIn2RWYIKjUhJ_vTm8-v1',
          'apps.kubernetes.io/pod-index': '2',
          'backstage.io/kubernetes-id': 'e2e-cluster',
          cluster: 'e2e-cluster',
          'controller-revision-hash': 'e2e-cluster-follower-0132fa9ced',
          'odin.dev/instance-namespace': 'redis',
          'redis-role': 'slave',
          redis_setup_type: 'cluster',
          role: 'follower',
          'statefulset.kubernetes.io/pod-name': 'e2e-cluster-follower-2',
          'topology.kubernetes.io/region': 'eu-west-1',
          'topology.kubernetes.io/zone': 'eu-west-1a',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'e2e-cluster',
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'StatefulSet',
            name: 'e2e-cluster-follower',
            uid: '0a802c59-8d7d-48c5-bd45-1ea4e3888a00',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        volumes: [
          {
            name: 'node-conf',
            persistentVolumeClaim: {
              claimName: 'node-conf-e2e-cluster-follower-2',
            },
          },
          {
            name: 'e2e-cluster-follower',
            persistentVolumeClaim: {
              claimName: 'e2e-cluster-follower-e2e-cluster-follower-2',
            },
          },
          {
            name: 'config',
            emptyDir: {},
          },
          {
            name: 'external-config',
            configMap: {
              name: 'e2e-cluster-config',
              defaultMode: 420,
            },
          },
        ],
        containers: [
          {
            name: 'e2e-cluster-follower',
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
                    name: 'e2e-cluster-auth',
                    key: 'password',
                  },
                },
              },
              {
                name: 'REDIS_ADDR',
                value: 'redis://localhost:6379',
              },
              {
                name: 'REDIS_MAJOR_VERSION',
                value: 'v7',
              },
              {
                name: 'REDIS_PASSWORD',
                valueFrom: {
                  secretKeyRef: {
                    name: 'e2e-cluster-auth',
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
                value: 'cluster',
              },
              {
                name: 'SETUP_MODE',
                value: 'cluster',
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
                name: 'node-conf',
                mountPath: '/node-conf',
              },
              {
                name: 'e2e-cluster-follower',
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
        hostname: 'e2e-cluster-follower-2',
        subdomain: 'e2e-cluster-follower-headless',
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 100,
                podAffinityTerm: {
                  labelSelector: {
                    matchExpressions: [
                      {
                        key: 'app',
                        operator: 'In',
                        values: ['e2e-cluster-leader', 'e2e-cluster-follower'],
                      },
                    ],
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
            lastTransitionTime: '2026-12-01T14:41:14Z',
          },
          {
            type: 'Initialized',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:41:14Z',
          },
          {
            type: 'ContainersReady',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:41:14Z',
          },
          {
            type: 'Ready',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:41:14Z',
          },
        ],
        hostIP: '127.0.0.1',
        hostIPs: [
          {
            ip: '127.0.0.1',
          },
        ],
        podIP: '127.136.197.20',
        podIPs: [
          {
            ip: '127.136.197.20',
          },
        ],
        startTime: '2026-12-01T14:41:14Z',
        containerStatuses: [
          {
            name: 'e2e-cluster-follower',
            state: {
              running: {
                startedAt: '2026-12-01T14:41:14Z',
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
        name: 'e2e-cluster-leader-0',
        namespace: 'redis',
        uid: 'eeb41225-8875-41f6-9da0-c72ec3220cb8',
        resourceVersion: '3736',
        generation: 1,
        creationTimestamp: '2026-12-01T14:41:13Z',
        labels: {
          app: 'e2e-cluster-leader',
          'app.kubernetes.io/instance': 'e2e-cluster',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-w_z-xPik6VsRDu1qYQi7JcZJ2DIn2RWYIKjUhJ_vTm8-v1',
          'apps.kubernetes.io/pod-index': '0',
          'backstage.io/kubernetes-id': 'e2e-cluster',
          cluster: 'e2e-cluster',
          'controller-revision-hash': 'e2e-cluster-leader-42c25762fe',
          'odin.dev/instance-namespace': 'redis',
          'redis-role': 'master',
          redis_setup_type: 'cluster',
          role: 'leader',
          'statefulset.kubernetes.io/pod-name': 'e2e-cluster-leader-0',
          'topology.kubernetes.io/region': 'eu-west-1',
          'topology.kubernetes.io/zone': 'eu-west-1a',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'e2e-cluster',
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'StatefulSet',
            name: 'e2e-cluster-leader',
            uid: '01e12822-7c9c-481b-8b0c-88c4fbc462c0',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        volumes: [
          {
            name: 'node-conf',
            persistentVolumeClaim: {
              claimName: 'node-conf-e2e-cluster-leader-0',
            },
          },
          {
            name: 'e2e-cluster-leader',
            persistentVolumeClaim: {
              claimName: 'e2e-cluster-leader-e2e-cluster-leader-0',
            },
          },
          {
            name: 'config',
            emptyDir: {},
          },
          {
            name: 'external-config',
            configMap: {
              name: 'e2e-cluster-config',
              defaultMode: 420,
            },
          },
        ],
        containers: [
          {
            name: 'e2e-cluster-leader',
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
                    name: 'e2e-cluster-auth',
                    key: 'password',
                  },
                },
              },
              {
                name: 'REDIS_ADDR',
                value: 'redis://localhost:6379',
              },
              {
                name: 'REDIS_MAJOR_VERSION',
                value: 'v7',
              },
              {
                name: 'REDIS_PASSWORD',
                valueFrom: {
                  secretKeyRef: {
                    name: 'e2e-cluster-auth',
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
                value: 'cluster',
              },
              {
                name: 'SETUP_MODE',
                value: 'cluster',
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
                name: 'node-conf',
                mountPath: '/node-conf',
              },
              {
                name: 'e2e-cluster-leader',
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
        hostname: 'e2e-cluster-leader-0',
        subdomain: 'e2e-cluster-leader-headless',
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 100,
                podAffinityTerm: {
                  labelSelector: {
                    matchExpressions: [
                      {
                        key: 'app',
                        operator: 'In',
                        values: ['e2e-cluster-leader', 'e2e-cluster-follower'],
                      },
                    ],
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
            lastTransitionTime: '2026-12-01T14:41:13Z',
          },
          {
            type: 'Initialized',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:41:13Z',
          },
          {
            type: 'ContainersReady',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:41:13Z',
          },
          {
            type: 'Ready',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:41:13Z',
          },
        ],
        hostIP: '127.0.0.1',
        hostIPs: [
          {
            ip: '127.0.0.1',
          },
        ],
        podIP: '127.136.197.15',
        podIPs: [
          {
            ip: '127.136.197.15',
          },
        ],
        startTime: '2026-12-01T14:41:13Z',
        containerStatuses: [
          {
            name: 'e2e-cluster-leader',
            state: {
              running: {
                startedAt: '2026-12-01T14:41:13Z',
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
        name: 'e2e-cluster-leader-1',
        namespace: 'redis',
        uid: '55861cd1-a01e-4f7d-b0d2-208b7f2b1100',
        resourceVersion: '3737',
        generation: 1,
        creationTimestamp: '2026-12-01T14:41:13Z',
        labels: {
          app: 'e2e-cluster-leader',
          'app.kubernetes.io/instance': 'e2e-cluster',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-w_z-xPik6VsRDu1qYQi7JcZJ2DIn2RWYIKjUhJ_vTm8-v1',
          'apps.kubernetes.io/pod-index': '1',
          'backstage.io/kubernetes-id': 'e2e-cluster',
          cluster: 'e2e-cluster',
          'controller-revision-hash': 'e2e-cluster-leader-42c25762fe',
          'odin.dev/instance-namespace': 'redis',
          'redis-role': 'master',
          redis_setup_type: 'cluster',
          role: 'leader',
          'statefulset.kubernetes.io/pod-name': 'e2e-cluster-leader-1',
          'topology.kubernetes.io/region': 'eu-west-1',
          'topology.kubernetes.io/zone': 'eu-west-1b',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'e2e-cluster',
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'StatefulSet',
            name: 'e2e-cluster-leader',
            uid: '01e12822-7c9c-481b-8b0c-88c4fbc462c0',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        volumes: [
          {
            name: 'node-conf',
            persistentVolumeClaim: {
              claimName: 'node-conf-e2e-cluster-leader-1',
            },
          },
          {
            name: 'e2e-cluster-leader',
            persistentVolumeClaim: {
              claimName: 'e2e-cluster-leader-e2e-cluster-leader-1',
            },
          },
          {
            name: 'config',
            emptyDir: {},
          },
          {
            name: 'external-config',
            configMap: {
              name: 'e2e-cluster-config',
              defaultMode: 420,
            },
          },
        ],
        containers: [
          {
            name: 'e2e-cluster-leader',
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
                    name: 'e2e-cluster-auth',
                    key: 'password',
                  },
                },
              },
              {
                name: 'REDIS_ADDR',
                value: 'redis://localhost:6379',
              },
              {
                name: 'REDIS_MAJOR_VERSION',
                value: 'v7',
              },
              {
                name: 'REDIS_PASSWORD',
                valueFrom: {
                  secretKeyRef: {
                    name: 'e2e-cluster-auth',
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
                value: 'cluster',
              },
              {
                name: 'SETUP_MODE',
                value: 'cluster',
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
                name: 'node-conf',
                mountPath: '/node-conf',
              },
              {
                name: 'e2e-cluster-leader',
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
        hostname: 'e2e-cluster-leader-1',
        subdomain: 'e2e-cluster-leader-headless',
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 100,
                podAffinityTerm: {
                  labelSelector: {
                    matchExpressions: [
                      {
                        key: 'app',
                        operator: 'In',
                        values: ['e2e-cluster-leader', 'e2e-cluster-follower'],
                      },
                    ],
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
            lastTransitionTime: '2026-12-01T14:41:13Z',
          },
          {
            type: 'Initialized',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:41:13Z',
          },
          {
            type: 'ContainersReady',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:41:13Z',
          },
          {
            type: 'Ready',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:41:13Z',
          },
        ],
        hostIP: '127.0.0.1',
        hostIPs: [
          {
            ip: '127.0.0.1',
          },
        ],
        podIP: '127.136.197.16',
        podIPs: [
          {
            ip: '127.136.197.16',
          },
        ],
        startTime: '2026-12-01T14:41:13Z',
        containerStatuses: [
          {
            name: 'e2e-cluster-leader',
            state: {
              running: {
                startedAt: '2026-12-01T14:41:13Z',
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
        name: 'e2e-cluster-leader-2',
        namespace: 'redis',
        uid: '8eaacee0-26ae-48e4-86b7-cf3614125dbc',
        resourceVersion: '3738',
        generation: 1,
        creationTimestamp: '2026-12-01T14:41:13Z',
        labels: {
          app: 'e2e-cluster-leader',
          'app.kubernetes.io/instance': 'e2e-cluster',
          'app.kubernetes.io/managed-by': 'odin-redis',
          'app.kubernetes.io/name': 'redis',
          'applyset.kubernetes.io/part-of':
            'applyset-w_z-xPik6VsRDu1qYQi7JcZJ2DIn2RWYIKjUhJ_vTm8-v1',
          'apps.kubernetes.io/pod-index': '2',
          'backstage.io/kubernetes-id': 'e2e-cluster',
          cluster: 'e2e-cluster',
          'controller-revision-hash': 'e2e-cluster-leader-42c25762fe',
          'odin.dev/instance-namespace': 'redis',
          'redis-role': 'master',
          redis_setup_type: 'cluster',
          role: 'leader',
          'statefulset.kubernetes.io/pod-name': 'e2e-cluster-leader-2',
          'topology.kubernetes.io/region': 'eu-west-1',
          'topology.kubernetes.io/zone': 'eu-west-1c',
        },
        annotations: {
          'odin.dev/owner': 'group:default/platform',
          'redis.opstreelabs.in': 'true',
          'redis.opstreelabs.instance': 'e2e-cluster',
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'StatefulSet',
            name: 'e2e-cluster-leader',
            uid: '01e12822-7c9c-481b-8b0c-88c4fbc462c0',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        volumes: [
          {
            name: 'node-conf',
            persistentVolumeClaim: {
              claimName: 'node-conf-e2e-cluster-leader-2',
            },
          },
          {
            name: 'e2e-cluster-leader',
            persistentVolumeClaim: {
              claimName: 'e2e-cluster-leader-e2e-cluster-leader-2',
            },
          },
          {
            name: 'config',
            emptyDir: {},
          },
          {
            name: 'external-config',
            configMap: {
              name: 'e2e-cluster-config',
              defaultMode: 420,
            },
          },
        ],
        containers: [
          {
            name: 'e2e-cluster-leader',
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
                    name: 'e2e-cluster-auth',
                    key: 'password',
                  },
                },
              },
              {
                name: 'REDIS_ADDR',
                value: 'redis://localhost:6379',
              },
              {
                name: 'REDIS_MAJOR_VERSION',
                value: 'v7',
              },
              {
                name: 'REDIS_PASSWORD',
                valueFrom: {
                  secretKeyRef: {
                    name: 'e2e-cluster-auth',
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
                value: 'cluster',
              },
              {
                name: 'SETUP_MODE',
                value: 'cluster',
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
                name: 'node-conf',
                mountPath: '/node-conf',
              },
              {
                name: 'e2e-cluster-leader',
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
        hostname: 'e2e-cluster-leader-2',
        subdomain: 'e2e-cluster-leader-headless',
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 100,
                podAffinityTerm: {
                  labelSelector: {
                    matchExpressions: [
                      {
                        key: 'app',
                        operator: 'In',
                        values: ['e2e-cluster-leader', 'e2e-cluster-follower'],
                      },
                    ],
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
            lastTransitionTime: '2026-12-01T14:41:13Z',
          },
          {
            type: 'Initialized',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:41:13Z',
          },
          {
            type: 'ContainersReady',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:41:14Z',
          },
          {
            type: 'Ready',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: '2026-12-01T14:41:14Z',
          },
        ],
        hostIP: '127.0.0.1',
        hostIPs: [
          {
            ip: '127.0.0.1',
          },
        ],
        podIP: '127.136.197.17',
        podIPs: [
          {
            ip: '127.136.197.17',
          },
        ],
        startTime: '2026-12-01T14:41:13Z',
        containerStatuses: [
          {
            name: 'e2e-cluster-leader',
            state: {
              running: {
                startedAt: '2026-12-01T14:41:13Z',
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

export const e2eClusterSnapshot = recorded as KubernetesSnapshot;
