import { renderInTestApp } from '@backstage/frontend-test-utils';
import { flavourSchema } from '@odin/plugin-redis-common';
import { screen, waitFor, within } from '@testing-library/react';
import { actingUser } from '../../__testUtils__/actingUser';
import { OrderFieldHarness } from './__testUtils__/OrderFieldHarness';

const sectionTriggers = () =>
  screen
    .getAllByRole('button')
    .filter(button => button.hasAttribute('aria-expanded'));

const openSection = async (
  user: ReturnType<typeof actingUser>,
  title: RegExp,
) => {
  const trigger = screen.getByRole('button', { name: title });
  if (trigger.getAttribute('aria-expanded') !== 'true')
    await user.click(trigger);
};

const costTotal = () => screen.getByText(/USD a month$/).textContent;

const sentinelOrder = {
  deploymentMode: 'sentinel',
  sentinel: { enabled: true },
  replica: { count: 1 },
};

describe('RedisOrderField', () => {
  it('shows the spec’s sections in order, mode first, with help texts from the schema', async () => {
    renderInTestApp(<OrderFieldHarness />);
    await screen.findByRole('radiogroup', { name: 'Deployment mode' });
    expect(sectionTriggers().map(trigger => trigger.textContent)).toEqual([
      expect.stringMatching(/^Mode and size/),
      expect.stringMatching(/^Persistence/),
      expect.stringMatching(/^High availability/),
      expect.stringMatching(/^Monitoring/),
      expect.stringMatching(/^Backups/),
      expect.stringMatching(/^Network and security/),
      expect.stringMatching(/^Placement/),
      expect.stringMatching(/^Advanced/),
    ]);
    expect(sectionTriggers()[0]).toHaveAttribute('aria-expanded', 'true');

    const mode = screen.getByRole('radiogroup', { name: 'Deployment mode' });
    expect(mode).toHaveAccessibleDescription(
      flavourSchema.properties.flavour.properties.deploymentMode.description,
    );
    // Mode is the first control of the form.
    const [first] = document.querySelectorAll('[role="radiogroup"], input');
    expect(first).toBe(mode);
    expect(screen.getByRole('textbox', { name: 'Namespace' })).toHaveAttribute(
      'placeholder',
      'redis',
    );
  });

  it('hides what the chosen mode does not use', async () => {
    const user = actingUser();
    renderInTestApp(<OrderFieldHarness />);
    await screen.findByRole('radiogroup', { name: 'Deployment mode' });
    await openSection(user, /High availability/);
    expect(
      screen.getByRole('group', { name: 'Pod disruption budget' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('textbox', { name: 'Quorum' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('textbox', { name: 'Shards' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('textbox', { name: 'Replica count' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('group', { name: 'replica resources' }),
    ).not.toBeInTheDocument();

    await user.click(screen.getByRole('radio', { name: 'sentinel' }));
    expect(
      await screen.findByRole('textbox', { name: 'Quorum' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('radiogroup', { name: 'Sentinels' }),
    ).toBeInTheDocument();
    // sentinel.enabled follows the mode.
    expect(
      screen.queryByRole('switch', { name: 'Enable sentinel' }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Replica count' })).toHaveValue(
      '1',
    );
    expect(
      screen.queryByRole('textbox', { name: 'Shards' }),
    ).not.toBeInTheDocument();

    await user.click(screen.getByRole('radio', { name: 'cluster' }));
    expect(
      await screen.findByRole('textbox', { name: 'Shards' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('textbox', { name: 'Replicas per shard' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('textbox', { name: 'Quorum' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('textbox', { name: 'Replica count' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('group', { name: 'replica resources' }),
    ).toBeInTheDocument();
  });

  it('works from the keyboard: arrow keys change the mode', async () => {
    const user = actingUser();
    const onValue = jest.fn();
    renderInTestApp(<OrderFieldHarness onValue={onValue} />);
    await screen.findByRole('radiogroup', { name: 'Deployment mode' });
    await user.tab(); // the section's trigger
    await user.tab(); // the selected mode
    expect(screen.getByRole('radio', { name: 'standalone' })).toHaveFocus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('radio', { name: 'sentinel' })).toBeChecked();
    expect(onValue).toHaveBeenLastCalledWith(
      expect.objectContaining({ deploymentMode: 'sentinel' }),
    );
  });

  it('shows the validator’s error at sentinel.quorum as soon as it is typed above sentinel.replicas', async () => {
    const user = actingUser();
    renderInTestApp(<OrderFieldHarness initial={sentinelOrder} />);
    await screen.findByRole('radiogroup', { name: 'Deployment mode' });
    await openSection(user, /High availability/);
    const quorum = screen.getByRole('textbox', { name: 'Quorum' });
    expect(quorum).not.toHaveAttribute('aria-invalid');

    await user.type(quorum, '4');
    expect(quorum).toHaveAttribute('aria-invalid', 'true');
    expect(quorum).toHaveAccessibleDescription(
      expect.stringContaining(
        'quorum 4 can never be reached with 3 sentinels; use at most 3',
      ),
    );
    expect(
      screen.getByRole('button', { name: /High availability.*Errors: 1/ }),
    ).toBeInTheDocument();

    await user.type(quorum, '{Backspace}2');
    expect(quorum).not.toHaveAttribute('aria-invalid');
  });

  it('shows a deprecated replicaCount as a warning, not an error', async () => {
    renderInTestApp(
      <OrderFieldHarness
        initial={{
          deploymentMode: 'sentinel',
          replicaCount: 2,
          sentinel: { enabled: true },
        }}
      />,
    );
    const deprecated = await screen.findByRole('textbox', {
      name: 'Replica count (deprecated)',
    });
    expect(deprecated).toHaveValue('2');
    expect(deprecated).not.toHaveAttribute('aria-invalid');
    expect(deprecated).toHaveAccessibleDescription(
      expect.stringContaining(
        'Warning: replicaCount is deprecated; write replica.count instead',
      ),
    );
    expect(screen.queryByText(/^Error:/)).not.toBeInTheDocument();
  });

  it('switches the preview to the sentinel objects and their cost when the mode changes', async () => {
    const user = actingUser();
    renderInTestApp(<OrderFieldHarness />);
    const preview = within(
      await screen.findByRole('complementary', { name: 'Preview' }),
    );
    expect(
      await preview.findByRole('tab', { name: 'Redis orders-cache' }),
    ).toBeInTheDocument();
    expect(
      preview.queryByRole('tab', { name: /^RedisSentinel/ }),
    ).not.toBeInTheDocument();
    const standaloneCost = costTotal();

    await user.click(screen.getByRole('radio', { name: 'sentinel' }));
    expect(
      await preview.findByRole('tab', {
        name: 'RedisReplication orders-cache',
      }),
    ).toBeInTheDocument();
    expect(
      preview.getByRole('tab', { name: 'RedisSentinel orders-cache' }),
    ).toBeInTheDocument();
    expect(
      preview.queryByRole('tab', { name: 'Redis orders-cache' }),
    ).not.toBeInTheDocument();
    await waitFor(() => expect(costTotal()).not.toBe(standaloneCost));
    expect(
      preview.getByText(/Connect through the sentinels/),
    ).toBeInTheDocument();

    await user.click(
      preview.getByRole('tab', { name: 'RedisSentinel orders-cache' }),
    );
    expect(
      preview.getByRole('tabpanel', { name: 'RedisSentinel orders-cache' }),
    ).toHaveTextContent('kind: RedisSentinel');
  });

  it('copies the YAML of the chosen object', async () => {
    const user = actingUser();
    renderInTestApp(<OrderFieldHarness />);
    await user.click(
      await screen.findByRole('tab', { name: 'Redis orders-cache' }),
    );
    const button = await screen.findByRole('button', {
      name: 'Copy Redis/orders-cache',
    });
    const writeText = jest.spyOn(window.navigator.clipboard, 'writeText');
    await user.click(button);
    expect(writeText).toHaveBeenCalledWith(
      expect.stringMatching(
        /^apiVersion: redis\.redis\.opstreelabs\.in\/v1beta2\nkind: Redis\n/,
      ),
    );
    expect(await screen.findByText('Copied')).toBeInTheDocument();
  });

  it('keeps the last valid preview, marked, while the order has errors', async () => {
    const user = actingUser();
    renderInTestApp(<OrderFieldHarness />);
    await screen.findByRole('tab', { name: 'Redis orders-cache' });
    await openSection(user, /Backups/);
    await user.click(screen.getByRole('switch', { name: 'Enable backups' }));
    expect(
      await screen.findByText(
        /The order has errors, so nothing would be applied/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('tab', { name: 'Redis orders-cache' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('textbox', { name: 'S3 bucket' }),
    ).toHaveAccessibleDescription(
      expect.stringContaining('name the S3 bucket that receives them'),
    );

    await user.type(
      screen.getByRole('textbox', { name: 'S3 bucket' }),
      'orders-backups',
    );
    expect(
      await screen.findByRole('tab', { name: /^CronJob/ }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/The order has errors/)).not.toBeInTheDocument();
  });
});
