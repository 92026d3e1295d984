// The rule dialog's form: which fields each kind has, the same bounds the alerts service checks
// (RuleValidation; docs/alerts.md "Rules"), the body it sends, and where a refusal of the service
// belongs (its 400 detail starts with the field it is about).
import type { AlertKind, AlertRule, AlertRuleInput } from '../../shared/api/alerts';
import type { MessageKey } from '../../shared/i18n/messages';

export const KINDS: AlertKind[] = ['errorRate', 'p95Latency', 'budget', 'creditsBelow', 'daysBelow'];
export type Scope = 'account' | 'project' | 'model';
export type Period = 'day' | 'month';

export type RuleForm = {
  name: string;
  kind: AlertKind;
  enabled: boolean;
  scope: Scope;
  appDid: string;
  modelId: string;
  threshold: string;
  windowHours: string;
  minCalls: string;
  period: Period;
  notifyAt: number[];
  cooldownMinutes: string;
  webhookUrl: string;
};

export type Field = 'name' | 'kind' | 'appDid' | 'modelId' | 'threshold' | 'windowHours' | 'minCalls' | 'period' | 'notifyAt'
  | 'cooldownMinutes' | 'webhookUrl';
const FIELDS: Field[] = ['name', 'kind', 'appDid', 'modelId', 'threshold', 'windowHours', 'minCalls', 'period', 'notifyAt',
  'cooldownMinutes', 'webhookUrl'];

/** A problem with a field: a text of ours (with its values) or the service's own words. */
export type FieldError = { key: MessageKey; vars?: Record<string, string | number> } | { text: string };
export type FieldErrors = Partial<Record<Field, FieldError>>;

export const NOTIFY_AT_DEFAULT = [50, 80, 100];
export const NOTIFY_AT_MAX_COUNT = 5;
const AMOUNT_MAX = 1_000_000_000;
const LATENCY_MAX = 7 * 24 * 3600 * 1000;

/** Which fields a kind uses besides name, threshold, cooldown and the webhook. */
export function usesWindow(kind: AlertKind) { return kind === 'errorRate' || kind === 'p95Latency'; }
export function usesBudget(kind: AlertKind) { return kind === 'budget'; }
/** creditsBelow and daysBelow watch the whole account's credits: no project or model. */
export function usesScope(kind: AlertKind) { return kind !== 'creditsBelow' && kind !== 'daysBelow'; }

export function emptyForm(): RuleForm {
  return {
    name: '', kind: 'errorRate', enabled: true, scope: 'account', appDid: '', modelId: '', threshold: '5', windowHours: '1',
    minCalls: '20', period: 'month', notifyAt: NOTIFY_AT_DEFAULT, cooldownMinutes: '10', webhookUrl: '',
  };
}

/** A default threshold per kind when the kind changes, so the field never keeps a value of another unit. */
export const DEFAULT_THRESHOLD: Record<AlertKind, string> = {
  errorRate: '5', p95Latency: '2000', budget: '1000', creditsBelow: '100', daysBelow: '7',
};

export function formOf(rule: AlertRule): RuleForm {
  const scope: Scope = rule.modelId ? 'model' : rule.appDid ? 'project' : 'account';
  const empty = emptyForm();
  return {
    name: rule.name, kind: rule.kind, enabled: rule.enabled, scope, appDid: rule.appDid ?? '', modelId: rule.modelId ?? '',
    threshold: String(rule.threshold), windowHours: String(rule.windowHours ?? empty.windowHours),
    minCalls: String(rule.minCalls ?? empty.minCalls), period: rule.period ?? 'month', notifyAt: rule.notifyAt ?? NOTIFY_AT_DEFAULT,
    cooldownMinutes: String(rule.cooldownMinutes ?? empty.cooldownMinutes), webhookUrl: rule.webhookUrl ?? '',
  };
}

/** The body of create / replace: what the kind uses, null for the rest (the service refuses values it does not use). */
export function bodyOf(form: RuleForm): AlertRuleInput {
  const scoped = usesScope(form.kind);
  const windowed = usesWindow(form.kind);
  const budget = usesBudget(form.kind);
  return {
    name: form.name.trim(),
    kind: form.kind,
    enabled: form.enabled,
    appDid: scoped && form.scope !== 'account' ? form.appDid.trim() : null,
    modelId: scoped && form.scope === 'model' ? form.modelId.trim() : null,
    threshold: Number(form.threshold),
    windowHours: windowed ? Number(form.windowHours) : null,
    minCalls: windowed ? Number(form.minCalls) : null,
    period: budget ? form.period : null,
    notifyAt: budget ? [...form.notifyAt].sort((a, b) => a - b) : null,
    cooldownMinutes: Number(form.cooldownMinutes),
    webhookUrl: form.webhookUrl.trim() === '' ? null : form.webhookUrl.trim(),
  };
}

const isNumber = (s: string) => s.trim() !== '' && Number.isFinite(Number(s));
const isWhole = (s: string) => isNumber(s) && Number.isInteger(Number(s));

function wholeBetween(s: string, min: number, max: number): FieldError | undefined {
  return isWhole(s) && Number(s) >= min && Number(s) <= max ? undefined : { key: 'alertWholeNumber', vars: { min, max } };
}

/** The form's problems, field by field (empty: it may be sent). */
export function validateRule(form: RuleForm): FieldErrors {
  const errors: FieldErrors = {};
  if (form.name.trim() === '') errors.name = { key: 'alertRequired' };
  else if (form.name.length > 100) errors.name = { key: 'alertNameTooLong', vars: { max: 100 } };
  if (usesScope(form.kind) && form.scope !== 'account' && form.appDid.trim() === '') errors.appDid = { key: 'alertPickProject' };
  if (usesScope(form.kind) && form.scope === 'model' && form.modelId.trim() === '') errors.modelId = { key: 'alertPickModel' };
  const t = Number(form.threshold);
  if (!isNumber(form.threshold)) errors.threshold = { key: 'alertRequired' };
  else if (form.kind === 'errorRate' && (t < 0 || t > 100)) errors.threshold = { key: 'alertNumberRange', vars: { min: 0, max: 100 } };
  else if ((form.kind === 'p95Latency' || form.kind === 'budget') && t <= 0) errors.threshold = { key: 'mustBePositive' };
  else if (t < 0) errors.threshold = { key: 'mustBeNonNegative' };
  else if (t > (form.kind === 'p95Latency' ? LATENCY_MAX : AMOUNT_MAX)) {
    errors.threshold = { key: 'alertAtMost', vars: { max: form.kind === 'p95Latency' ? LATENCY_MAX : AMOUNT_MAX } };
  }
  if (usesWindow(form.kind)) {
    const w = wholeBetween(form.windowHours, 1, 24);
    if (w) errors.windowHours = w;
    const m = wholeBetween(form.minCalls, 1, 1_000_000_000);
    if (m) errors.minCalls = m;
  }
  if (usesBudget(form.kind)) {
    const ok = form.notifyAt.length >= 1 && form.notifyAt.length <= NOTIFY_AT_MAX_COUNT && new Set(form.notifyAt).size === form.notifyAt.length
      && form.notifyAt.every((p) => Number.isInteger(p) && p >= 1 && p <= 1000);
    if (!ok) errors.notifyAt = { key: 'alertNotifyAtRule' };
  }
  const c = wholeBetween(form.cooldownMinutes, 0, 1440);
  if (c) errors.cooldownMinutes = c;
  const url = form.webhookUrl.trim();
  if (url !== '' && !/^https?:\/\/[^/\s]+/i.test(url)) errors.webhookUrl = { key: 'alertUrlRule' };
  return errors;
}

/**
 * Where the service's 400 belongs: the field its detail starts with ("threshold must be …",
 * "webhookUrl cannot be used: …"), or undefined when it names none the form shows.
 */
export function fieldOfProblem(detail: string, problem?: unknown): Field | undefined {
  const named = (problem as { field?: unknown } | undefined)?.field;
  if (typeof named === 'string' && (FIELDS as string[]).includes(named)) return named as Field;
  const first = detail.trim().split(/\s+/)[0] ?? '';
  return (FIELDS as string[]).includes(first) ? first as Field : undefined;
}
