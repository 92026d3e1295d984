import CheckCircleOutlineIcon from '@mui/icons-material/CheckCircleOutline';
import PaymentsOutlinedIcon from '@mui/icons-material/PaymentsOutlined';
import SpeedIcon from '@mui/icons-material/Speed';
import SwapHorizIcon from '@mui/icons-material/SwapHoriz';
import TimerOutlinedIcon from '@mui/icons-material/TimerOutlined';
import TokenOutlinedIcon from '@mui/icons-material/TokenOutlined';
import type { ProjectStats as Stats } from '../../shared/api/types';
import type { ApiState } from '../../shared/api/useApi';
import { useI18n } from '../../shared/i18n/I18n';
import { formatCompact, formatCredits, formatCreditsExact, formatDuration, formatInteger, formatRate } from '../../shared/lib/format';
import { changeBetween, changeVsPrevious, rateChange, type Change } from '../../shared/lib/series';
import { SectionError } from '../../shared/ui/SectionError';
import { StatGrid, type StatItem } from '../../shared/ui/StatCard';

type Props = { stats: Pick<ApiState<Stats>, 'data' | 'initialLoading' | 'reloading' | 'error' | 'retry'>; days: number };

/** Six cards (6 across, 2×3 on phones): calls, tokens, credits, success rate, avg and P95 latency. */
export function ProjectStats({ stats: state, days }: Props) {
  const { t, lang } = useI18n();
  const stats = state.data;
  const p = stats?.previous;
  // a partly expired previous period: no change is claimed (docs/web.md "Expired data")
  const vs = (change: Change) => changeVsPrevious(change, p);
  const cards: StatItem[] = [
    { id: 'calls', icon: <SwapHorizIcon fontSize="small" />, title: t('calls'), value: formatCompact(stats?.totalCalls, lang),
      exact: formatInteger(stats?.totalCalls, lang), change: vs(changeBetween(stats?.totalCalls, p?.totalCalls)) },
    { id: 'tokens', icon: <TokenOutlinedIcon fontSize="small" />, title: t('tokens'), value: formatCompact(stats?.totalTokens, lang),
      exact: formatInteger(stats?.totalTokens, lang), change: vs(changeBetween(stats?.totalTokens, p?.totalTokens)) },
    { id: 'credits', icon: <PaymentsOutlinedIcon fontSize="small" />, title: t('credits'), value: formatCredits(stats?.totalCredits, lang),
      exact: formatCreditsExact(stats?.totalCredits, lang), change: vs(changeBetween(stats?.totalCredits, p?.totalCredits)) },
    { id: 'success', icon: <CheckCircleOutlineIcon fontSize="small" />, title: t('successRate'), value: formatRate(stats?.successRate, lang),
      change: vs(rateChange(stats?.successRate, p?.successRate)) },
    { id: 'avg', icon: <TimerOutlinedIcon fontSize="small" />, title: t('avgLatency'), value: formatDuration(stats?.avgDuration, lang),
      change: vs(changeBetween(stats?.avgDuration, p?.avgDuration)), upIsGood: false },
    { id: 'p95', icon: <SpeedIcon fontSize="small" />, title: t('p95Latency'), value: formatDuration(stats?.p95Duration, lang),
      change: vs(changeBetween(stats?.p95Duration, p?.p95Duration)), upIsGood: false },
  ];
  const error = state.error !== undefined
    ? <SectionError what={t('projectStats')} error={state.error} onRetry={state.retry} /> : undefined;
  return <StatGrid items={cards} days={days} loading={state.initialLoading || state.reloading} size={{ xs: 6, sm: 4, lg: 2 }} testId="project-stats"
    idPrefix="stat" error={error} />;
}
