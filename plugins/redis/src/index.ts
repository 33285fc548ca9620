/**
 * Redis self-service in Backstage: the entity card and tab, the order form's fields, and the
 * dry run shown in the forms of day-2 operations.
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
  RedisOperationPreviewFieldExtension,
} from './plugin';
export { isRedisAvailable } from './isRedisAvailable';
export { redisApiRef, RedisClient } from './api';
export type { RedisApi } from './api';
