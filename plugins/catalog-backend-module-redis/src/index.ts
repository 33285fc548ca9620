/**
 * Catalog module that registers the Redis instances of the configured Kubernetes clusters as
 * Resource entities of type redis.
 *
 * @packageDocumentation
 */

export { catalogModuleRedis as default } from './module';
export { RedisInstanceEntityProvider } from './RedisInstanceEntityProvider';
export type { RedisInstanceEntityProviderOptions } from './RedisInstanceEntityProvider';
