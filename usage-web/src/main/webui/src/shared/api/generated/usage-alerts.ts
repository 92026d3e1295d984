// Generated from usage-alerts-service/target/openapi/openapi.json by scripts/generate-api-types.mjs. Do not edit.
export interface paths {
    "/api/usage/alerts/episodes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Episodes of the caller's rules, newest first (by openedAt)
         * @description state=open: only episodes not resolved yet; all (default): every episode. Episodes of a deleted rule are gone.
         */
        get: operations["listAlertEpisodes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/usage/alerts/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's notifications, newest first, and how many are unread
         * @description unread=true: only unread ones (total counts them); unread is the count of all unread ones either way.
         */
        get: operations["listAlertNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/usage/alerts/notifications/read-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark all of the caller's notifications read */
        post: operations["markAllAlertNotificationsRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/usage/alerts/notifications/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark one of the caller's notifications read (again: no change) */
        post: operations["markAlertNotificationRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/usage/alerts/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's alert rules, oldest first (at most 100) */
        get: operations["listAlertRules"];
        put?: never;
        /**
         * Create a rule; the answer carries its webhookSecret
         * @description Defaults: enabled true, cooldownMinutes 10; errorRate/p95Latency windowHours 1, minCalls 20; budget notifyAt [50, 80, 100]. A webhookUrl must be http(s) on a public address.
         */
        post: operations["createAlertRule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/usage/alerts/rules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of the caller's rules */
        get: operations["getAlertRule"];
        /**
         * Replace one of the caller's rules
         * @description Every field as on create (absent ones take their defaults); id, webhookSecret and createdAt are kept.
         */
        put: operations["replaceAlertRule"];
        post?: never;
        /**
         * Delete one of the caller's rules
         * @description Its open episodes end without a notification; its notifications stay (ruleId null).
         */
        delete: operations["deleteAlertRule"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/usage/alerts/rules/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The webhook delivery log of one of the caller's rules
         * @description Deliveries newest first, each with every attempt (HTTP status, error, duration), newest first.
         */
        get: operations["listAlertRuleDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Attempt: {
            /** Format: int32 */
            attempt?: number;
            /** Format: int64 */
            at?: number;
            /**
             * Format: int32
             * @description HTTP status; null without an answer
             */
            status?: number | null;
            /** @description Why it failed; null on 2xx */
            error?: string | null;
            /** Format: int32 */
            durationMs?: number;
        };
        Delivery: {
            id?: components["schemas"]["UUID"];
            /** Format: int64 */
            notificationId?: number;
            /** Format: int64 */
            episodeId?: number;
            event?: string;
            url?: string;
            state?: string;
            /**
             * Format: int64
             * @description Unix seconds; null unless pending
             */
            nextAttemptAt?: number | null;
            /** Format: int64 */
            createdAt?: number;
            attempts?: components["schemas"]["Attempt"][];
        };
        DeliveryPage: {
            items?: components["schemas"]["Delivery"][];
            /** Format: int64 */
            total?: number;
            /** Format: int32 */
            page?: number;
            /** Format: int32 */
            pageSize?: number;
        };
        Episode: {
            /** Format: int64 */
            id?: number;
            ruleId?: components["schemas"]["UUID"];
            ruleName?: string;
            /** @enum {string} */
            kind?: "errorRate" | "p95Latency" | "budget" | "creditsBelow" | "daysBelow";
            appDid?: string | null;
            modelId?: string | null;
            /** @description Budgets: which period and percentage the episode is for; null for other kinds */
            slot?: string | null;
            /** @enum {string} */
            state?: "open" | "resolved";
            /**
             * Format: int64
             * @description Unix seconds
             */
            openedAt?: number;
            /** @description The measured value when it opened */
            openValue?: number;
            /**
             * Format: int64
             * @description Unix seconds; null while open
             */
            resolvedAt?: number | null;
            /** @description The measured value when it resolved; null while open */
            closeValue?: number | null;
        };
        EpisodePage: {
            items?: components["schemas"]["Episode"][];
            /** Format: int64 */
            total?: number;
            /** Format: int32 */
            page?: number;
            /** Format: int32 */
            pageSize?: number;
        };
        Notification: {
            /** Format: int64 */
            id?: number;
            /**
             * Format: uuid
             * @description null once the rule was deleted
             */
            ruleId?: string | null;
            ruleName?: string | null;
            /** @enum {string} */
            kind?: "errorRate" | "p95Latency" | "budget" | "creditsBelow" | "daysBelow";
            /** @enum {string} */
            event?: "opened" | "resolved";
            /**
             * Format: int64
             * @description Unix seconds
             */
            at?: number;
            read?: boolean;
            /** Format: int64 */
            episodeId?: number;
            /** @description The measured value */
            value?: number | null;
            /** @description The rule's threshold */
            threshold?: number | null;
            /**
             * Format: int32
             * @description Budgets: the percentage of the budget reached; null for other kinds
             */
            notifyAt?: number | null;
            appDid?: string | null;
            modelId?: string | null;
            message?: string;
        };
        NotificationPage: {
            /**
             * Format: int64
             * @description The caller's unread notifications (whatever the filter)
             */
            unread?: number;
            /**
             * Format: int64
             * @description Notifications matching the filter
             */
            total?: number;
            /** Format: int32 */
            page?: number;
            /** Format: int32 */
            pageSize?: number;
            items?: components["schemas"]["Notification"][];
        };
        Problem: {
            type?: string;
            title?: string;
            /** Format: int32 */
            status?: number;
            detail?: string;
        };
        Rule: {
            id?: components["schemas"]["UUID"];
            name?: string;
            /** @enum {string} */
            kind?: "errorRate" | "p95Latency" | "budget" | "creditsBelow" | "daysBelow";
            enabled?: boolean;
            /** @description The project; null: the user's whole usage (always for creditsBelow/daysBelow) */
            appDid?: string | null;
            /** @description The model of the project; null: every model */
            modelId?: string | null;
            threshold?: number;
            /**
             * Format: int32
             * @description errorRate/p95Latency; null for other kinds
             */
            windowHours?: number | null;
            /**
             * Format: int32
             * @description errorRate/p95Latency; null for other kinds
             */
            minCalls?: number | null;
            /**
             * @description budget; null for other kinds
             * @enum {string|null}
             */
            period?: "day" | "month" | null;
            /** @description budget, ascending; null for other kinds */
            notifyAt?: number[] | null;
            /** Format: int32 */
            cooldownMinutes?: number;
            /** @description null: no webhook */
            webhookUrl?: string | null;
            /** @description HMAC-SHA256 key of the webhook signature (whsec_…); made at create, kept on replace */
            webhookSecret?: string;
            /**
             * Format: int64
             * @description Unix seconds
             */
            createdAt?: number;
            /**
             * Format: int64
             * @description Unix seconds of the last replace (createdAt until then)
             */
            updatedAt?: number;
            /**
             * @description firing: an episode of the rule is open; ok; disabled: enabled is false
             * @enum {string}
             */
            state?: "ok" | "firing" | "disabled";
        };
        /** @description A rule as written by the client. Fields a kind does not use must be absent or null; id, webhookSecret, createdAt, updatedAt and state may be sent back as read and are ignored; any other field is a 400. */
        RuleInput: {
            /** @description 1-100 characters */
            name: string;
            /** @enum {string} */
            kind: "errorRate" | "p95Latency" | "budget" | "creditsBelow" | "daysBelow";
            /** @description Default true */
            enabled?: boolean | null;
            /** @description One project (1-256 characters); absent: the user's whole usage. Not used by creditsBelow/daysBelow */
            appDid?: string | null;
            /** @description One model of the project (1-256 characters); only with appDid */
            modelId?: string | null;
            /** @description errorRate: percent 0-100; p95Latency: ms > 0; budget: credits > 0; creditsBelow: credits >= 0; daysBelow: days >= 0 */
            threshold: number;
            /**
             * Format: int32
             * @description errorRate/p95Latency: 1-24, default 1
             */
            windowHours?: number | null;
            /**
             * Format: int32
             * @description errorRate/p95Latency: >= 1, default 20
             */
            minCalls?: number | null;
            /**
             * @description budget (required): day or month (UTC)
             * @enum {string|null}
             */
            period?: "day" | "month" | null;
            /** @description budget: 1-5 distinct percentages 1-1000, default [50, 80, 100]; stored ascending */
            notifyAt?: number[] | null;
            /**
             * Format: int32
             * @description 0-1440, default 10
             */
            cooldownMinutes?: number | null;
            /** @description https:// or http:// URL of a public host; absent, null or empty: no webhook */
            webhookUrl?: string | null;
        };
        RuleList: {
            items?: components["schemas"]["Rule"][];
            /** Format: int32 */
            total?: number;
        };
        /** Format: uuid */
        UUID: string;
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listAlertEpisodes: {
        parameters: {
            query?: {
                page?: string;
                pageSize?: string;
                /** @description open or all (default) */
                state?: "open" | "all";
                /** @description Admins only: act for this user */
                userDid?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EpisodePage"];
                };
            };
            /** @description A parameter is malformed or out of bounds */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No, bad or expired token, or a token without a user */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description userDid names another user and the caller is not an admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry after the given seconds */
            503: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAlertNotifications: {
        parameters: {
            query?: {
                page?: string;
                pageSize?: string;
                /** @description true: only unread notifications */
                unread?: boolean;
                /** @description Admins only: act for this user */
                userDid?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationPage"];
                };
            };
            /** @description A parameter is malformed or out of bounds */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No, bad or expired token, or a token without a user */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description userDid names another user and the caller is not an admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry after the given seconds */
            503: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    markAllAlertNotificationsRead: {
        parameters: {
            query?: {
                /** @description Admins only: act for this user */
                userDid?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description All read */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A parameter is malformed or out of bounds */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No, bad or expired token, or a token without a user */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description userDid names another user and the caller is not an admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry after the given seconds */
            503: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    markAlertNotificationRead: {
        parameters: {
            query?: {
                /** @description Admins only: act for this user */
                userDid?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Read */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A parameter is malformed or out of bounds */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No, bad or expired token, or a token without a user */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description userDid names another user and the caller is not an admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller has no such notification */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry after the given seconds */
            503: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAlertRules: {
        parameters: {
            query?: {
                /** @description Admins only: act for this user */
                userDid?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleList"];
                };
            };
            /** @description A parameter or the body is malformed or out of bounds; the detail names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No, bad or expired token, or a token without a user */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description userDid names another user and the caller is not an admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry after the given seconds */
            503: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createAlertRule: {
        parameters: {
            query?: {
                /** @description Admins only: act for this user */
                userDid?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RuleInput"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    /** @description The rule's path */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Rule"];
                };
            };
            /** @description A parameter or the body is malformed or out of bounds; the detail names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No, bad or expired token, or a token without a user */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description userDid names another user and the caller is not an admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The user has 100 rules already */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry after the given seconds */
            503: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAlertRule: {
        parameters: {
            query?: {
                /** @description Admins only: act for this user */
                userDid?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Rule"];
                };
            };
            /** @description A parameter or the body is malformed or out of bounds; the detail names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No, bad or expired token, or a token without a user */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description userDid names another user and the caller is not an admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller has no such rule */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry after the given seconds */
            503: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replaceAlertRule: {
        parameters: {
            query?: {
                /** @description Admins only: act for this user */
                userDid?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RuleInput"];
            };
        };
        responses: {
            /** @description The rule as stored */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Rule"];
                };
            };
            /** @description A parameter or the body is malformed or out of bounds; the detail names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No, bad or expired token, or a token without a user */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description userDid names another user and the caller is not an admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller has no such rule */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry after the given seconds */
            503: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteAlertRule: {
        parameters: {
            query?: {
                /** @description Admins only: act for this user */
                userDid?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A parameter or the body is malformed or out of bounds; the detail names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No, bad or expired token, or a token without a user */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description userDid names another user and the caller is not an admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller has no such rule */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry after the given seconds */
            503: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAlertRuleDeliveries: {
        parameters: {
            query?: {
                page?: string;
                pageSize?: string;
                /** @description Admins only: act for this user */
                userDid?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryPage"];
                };
            };
            /** @description A parameter or the body is malformed or out of bounds; the detail names the field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No, bad or expired token, or a token without a user */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description userDid names another user and the caller is not an admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller has no such rule */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; retry after the given seconds */
            503: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
