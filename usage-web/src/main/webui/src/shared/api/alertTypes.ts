// Names for the alerts service's generated OpenAPI types (generated/usage-alerts.ts, from
// usage-alerts-service/target/openapi). Its document marks nullable the fields the service writes
// null in (docs/alerts.md: a rule's unused fields, a resolved time while open, …), so the generated
// types say `| null` there; it lists every field as optional while the service always writes every
// field: `Answer` makes them present.
import type { components } from './generated/usage-alerts';

type S = components['schemas'];
/** Every field present (null only where the document says nullable). */
type Answer<T> = Required<T>;
/** A page of answers: its fields present, its items of type `I`. */
type Page<T extends { items?: unknown }, I> = Omit<Answer<T>, 'items'> & { items: I[] };

export type AlertKind = NonNullable<S['Rule']['kind']>;
/** A body we send: the optional fields may be absent or null (the service reads null as absent). */
export type AlertRuleInput = S['RuleInput'];
export type AlertRule = Answer<S['Rule']>;
export type AlertRuleList = Page<S['RuleList'], AlertRule>;
export type AlertNotification = Answer<S['Notification']>;
export type AlertNotificationPage = Page<S['NotificationPage'], AlertNotification>;
export type AlertEpisode = Answer<S['Episode']>;
export type AlertEpisodePage = Page<S['EpisodePage'], AlertEpisode>;
/** One POST of a webhook: the HTTP status (null without an answer), why it failed, how long it took. */
export type AlertAttempt = Answer<S['Attempt']>;
/** A delivery (its attempts newest first); the document types event and state as plain strings. */
export type AlertDelivery = Omit<Answer<S['Delivery']>, 'attempts' | 'event' | 'state'> & {
  attempts: AlertAttempt[]; event: 'opened' | 'resolved'; state: 'pending' | 'delivered' | 'failed';
};
export type AlertDeliveryPage = Page<S['DeliveryPage'], AlertDelivery>;
