import type { Entity } from '@backstage/catalog-model';

/** An entity that names the Redis instance `shop/orders`. */
export const redisEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'orders',
    namespace: 'default',
    annotations: { 'odin.dev/redis-instance': 'shop/orders' },
  },
  spec: { type: 'redis', owner: 'group:default/payments' },
};

/** An entity that names no Redis instance. */
export const plainEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'inventory-service', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/payments' },
};
