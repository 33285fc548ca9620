import { useState } from 'react';
import { act, screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { actingUser } from '../../__testUtils__/actingUser';
import { RefreshNotice } from './RefreshNotice';

function renderNotice(initial: { error?: Error; updatedAt: Date }) {
  let update: (next: { error?: Error; updatedAt: Date }) => void = () => {};
  const onRetry = jest.fn();
  function Harness() {
    const [state, setState] = useState(initial);
    update = setState;
    return <RefreshNotice {...state} onRetry={onRetry} />;
  }
  renderInTestApp(<Harness />);
  return {
    onRetry,
    update: (next: { error?: Error; updatedAt: Date }) =>
      act(() => update(next)),
  };
}

describe('RefreshNotice', () => {
  it('shows nothing while refreshes succeed', () => {
    renderNotice({ updatedAt: new Date() });
    expect(screen.queryByText('Could not refresh')).not.toBeInTheDocument();
  });

  it('goes away by itself with the next good answer', async () => {
    const updatedAt = new Date();
    const { update } = renderNotice({ error: new Error('timeout'), updatedAt });
    expect(await screen.findByText('Could not refresh')).toBeInTheDocument();
    update({ updatedAt: new Date(updatedAt.getTime() + 10_000) });
    expect(screen.queryByText('Could not refresh')).not.toBeInTheDocument();
  });

  it('stays dismissed through further failures until new data arrives', async () => {
    const user = actingUser();
    const updatedAt = new Date();
    const { update, onRetry } = renderNotice({
      error: new Error('timeout'),
      updatedAt,
    });
    await user.click(await screen.findByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText('Could not refresh')).not.toBeInTheDocument();

    update({ error: new Error('timeout again'), updatedAt });
    expect(screen.queryByText('Could not refresh')).not.toBeInTheDocument();

    const later = new Date(updatedAt.getTime() + 10_000);
    update({ updatedAt: later });
    update({ error: new Error('down again'), updatedAt: later });
    expect(screen.getByText('Could not refresh')).toBeInTheDocument();
  });
});
