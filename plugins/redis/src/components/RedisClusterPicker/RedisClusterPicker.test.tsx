import { renderInTestApp } from '@backstage/frontend-test-utils';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import { kubernetesApiRef } from '@backstage/plugin-kubernetes-react';
import { screen, waitFor } from '@testing-library/react';
import { actingUser } from '../../__testUtils__/actingUser';
import { useFieldProps } from '../../__testUtils__/useFieldProps';
import { RedisClusterPickerFieldExtensionOptions } from './index';
import { RedisClusterPicker } from './RedisClusterPicker';

const cluster = (name: string) => ({ name, authProvider: 'serviceAccount' });

function kubernetesApiWith(clusters: { name: string; authProvider: string }[]) {
  return { getClusters: jest.fn().mockResolvedValue(clusters) } as any;
}

function Harness(props: { initial?: string; onValue?(value?: string): void }) {
  const fieldProps = useFieldProps<string>({
    name: 'cluster',
    schema: {
      type: 'string',
      title: 'Cluster',
      description: 'Where the instance runs',
    },
    initial: props.initial,
    onValue: props.onValue,
    required: true,
  });
  return <RedisClusterPicker {...fieldProps} />;
}

describe('RedisClusterPicker', () => {
  it('offers the clusters the Kubernetes plugin knows', async () => {
    const user = actingUser();
    const onValue = jest.fn();
    renderInTestApp(<Harness onValue={onValue} />, {
      apis: [
        [
          kubernetesApiRef,
          kubernetesApiWith([cluster('eks-prod'), cluster('eks-staging')]),
        ],
      ],
    });
    const picker = await screen.findByRole('button', { name: /Cluster/ });
    await waitFor(() => expect(picker).not.toBeDisabled());
    expect(onValue).not.toHaveBeenCalled();
    await user.click(picker);
    expect(
      screen.getByRole('option', { name: /eks-prod/ }),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('option', { name: /eks-staging/ }));
    expect(onValue).toHaveBeenLastCalledWith('eks-staging');
    expect(screen.getByRole('button', { name: /Cluster/ })).toHaveTextContent(
      'eks-staging',
    );
  });

  it('chooses the only cluster there is', async () => {
    const onValue = jest.fn();
    renderInTestApp(<Harness onValue={onValue} />, {
      apis: [[kubernetesApiRef, kubernetesApiWith([cluster('eks-prod')])]],
    });
    await waitFor(() => expect(onValue).toHaveBeenCalledWith('eks-prod'));
    await waitFor(() =>
      expect(screen.getByRole('button', { name: /Cluster/ })).toHaveTextContent(
        'eks-prod',
      ),
    );
  });

  it('keeps a chosen cluster although only one is known', async () => {
    const onValue = jest.fn();
    renderInTestApp(<Harness initial="eks-old" onValue={onValue} />, {
      apis: [[kubernetesApiRef, kubernetesApiWith([cluster('eks-prod')])]],
    });
    await waitFor(() =>
      expect(screen.getByRole('button', { name: /Cluster/ })).toHaveTextContent(
        'eks-old',
      ),
    );
    expect(onValue).not.toHaveBeenCalled();
  });

  it('falls back to typing the name when the portal knows no cluster', async () => {
    const user = actingUser();
    const onValue = jest.fn();
    renderInTestApp(<Harness onValue={onValue} />, {
      apis: [[kubernetesApiRef, kubernetesApiWith([])]],
    });
    expect(
      await screen.findByText(/The portal knows no Kubernetes cluster/),
    ).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: /Cluster/ }), 'eks-a');
    expect(onValue).toHaveBeenLastCalledWith('eks-a');
  });

  it('refuses a name the portal does not know', async () => {
    const kubernetesApi = kubernetesApiWith([
      cluster('eks-prod'),
      cluster('eks-staging'),
    ]);
    const check = async (name: string) => {
      const field = createFieldValidation();
      await RedisClusterPickerFieldExtensionOptions.validation!(name, field, {
        apiHolder: { get: () => kubernetesApi },
        formData: {},
        schema: {},
      });
      return field.__errors;
    };
    expect(await check('eks-prod')).toEqual([]);
    expect(await check('eks-old')).toEqual([
      '"eks-old" is not a cluster the portal knows; choose one of: eks-prod, eks-staging',
    ]);
  });
});
