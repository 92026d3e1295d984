import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeGateway, renderPage } from '../../shared/testing/render';
import { AutoRechargeDialog } from './AutoRechargeDialog';

afterEach(() => vi.unstubAllGlobals());

const saved = { enabled: false, threshold: 10, quantity: 100, dailyLimit: { maxAttempts: 1, maxAmount: 100 } };

describe('AutoRechargeDialog', () => {
  it('loads the configuration, blocks invalid values and sends the edited one', async () => {
    const bodies: unknown[] = [];
    fakeGateway(() => saved);
    const fetch = globalThis.fetch as unknown as ReturnType<typeof vi.fn>;
    fetch.mockImplementation(async (_input: unknown, init?: RequestInit) => {
      if (init?.method === 'PUT') bodies.push(JSON.parse(String(init.body)));
      return new Response(JSON.stringify(saved), { status: 200 });
    });
    const onClose = vi.fn();
    renderPage(<AutoRechargeDialog onClose={onClose} />);
    const quantity = await screen.findByTestId('auto-recharge-quantity');
    expect(quantity).toHaveValue(100);
    await userEvent.clear(quantity);
    await userEvent.type(quantity, '0');
    expect(screen.getByTestId('auto-recharge-save')).toBeDisabled();
    await userEvent.clear(quantity);
    await userEvent.type(quantity, '250');
    await userEvent.click(screen.getByTestId('auto-recharge-enabled'));
    await userEvent.click(screen.getByTestId('auto-recharge-save'));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(bodies).toEqual([{ enabled: true, threshold: 10, quantity: 250, dailyLimit: { maxAttempts: 1, maxAmount: 100 } }]);
  });

  it('shows a value the gateway refuses in the dialog, to be corrected', async () => {
    fakeGateway(() => saved);
    const fetch = globalThis.fetch as unknown as ReturnType<typeof vi.fn>;
    fetch.mockImplementation(async (_input: unknown, init?: RequestInit) => (init?.method === 'PUT'
      ? new Response(JSON.stringify({ status: 400, detail: 'quantity must be at most 1000000' }), { status: 400 })
      : new Response(JSON.stringify(saved), { status: 200 })));
    const onClose = vi.fn();
    renderPage(<AutoRechargeDialog onClose={onClose} />);
    await screen.findByTestId('auto-recharge-quantity');
    await userEvent.click(screen.getByTestId('auto-recharge-save'));
    expect(await screen.findByTestId('auto-recharge-refused')).toHaveTextContent('quantity must be at most 1000000');
    expect(onClose).not.toHaveBeenCalled();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });
});
