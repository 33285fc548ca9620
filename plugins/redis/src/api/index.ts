export { redisApiRef } from './RedisApi';
export type { RedisApi } from './RedisApi';
export { RedisClient, redisClientDeps } from './RedisClient';
