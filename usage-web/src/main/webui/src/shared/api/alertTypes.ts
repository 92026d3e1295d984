// The alerts service's answers (usage-alerts-service, docs/alerts.md), written by hand from its
// records (RuleAnswer, RuleInput, NotificationAnswer, EpisodeAnswer, DeliveryLog) until its stored
// OpenAPI document holds them; then these become names for the generated types, like types.ts.

export type AlertKind = 'errorRate' | 'p95Latency' | 'budget' | 'creditsBelow' | 'daysBelow';

/** A rule as written (create, replace): fields a kind does not use are null. */
export type AlertRuleInput = {
  name: string;
  kind: AlertKind;
  enabled?: boolean | null;
  appDid?: string | null;
  modelId?: string | null;
  threshold: number;
  windowHours?: number | null;
  minCalls?: number | null;
  period?: 'day' | 'month' | null;
  notifyAt?: number[] | null;
  cooldownMinutes?: number | null;
  webhookUrl?: string | null;
};

export type AlertRule = {
  id: string;
  name: string;
  kind: AlertKind;
  enabled: boolean;
  appDid?: string | null;
  modelId?: string | null;
  threshold: number;
  windowHours?: number | null;
  minCalls?: number | null;
  period?: 'day' | 'month' | null;
  notifyAt?: number[] | null;
  cooldownMinutes: number;
  webhookUrl?: string | null;
  webhookSecret?: string | null;
  /** Unix seconds */
  createdAt: number;
  updatedAt?: number;
  state: 'ok' | 'firing' | 'disabled';
};

export type AlertRuleList = { items: AlertRule[]; total: number };

export type AlertNotification = {
  id: number;
  /** null once the rule was deleted */
  ruleId?: string | null;
  ruleName?: string | null;
  kind: AlertKind;
  event: 'opened' | 'resolved';
  /** Unix seconds */
  at: number;
  read: boolean;
  episodeId?: number;
  value?: number | null;
  threshold?: number | null;
  notifyAt?: number | null;
  appDid?: string | null;
  modelId?: string | null;
  message: string;
};

/** `unread`: all the caller's unread notifications, whatever the filter */
export type AlertNotificationPage = { unread: number; total: number; page: number; pageSize: number; items: AlertNotification[] };

export type AlertEpisode = {
  id: number;
  ruleId: string;
  ruleName: string;
  kind: AlertKind;
  appDid?: string | null;
  modelId?: string | null;
  slot?: string | null;
  state: 'open' | 'resolved';
  openedAt: number;
  openValue?: number | null;
  resolvedAt?: number | null;
  closeValue?: number | null;
};

export type AlertEpisodePage = { items: AlertEpisode[]; total: number; page: number; pageSize: number };

/** One POST of a webhook: the HTTP status (null without an answer), why it failed, how long it took. */
export type AlertAttempt = { attempt: number; at: number; status?: number | null; error?: string | null; durationMs: number };

export type AlertDelivery = {
  id: string;
  notificationId: number;
  episodeId: number;
  event: 'opened' | 'resolved';
  url: string;
  state: 'pending' | 'delivered' | 'failed';
  nextAttemptAt?: number | null;
  createdAt: number;
  /** newest first */
  attempts: AlertAttempt[];
};

export type AlertDeliveryPage = { total: number; page: number; pageSize: number; items: AlertDelivery[] };
