import HistoryToggleOffIcon from '@mui/icons-material/HistoryToggleOff';
import { Stack, Typography } from '@mui/material';
import type { Coverage } from '../api/types';
import { useI18n } from '../i18n/I18n';
import { formatInstantDate } from '../lib/format';
import type { TimeRange } from '../lib/range';

type Props = { coverage: Coverage | undefined; range: TimeRange };

/**
 * Under the range bar when retention removed calls of the range (coverage.complete false): from
 * when on the numbers count every call, and before when only daily UTC totals are left (docs/web.md
 * "Expired data"). Quiet: a caption, not an alert; nothing when the answer is complete.
 */
export function CoverageNotice({ coverage, range }: Props) {
  const { t, lang } = useI18n();
  if (!coverage || coverage.complete !== false) return null;
  const exactFrom = coverage.exactFrom ?? range.startTime;
  const daily = coverage.dailyOnlyBefore;
  return (
    <Stack direction="row" spacing={1} alignItems="flex-start" data-testid="coverage-notice" data-exact-from={exactFrom}>
      <HistoryToggleOffIcon fontSize="small" color="action" sx={{ mt: '2px' }} />
      <Typography variant="body2" color="text.secondary">
        {exactFrom > range.endTime ? t('coverageNoneExact') : t('coverageNotice', { from: formatInstantDate(exactFrom, lang) })}
        {daily !== null && daily !== undefined && daily > range.startTime
          ? ` ${t('coverageDailyOnly', { date: formatInstantDate(daily, lang) })}` : ''}
      </Typography>
    </Stack>
  );
}
