import CheckCircleOutlineIcon from '@mui/icons-material/CheckCircleOutline';
import PaymentsOutlinedIcon from '@mui/icons-material/PaymentsOutlined';
import SwapHorizIcon from '@mui/icons-material/SwapHoriz';
import TokenOutlinedIcon from '@mui/icons-material/TokenOutlined';
import type { Overview } from '../../shared/api/types';
import { useI18n } from '../../shared/i18n/I18n';
import { formatCompact, formatCredits, formatRate } from '../../shared/lib/format';
import { changeBetween, rateChange } from '../../shared/lib/series';
import { StatGrid, type StatItem } from '../../shared/ui/StatCard';

/** Four cards, 4 across on desktop and 2×2 on phones, each with its change vs the previous period. */
export function OverviewCards({ overview, days, loading }: { overview?: Overview; days: number; loading: boolean }) {
  const { t, lang } = useI18n();
  const p = overview?.previous;
  const cards: StatItem[] = [
    { id: 'calls', icon: <SwapHorizIcon fontSize="small" />, title: t('totalCalls'), value: formatCompact(overview?.totalCalls, lang),
      change: changeBetween(overview?.totalCalls, p?.totalCalls) },
    { id: 'tokens', icon: <TokenOutlinedIcon fontSize="small" />, title: t('totalTokens'), value: formatCompact(overview?.totalTokens, lang),
      change: changeBetween(overview?.totalTokens, p?.totalTokens) },
    { id: 'credits', icon: <PaymentsOutlinedIcon fontSize="small" />, title: t('totalCredits'), value: formatCredits(overview?.totalCredits, lang),
      change: changeBetween(overview?.totalCredits, p?.totalCredits) },
    { id: 'success', icon: <CheckCircleOutlineIcon fontSize="small" />, title: t('avgSuccessRate'), value: formatRate(overview?.successRate, lang),
      change: rateChange(overview?.successRate, p?.successRate) },
  ];
  return <StatGrid items={cards} days={days} loading={loading} size={{ xs: 6, md: 3 }} testId="overview-cards" idPrefix="overview" />;
}
