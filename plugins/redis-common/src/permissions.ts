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

/**
 * Running a day-2 operation (scale, resize, test failover, rotate the password, restore) on the
 * Redis instance a catalog entity points at; checked against that entity, so a policy can grant it
 * to the entity's owners with the catalog's conditional rules (`isEntityOwner`).
 *
 * @public
 */
export const redisInstanceUpdatePermission = createPermission({
  name: 'redis.instance.update',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * Deleting the Redis instance a catalog entity points at (after its final backup); checked against
 * that entity.
 *
 * @public
 */
export const redisInstanceDeletePermission = createPermission({
  name: 'redis.instance.delete',
  attributes: { action: 'delete' },
  resourceType: 'catalog-entity',
});

/** @public */
export const redisPermissions = [
  redisInstanceReadPermission,
  redisInstanceAdminPermission,
  redisInstanceUpdatePermission,
  redisInstanceDeletePermission,
];
