import AutorenewIcon from '@mui/icons-material/Autorenew';
import { Alert, Box, Button, Card, CardContent, Grid, LinearProgress, Skeleton, Stack, Typography, useMediaQuery, useTheme } from '@mui/material';
import { useState } from 'react';
import { Line, LineChart, ResponsiveContainer, Tooltip } from 'recharts';
import type { QuotaAnswer, TrendPoint } from '../../shared/api/types';
import { useI18n } from '../../shared/i18n/I18n';
import { formatBucket, formatCredits, formatRate } from '../../shared/lib/format';
import { keyFigures, quotaLevel, toChartPoints, usedPercent } from '../../shared/lib/series';
import { AutoRechargeDialog } from './AutoRechargeDialog';

const LEVEL_COLOR = { ok: 'success', low: 'warning', critical: 'error' } as const;

type Props = { quota?: QuotaAnswer; spend?: TrendPoint[]; loading: boolean };

/** Credits: total / used / remaining, days left, the usage bar, 7-day spend, auto-recharge. */
export function QuotaSection({ quota, spend, loading }: Props) {
  const { t, lang } = useI18n();
  const [dialogOpen, setDialogOpen] = useState(false);
  const theme = useTheme();
  const mobile = useMediaQuery(theme.breakpoints.down('sm'));
  const level = quotaLevel(quota?.remaining, quota?.total);
  const percent = usedPercent(quota?.used, quota?.total);
  const spendPoints = toChartPoints(spend);
  const days = quota?.estimatedDaysRemaining;
  const figure = (label: string, value: string, testId: string) => (
    <Box>
      <Typography variant="body2" color="text.secondary">{label}</Typography>
      {loading ? <Skeleton width={120} sx={{ fontSize: '2rem' }} /> : (
        <Typography variant="h4" component="div" sx={{ fontWeight: 600, fontSize: { xs: '1.4rem', sm: '2rem' } }} data-testid={testId}>
          {value}
        </Typography>
      )}
    </Box>
  );
  return (
    <Card variant="outlined" data-testid="quota-section">
      <CardContent>
        <Stack direction="row" justifyContent="space-between" alignItems="center" sx={{ mb: 2 }}>
          <Typography variant="h6" component="h2">{t('credits')}</Typography>
          <Button size="small" variant="outlined" startIcon={<AutorenewIcon />} onClick={() => setDialogOpen(true)} data-testid="auto-recharge-button">
            {t('autoRecharge')}
          </Button>
        </Stack>
        {quota?.stale && <Alert severity="warning" sx={{ mb: 2 }}>{t('staleQuota')}</Alert>}
        <Grid container spacing={2} alignItems="center">
          <Grid size={{ xs: 12, md: 8 }}>
            <Grid container spacing={2}>
              <Grid size={{ xs: 4 }}>{figure(t('totalCredits'), formatCredits(quota?.total, lang), 'quota-total')}</Grid>
              <Grid size={{ xs: 4 }}>{figure(t('usedCredits'), formatCredits(quota?.used, lang), 'quota-used')}</Grid>
              <Grid size={{ xs: 4 }}>{figure(t('remainingCredits'), formatCredits(quota?.remaining, lang), 'quota-remaining')}</Grid>
            </Grid>
            <Box sx={{ mt: 2 }}>
              <LinearProgress variant={loading ? 'indeterminate' : 'determinate'} value={percent} color={LEVEL_COLOR[level]}
                sx={{ height: 10, borderRadius: 5 }} data-testid="quota-bar" data-level={level} />
              <Stack direction="row" justifyContent="space-between" sx={{ mt: 1 }}>
                <Typography variant="body2" color="text.secondary">{t('usedOfTotal', { percent: formatRate(percent / 100, lang) })}</Typography>
                <Typography variant="body2" data-testid="quota-days">
                  {t('daysRemaining')}:{' '}
                  <strong>{days === null || days === undefined ? t('noSpend') : t('daysValue', { days: Math.floor(days) })}</strong>
                </Typography>
              </Stack>
            </Box>
          </Grid>
          <Grid size={{ xs: 12, md: 4 }}>
            <Typography variant="body2" color="text.secondary">{t('spend7d')}</Typography>
            {mobile ? (
              <Typography variant="subtitle1" sx={{ fontWeight: 600 }} data-testid="spend-total">
                {formatCredits(keyFigures(spendPoints).credits, lang)} {t('credits')}
              </Typography>
            ) : (
              <Box sx={{ height: 70 }} data-testid="spend-sparkline">
                {spendPoints.length > 0 && (
                  <ResponsiveContainer width="100%" height="100%">
                    <LineChart data={spendPoints} margin={{ top: 6, right: 4, bottom: 0, left: 4 }}>
                      <Tooltip labelFormatter={(ts) => formatBucket(Number(ts), 'day', lang)}
                        formatter={(v) => [formatCredits(Number(v), lang), t('credits')]} />
                      <Line type="monotone" dataKey="totalCredits" stroke="#1976d2" strokeWidth={2} dot={false} isAnimationActive={false} />
                    </LineChart>
                  </ResponsiveContainer>
                )}
              </Box>
            )}
          </Grid>
        </Grid>
      </CardContent>
      {dialogOpen && <AutoRechargeDialog onClose={() => setDialogOpen(false)} />}
    </Card>
  );
}
