export { redisApiRef } from './RedisApi';
export type { RedisApi } from './RedisApi';
export { RedisClient } from './RedisClient';
