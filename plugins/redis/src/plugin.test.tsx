import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  ScaffolderFieldExtensions,
  useCustomFieldExtensions,
} from '@backstage/plugin-scaffolder-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { plainEntity, redisEntity } from './__testUtils__/entities';
import { mockRedisApi } from './__testUtils__/redisBackend';
import { redisApiRef } from './api';
import {
  EntityRedisCard,
  EntityRedisContent,
  isRedisAvailable,
  RedisClusterPickerFieldExtension,
  RedisOperationPreviewFieldExtension,
  RedisOrderFieldExtension,
} from './index';
import { Route, Routes } from 'react-router-dom';

/** A legacy app mounts the tab on a path, as `EntityLayout.Route` does. */
function mounted(element: ReactNode) {
  return (
    <Routes>
      <Route path="/*" element={element} />
    </Routes>
  );
}

function renderForEntity(entity: Entity, element: ReactNode) {
  return renderInTestApp(
    // A legacy app's default APIs include the permission API the Operations panel asks.
    <TestApiProvider
      apis={[
        [redisApiRef, mockRedisApi()],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <EntityProvider entity={entity}>{element}</EntityProvider>
    </TestApiProvider>,
  );
}

describe('the legacy frontend system exports', () => {
  it('EntityRedisCard shows the instance summary', async () => {
    await renderForEntity(redisEntity, <EntityRedisCard />);

    expect(await screen.findByText('Healthy')).toBeInTheDocument();
    expect(screen.getByText('Replication')).toBeInTheDocument();
  });

  it('EntityRedisContent shows the Redis tab', async () => {
    await renderForEntity(redisEntity, mounted(<EntityRedisContent />));

    expect(
      await screen.findByRole('grid', { name: 'Redis nodes' }),
    ).toBeInTheDocument();
  });

  it('EntityRedisContent explains the annotation an entity lacks', async () => {
    await renderForEntity(plainEntity, mounted(<EntityRedisContent />));

    expect(await screen.findByText('Missing Annotation')).toBeInTheDocument();
    expect(screen.getByText('odin.dev/redis-instance')).toBeInTheDocument();
  });

  it('isRedisAvailable is true only for entities that name an instance', () => {
    expect(isRedisAvailable(redisEntity)).toBe(true);
    expect(isRedisAvailable(plainEntity)).toBe(false);
    expect(
      isRedisAvailable({
        ...plainEntity,
        metadata: {
          ...plainEntity.metadata,
          annotations: { 'odin.dev/redis-instance': '' },
        },
      }),
    ).toBe(false);
  });

  it('the field extensions register RedisOrder, RedisClusterPicker and RedisOperationPreview', async () => {
    function FieldNames() {
      const fields = useCustomFieldExtensions(
        <ScaffolderFieldExtensions>
          <RedisOrderFieldExtension />
          <RedisClusterPickerFieldExtension />
          <RedisOperationPreviewFieldExtension />
        </ScaffolderFieldExtensions>,
      );
      return (
        <ul>
          {fields.map(field => (
            <li key={field.name}>{field.name}</li>
          ))}
        </ul>
      );
    }
    await renderInTestApp(<FieldNames />);

    expect(
      screen.getAllByRole('listitem').map(item => item.textContent),
    ).toEqual(['RedisOrder', 'RedisClusterPicker', 'RedisOperationPreview']);
  });
});
