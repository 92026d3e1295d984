import CheckCircleOutlineIcon from '@mui/icons-material/CheckCircleOutline';
import PaymentsOutlinedIcon from '@mui/icons-material/PaymentsOutlined';
import SwapHorizIcon from '@mui/icons-material/SwapHoriz';
import TokenOutlinedIcon from '@mui/icons-material/TokenOutlined';
import type { Overview } from '../../shared/api/types';
import type { ApiState } from '../../shared/api/useApi';
import { useI18n } from '../../shared/i18n/I18n';
import { formatCompact, formatCredits, formatCreditsExact, formatInteger, formatRate } from '../../shared/lib/format';
import { changeBetween, changeVsPrevious, rateChange, type Change } from '../../shared/lib/series';
import { SectionError } from '../../shared/ui/SectionError';
import { StatGrid, type StatItem } from '../../shared/ui/StatCard';

type Props = { overview: Pick<ApiState<Overview>, 'data' | 'initialLoading' | 'reloading' | 'error' | 'retry'>; days: number };

/** Four cards, 4 across on desktop and 2×2 on phones, each with its change vs the previous period. */
export function OverviewCards({ overview: state, days }: Props) {
  const { t, lang } = useI18n();
  const overview = state.data;
  const p = overview?.previous;
  // a partly expired previous period: no change is claimed (docs/web.md "Expired data")
  const vs = (change: Change) => changeVsPrevious(change, p);
  const cards: StatItem[] = [
    { id: 'calls', icon: <SwapHorizIcon fontSize="small" />, title: t('totalCalls'), value: formatCompact(overview?.totalCalls, lang),
      exact: formatInteger(overview?.totalCalls, lang), change: vs(changeBetween(overview?.totalCalls, p?.totalCalls)) },
    { id: 'tokens', icon: <TokenOutlinedIcon fontSize="small" />, title: t('totalTokens'), value: formatCompact(overview?.totalTokens, lang),
      exact: formatInteger(overview?.totalTokens, lang), change: vs(changeBetween(overview?.totalTokens, p?.totalTokens)) },
    { id: 'credits', icon: <PaymentsOutlinedIcon fontSize="small" />, title: t('totalCredits'), value: formatCredits(overview?.totalCredits, lang),
      exact: formatCreditsExact(overview?.totalCredits, lang), change: vs(changeBetween(overview?.totalCredits, p?.totalCredits)) },
    { id: 'success', icon: <CheckCircleOutlineIcon fontSize="small" />, title: t('avgSuccessRate'), value: formatRate(overview?.successRate, lang),
      change: vs(rateChange(overview?.successRate, p?.successRate)) },
  ];
  const error = state.error !== undefined
    ? <SectionError what={t('overview')} error={state.error} onRetry={state.retry} /> : undefined;
  return <StatGrid items={cards} days={days} loading={state.initialLoading || state.reloading} size={{ xs: 6, md: 3 }} testId="overview-cards" idPrefix="overview"
    error={error} />;
}
