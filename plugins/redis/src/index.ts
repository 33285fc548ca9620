/**
 * Redis self-service in Backstage: the entity card and tab, and the order form's fields.
 * This entry point serves legacy apps; new-system apps install `@odin/plugin-redis/alpha`.
 *
 * @packageDocumentation
 */
export {
  redisPlugin,
  EntityRedisCard,
  EntityRedisContent,
  RedisOrderFieldExtension,
  RedisClusterPickerFieldExtension,
} from './plugin';
export { isRedisAvailable } from './isRedisAvailable';
export { redisApiRef, RedisClient } from './api';
export type { RedisApi } from './api';
