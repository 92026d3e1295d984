import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import { Box, Card, CardContent, Grid, Skeleton, Stack, Tooltip, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18n';
import { numberFormat, type Lang } from '../lib/format';
import { TIMES_CAP, type Change } from '../lib/series';
import type { MessageKey } from '../i18n/messages';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/**
 * A change as the card words it: "25% vs previous 30 days", "2 pp …", "×71 …" (at most "×999+"), "new: none in …",
 * "previous 30 days partly expired" (no change claimed over partial numbers).
 */
export function changeText(change: Change, days: number, t: T, lang: Lang): string {
  if (!change) return t('noComparison');
  if (change.kind === 'partial') return t('previousExpired', { days });
  if (change.kind === 'new') return t('changeNew', { days });
  const number = numberFormat(lang, { maximumFractionDigits: 1 }).format(change.value);
  const amount = change.kind === 'times' ? (change.value > TIMES_CAP ? `×${TIMES_CAP}+` : `×${number}`) : change.kind === 'points' ? `${number} ${t('percentPoints')}` : `${number}%`;
  return `${amount} ${t('vsPrevious', { days })}`;
}

type Props = {
  icon: ReactNode;
  title: string;
  value: string;
  /** the exact value, in a tooltip over a compacted one ("15,923" over "15.9K") */
  exact?: string;
  change: Change;
  /** length of the period, for "vs previous N days" */
  days: number;
  /** for latency, up is bad: colour the arrow accordingly */
  upIsGood?: boolean;
  loading?: boolean;
  testId?: string;
};

/** One figure with its change against the previous period: ↑ / ↓ and the percentage. */
export function StatCard({ icon, title, value, exact, change, days, upIsGood = true, loading, testId }: Props) {
  const { t, lang } = useI18n();
  const good = change && change.direction !== 'flat' ? (change.direction === 'up') === upIsGood : null;
  const color = good === null ? 'text.secondary' : good ? 'success.main' : 'error.main';
  return (
    <Card variant="outlined" sx={{ height: '100%' }} data-testid={testId}>
      <CardContent sx={{ p: { xs: 1.5, sm: 2 }, '&:last-child': { pb: { xs: 1.5, sm: 2 } } }}>
        <Stack direction="row" spacing={1} alignItems="center" sx={{ color: 'text.secondary', mb: 1 }}>
          {icon}
          {/* a long title ("Average success rate" on a phone's half-width card) wraps rather than being cut */}
          <Typography variant="body2" sx={{ lineHeight: 1.3 }} data-testid="stat-title">{title}</Typography>
        </Stack>
        {loading ? <Skeleton variant="text" width="60%" sx={{ fontSize: '1.8rem' }} /> : (
          <Tooltip title={exact !== undefined && exact !== value ? exact : ''} placement="top-start">
            <Typography variant="h5" component="div" sx={{ fontWeight: 600, fontSize: { xs: '1.25rem', sm: '1.5rem' } }}
              data-testid="stat-value" data-exact={exact}>
              {value}
            </Typography>
          </Tooltip>
        )}
        {loading ? <Skeleton variant="text" width="40%" /> : (
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5, color, minHeight: 20 }} data-testid="stat-change">
            {change?.direction === 'up' && <ArrowUpwardIcon sx={{ fontSize: 14 }} />}
            {change?.direction === 'down' && <ArrowDownwardIcon sx={{ fontSize: 14 }} />}
            <Tooltip title={change?.kind === 'partial' ? t('previousExpiredHint', { days }) : ''} placement="bottom-start">
              <Typography variant="caption" color="inherit" data-kind={change?.kind}>{changeText(change, days, t, lang)}</Typography>
            </Tooltip>
          </Box>
        )}
      </CardContent>
    </Card>
  );
}

export type StatItem = { id: string; icon: ReactNode; title: string; value: string; exact?: string; change: Change; upIsGood?: boolean };

type GridProps = {
  items: StatItem[];
  /** length of the period, for "vs previous N days" */
  days: number;
  loading: boolean;
  size: Record<string, number>;
  testId: string;
  idPrefix: string;
  /** the figures could not be loaded: this (SectionError) instead of the cards */
  error?: ReactNode;
};

/** A row of stat cards; the grid sizes decide 4 / 6 across and 2 per row on phones. */
export function StatGrid({ items, days, loading, size, testId, idPrefix, error }: GridProps) {
  if (error) return <Box data-testid={testId}>{error}</Box>;
  return (
    <Grid container spacing={2} data-testid={testId}>
      {items.map((c) => (
        <Grid key={c.id} size={size}>
          <StatCard testId={`${idPrefix}-${c.id}`} icon={c.icon} title={c.title} value={c.value} exact={c.exact} change={c.change}
            upIsGood={c.upIsGood} days={days} loading={loading} />
        </Grid>
      ))}
    </Grid>
  );
}
