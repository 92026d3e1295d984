import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderPage } from '../../shared/testing/render';
import { QuotaSection } from './QuotaSection';

describe('QuotaSection', () => {
  it('shows the balance, days left and a bar coloured by what is left', () => {
    renderPage(<QuotaSection loading={false} spend={[]} quota={{ total: 200, used: 185, remaining: 15, estimatedDaysRemaining: 4.6 }} />);
    expect(screen.getByTestId('quota-total')).toHaveTextContent('200');
    expect(screen.getByTestId('quota-used')).toHaveTextContent('185');
    expect(screen.getByTestId('quota-remaining')).toHaveTextContent('15');
    // 15 of 200 left = 7.5 % < 10 %: red
    expect(screen.getByTestId('quota-bar')).toHaveAttribute('data-level', 'critical');
    expect(screen.getByTestId('quota-days')).toHaveTextContent('4 days');
  });

  it('says so when nothing was spent', () => {
    renderPage(<QuotaSection loading={false} quota={{ total: 100, used: 0, remaining: 100 }} />);
    expect(screen.getByTestId('quota-bar')).toHaveAttribute('data-level', 'ok');
    expect(screen.getByTestId('quota-days')).toHaveTextContent('No spend in the last 30 days');
  });
});
