import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import kubernetesPlugin from '@backstage/plugin-kubernetes/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import redisPlugin from '@odin/plugin-redis/alpha';
import { signInModule } from './modules/signIn';

export default createApp({
  features: [
    catalogPlugin,
    scaffolderPlugin,
    kubernetesPlugin,
    redisPlugin,
    signInModule,
  ],
});
