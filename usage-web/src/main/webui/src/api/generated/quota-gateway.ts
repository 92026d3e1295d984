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
        post: {
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
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Bad Request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
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
        get: {
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
                /** @description The billing backend is down and no value is known yet */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
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
        get: {
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
                /** @description The billing backend is unavailable; retry after the given seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
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
        get: {
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
                        "application/json": components["schemas"]["AutoRecharge"];
                    };
                };
            };
        };
        /**
         * Save the caller's auto-recharge settings
         * @description threshold >= 0, quantity > 0, dailyLimit.maxAttempts 0-100, dailyLimit.maxAmount >= 0
         */
        put: {
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
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AutoRecharge"];
                    };
                };
                /** @description Bad Request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
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
            description?: string;
            /** @description free-form JSON, as payment-kit or the ledger stored it */
            metadata?: components["schemas"]["JsonNode"];
        };
        DailyLimit: {
            /** Format: int32 */
            maxAttempts?: number;
            maxAmount?: number;
        };
        GrantRequest: {
            userDid?: string;
            amount?: number;
            category?: string;
            /** Format: int64 */
            expiresAt?: number;
            name?: string;
        };
        JsonNode: {
            empty?: boolean;
            valueNode?: boolean;
            containerNode?: boolean;
            missingNode?: boolean;
            array?: boolean;
            object?: boolean;
            nodeType?: components["schemas"]["JsonNodeType"];
            pojo?: boolean;
            number?: boolean;
            integralNumber?: boolean;
            floatingPointNumber?: boolean;
            short?: boolean;
            int?: boolean;
            long?: boolean;
            float?: boolean;
            double?: boolean;
            bigDecimal?: boolean;
            bigInteger?: boolean;
            textual?: boolean;
            boolean?: boolean;
            null?: boolean;
            binary?: boolean;
        };
        /** @enum {string} */
        JsonNodeType: "ARRAY" | "BINARY" | "BOOLEAN" | "MISSING" | "NULL" | "NUMBER" | "OBJECT" | "POJO" | "STRING";
        Quota: {
            total?: number;
            remaining?: number;
            used?: number;
            /** Format: double */
            estimatedDaysRemaining?: number;
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
export type operations = Record<string, never>;
