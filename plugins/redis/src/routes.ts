import { createRouteRef } from '@backstage/core-plugin-api';

/** Where a legacy app mounts `EntityRedisContent` (the entity page's Redis tab). */
export const rootRouteRef = createRouteRef({ id: 'redis' });
