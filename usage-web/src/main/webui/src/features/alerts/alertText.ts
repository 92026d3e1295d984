// How the alerts' values read on the bell and the Alerts page: a relative time, a rule's condition
// in one line, its scope.
import type { AlertKind, AlertRule } from '../../shared/api/alerts';
import type { MessageKey } from '../../shared/i18n/messages';
import { formatCompact, formatCredits, formatDuration, formatInteger, type Lang } from '../../shared/lib/format';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [['day', 86_400], ['hour', 3_600], ['minute', 60]];

/** "5 minutes ago", "yesterday", "3 天前"; under a minute "now". */
export function relativeTime(unixSeconds: number, lang: Lang, now: number = Date.now()): string {
  const seconds = Math.round(unixSeconds - now / 1000);
  const format = new Intl.RelativeTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-US', { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(0, 'second');
}

export function kindLabel(kind: AlertKind, t: T): string {
  return t(`alertKind_${kind}` as MessageKey);
}

/** A rule's threshold with its unit: 5%, 2.00 s, 1,000.00 credits, 7 days. */
export function thresholdText(kind: AlertKind, threshold: number | null | undefined, lang: Lang, t: T): string {
  if (threshold === null || threshold === undefined) return '–';
  switch (kind) {
    case 'errorRate': return `${formatCompact(threshold, lang)}%`;
    case 'p95Latency': return formatDuration(threshold, lang);
    case 'budget':
    case 'creditsBelow': return t('creditsAmount', { amount: formatCredits(threshold, lang) });
    case 'daysBelow': return t('daysValue', { days: threshold });
  }
}

/** The condition in one line: "errors > 5% over 1 h (at least 20 calls)", "1,000.00 credits a month · at 50%, 80%, 100%". */
export function conditionText(rule: Pick<AlertRule, 'kind' | 'threshold' | 'windowHours' | 'minCalls' | 'period' | 'notifyAt'>, lang: Lang, t: T): string {
  const threshold = thresholdText(rule.kind, rule.threshold, lang, t);
  switch (rule.kind) {
    case 'errorRate':
    case 'p95Latency':
      return t(`alertSummary_${rule.kind}`, { threshold, hours: rule.windowHours ?? 1, minCalls: formatInteger(rule.minCalls ?? 20, lang) });
    case 'budget':
      return t('alertSummary_budget', {
        threshold, period: t(rule.period === 'day' ? 'alertPeriodWord_day' : 'alertPeriodWord_month'),
        notifyAt: (rule.notifyAt ?? []).map((p) => `${p}%`).join(', '),
      });
    default:
      return t(`alertSummary_${rule.kind}`, { threshold });
  }
}

/** Whole account, a project (its name when known), or a model of a project. */
export function scopeText(appDid: string | null | undefined, modelId: string | null | undefined, names: Map<string, string>, t: T): string {
  if (!appDid) return t('alertScope_account');
  const project = names.get(appDid) ?? appDid;
  return modelId ? t('alertScopeModel', { model: modelId, project }) : project;
}
