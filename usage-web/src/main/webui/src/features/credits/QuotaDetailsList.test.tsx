import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeGateway, renderPage } from '../../shared/testing/render';
import { QuotaDetailsList } from './QuotaDetailsList';

afterEach(() => vi.unstubAllGlobals());

const history = {
  list: [
    { id: 'g', amount: 500, type: 'grant', createdAt: 3, description: 'Starter pack' },
    { id: 'c', amount: -0.0042, type: 'consumption', createdAt: 2, description: 'Model calls' },
    { id: 'x', amount: -1, type: 'refund', createdAt: 1, description: 'From payment-kit' },
  ],
  count: 3, page: 1, pageSize: 20,
};

describe('QuotaDetailsList', () => {
  it('labels type chips in the page language and keeps an unknown type as it is', async () => {
    fakeGateway(() => history);
    const { unmount } = renderPage(<QuotaDetailsList />);
    expect((await screen.findAllByTestId('tx-type')).map((c) => c.textContent)).toEqual(['Grant', 'Consumption', 'refund']);
    unmount();
    renderPage(<QuotaDetailsList />, { lang: 'zh' });
    expect((await screen.findAllByTestId('tx-type')).map((c) => c.textContent)).toEqual(['发放', '消耗', 'refund']);
  });

  it('signs amounts by the credits rule, with the unit', async () => {
    fakeGateway(() => history);
    renderPage(<QuotaDetailsList />);
    expect((await screen.findAllByTestId('tx-amount')).map((a) => a.textContent)).toEqual(['+500.00 credits', '−0.0042 credits', '−1.00 credits']);
  });
});
