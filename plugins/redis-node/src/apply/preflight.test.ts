import { InputError } from '@backstage/errors';
import { resolvedInstance } from '../__testUtils__/instances';
import { missingReferencesError, namedReferences } from './preflight';

const identities = (config: Parameters<typeof namedReferences>[0]) =>
  namedReferences(config).map(
    ({ pointer, apiVersion, kind, name, namespace }) => ({
      pointer,
      apiVersion,
      kind,
      name,
      namespace,
    }),
  );

describe('namedReferences', () => {
  it('names the PriorityClass and StorageClass cluster-wide and the ServiceAccount in the instance namespace', () => {
    const config = resolvedInstance({
      namespace: 'redis-prod',
      priorityClassName: 'redis-critical',
      persistence: { enabled: true, storageClass: 'gp3-encrypted' },
      serviceAccount: 'redis-s3',
    });
    expect(identities(config)).toEqual([
      {
        pointer: '/flavour/priorityClassName',
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        name: 'redis-critical',
        namespace: undefined,
      },
      {
        pointer: '/flavour/persistence/storageClass',
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        name: 'gp3-encrypted',
        namespace: undefined,
      },
      {
        pointer: '/flavour/serviceAccount',
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        name: 'redis-s3',
        namespace: 'redis-prod',
      },
    ]);
  });

  it('names the default StorageClass gp3 of a persistent instance, and nothing the defaults leave unset', () => {
    expect(identities(resolvedInstance({ namespace: 'redis' }))).toEqual([
      {
        pointer: '/flavour/persistence/storageClass',
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        name: 'gp3',
        namespace: undefined,
      },
    ]);
  });

  it('leaves out the StorageClass when persistence is off, and the default ServiceAccount always', () => {
    const config = resolvedInstance({
      namespace: 'redis',
      persistence: { enabled: false, storageClass: 'io2' },
      serviceAccount: 'default',
    });
    expect(namedReferences(config)).toEqual([]);
  });
});

describe('missingReferencesError', () => {
  it('is undefined when nothing is missing', () => {
    expect(missingReferencesError('eks-prod', [])).toBeUndefined();
  });

  it('is an InputError with one pointer-prefixed line per missing object, saying what to create', () => {
    const [priorityClass] = namedReferences(
      resolvedInstance({
        namespace: 'redis',
        priorityClassName: 'x',
        persistence: { enabled: false },
      }),
    );
    const error = missingReferencesError('eks-prod', [priorityClass]);
    expect(error).toBeInstanceOf(InputError);
    expect(error?.message).toBe(
      'The order names an object that cluster "eks-prod" does not have; nothing was applied:\n' +
        '/flavour/priorityClassName: PriorityClass "x" does not exist on cluster "eks-prod", so the API server would refuse every pod of the instance; create the PriorityClass or remove the setting',
    );
  });
});
