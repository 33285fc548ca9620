import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import YAML from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Render the form values of the Redis template, one file per object',
    example: YAML.stringify({
      steps: [
        {
          id: 'render',
          action: 'redis:render',
          name: 'Render manifests',
          input: {
            name: '${{ parameters.name }}',
            root: '${{ parameters.root }}',
            flavour: '${{ parameters.flavour }}',
          },
        },
      ],
    }),
  },
  {
    description: 'Render a sentinel instance into one multi-document file',
    example: YAML.stringify({
      steps: [
        {
          id: 'render',
          action: 'redis:render',
          name: 'Render manifests',
          input: {
            name: 'orders-cache',
            root: { clusterModeEnabled: false },
            flavour: {
              namespace: 'redis',
              deploymentMode: 'sentinel',
              replica: { count: 2 },
              sentinel: { enabled: true },
            },
            targetPath: 'k8s',
            layout: 'single-file',
          },
        },
      ],
    }),
  },
];
