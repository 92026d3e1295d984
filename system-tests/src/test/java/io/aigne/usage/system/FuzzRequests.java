package io.aigne.usage.system;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The requests of the edge fuzz, over every endpoint of the query, quota and aggregator
 * services: their parameters (missing, duplicated, renamed, evil), path segments, methods, tokens
 * and body media types.
 */
final class FuzzRequests {
    enum Service { QUERY, QUOTA, AGGREGATOR }

    record Request(Service service, String method, String target, String token, Map<String, String> headers, byte[] body) {
        @Override
        public String toString() {
            String t = target.length() > 200 ? target.substring(0, 200) + "…(" + target.length() + " chars)" : target;
            String b = body == null ? "" : " body=" + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8)
                    + (body.length > 200 ? "…(" + body.length + " bytes)" : "");
            return service + " " + method + " " + t + " headers=" + headers + b;
        }
    }

    /** A GET endpoint and the parameters it reads. */
    private record Endpoint(Service service, String path, List<String> params) {
    }

    private static final List<String> RANGE = List.of("startTime", "endTime", "timeRange", "userDid");
    private static final List<Endpoint> GETS = List.of(
            new Endpoint(Service.QUERY, "/api/usage/overview", plus(RANGE, "compare")),
            new Endpoint(Service.QUERY, "/api/usage/projects", plus(RANGE, "sort", "q", "page", "pageSize")),
            new Endpoint(Service.QUERY, "/api/usage/trends", plus(RANGE, "granularity", "tz")),
            new Endpoint(Service.QUERY, "/api/usage/projects/{app}/stats", plus(RANGE, "compare")),
            new Endpoint(Service.QUERY, "/api/usage/projects/{app}/trends", plus(RANGE, "granularity", "tz")),
            new Endpoint(Service.QUERY, "/api/usage/projects/{app}/models", RANGE),
            new Endpoint(Service.QUERY, "/api/usage/projects/{app}/calls", plus(RANGE, "page", "pageSize", "model", "status", "sort",
                    "type", "minDuration", "charged", "search")),
            new Endpoint(Service.QUERY, "/api/usage/projects/{app}/calls/export", plus(RANGE, "model", "status", "sort", "type",
                    "minDuration", "charged", "search")),
            new Endpoint(Service.QUERY, "/api/usage/projects/{app}/calls/sample", plus(RANGE, "model", "limit")),
            new Endpoint(Service.QUERY, "/api/usage/projects/export", plus(RANGE, "sort", "q")),
            new Endpoint(Service.QUOTA, "/api/usage/quota", List.of("userDid")),
            new Endpoint(Service.QUOTA, "/api/usage/quota-details", List.of("page", "pageSize", "type", "userDid")),
            new Endpoint(Service.QUOTA, "/api/usage/quota/auto-recharge", List.of("userDid")));
    private static final List<String> WRONG_METHODS = List.of("DELETE", "PATCH", "POST", "PUT", "OPTIONS");
    private static final List<String> BAD_CONTENT_TYPES = List.of("application/xml", "text/html", "x/y;;", "multipart/form-data",
            "application/json; charset=latin-7");

    private final FuzzValues values;
    private final FuzzBodies bodies;
    private final Tokens tokens;
    private final String app;

    /** The tokens the fuzz uses: the fuzz user's own, an admin's, the ingest gateway's. */
    record Tokens(String user, String userDid, String admin, String ingest) {
    }

    FuzzRequests(FuzzValues values, FuzzBodies bodies, Tokens tokens, String app) {
        this.values = values;
        this.bodies = bodies;
        this.tokens = tokens;
        this.app = app;
    }

    Request next() {
        double p = values.fraction();
        if (p < 0.62) {
            return get(values.pick(GETS));
        }
        if (p < 0.70) {
            return autoRecharge();
        }
        if (p < 0.88) {
            return ingest();
        }
        if (p < 0.93) {
            return adminStats();
        }
        if (p < 0.96) {
            return projectProfile();
        }
        return randomPath();
    }

    private Request get(Endpoint e) {
        String path = e.path().replace("{app}", appSegment());
        String method = values.chance(0.06) ? values.pick(WRONG_METHODS) : "GET";
        return new Request(e.service(), method, path + query(e.params()), userOrAdminToken(), acceptHeader(), null);
    }

    private Request autoRecharge() {
        Map<String, String> headers = values.chance(0.1) ? Map.of("Content-Type", values.pick(BAD_CONTENT_TYPES))
                : Map.of("Content-Type", "application/json");
        return new Request(Service.QUOTA, "PUT", "/api/usage/quota/auto-recharge" + query(List.of("userDid")), userOrAdminToken(),
                headers, bodies.autoRecharge());
    }

    private Request ingest() {
        String type = values.chance(0.1) ? values.pick(BAD_CONTENT_TYPES)
                : values.pick(List.of("application/json", "application/x-ndjson", "text/plain"));
        String token = values.chance(0.08) ? values.pick(List.of(tokens.user(), "garbage")) : tokens.ingest();
        return new Request(Service.AGGREGATOR, values.chance(0.04) ? "PUT" : "POST", "/api/ingest/model-calls", token,
                Map.of("Content-Type", type), bodies.ingest(values.chance(0.5) ? app : "did:app:fuzz-ingest"));
    }

    private Request projectProfile() {
        Map<String, String> headers = values.chance(0.1) ? Map.of("Content-Type", values.pick(BAD_CONTENT_TYPES))
                : Map.of("Content-Type", "application/json");
        String token = values.chance(0.08) ? values.pick(List.of(tokens.user(), "garbage")) : tokens.ingest();
        return new Request(Service.AGGREGATOR, values.chance(0.06) ? values.pick(WRONG_METHODS) : "PUT",
                "/api/ingest/projects/" + appSegment(), token, headers, bodies.projectProfile());
    }

    private Request adminStats() {
        // repair=true is left out: the fuzz must not rewrite statistics other suites check
        boolean flush = values.chance(0.15);
        String target = flush ? "/api/admin/stats/flush" : "/api/admin/stats/reconcile" + query(List.of("from", "to", "repair"));
        String token = values.chance(0.2) ? values.pick(List.of(tokens.user(), tokens.ingest())) : tokens.admin();
        return new Request(Service.AGGREGATOR, values.chance(0.1) ? "GET" : "POST", target, token, Map.of(), null);
    }

    private Request randomPath() {
        String path = values.pick(List.of("/api/usage/", "/api/", "/", "/api/admin/", "/api/ingest/", "/q/", "//api/usage/",
                "/api/usage/projects/x/")) + values.evil().replace("?", "%3F").replace("#", "%23");
        Service service = values.pick(List.of(Service.values()));
        return new Request(service, values.chance(0.7) ? "GET" : values.pick(WRONG_METHODS), path, userOrAdminToken(), acceptHeader(),
                null);
    }

    private String appSegment() {
        if (values.chance(0.6)) {
            return URLEncoder.encode(app, StandardCharsets.UTF_8);
        }
        return values.evil().replace("/", "%2F").replace("?", "%3F").replace("#", "%23");
    }

    /** Some of the endpoint's parameters, sometimes duplicated, renamed or unknown ones added. */
    private String query(List<String> params) {
        List<String> pairs = new ArrayList<>();
        for (String name : params) {
            if (values.chance(0.45)) {
                String value = name.equals("userDid") && values.chance(0.5)
                        ? URLEncoder.encode(tokens.userDid(), StandardCharsets.UTF_8) : values.valueFor(name);
                pairs.add(name + "=" + value);
                if (values.chance(0.05)) {
                    pairs.add(name + "=" + values.valueFor(name)); // duplicated
                }
            }
        }
        if (values.chance(0.08)) {
            pairs.add(values.pick(List.of("USERDID", "userdid", "page[]", "a%00b", "", "%zz", "x")) + "=" + values.evil());
        }
        if (values.chance(0.03)) {
            pairs.add(values.pick(List.of("flag", "&", "=", "==")));
        }
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    private String userOrAdminToken() {
        if (values.chance(0.05)) {
            return values.pick(List.of("", "garbage", "a.b.c"));
        }
        if (values.chance(0.03)) {
            return null;
        }
        return values.chance(0.25) ? tokens.admin() : tokens.user();
    }

    private Map<String, String> acceptHeader() {
        return values.chance(0.06) ? Map.of("Accept", values.pick(List.of("text/html", "application/xml", "image/png", "*/*")))
                : Map.of();
    }

    private static List<String> plus(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }
}
