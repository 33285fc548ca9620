// Compiled by types.test.ts: every line states how a type must follow flavourSchema.
import type {
  DeploymentMode,
  FlavourConfig,
  RedisInstanceConfig,
  RedisVersion,
  ResolvedInstance,
} from '../index';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const check = <T extends true>(): T => true as T;

check<Equals<DeploymentMode, 'standalone' | 'sentinel' | 'cluster'>>();
check<Equals<RedisVersion, '7.0' | '7.2' | '8.2'>>();
check<Equals<ResolvedInstance['flavour']['persistence']['aof']['fsyncPolicy'], 'always' | 'everysec' | 'no'>>();
check<Equals<ResolvedInstance['flavour']['sentinel']['replicas'], 3 | 5 | 7>>();
check<Equals<ResolvedInstance['flavour']['replica']['count'], number>>();
check<Equals<ResolvedInstance['flavour']['backup']['s3Bucket'], string | undefined>>();
check<Equals<ResolvedInstance['flavour']['tolerations'], { effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute'; key?: string; operator?: 'Equal' | 'Exists'; value?: string }[] | undefined>>();
check<Equals<ResolvedInstance['flavour']['additionalConfig'], Record<string, string> | undefined>>();
check<Equals<FlavourConfig['namespace'], string | undefined>>();
check<Equals<keyof FlavourConfig, keyof ResolvedInstance['flavour']>>();
check<Equals<
  keyof FlavourConfig,
  | 'additionalConfig' | 'antiAffinity' | 'backup' | 'cluster' | 'deploymentMode' | 'master' | 'metrics'
  | 'namespace' | 'networkPolicy' | 'nodeSelector' | 'persistence' | 'podDisruptionBudget'
  | 'priorityClassName' | 'replica' | 'replicaCount' | 'securityContext' | 'sentinel' | 'serviceAccount'
  | 'service' | 'tolerations' | 'topologySpreadConstraints' | 'updateStrategy'
>>();

// Every example of the spec is a valid input type; defaults make nested required fields optional.
export const minimal: RedisInstanceConfig = { name: 'cache', flavour: { namespace: 'redis-dev' } };
export const partialResources: RedisInstanceConfig = {
  name: 'cache',
  flavour: { master: { resources: { requests: { cpu: '250m', memory: '512Mi' } } } },
};

// @ts-expect-error the name is the only required property
export const nameless: RedisInstanceConfig = { flavour: {} };
// @ts-expect-error deploymentMode is an enum
export const badMode: RedisInstanceConfig = { name: 'c', flavour: { deploymentMode: 'replicated' } };
// @ts-expect-error unknown properties are not part of the type
export const unknownKey: RedisInstanceConfig = { name: 'c', flavour: { replicas: 2 } };
// @ts-expect-error resolved documents always carry the defaulted mode
export const unresolved: ResolvedInstance['flavour']['deploymentMode'] = undefined;
