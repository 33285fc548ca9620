import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading the status of the Redis instance a catalog entity points at; checked against that entity.
 *
 * @public
 */
export const redisInstanceReadPermission = createPermission({
  name: 'redis.instance.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/**
 * Overriding ownership in `redis:apply`: changing a live instance that another owner holds, ordering
 * for an owner the initiator does not belong to, and `force`. A basic permission: the instance may
 * have no catalog entity yet.
 *
 * @public
 */
export const redisInstanceAdminPermission = createPermission({
  name: 'redis.instance.admin',
  attributes: { action: 'update' },
});

/** @public */
export const redisPermissions = [
  redisInstanceReadPermission,
  redisInstanceAdminPermission,
];
