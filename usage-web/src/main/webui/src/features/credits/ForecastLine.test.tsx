import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../shared/api/client';
import type { Forecast } from '../../shared/api/types';
import { renderPage } from '../../shared/testing/render';
import { ForecastLine, monthName } from './ForecastLine';
import { QuotaSection } from './QuotaSection';

const november: Forecast = {
  month: '2026-11', asOf: 1763568000, daysInMonth: 30, daysElapsed: 20, spent: 812.4, expected: 1234.1, low: 1100.3, high: 1379.8,
  basis: { days: 28, level: 41.2 }, projects: [], coverage: { complete: true, exactFrom: 1761955200, dailyOnlyBefore: null },
};
const loaded = (data: Forecast) => ({ data, initialLoading: false, error: undefined, retry: vi.fn() });

describe('ForecastLine', () => {
  it('shows the month, the expected total in whole credits and the range', () => {
    renderPage(<ForecastLine forecast={loaded(november)} />);
    expect(screen.getByTestId('forecast')).toHaveTextContent('Forecast for November: ≈ 1,234 credits (1,100–1,380)');
  });

  it('speaks Chinese', () => {
    renderPage(<ForecastLine forecast={loaded(november)} />, { lang: 'zh' });
    expect(screen.getByTestId('forecast')).toHaveTextContent('十一月预测：≈ 1,234 额度（1,100–1,380）');
  });

  it('keeps the credit digits for small amounts and drops an empty range', () => {
    renderPage(<ForecastLine forecast={loaded({ ...november, spent: 3, expected: 12.5, low: 12.5, high: 12.5 })} />);
    expect(screen.getByTestId('forecast')).toHaveTextContent(/^Forecast for November: ≈ 12\.50 credits$/);
  });

  it('says when there is no history to forecast from', () => {
    renderPage(<ForecastLine forecast={loaded({ ...november, spent: 0.5, expected: 0.5, low: 0.5, high: 0.5, basis: { days: 0, level: 0 } })} />);
    expect(screen.getByTestId('forecast')).toHaveTextContent('Forecast for November: not enough history yet (0.50 credits spent)');
  });

  it('loads quietly and fails on its own, with Retry', async () => {
    const first = renderPage(<ForecastLine forecast={{ data: undefined, initialLoading: true, error: undefined, retry: () => {} }} />);
    expect(screen.getByTestId('forecast-skeleton')).toBeInTheDocument();
    expect(screen.queryByTestId('forecast')).toBeNull();
    first.unmount();
    const retry = vi.fn();
    renderPage(<ForecastLine forecast={{ data: undefined, initialLoading: false, error: new ApiError(503, 'database busy'), retry }} />);
    const error = screen.getByTestId('forecast-error');
    expect(error).toHaveTextContent('Could not load Month-end forecast: database busy');
    await userEvent.click(within(error).getByRole('button', { name: 'Retry' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('sits in the credits card under the 7-day spend', () => {
    const none = { data: undefined, initialLoading: false, error: undefined, retry: () => {} };
    renderPage(<QuotaSection quota={{ ...none, receivedAt: undefined, pollError: undefined }} spend={none} forecast={loaded(november)} />);
    expect(within(screen.getByTestId('quota-section')).getByTestId('forecast')).toHaveTextContent('≈ 1,234 credits');
  });

  it('names UTC months', () => {
    expect(monthName('2026-01', 'en')).toBe('January');
    expect(monthName('2026-12', 'zh')).toBe('十二月');
    expect(monthName('bad', 'en')).toBe('bad');
  });
});
