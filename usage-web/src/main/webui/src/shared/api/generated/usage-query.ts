// Generated from usage-query-service/target/openapi/openapi.json by scripts/generate-api-types.mjs. Do not edit.
export interface paths {
    "/api/usage/forecast": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Month-end spend forecast for the user and per project
         * @description Month-end spend of the running UTC month: spent = credits of [month start, now] as /overview counts them; expected = spent + for each remaining day (the running day pro-rated) level x weekday factor, level = the mean daily spend of the last 28 complete days, weekday factors from the last 8 weeks; low/high a 90 % interval from the daily residuals (low never below spent). No history: expected = low = high = spent.
         */
        get: operations["getForecast"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
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
        get: operations["getOverview"];
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
         * @description Range: startTime/endTime (Unix s, inclusive; default the last 30 days) or timeRange (days 1-366). Sorted by calls (default) or credits, descending; q filters appDid or name by substring; 20 per page.
         */
        get: operations["listProjects"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/usage/projects/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * All of the caller's projects with calls in the range, as CSV
         * @description Range: startTime/endTime (Unix s, inclusive; default the last 30 days) or timeRange (days 1-366). Same q and sort as listProjects, without paging. Columns: appDid,totalCalls,totalTokens,totalCredits,successRate,lastCallTime (values as the list answers them; successRate empty when null). CSV rules as in exportProjectCalls.
         */
        get: operations["exportProjects"];
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
        /**
         * A project's calls, newest first (live, not pre-aggregated)
         * @description All filters combine with AND; count is the number of calls matching all of them. Calls before coverage.exactFrom have expired (retention): the list and count hold the kept calls only.
         */
        get: operations["listProjectCalls"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/usage/projects/{appDid}/calls/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * All of a project's calls matching the call list's filters, as CSV
         * @description Same range, filters and sort as listProjectCalls, without paging: every matching call, in the list's order, streamed. Columns: id,callTime,callTimeIso,model,type,status,durationMs,totalUsage,credits,requestId,traceId,errorReason (values as the list answers them; callTimeIso in UTC). RFC 4180: CRLF line ends, fields with a comma, quote, CR or LF quoted, inner quotes doubled; a text field starting with = + - @, tab or CR is prefixed with ' so that spreadsheets do not run it as a formula.
         */
        get: operations["exportProjectCalls"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/usage/projects/{appDid}/calls/sample": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A fixed sample of a project's finished calls, for a latency scatter plot
         * @description Range: startTime/endTime (Unix s, inclusive; default the last 30 days) or timeRange (days 1-366). At most limit terminal calls (success or failed), chosen by the md5 of their id: the same calls on every request for the same parameters, each call equally likely. Calls before coverage.exactFrom have expired (retention), as in the call list: total and list hold the kept calls only.
         */
        get: operations["sampleProjectCalls"];
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
         * A project's calls and P95 latency per model, with percentages adding up to 100
         * @description Range: startTime/endTime (Unix s, inclusive; default the last 30 days) or timeRange (days 1-366). p95Duration is each model's P95 over its success calls, computed as the project's in /stats (merged KLL sketches: rank within 0.95 ± 0.01); null without success calls of the model.
         */
        get: operations["getProjectModels"];
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
         * A project's name, totals, success rate, average and P95 latency
         * @description Range: startTime/endTime (Unix s, inclusive; default the last 30 days) or timeRange (days 1-366). Latencies are over success calls; P95 comes from merged KLL sketches (rank within 0.95 ± 0.01).
         */
        get: operations["getProjectStats"];
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
        get: operations["getProjectTrends"];
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
         * @description Range: startTime/endTime (Unix s, inclusive; default the last 30 days) or timeRange (days 1-366). Dense: one point per bucket from the bucket holding the start to the one holding the end; empty buckets have calls 0 and null successRate/avgDuration. A bucket of which retention removed calls is left out (coverage says from when the series is whole).
         */
        get: operations["getTrends"];
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
        /** @description The forecast's basis: the history days the level is the mean of (0: no history, no forecast) and the level, credits a day with the weekday pattern taken out */
        Basis: {
            /** Format: int32 */
            days?: number;
            level?: number;
        };
        CallList: {
            list?: components["schemas"]["Item"][];
            /** Format: int64 */
            count?: number;
            /** Format: int32 */
            page?: number;
            /** Format: int32 */
            pageSize?: number;
            /** @description calls before coverage.exactFrom expired (retention): count and list hold only kept calls */
            coverage?: components["schemas"]["Coverage"];
        };
        /** @description At most `limit` of the range's terminal calls, the same ones on every request (ordered by md5 of the id) */
        CallSample: {
            /**
             * Format: int64
             * @description Terminal calls (success or failed) in the range matching the model filter: the population sampled from
             */
            total?: number;
            list?: components["schemas"]["SamplePoint"][];
            /** @description calls before coverage.exactFrom expired (retention): total and list hold only kept calls, as in the call list */
            coverage?: components["schemas"]["Coverage"];
        };
        /** @description What the answer counts after retention removed old calls and hour rows (docs/contracts.md, "Retention and coverage") */
        Coverage: {
            /** @description true: every call of the range is counted */
            complete?: boolean;
            /**
             * Format: int64
             * @description Unix s: every call from here to endTime is counted (startTime when complete; endTime + 1 when not even the last second is)
             */
            exactFrom?: number;
            /**
             * Format: int64
             * @description Unix s: before this only daily UTC totals are kept (no hour rows, no calls); null when no such time exists
             */
            dailyOnlyBefore?: number | null;
        };
        Forecast: {
            /** @description the running UTC month, yyyy-MM */
            month?: string;
            /**
             * Format: int64
             * @description Unix s: the forecast's moment; spent counts [month start, asOf]
             */
            asOf?: number;
            /** Format: int32 */
            daysInMonth?: number;
            /**
             * Format: int32
             * @description days of the month begun, the running one included
             */
            daysElapsed?: number;
            spent?: number;
            expected?: number;
            low?: number;
            high?: number;
            basis?: components["schemas"]["Basis"];
            /** @description the projects with spend this month or in the last 8 weeks, by expected (descending, ties by appDid) */
            projects?: components["schemas"]["ProjectForecast"][];
            /** @description what spent counts after retention (as in /overview for [month start, asOf]) */
            coverage?: components["schemas"]["Coverage"];
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
            errorReason?: string | null;
            requestId?: string | null;
            traceId?: string | null;
            /** @description as the event carried it */
            usageMetrics?: ((components["schemas"]["JsonObject"] | null) | null) | components["schemas"]["JsonObject"] | null;
            /** @description as the event carried it */
            metadata?: ((components["schemas"]["JsonObject"] | null) | null) | components["schemas"]["JsonObject"] | null;
        };
        /** @description Free-form JSON object */
        JsonObject: {
            [key: string]: unknown;
        };
        ModelDistribution: {
            modelDistribution?: components["schemas"]["ModelShare"][];
            /** @description what the numbers count: all calls of the range unless retention removed some (complete false) */
            coverage?: components["schemas"]["Coverage"];
        };
        ModelShare: {
            model?: string;
            /** Format: int64 */
            calls?: number;
            percentage?: number;
            /**
             * Format: double
             * @description 95th percentile of durationMs of this model's success calls in the range, computed like the project's p95Duration (/stats); null without success calls of the model
             */
            p95Duration?: number | null;
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
            /**
             * Format: double
             * @description success / terminal calls, a fraction; null without calls
             */
            successRate?: number | null;
            /** @description what the numbers count: all calls of the range unless retention removed some (complete false) */
            coverage?: components["schemas"]["Coverage"];
            previous?: components["schemas"]["Overview"];
        };
        Problem: {
            type?: string;
            title?: string;
            /** Format: int32 */
            status?: number;
            detail?: string;
        };
        ProjectForecast: {
            appDid?: string;
            spent?: number;
            expected?: number;
            low?: number;
            high?: number;
        };
        ProjectList: {
            projects?: components["schemas"]["ProjectSummary"][];
            /** Format: int64 */
            count?: number;
            /** Format: int32 */
            page?: number;
            /** Format: int32 */
            pageSize?: number;
            /** @description what the numbers count: all calls of the range unless retention removed some (complete false) */
            coverage?: components["schemas"]["Coverage"];
        };
        ProjectStats: {
            appDid?: string;
            /** @description the project's name from its profile (PUT /api/ingest/projects/{appDid}); null without one: show the DID */
            name?: string | null;
            /** @description https URL of the project's logo; null without one */
            logoUrl?: string | null;
            /** @description http(s) URL of the app; null without one */
            appUrl?: string | null;
            /** Format: int64 */
            startTime?: number;
            /** Format: int64 */
            endTime?: number;
            /** Format: int64 */
            totalCalls?: number;
            totalTokens?: number;
            totalCredits?: number;
            /**
             * Format: double
             * @description success / terminal calls, a fraction; null without calls
             */
            successRate?: number | null;
            /**
             * Format: double
             * @description mean durationMs of success calls; null without success calls
             */
            avgDuration?: number | null;
            /**
             * Format: double
             * @description 95th percentile of durationMs of success calls; null without success calls
             */
            p95Duration?: number | null;
            /** @description what the numbers count: all calls of the range unless retention removed some (complete false) */
            coverage?: components["schemas"]["Coverage"];
            previous?: components["schemas"]["ProjectStats"];
        };
        ProjectSummary: {
            appDid?: string;
            /** @description the project's name from its profile (PUT /api/ingest/projects/{appDid}); null without one: show the DID */
            name?: string | null;
            /** @description https URL of the project's logo; null without one */
            logoUrl?: string | null;
            /** @description http(s) URL of the app; null without one */
            appUrl?: string | null;
            /** Format: int64 */
            totalCalls?: number;
            totalTokens?: number;
            totalCredits?: number;
            /**
             * Format: double
             * @description success / terminal calls, a fraction; null without calls
             */
            successRate?: number | null;
            /** Format: int64 */
            lastCallTime?: number;
        };
        /** @description One sampled call; duration in ms, credits rounded to 6 decimals as in the call list */
        SamplePoint: {
            id?: string;
            /** @description Model without provider, as the call list shows it */
            model?: string;
            /** @description success | failed */
            status?: string;
            /** Format: double */
            duration?: number;
            /** Format: int64 */
            totalUsage?: number;
            credits?: number;
        };
        TrendPoint: {
            /** Format: int64 */
            timestamp?: number;
            /** Format: int64 */
            calls?: number;
            /**
             * Format: double
             * @description success / terminal calls, a fraction; null without calls
             */
            successRate?: number | null;
            /**
             * Format: double
             * @description mean durationMs of success calls; null without success calls
             */
            avgDuration?: number | null;
            totalCredits?: number;
            totalTokens?: number;
        };
        Trends: {
            granularity?: string;
            timezone?: string;
            /** @description ascending; one point per bucket except buckets of which retention removed calls */
            trends?: components["schemas"]["TrendPoint"][];
            /** @description what the numbers count: all calls of the range unless retention removed some (complete false) */
            coverage?: components["schemas"]["Coverage"];
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
    getForecast: {
        parameters: {
            query?: {
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
                    "application/json": components["schemas"]["Forecast"];
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
            /** @description More than usage.query.max-concurrent-per-user requests of this caller at once */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable or the read took longer than the statement timeout */
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
    getOverview: {
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
            /** @description A parameter is malformed or out of bounds */
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
            /** @description More than usage.query.max-concurrent-per-user requests of this caller at once */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable or the read took longer than the statement timeout */
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
    listProjects: {
        parameters: {
            query?: {
                endTime?: string;
                page?: string;
                pageSize?: string;
                /** @description Substring of appDid or of the project's name (case-insensitive) */
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
            /** @description A parameter is malformed or out of bounds */
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
            /** @description More than usage.query.max-concurrent-per-user requests of this caller at once */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable or the read took longer than the statement timeout */
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
    exportProjects: {
        parameters: {
            query?: {
                /** @description Unix seconds, inclusive; default now */
                endTime?: string;
                /** @description Substring of appDid or of the project's name (case-insensitive) */
                q?: string;
                /** @description calls (default) | credits */
                sort?: string;
                /** @description Unix seconds, inclusive; default endTime - 30 days */
                startTime?: string;
                /** @description Days back from now (1-366), instead of startTime/endTime */
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
            /** @description The CSV, header row first */
            200: {
                headers: {
                    /** @description The number of data rows that follow the header row */
                    "X-Total-Count"?: number;
                    /** @description attachment; filename="projects-<yyyyMMdd>.csv" */
                    "Content-Disposition"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
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
            /** @description More than usage.query.max-concurrent-per-user requests of this caller at once */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable or the read took longer than the statement timeout */
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
    listProjectCalls: {
        parameters: {
            query?: {
                /** @description true: only calls with credits > 0; false: only calls with credits = 0 */
                charged?: string;
                /** @description Unix seconds, inclusive; default now */
                endTime?: string;
                /** @description Only calls that took longer than this many ms (a number >= 0, decimals allowed) */
                minDuration?: string;
                /** @description Exact model name (as the list shows it); repeat for any of several (at most 20, each up to 256 characters) */
                model?: string[];
                /** @description >= 1, default 1 */
                page?: string;
                /** @description 1-100, default 20 */
                pageSize?: string;
                /** @description Calls whose id, requestId or traceId starts with this text (case-sensitive, 1-256 characters; % and _ are taken literally) */
                search?: string;
                /** @description time (default: callTime desc, id desc) | duration (durationMs desc, then callTime desc, id desc) */
                sort?: string;
                /** @description Unix seconds, inclusive; default endTime - 30 days */
                startTime?: string;
                /** @description success | failed | processing */
                status?: string;
                /** @description Days back from now (1-366), instead of startTime/endTime */
                timeRange?: string;
                /** @description Exact call type, e.g. chatCompletion (up to 64 characters) */
                type?: string;
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
            /** @description The caller has no calls in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description More than usage.query.max-concurrent-per-user requests of this caller at once */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable or the read took longer than the statement timeout */
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
    exportProjectCalls: {
        parameters: {
            query?: {
                /** @description true: only calls with credits > 0; false: only calls with credits = 0 */
                charged?: string;
                /** @description Unix seconds, inclusive; default now */
                endTime?: string;
                /** @description Only calls that took longer than this many ms (a number >= 0, decimals allowed) */
                minDuration?: string;
                /** @description Exact model name (as the list shows it); repeat for any of several (at most 20, each up to 256 characters) */
                model?: string[];
                /** @description Calls whose id, requestId or traceId starts with this text (case-sensitive, 1-256 characters; % and _ are taken literally) */
                search?: string;
                /** @description time (default: callTime desc, id desc) | duration (durationMs desc, then callTime desc, id desc) */
                sort?: string;
                /** @description Unix seconds, inclusive; default endTime - 30 days */
                startTime?: string;
                /** @description success | failed | processing */
                status?: string;
                /** @description Days back from now (1-366), instead of startTime/endTime */
                timeRange?: string;
                /** @description Exact call type, e.g. chatCompletion (up to 64 characters) */
                type?: string;
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
            /** @description The CSV, header row first */
            200: {
                headers: {
                    /** @description The number of data rows that follow the header row */
                    "X-Total-Count"?: number;
                    /** @description attachment; filename="calls-<appDid, safe>-<yyyyMMdd>.csv" */
                    "Content-Disposition"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
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
            /** @description The caller has no calls in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description More than usage.query.max-concurrent-per-user requests of this caller at once */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable or counting took longer than the export's statement timeout */
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
    sampleProjectCalls: {
        parameters: {
            query?: {
                /** @description Unix seconds, inclusive; default now */
                endTime?: string;
                /** @description 1-2000, default 500: the most points answered */
                limit?: string;
                /** @description Exact model name (as the list shows it); repeat for any of several (at most 20, each up to 256 characters) */
                model?: string[];
                /** @description Unix seconds, inclusive; default endTime - 30 days */
                startTime?: string;
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
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CallSample"];
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
            /** @description The caller has no calls in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description More than usage.query.max-concurrent-per-user requests of this caller at once */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable or the read took longer than the statement timeout */
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
    getProjectModels: {
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
            /** @description A parameter is malformed or out of bounds */
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
            /** @description The caller has no calls in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description More than usage.query.max-concurrent-per-user requests of this caller at once */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable or the read took longer than the statement timeout */
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
    getProjectStats: {
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
            /** @description A parameter is malformed or out of bounds */
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
            /** @description The caller has no calls in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description More than usage.query.max-concurrent-per-user requests of this caller at once */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable or the read took longer than the statement timeout */
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
    getProjectTrends: {
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
            /** @description One point per bucket, ascending */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Trends"];
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
            /** @description The caller has no calls in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description More than usage.query.max-concurrent-per-user requests of this caller at once */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable or the read took longer than the statement timeout */
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
    getTrends: {
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
            /** @description A parameter is malformed or out of bounds */
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
            /** @description More than usage.query.max-concurrent-per-user requests of this caller at once */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable or the read took longer than the statement timeout */
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
