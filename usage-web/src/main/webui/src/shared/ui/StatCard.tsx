import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import { Box, Card, CardContent, Grid, Skeleton, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18n';
import type { Change } from '../lib/series';

type Props = {
  icon: ReactNode;
  title: string;
  value: string;
  change: Change;
  /** "vs previous 30 days" */
  comparedTo: string;
  noComparison: string;
  /** for latency, up is bad: colour the arrow accordingly */
  upIsGood?: boolean;
  loading?: boolean;
  testId?: string;
};

/** One figure with its change against the previous period: ↑ / ↓ and the percentage. */
export function StatCard({ icon, title, value, change, comparedTo, noComparison, upIsGood = true, loading, testId }: Props) {
  const { t } = useI18n();
  const good = change && change.direction !== 'flat' ? (change.direction === 'up') === upIsGood : null;
  const color = good === null ? 'text.secondary' : good ? 'success.main' : 'error.main';
  return (
    <Card variant="outlined" sx={{ height: '100%' }} data-testid={testId}>
      <CardContent sx={{ p: { xs: 1.5, sm: 2 }, '&:last-child': { pb: { xs: 1.5, sm: 2 } } }}>
        <Stack direction="row" spacing={1} alignItems="center" sx={{ color: 'text.secondary', mb: 1 }}>
          {icon}
          <Typography variant="body2" noWrap>{title}</Typography>
        </Stack>
        {loading ? <Skeleton variant="text" width="60%" sx={{ fontSize: '1.8rem' }} /> : (
          <Typography variant="h5" component="div" sx={{ fontWeight: 600, fontSize: { xs: '1.25rem', sm: '1.5rem' } }} data-testid="stat-value">
            {value}
          </Typography>
        )}
        {loading ? <Skeleton variant="text" width="40%" /> : (
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5, color, minHeight: 20 }} data-testid="stat-change">
            {change?.direction === 'up' && <ArrowUpwardIcon sx={{ fontSize: 14 }} />}
            {change?.direction === 'down' && <ArrowDownwardIcon sx={{ fontSize: 14 }} />}
            <Typography variant="caption" color="inherit">
              {change ? `${change.percent}${change.points ? ` ${t('percentPoints')}` : '%'} ${comparedTo}` : noComparison}
            </Typography>
          </Box>
        )}
      </CardContent>
    </Card>
  );
}

export type StatItem = { id: string; icon: ReactNode; title: string; value: string; change: Change; upIsGood?: boolean };

type GridProps = {
  items: StatItem[];
  /** length of the period, for "vs previous N days" */
  days: number;
  loading: boolean;
  size: Record<string, number>;
  testId: string;
  idPrefix: string;
};

/** A row of stat cards; the grid sizes decide 4 / 6 across and 2 per row on phones. */
export function StatGrid({ items, days, loading, size, testId, idPrefix }: GridProps) {
  const { t } = useI18n();
  return (
    <Grid container spacing={2} data-testid={testId}>
      {items.map((c) => (
        <Grid key={c.id} size={size}>
          <StatCard testId={`${idPrefix}-${c.id}`} icon={c.icon} title={c.title} value={c.value} change={c.change} upIsGood={c.upIsGood}
            comparedTo={t('vsPrevious', { days })} noComparison={t('noComparison')} loading={loading} />
        </Grid>
      ))}
    </Grid>
  );
}
