import AutorenewIcon from '@mui/icons-material/Autorenew';
import {
  Alert, Box, Button, Card, CardContent, Grid, LinearProgress, Skeleton, Stack, Typography, useMediaQuery, useTheme,
} from '@mui/material';
import { Suspense, useEffect, useState } from 'react';
import type { QuotaAnswer, Trends } from '../../shared/api/types';
import type { ApiState } from '../../shared/api/useApi';
import { useI18n } from '../../shared/i18n/I18n';
import { formatAsOf, formatCredits, formatRate } from '../../shared/lib/format';
import type { TimeRange } from '../../shared/lib/range';
import { keyFigures, quotaLevel, toChartPoints, usedPercent } from '../../shared/lib/series';
import { errorDetail } from '../../shared/ui/Feedback';
import { PlotSkeleton } from '../../shared/ui/PlotSkeleton';
import { SectionError } from '../../shared/ui/SectionError';
import { SpendPlot } from '../lazyCharts';
import { AutoRechargeDialog } from './AutoRechargeDialog';
import { ForecastLine, type ForecastState } from './ForecastLine';

const LEVEL_COLOR = { ok: 'success', low: 'warning', critical: 'error' } as const;

/** The 7-day spend: the answer and the range it was asked for (today is a partial day). */
export type Spend = { range: TimeRange; answer: Trends };

type Props = {
  quota: Pick<ApiState<QuotaAnswer>, 'data' | 'receivedAt' | 'initialLoading' | 'error' | 'pollError' | 'retry'>;
  spend: Pick<ApiState<Spend>, 'data' | 'initialLoading' | 'error' | 'retry'>;
  /** The month-end spend forecast, under the 7-day spend (the Dashboard). */
  forecast?: ForecastState;
  /**
   * Whether the 7-day spend may be drawn yet (default yes): the Dashboard draws it only after its
   * overview cards, so the charts' code (features/lazyCharts.tsx) never loads before them; until
   * then its place shows the drawing's skeleton.
   */
  draw?: boolean;
};

// The last balance this page session received: shown, with its time, when a later load fails
// (e.g. back on the Dashboard while billing is down). A new page load starts without one.
let known: { quota: QuotaAnswer; receivedAt: number } | undefined;

/** Forget the remembered balance (tests). */
export function forgetKnownQuota() {
  known = undefined;
}

/**
 * Credits: total / used / remaining, days left, the usage bar, 7-day spend (and the month-end
 * forecast when given), auto-recharge. It
 * states only what it knows: a skeleton while loading (no bar colour, no numbers); on failure
 * the error with Retry — or the last known balance with its time ("as of 14:05"); the gateway's
 * own stale answer (`stale: true`, `asOf`) likewise.
 */
export function QuotaSection({ quota: state, spend, forecast, draw = true }: Props) {
  const { t, lang } = useI18n();
  const [dialogOpen, setDialogOpen] = useState(false);
  useEffect(() => {
    if (state.data !== undefined && state.receivedAt !== undefined) known = { quota: state.data, receivedAt: state.receivedAt };
  }, [state.data, state.receivedAt]);

  const shown = state.data !== undefined && state.receivedAt !== undefined ? { quota: state.data, receivedAt: state.receivedAt }
    : state.error !== undefined ? known : undefined;
  // the value shown may be out of date: the latest load failed (or the gateway says so itself: `stale`)
  const failure = state.data !== undefined ? state.pollError : state.error;
  const asOf = shown ? shown.quota.asOf ?? Math.floor(shown.receivedAt / 1000) : undefined;

  let balance;
  if (state.initialLoading) {
    balance = <QuotaSkeleton />;
  } else if (!shown) {
    balance = state.error !== undefined
      ? <SectionError what={t('credits')} error={state.error} onRetry={state.retry} testId="quota-error" /> : <QuotaSkeleton />;
  } else {
    balance = (
      <>
        {(failure !== undefined || shown.quota.stale) && asOf !== undefined && (
          <Alert severity="warning" sx={{ mb: 2 }} data-testid="quota-stale" data-as-of={asOf}
            action={failure !== undefined ? <Button color="inherit" size="small" onClick={state.retry}>{t('retry')}</Button> : undefined}>
            {failure !== undefined
              ? t('quotaRefreshFailed', { detail: errorDetail(failure, t), time: formatAsOf(asOf, lang) })
              : t('staleQuota', { time: formatAsOf(asOf, lang) })}
          </Alert>
        )}
        <Balance quota={shown.quota} />
      </>
    );
  }
  return (
    <Card variant="outlined" data-testid="quota-section">
      <CardContent>
        <Stack direction="row" justifyContent="space-between" alignItems="center" sx={{ mb: 2 }}>
          <Typography variant="h6" component="h2">{t('credits')}</Typography>
          <Button size="small" variant="outlined" startIcon={<AutorenewIcon />} onClick={() => setDialogOpen(true)} data-testid="auto-recharge-button">
            {t('autoRecharge')}
          </Button>
        </Stack>
        <Grid container spacing={2} alignItems="center">
          <Grid size={{ xs: 12, md: 8 }} data-testid="quota-balance">{balance}</Grid>
          <Grid size={{ xs: 12, md: 4 }}>
            <SpendChart spend={spend} draw={draw} />
            {forecast && <ForecastLine forecast={forecast} />}
          </Grid>
        </Grid>
      </CardContent>
      {dialogOpen && <AutoRechargeDialog onClose={() => setDialogOpen(false)} />}
    </Card>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useI18n();
  return (
    <Box>
      <Typography variant="body2" color="text.secondary">{label}</Typography>
      <Stack direction="row" spacing={0.75} alignItems="baseline" flexWrap="wrap">
        <Typography variant="h4" component="div" sx={{ fontWeight: 600, fontSize: { xs: '1.15rem', sm: '2rem' }, fontVariantNumeric: 'tabular-nums' }} data-testid={testId}>
          {value}
        </Typography>
        <Typography variant="body2" color="text.secondary">{t('creditsUnit')}</Typography>
      </Stack>
    </Box>
  );
}

function Balance({ quota }: { quota: QuotaAnswer }) {
  const { t, lang } = useI18n();
  const level = quotaLevel(quota.remaining, quota.total);
  const percent = usedPercent(quota.used, quota.total);
  const days = quota.estimatedDaysRemaining;
  return (
    <>
      <Grid container spacing={2}>
        <Grid size={{ xs: 4 }}><Figure label={t('totalCredits')} value={formatCredits(quota.total, lang)} testId="quota-total" /></Grid>
        <Grid size={{ xs: 4 }}><Figure label={t('usedCredits')} value={formatCredits(quota.used, lang)} testId="quota-used" /></Grid>
        <Grid size={{ xs: 4 }}><Figure label={t('remainingCredits')} value={formatCredits(quota.remaining, lang)} testId="quota-remaining" /></Grid>
      </Grid>
      <Box sx={{ mt: 2 }}>
        <LinearProgress variant="determinate" value={percent} color={LEVEL_COLOR[level]}
          sx={{ height: 10, borderRadius: 5 }} data-testid="quota-bar" data-level={level} />
        <Stack direction="row" justifyContent="space-between" sx={{ mt: 1 }} spacing={1}>
          <Typography variant="body2" color="text.secondary" data-testid="quota-percent">{t('usedOfTotal', { percent: formatRate(percent / 100, lang) })}</Typography>
          <Typography variant="body2" data-testid="quota-days">
            {t('daysRemaining')}:{' '}
            <strong>{days === null || days === undefined ? t('noSpend') : t('daysValue', { days: Math.floor(days) })}</strong>
          </Typography>
        </Stack>
      </Box>
    </>
  );
}

/** Loading: the shapes of the figures and the bar, no colour and no numbers. */
function QuotaSkeleton() {
  return (
    <Box data-testid="quota-skeleton">
      <Grid container spacing={2}>
        {[0, 1, 2].map((i) => (
          <Grid key={i} size={{ xs: 4 }}>
            <Skeleton width="50%" />
            <Skeleton width="80%" sx={{ fontSize: '2rem' }} />
          </Grid>
        ))}
      </Grid>
      <Skeleton variant="rounded" height={10} sx={{ mt: 2 }} />
      <Skeleton width="40%" sx={{ mt: 1 }} />
    </Box>
  );
}

/** Credit spend per day of the last 7 whole local days (today partial): total, and on wider screens a bar chart with dates. */
function SpendChart({ spend, draw }: { spend: Props['spend']; draw: boolean }) {
  const { t, lang } = useI18n();
  const theme = useTheme();
  const mobile = useMediaQuery(theme.breakpoints.down('sm'));
  const points = spend.data ? toChartPoints(spend.data.answer.trends, spend.data.range, 'day') : [];
  let body;
  if (spend.initialLoading) {
    body = <Skeleton variant="rectangular" height={mobile ? 28 : 130} />;
  } else if (spend.error !== undefined) {
    body = <SectionError what={t('spend7d')} error={spend.error} onRetry={spend.retry} testId="spend-error" />;
  } else {
    body = (
      <>
        <Typography variant="subtitle1" sx={{ fontWeight: 600 }} data-testid="spend-total">
          {t('creditsAmount', { amount: formatCredits(keyFigures(points).credits, lang) })}
        </Typography>
        {!mobile && (
          <Box sx={{ height: 110 }} data-testid="spend-sparkline" data-points={points.length}>
            {points.length > 0 && (draw ? (
              <Suspense fallback={<PlotSkeleton height={110} />}>
                <SpendPlot points={points} />
              </Suspense>
            ) : <PlotSkeleton height={110} />)}
          </Box>
        )}
      </>
    );
  }
  return (
    <Box data-testid="spend">
      <Typography variant="body2" color="text.secondary">{t('spend7d')}</Typography>
      {body}
    </Box>
  );
}
