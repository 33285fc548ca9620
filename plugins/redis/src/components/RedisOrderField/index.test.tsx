import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  createFieldValidation,
  Stepper,
} from '@backstage/plugin-scaffolder-react/alpha';
import { flavourSchema } from '@odin/plugin-redis-common';
import { flavourExamples, orderFor } from '@internal/redis-test-utils';
import { screen, waitFor } from '@testing-library/react';
import { actingUser } from '../../__testUtils__/actingUser';
import { RedisOrderFieldExtensionOptions, redisOrderFormField } from './index';

const { validation } = RedisOrderFieldExtensionOptions;
const steps = { name: 'orders-cache', root: {} };

async function errorsOf(flavour: unknown, formData: unknown = steps) {
  const field = createFieldValidation();
  await validation!(flavour as any, field, {
    apiHolder: { get: () => undefined },
    formData: formData as any,
    schema: {},
  });
  return field.__errors;
}

describe('the RedisOrder field', () => {
  it('is one component and one validator in both frontend systems', () => {
    expect(RedisOrderFieldExtensionOptions.name).toBe('RedisOrder');
    expect(RedisOrderFieldExtensionOptions.schema?.returnValue).toBe(
      flavourSchema.properties.flavour,
    );
    expect(redisOrderFormField).toBeDefined();
  });

  it('adds the validator’s error, so the step cannot be left with it', async () => {
    expect(
      await errorsOf({
        deploymentMode: 'sentinel',
        sentinel: { enabled: true, replicas: 3, quorum: 4 },
        replica: { count: 1 },
      }),
    ).toEqual([
      'sentinel.quorum: quorum 4 can never be reached with 3 sentinels; use at most 3 (a majority is 2)',
    ]);
  });

  it('checks the order with the other steps’ name and general settings', async () => {
    expect(
      await errorsOf(
        { deploymentMode: 'cluster' },
        { name: 'orders-cache', root: { clusterModeEnabled: false } },
      ),
    ).toEqual([
      'root.clusterModeEnabled: deploymentMode "cluster" needs root.clusterModeEnabled: true',
    ]);
  });

  it.each(
    flavourExamples(Object.keys(flavourSchema.properties.flavour.properties))
      .filter(
        example =>
          !('tls-port' in ((example.flavour.additionalConfig as object) ?? {})),
      )
      .map(example => [example.title, example.line, example.flavour] as const),
  )(
    'lets the spec example %s (line %s) pass, warnings and all',
    async (_, __, flavour) => {
      const { root } = orderFor(flavour);
      expect(await errorsOf(flavour, { name: 'orders-cache', root })).toEqual(
        [],
      );
    },
  );
});

describe('the RedisOrder field in the scaffolder’s stepper', () => {
  // The stepper scrolls to the top of each step; jsdom has no scrolling.
  beforeAll(() => {
    window.scrollTo = jest.fn();
  });

  const manifest = {
    title: 'Redis',
    steps: [
      {
        title: 'Flavour',
        schema: {
          properties: {
            flavour: {
              ...flavourSchema.properties.flavour,
              'ui:field': 'RedisOrder',
            },
          },
        },
      },
    ],
  };

  it('refuses Review while an error stands and goes on once it is fixed', async () => {
    const user = actingUser();
    const onCreate = jest.fn(async () => {});
    renderInTestApp(
      <Stepper
        manifest={manifest as any}
        extensions={[RedisOrderFieldExtensionOptions]}
        initialState={{ name: 'orders-cache' }}
        onCreate={onCreate}
      />,
    );
    await user.click(await screen.findByRole('radio', { name: 'sentinel' }));
    await user.click(screen.getByRole('button', { name: /High availability/ }));
    const quorum = screen.getByRole('textbox', { name: 'Quorum' });
    await user.type(quorum, '{Backspace}4');
    await user.click(screen.getByRole('button', { name: 'Review' }));
    await waitFor(() =>
      expect(
        screen.getAllByText(/sentinel\.quorum: quorum 4 can never be reached/)
          .length,
      ).toBeGreaterThan(0),
    );
    expect(
      screen.queryByRole('button', { name: 'Create' }),
    ).not.toBeInTheDocument();

    await user.type(
      screen.getByRole('textbox', { name: 'Quorum' }),
      '{Backspace}2',
    );
    await user.click(screen.getByRole('button', { name: 'Review' }));
    await user.click(await screen.findByRole('button', { name: 'Create' }));
    expect(onCreate).toHaveBeenCalledWith(
      expect.objectContaining({
        name: 'orders-cache',
        flavour: expect.objectContaining({
          deploymentMode: 'sentinel',
          sentinel: expect.objectContaining({ enabled: true, quorum: 2 }),
          replica: expect.objectContaining({ count: 1 }),
        }),
      }),
    );
  }, 60_000);
});
