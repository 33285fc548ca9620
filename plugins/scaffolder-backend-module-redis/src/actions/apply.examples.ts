import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import YAML from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Apply the form values of the Redis template and wait until it is ready',
    example: YAML.stringify({
      steps: [
        {
          id: 'apply',
          action: 'redis:apply',
          name: 'Apply to the cluster',
          input: {
            name: '${{ parameters.name }}',
            root: '${{ parameters.root }}',
            flavour: '${{ parameters.flavour }}',
            cluster: '${{ parameters.cluster }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'Switch a live standalone instance to sentinel mode (replaces the pods; data is not migrated)',
    example: YAML.stringify({
      steps: [
        {
          id: 'apply',
          action: 'redis:apply',
          name: 'Apply to the cluster',
          input: {
            name: 'orders-cache',
            flavour: {
              namespace: 'redis',
              deploymentMode: 'sentinel',
              replica: { count: 2 },
              sentinel: { enabled: true },
            },
            cluster: 'eks-prod',
            force: true,
            wait: false,
          },
        },
      ],
    }),
  },
];
