import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n/I18n';
import { RangeToggle } from './RangeToggle';

describe('RangeToggle', () => {
  it('labels the ranges in the page language, named "Last N days" for assistive technology', () => {
    const { unmount } = render(<I18nProvider lang="en"><RangeToggle value={30} onChange={() => {}} /></I18nProvider>);
    expect(screen.getByRole('button', { name: 'Last 7 days' })).toHaveTextContent('7d');
    unmount();
    render(<I18nProvider lang="zh"><RangeToggle value={30} onChange={() => {}} /></I18nProvider>);
    expect(screen.getByRole('button', { name: '近 90 天' })).toHaveTextContent('90 天');
    expect(screen.getByRole('button', { name: '近 30 天' })).toHaveAttribute('aria-pressed', 'true');
  });
});
