import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderPage } from '../testing/render';
import { CoverageNotice } from './CoverageNotice';

const local = (y: number, m: number, d: number, h = 0) => new Date(y, m - 1, d, h).getTime() / 1000;
const range = { startTime: local(2026, 9, 2, 0), endTime: local(2026, 11, 30, 12) };

describe('CoverageNotice', () => {
  it('says nothing when every call of the range is counted', () => {
    renderPage(<CoverageNotice coverage={{ complete: true, exactFrom: range.startTime, dailyOnlyBefore: local(2026, 8, 1) }} range={range} />);
    expect(screen.queryByTestId('coverage-notice')).toBeNull();
    renderPage(<CoverageNotice coverage={undefined} range={range} />);
    expect(screen.queryByTestId('coverage-notice')).toBeNull();
  });

  it('says from when the numbers count every call, and before when only daily totals are kept', () => {
    renderPage(<CoverageNotice coverage={{ complete: false, exactFrom: local(2026, 9, 3), dailyOnlyBefore: local(2026, 10, 1) }} range={range} />);
    const notice = screen.getByTestId('coverage-notice');
    expect(notice).toHaveTextContent('Counted from Sep 3, 2026: older calls in this range have expired.');
    expect(notice).toHaveTextContent('Before Oct 1, 2026 only daily totals (UTC days) are kept');
  });

  it('leaves out the daily-only part when the range does not reach back to it, and speaks Chinese', () => {
    const coverage = { complete: false, exactFrom: local(2026, 9, 3, 6), dailyOnlyBefore: local(2026, 8, 1) };
    renderPage(<CoverageNotice coverage={coverage} range={range} />, { lang: 'zh' });
    const notice = screen.getByTestId('coverage-notice');
    // not a local midnight: the time of day is part of the date
    expect(notice).toHaveTextContent(/自 2026年9月3日 06:00 起计数/);
    expect(notice).not.toHaveTextContent('每日汇总');
  });

  it('says when not even the end of the range is counted exactly', () => {
    renderPage(<CoverageNotice coverage={{ complete: false, exactFrom: range.endTime + 1, dailyOnlyBefore: local(2026, 12, 1) }} range={range} />);
    expect(screen.getByTestId('coverage-notice')).toHaveTextContent('only whole UTC days are still counted');
  });
});
