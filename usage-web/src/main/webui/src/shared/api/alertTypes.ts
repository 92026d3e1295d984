// Names for the alerts service's generated OpenAPI types (generated/usage-alerts.ts, from
// usage-alerts-service/target/openapi). Its document lists every field as optional and none as
// nullable, while the service always writes every field and writes null where docs/alerts.md says
// (a rule's unused fields, a resolved time while open, …): `Answer` makes the fields present and
// lets the named ones be null — the names are checked against the document, so a renamed field
// fails the type check.
import type { components } from './generated/usage-alerts';

type S = components['schemas'];
/** Every field present; those in `K` may be null. */
type Answer<T, K extends keyof T = never> =
  { [P in Exclude<keyof T, K>]-?: NonNullable<T[P]> } & { [P in K]-?: NonNullable<T[P]> | null };
/** A page of answers: its fields present, its items of type `I`. */
type Page<T extends { items?: unknown }, I> = Omit<Answer<T>, 'items'> & { items: I[] };
/** A body we send: the optional fields may also be null (the service reads null as absent). */
type Input<T> = { [P in keyof T]: undefined extends T[P] ? T[P] | null : T[P] };

export type AlertKind = NonNullable<S['Rule']['kind']>;
export type AlertRuleInput = Input<S['RuleInput']>;
export type AlertRule = Answer<S['Rule'], 'appDid' | 'modelId' | 'windowHours' | 'minCalls' | 'period' | 'notifyAt' | 'webhookUrl'>;
export type AlertRuleList = Page<S['RuleList'], AlertRule>;
export type AlertNotification = Answer<S['Notification'], 'ruleId' | 'ruleName' | 'value' | 'threshold' | 'notifyAt' | 'appDid' | 'modelId'>;
export type AlertNotificationPage = Page<S['NotificationPage'], AlertNotification>;
export type AlertEpisode = Answer<S['Episode'], 'appDid' | 'modelId' | 'slot' | 'openValue' | 'resolvedAt' | 'closeValue'>;
export type AlertEpisodePage = Page<S['EpisodePage'], AlertEpisode>;
/** One POST of a webhook: the HTTP status (null without an answer), why it failed, how long it took. */
export type AlertAttempt = Answer<S['Attempt'], 'status' | 'error'>;
/** A delivery (its attempts newest first); the document types event and state as plain strings. */
export type AlertDelivery = Omit<Answer<S['Delivery'], 'nextAttemptAt'>, 'attempts' | 'event' | 'state'> & {
  attempts: AlertAttempt[]; event: 'opened' | 'resolved'; state: 'pending' | 'delivered' | 'failed';
};
export type AlertDeliveryPage = Page<S['DeliveryPage'], AlertDelivery>;
