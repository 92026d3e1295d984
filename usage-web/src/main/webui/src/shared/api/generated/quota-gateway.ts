// Generated from quota-gateway-service/target/openapi/openapi.json by scripts/generate-api-types.mjs. Do not edit.
export interface paths {
    "/api/admin/credits/grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Grant credits to a user (paid or promotional, optional expiry in Unix seconds) */
        post: operations["grantCredits"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/usage/quota": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Credits granted, remaining, used, and the days they last at the last 30 days' pace
         * @description estimatedDaysRemaining is null when nothing was spent in 30 days, 0 when nothing remains. While the billing backend is down the last known value is returned with stale: true (asOf = when it was read).
         */
        get: operations["getQuota"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/usage/quota-details": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's credit transactions, newest first, with signed amounts */
        get: operations["listCreditTransactions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/usage/quota/auto-recharge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's auto-recharge settings (disabled defaults when never set) */
        get: operations["getAutoRecharge"];
        /**
         * Save the caller's auto-recharge settings
         * @description threshold >= 0, quantity > 0, dailyLimit.maxAttempts 0-100, dailyLimit.maxAmount >= 0
         */
        put: operations["saveAutoRecharge"];
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
        AutoRecharge: {
            enabled?: boolean;
            threshold?: number;
            quantity?: number;
            dailyLimit?: components["schemas"]["DailyLimit"];
        };
        CreditTransaction: {
            id?: string;
            amount?: number;
            type?: string;
            /** Format: int64 */
            createdAt?: number;
            description?: string | null;
            /** @description free-form JSON, as payment-kit or the ledger stored it */
            metadata?: ((components["schemas"]["JsonObject"] | null) | null) | components["schemas"]["JsonObject"] | null;
        };
        DailyLimit: {
            /** Format: int32 */
            maxAttempts?: number;
            maxAmount?: number;
        };
        GrantRequest: {
            userDid?: string;
            amount?: number;
            /** @description paid (default) | promotional */
            category?: string;
            /**
             * Format: int64
             * @description Unix seconds; none = never expires
             */
            expiresAt?: number | null;
            name?: string | null;
        };
        Granted: {
            id?: string;
        };
        /** @description Free-form JSON object */
        JsonObject: {
            [key: string]: unknown;
        };
        Problem: {
            type?: string;
            title?: string;
            /** Format: int32 */
            status?: number;
            detail?: string;
        };
        Quota: {
            total?: number;
            remaining?: number;
            used?: number;
            /**
             * Format: double
             * @description remaining / (credits spent in the last 30 days / 30); null when nothing was spent, 0 when nothing remains
             */
            estimatedDaysRemaining?: number | null;
            currency?: string;
            /** Format: int64 */
            asOf?: number;
            stale?: boolean;
        };
        TransactionPage: {
            list?: components["schemas"]["CreditTransaction"][];
            /** Format: int64 */
            count?: number;
            /** Format: int32 */
            page?: number;
            /** Format: int32 */
            pageSize?: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    grantCredits: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GrantRequest"];
            };
        };
        responses: {
            /** @description Granted */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Granted"];
                };
            };
            /** @description The body is not a valid grant */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No, bad or expired token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token lacks the admin role */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Credits are kept in payment-kit; grant them there */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getQuota: {
        parameters: {
            query?: {
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
                    "application/json": components["schemas"]["Quota"];
                };
            };
            /** @description A parameter or the body is malformed or out of bounds */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No, bad or expired token */
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
            /** @description The billing backend is down and no value is known yet */
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
    listCreditTransactions: {
        parameters: {
            query?: {
                page?: string;
                pageSize?: string;
                type?: string;
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
                    "application/json": components["schemas"]["TransactionPage"];
                };
            };
            /** @description A parameter or the body is malformed or out of bounds */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No, bad or expired token */
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
            /** @description The billing backend is unavailable; retry after the given seconds */
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
    getAutoRecharge: {
        parameters: {
            query?: {
                userDid?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The settings */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AutoRecharge"];
                };
            };
            /** @description A parameter or the body is malformed or out of bounds */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No, bad or expired token */
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
            /** @description The billing backend is unavailable; retry after the given seconds */
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
    saveAutoRecharge: {
        parameters: {
            query?: {
                userDid?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AutoRecharge"];
            };
        };
        responses: {
            /** @description The settings as saved */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AutoRecharge"];
                };
            };
            /** @description A parameter or the body is malformed or out of bounds */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No, bad or expired token */
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
            /** @description The billing backend is unavailable; retry after the given seconds */
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
