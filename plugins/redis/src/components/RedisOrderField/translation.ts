// Words of the order form's fields; field titles and help texts come from the schema, issues from redis-common.
import { createTranslationRef } from '@backstage/frontend-plugin-api';

/** @alpha */
export const redisOrderFormTranslationRef = createTranslationRef({
  id: 'plugin.redis.order-form',
  messages: {
    sections: {
      modeAndSize: {
        title: 'Mode and size',
        description: 'Deployment mode, namespace, replicas and pod resources',
      },
      persistence: {
        title: 'Persistence',
        description: 'Volumes, RDB snapshots and the append-only file',
      },
      highAvailability: {
        title: 'High availability',
        description: 'Sentinel or cluster topology, disruption budget',
      },
      monitoring: {
        title: 'Monitoring',
        description: 'Exporter, ServiceMonitor and alert rules',
      },
      backups: { title: 'Backups', description: 'RDB snapshots to S3' },
      networkAndSecurity: {
        title: 'Network and security',
        description:
          'Service, network policy, service account, security context',
      },
      placement: {
        title: 'Placement',
        description:
          'Anti-affinity, topology spread, node selector, tolerations',
      },
      advanced: {
        title: 'Advanced',
        description: 'redis.conf settings and the update strategy',
      },
    },
    issueSummary: {
      errors: 'Errors: {{number}}',
      warnings: 'Warnings: {{number}}',
    },
    issue: { error: 'Error', warning: 'Warning' },
    general: {
      title: 'Settings of the other steps',
      description:
        'These come from the instance name or the general settings; go back to change them.',
    },
    control: {
      notSet: 'Not set',
      remove: 'Remove',
      addItem: 'Add {{title}}',
      removeRow: 'Remove {{label}}',
      itemTitle: '{{title}} {{index}}',
      key: 'Key',
      value: 'Value',
      keyOf: 'Key {{index}} of {{title}}',
      valueOf: 'Value of {{key}} in {{title}}',
      listItem: '{{title}} {{index}}',
    },
    preview: {
      title: 'Preview',
      updating: 'Updating…',
      invalid:
        'The order has errors, so nothing would be applied. Showing the last valid preview.',
      nothingYet: 'Nothing to preview until the errors are fixed.',
      costTitle: 'Estimated monthly cost',
      costTotal: '{{amount}} USD a month',
      costItems: {
        compute: 'Compute',
        storage: 'Storage',
        loadBalancer: 'Load balancer',
        backups: 'Backups',
      },
      manifestsTitle: 'Objects redis:apply applies',
      manifestsLabel: 'Rendered objects',
      secretNote:
        'redis:apply also creates the Secret {{name}} with a generated password if it is missing; the password is never shown.',
      copy: 'Copy',
      copyLabel: 'Copy {{what}}',
      copied: 'Copied',
      copyFailed: 'Copy failed',
      connectionTitle: 'What changes for the application',
      modes: {
        standalone:
          'Connect to one Redis endpoint with any Redis client. There is no automatic failover.',
        sentinel:
          'Connect through the sentinels with a sentinel-aware client: ask them for master group {{master}} and follow failovers. A plain host:port connection breaks on the first failover.',
        cluster:
          'Use a cluster-aware client: it discovers the shards and follows MOVED redirects. Keys used together in one command need a {hash tag}; SELECT and multi-database use are unavailable.',
      },
      host: 'Host',
      port: 'Port',
      readHost: 'Reads from replicas',
      sentinelMaster: 'Sentinel master group',
      passwordSecret: 'Password',
      passwordSecretValue: 'Secret {{name}}, key {{key}}',
      noPassword: 'none (authentication disabled)',
      external: 'From outside the cluster',
      env: 'Environment of the application',
      envFromSecret: 'from Secret {{name}}, key {{key}}',
      snippetLabel: 'Client code',
      languages: { node: 'Node.js', python: 'Python', java: 'Java', go: 'Go' },
    },
    clusterPicker: {
      loading: 'Loading the clusters…',
      placeholder: 'Choose a cluster',
      unknown: 'not a cluster the portal knows',
      noClusters:
        'The portal knows no Kubernetes cluster (kubernetes.clusterLocatorMethods); type the cluster name.',
      unavailable:
        'The cluster list could not be loaded ({{message}}); type the cluster name.',
      noApi: 'The Kubernetes plugin is not installed; type the cluster name.',
    },
  },
});
