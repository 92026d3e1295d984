// Generated from usage-query-service/target/openapi/openapi.json by scripts/generate-api-types.mjs. Do not edit.
export interface paths {
    "/api/usage/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Totals of the range: calls, tokens, credits, success rate
         * @description Range: startTime/endTime (Unix s, inclusive; default the last 30 days) or timeRange (days 1-366)
         */
        get: {
            parameters: {
                query?: {
                    /** @description previous: also answer for the period of equal length before */
                    compare?: string;
                    endTime?: string;
                    startTime?: string;
                    timeRange?: string;
                    /** @description Admins only: whose data */
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
                        "application/json": components["schemas"]["Overview"];
                    };
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
    "/api/usage/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's projects with calls in the range
         * @description Range: startTime/endTime (Unix s, inclusive; default the last 30 days) or timeRange (days 1-366). Sorted by calls (default) or credits, descending; q filters appDid by substring; 20 per page.
         */
        get: {
            parameters: {
                query?: {
                    endTime?: string;
                    page?: string;
                    pageSize?: string;
                    /** @description Substring of appDid */
                    q?: string;
                    /** @description calls (default) | credits */
                    sort?: string;
                    startTime?: string;
                    timeRange?: string;
                    /** @description Admins only: whose data */
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
                        "application/json": components["schemas"]["ProjectList"];
                    };
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
    "/api/usage/projects/{appDid}/calls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A project's calls, newest first (live, not pre-aggregated) */
        get: {
            parameters: {
                query?: {
                    /** @description Unix seconds, inclusive; default now */
                    endTime?: string;
                    /** @description Exact model name */
                    model?: string;
                    /** @description >= 1, default 1 */
                    page?: string;
                    /** @description 1-100, default 20 */
                    pageSize?: string;
                    /** @description time (default: callTime desc, id desc) | duration (durationMs desc) */
                    sort?: string;
                    /** @description Unix seconds, inclusive; default endTime - 30 days */
                    startTime?: string;
                    /** @description success | failed | processing */
                    status?: string;
                    /** @description Days back from now (1-366), instead of startTime/endTime */
                    timeRange?: string;
                    /** @description Admins only: whose calls */
                    userDid?: string;
                };
                header?: never;
                path: {
                    appDid: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One page of calls */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CallList"];
                    };
                };
                /** @description A parameter is malformed or out of bounds */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description userDid names another user and the caller is not an admin */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The caller has no calls in this project */
                404: {
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
    "/api/usage/projects/{appDid}/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A project's calls per model, with percentages adding up to 100
         * @description Range: startTime/endTime (Unix s, inclusive; default the last 30 days) or timeRange (days 1-366)
         */
        get: {
            parameters: {
                query?: {
                    endTime?: string;
                    startTime?: string;
                    timeRange?: string;
                    /** @description Admins only: whose data */
                    userDid?: string;
                };
                header?: never;
                path: {
                    appDid: string;
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
                        "application/json": components["schemas"]["ModelDistribution"];
                    };
                };
                /** @description The caller has no calls in this project */
                404: {
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
    "/api/usage/projects/{appDid}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A project's totals, success rate, average and P95 latency
         * @description Range: startTime/endTime (Unix s, inclusive; default the last 30 days) or timeRange (days 1-366). Latencies are over success calls; P95 comes from merged KLL sketches (rank within 0.95 ± 0.01).
         */
        get: {
            parameters: {
                query?: {
                    /** @description previous: also answer for the period of equal length before */
                    compare?: string;
                    endTime?: string;
                    startTime?: string;
                    timeRange?: string;
                    /** @description Admins only: whose data */
                    userDid?: string;
                };
                header?: never;
                path: {
                    appDid: string;
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
                        "application/json": components["schemas"]["ProjectStats"];
                    };
                };
                /** @description The caller has no calls in this project */
                404: {
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
    "/api/usage/projects/{appDid}/trends": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A project's calls, average latency and credits per hour or day
         * @description Range: startTime/endTime (Unix s, inclusive; default the last 30 days) or timeRange (days 1-366). Dense buckets as in /api/usage/trends.
         */
        get: {
            parameters: {
                query?: {
                    endTime?: string;
                    /** @description hour | day; default hour up to 7 days, day beyond */
                    granularity?: string;
                    startTime?: string;
                    timeRange?: string;
                    /** @description IANA zone deciding where days start; default UTC */
                    tz?: string;
                    /** @description Admins only: whose data */
                    userDid?: string;
                };
                header?: never;
                path: {
                    appDid: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The caller has no calls in this project */
                404: {
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
    "/api/usage/trends": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Calls, success rate and average latency per hour or day
         * @description Range: startTime/endTime (Unix s, inclusive; default the last 30 days) or timeRange (days 1-366). Dense: one point per bucket from the bucket holding the start to the one holding the end; empty buckets have calls 0 and null successRate/avgDuration.
         */
        get: {
            parameters: {
                query?: {
                    endTime?: string;
                    /** @description hour | day; default hour up to 7 days, day beyond */
                    granularity?: string;
                    startTime?: string;
                    timeRange?: string;
                    /** @description IANA zone deciding where days start; default UTC */
                    tz?: string;
                    /** @description Admins only: whose data */
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
                        "application/json": components["schemas"]["Trends"];
                    };
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
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        CallList: {
            list?: components["schemas"]["Item"][];
            /** Format: int64 */
            count?: number;
            /** Format: int32 */
            page?: number;
            /** Format: int32 */
            pageSize?: number;
        };
        Item: {
            id?: string;
            /** Format: int64 */
            callTime?: number;
            model?: string;
            type?: string;
            status?: string;
            /** Format: double */
            duration?: number;
            /** Format: int64 */
            totalUsage?: number;
            credits?: number;
            errorReason?: string;
            requestId?: string;
            traceId?: string;
            /** @description as the event carried it */
            usageMetrics?: components["schemas"]["JsonNode"];
            /** @description as the event carried it */
            metadata?: components["schemas"]["JsonNode"];
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
        ModelDistribution: {
            modelDistribution?: components["schemas"]["ModelShare"][];
        };
        ModelShare: {
            model?: string;
            /** Format: int64 */
            calls?: number;
            percentage?: number;
        };
        Overview: {
            /** Format: int64 */
            startTime?: number;
            /** Format: int64 */
            endTime?: number;
            /** Format: int64 */
            totalCalls?: number;
            totalTokens?: number;
            totalCredits?: number;
            /** Format: double */
            successRate?: number;
            previous?: components["schemas"]["Overview"];
        };
        ProjectList: {
            projects?: components["schemas"]["ProjectSummary"][];
            /** Format: int64 */
            count?: number;
            /** Format: int32 */
            page?: number;
            /** Format: int32 */
            pageSize?: number;
        };
        ProjectStats: {
            appDid?: string;
            /** Format: int64 */
            startTime?: number;
            /** Format: int64 */
            endTime?: number;
            /** Format: int64 */
            totalCalls?: number;
            totalTokens?: number;
            totalCredits?: number;
            /** Format: double */
            successRate?: number;
            /** Format: double */
            avgDuration?: number;
            /** Format: double */
            p95Duration?: number;
            previous?: components["schemas"]["ProjectStats"];
        };
        ProjectSummary: {
            appDid?: string;
            /** Format: int64 */
            totalCalls?: number;
            totalTokens?: number;
            totalCredits?: number;
            /** Format: double */
            successRate?: number;
            /** Format: int64 */
            lastCallTime?: number;
        };
        TrendPoint: {
            /** Format: int64 */
            timestamp?: number;
            /** Format: int64 */
            calls?: number;
            /** Format: double */
            successRate?: number;
            /** Format: double */
            avgDuration?: number;
            totalCredits?: number;
            totalTokens?: number;
        };
        Trends: {
            granularity?: string;
            timezone?: string;
            trends?: components["schemas"]["TrendPoint"][];
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
