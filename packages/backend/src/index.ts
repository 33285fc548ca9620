import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@odin/plugin-catalog-backend-module-redis'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@odin/plugin-scaffolder-backend-module-redis'));
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@odin/plugin-redis-backend'));

backend.start();
