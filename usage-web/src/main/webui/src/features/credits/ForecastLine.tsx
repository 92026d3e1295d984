import { Skeleton, Tooltip, Typography } from '@mui/material';
import type { Forecast } from '../../shared/api/types';
import type { ApiState } from '../../shared/api/useApi';
import { useI18n } from '../../shared/i18n/I18n';
import { formatCredits, formatInteger, type Lang } from '../../shared/lib/format';
import { SectionError } from '../../shared/ui/SectionError';

export type ForecastState = Pick<ApiState<Forecast>, 'data' | 'initialLoading' | 'error' | 'retry'>;

/** A forecast is an estimate: whole credits from 100 on, the usual credit digits below. */
export function formatForecast(value: number | undefined, lang: Lang): string {
  return value !== undefined && Math.abs(value) >= 100 ? formatInteger(value, lang) : formatCredits(value, lang);
}

/** "November" / "十一月" for "2026-11" (a UTC month). */
export function monthName(month: string | undefined, lang: Lang): string {
  const [year, m] = (month ?? '').split('-').map(Number);
  if (!year || !m) return month ?? '';
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-US', { month: 'long', timeZone: 'UTC' })
    .format(new Date(Date.UTC(year, m - 1, 1)));
}

/**
 * The running UTC month's expected spend and its 90 % range (GET /api/usage/forecast; the method:
 * docs/alerts.md "Spend forecast"), one line beside the credits. Without history it says so instead
 * of guessing.
 */
export function ForecastLine({ forecast }: { forecast: ForecastState }) {
  const { t, lang } = useI18n();
  if (forecast.initialLoading) return <Skeleton width="70%" data-testid="forecast-skeleton" />;
  if (forecast.error !== undefined) {
    return <SectionError what={t('forecast')} error={forecast.error} onRetry={forecast.retry} testId="forecast-error" />;
  }
  const f = forecast.data;
  if (!f) return null;
  const month = monthName(f.month, lang);
  const spent = formatForecast(f.spent, lang);
  const expected = formatForecast(f.expected, lang);
  const low = formatForecast(f.low, lang);
  const high = formatForecast(f.high, lang);
  const text = (f.basis?.days ?? 0) === 0 ? t('forecastNoHistory', { month, spent })
    : low === high ? t('forecastExact', { month, expected })
      : t('forecastValue', { month, expected, low, high });
  return (
    <Tooltip title={t('forecastTooltip', { spent })}>
      <Typography variant="body2" sx={{ mt: 1, fontVariantNumeric: 'tabular-nums' }} data-testid="forecast"
        data-expected={f.expected} data-low={f.low} data-high={f.high}>
        {text}
      </Typography>
    </Tooltip>
  );
}
