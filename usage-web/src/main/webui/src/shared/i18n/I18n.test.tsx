import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { I18nProvider, initialLang, translate, useI18n } from './I18n';
import { CALL_TYPES, en, zh } from './messages';

describe('i18n', () => {
  it('defaults to the browser language and keeps a saved choice', () => {
    expect(initialLang(null, ['zh-TW', 'en'])).toBe('zh');
    expect(initialLang(null, ['de-DE', 'en-US'])).toBe('en');
    expect(initialLang('en', ['zh-CN'])).toBe('en');
  });

  it('fills placeholders', () => {
    expect(translate('en', 'vsPrevious', { days: 30 })).toBe('vs previous 30 days');
    expect(translate('zh', 'vsPrevious', { days: 7 })).toBe('较前 7 天');
  });

  it('has every English text in Chinese, none left empty', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    expect(Object.values(zh).filter((v) => v.trim() === '')).toEqual([]);
  });

  it('has a label for every call type in both languages, none the raw name', () => {
    for (const type of CALL_TYPES) {
      for (const lang of ['en', 'zh'] as const) {
        const label = translate(lang, `callType_${type}`);
        expect(label, `${lang} ${type}`).toBeTruthy();
        expect(label).not.toBe(type);
      }
    }
  });

  it('switches the language at once', async () => {
    function Probe() {
      const { t, setLang } = useI18n();
      return <button onClick={() => setLang('zh')}>{t('signOut')}</button>;
    }
    render(<I18nProvider lang="en"><Probe /></I18nProvider>);
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(screen.getByRole('button', { name: '退出登录' })).toBeInTheDocument();
  });
});
