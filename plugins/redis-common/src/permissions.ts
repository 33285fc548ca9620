import { createPermission } from '@backstage/plugin-permission-common';

/** Reading the status of the Redis instance a catalog entity points at; checked against that entity. */
export const redisInstanceReadPermission = createPermission({
  name: 'redis.instance.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

export const redisPermissions = [redisInstanceReadPermission];
