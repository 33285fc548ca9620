import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { REDIS_CLUSTER_ANNOTATION } from '@odin/plugin-redis-common';
import { screen, within } from '@testing-library/react';
import { redisApiRef } from '../../api';
import { mockRedisApi } from '../../__testUtils__/redisBackend';
import {
  RedisOperationPreview,
  operationInput,
  previewOptionsOf,
} from './RedisOperationPreview';

const ENTITY = 'resource:default/orders-cache';

function fieldProps(
  formData: Record<string, unknown>,
): FieldExtensionComponentProps<unknown> {
  return {
    formData: undefined,
    onChange: () => {},
    schema: { title: 'What will change' },
    uiSchema: { 'ui:options': { operation: 'scale', inputs: ['replicas'] } },
    formContext: { formData },
    rawErrors: [],
    required: false,
    disabled: false,
    readonly: false,
    idSchema: { $id: 'root_preview' },
    name: 'preview',
  } as unknown as FieldExtensionComponentProps<unknown>;
}

const catalogApi = {
  getEntityByRef: jest.fn().mockResolvedValue({
    metadata: { annotations: { [REDIS_CLUSTER_ANNOTATION]: 'eks-prod' } },
  }),
};

describe('RedisOperationPreview', () => {
  it('shows what the dry run would change, asked for the entity on its cluster', async () => {
    const redisApi = mockRedisApi();
    redisApi.dryRunOperation.mockResolvedValue({
      summary: 'Scaling from 1 to 2 replicas',
      changes: [
        {
          ref: 'RedisReplication shop/orders-cache',
          action: 'update',
          paths: ['/spec/clusterSize'],
        },
        {
          ref: 'PodDisruptionBudget shop/orders-cache',
          action: 'update',
          paths: [],
        },
      ],
    });
    renderInTestApp(
      <RedisOperationPreview
        {...fieldProps({ entityRef: ENTITY, replicas: 2 })}
      />,
      {
        apis: [
          [redisApiRef, redisApi],
          [catalogApiRef, catalogApi],
        ],
      },
    );

    expect(
      await screen.findByText('Scaling from 1 to 2 replicas', undefined, {
        timeout: 5000,
      }),
    ).toBeInTheDocument();
    const changes = screen.getByRole('list', {
      name: 'Objects the operation changes',
    });
    const [replication, budget] = within(changes).getAllByRole('listitem');
    expect(replication).toHaveTextContent(
      'RedisReplication shop/orders-cache (update): /spec/clusterSize',
    );
    expect(budget).toHaveTextContent(
      'PodDisruptionBudget shop/orders-cache (update)',
    );
    expect(redisApi.dryRunOperation).toHaveBeenCalledWith(
      { kind: 'resource', namespace: 'default', name: 'orders-cache' },
      'scale',
      { replicas: 2 },
      { cluster: 'eks-prod' },
    );
  });

  it('says why the dry run was refused', async () => {
    const redisApi = mockRedisApi();
    redisApi.dryRunOperation.mockRejectedValue(
      new Error(
        'Scaling shop/orders-cache to 1 replicas removes orders-cache-2, and orders-cache-2 is the master',
      ),
    );
    renderInTestApp(
      <RedisOperationPreview
        {...fieldProps({ entityRef: ENTITY, replicas: 1 })}
      />,
      {
        apis: [
          [redisApiRef, redisApi],
          [catalogApiRef, catalogApi],
        ],
      },
    );

    expect(
      await screen.findByText(
        'The dry run was refused; the operation would be too',
        undefined,
        { timeout: 5000 },
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/orders-cache-2 is the master/),
    ).toBeInTheDocument();
  });

  it('waits for every input before asking', async () => {
    const redisApi = mockRedisApi();
    renderInTestApp(
      <RedisOperationPreview {...fieldProps({ entityRef: ENTITY })} />,
      {
        apis: [
          [redisApiRef, redisApi],
          [catalogApiRef, catalogApi],
        ],
      },
    );
    expect(
      await screen.findByText(
        'Fill in the fields above to see what the operation would change.',
      ),
    ).toBeInTheDocument();
    expect(redisApi.dryRunOperation).not.toHaveBeenCalled();
  });

  it('reads its options, and refuses a template that gives none', () => {
    expect(
      previewOptionsOf({ operation: 'scale', inputs: ['replicas'] }),
    ).toEqual({ operation: 'scale', inputs: ['replicas'] });
    expect(() => previewOptionsOf(undefined)).toThrow(
      'RedisOperationPreview needs ui:options { operation: string, inputs: string[] } in the template',
    );
    expect(
      operationInput({ replicas: 0, mode: 'replicas' }, ['replicas', 'shards']),
    ).toEqual({ replicas: 0 });
    expect(
      operationInput({ shards: 4, replicasPerShard: 2 }, [
        'replicas',
        'shards',
        'replicasPerShard',
      ]),
    ).toEqual({ shards: 4, replicasPerShard: 2 });
    expect(
      operationInput({ replicas: '' }, ['replicas', 'shards']),
    ).toBeUndefined();
  });
});
