import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * The Redis instance entity provider (`@odin/plugin-catalog-backend-module-redis`). It lists the
       * clusters of Backstage's Kubernetes plugin (every locator), through that plugin's proxy; those
       * whose auth provider needs a signed-in user's token (oidc, google, aks) are skipped.
       */
      odinRedis?: {
        /** How often the clusters are listed. Default: every 30 seconds, timeout 1 minute. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * Owner of an instance whose custom resource has no `odin.dev/owner` annotation or label.
         * Default `group:default/platform`.
         */
        defaultOwner?: string;
        /**
         * List only these namespaces (one LIST per kind and namespace), for a service account bound
         * per namespace. Default: one cluster-wide LIST per kind.
         */
        namespaces?: string[];
      };
    };
  };
}
