package io.aigne.usage.web.gateway;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which service answers which {@code /api/usage/**} path, and which query parameters it takes there.
 * The Ingress in deploy/k8s routes the same prefixes (KubernetesManifestsTest compares them with
 * {@link #ROUTES}); GatewayRoutesTest checks paths, methods and parameters against the services'
 * stored OpenAPI documents. {@code userDid} is never among the parameters: the user is the session's.
 * Besides GET: PUT of auto-recharge, and the alerts' writes (POST, PUT, DELETE; docs/alerts.md).
 */
public final class GatewayRoutes {

    public enum Upstream { QUERY, QUOTA, ALERTS }

    /**
     * A path below /api/usage, the methods allowed on it, the service behind it and the query
     * parameters passed on; {@code streamed}: a download (CSV) whose body is passed on while it
     * arrives instead of being read whole first.
     */
    public record Route(Pattern path, List<String> methods, Upstream upstream, Set<String> params, boolean streamed) {
    }

    // one path segment: an appDid such as did:app:x, never '/' or '..'
    private static final String PROJECT = "projects/(?!\\.\\.?/)[^/]+/";
    // one path segment naming a rule or a notification: never '.' or '..'
    private static final String ID = "(?!\\.\\.?(?:/|$))[^/]+";
    private static final Set<String> RANGE = Set.of("startTime", "endTime", "timeRange");
    // the call list's filters; model may be repeated, and ForwardedQuery keeps every pair
    private static final String[] CALL_FILTERS = {"model", "status", "type", "minDuration", "charged", "search", "sort"};

    public static final List<Route> ROUTES = List.of(
            new Route(Pattern.compile("quota"), List.of("GET"), Upstream.QUOTA, Set.of(), false),
            new Route(Pattern.compile("quota-details"), List.of("GET"), Upstream.QUOTA, Set.of("page", "pageSize", "type"), false),
            new Route(Pattern.compile("quota/auto-recharge"), List.of("GET", "PUT"), Upstream.QUOTA, Set.of(), false),
            query("overview", "compare"),
            // the running month: no range parameters
            new Route(Pattern.compile("forecast"), List.of("GET"), Upstream.QUERY, Set.of(), false),
            query("projects", "page", "pageSize", "q", "sort"),
            // before the PROJECT patterns, so that no project route can ever take it
            download("projects/export", "q", "sort"),
            query("trends", "granularity", "tz"),
            query(PROJECT + "stats", "compare"),
            query(PROJECT + "trends", "granularity", "tz"),
            query(PROJECT + "models"),
            query(PROJECT + "calls", concat(CALL_FILTERS, "page", "pageSize")),
            download(PROJECT + "calls/export", CALL_FILTERS),
            query(PROJECT + "calls/sample", "model", "limit"),
            // usage-alerts-service: the caller's rules, episodes and notifications (docs/alerts.md)
            alerts("alerts/rules", List.of("GET", "POST")),
            alerts("alerts/rules/" + ID, List.of("GET", "PUT", "DELETE")),
            alerts("alerts/rules/" + ID + "/deliveries", List.of("GET"), "page", "pageSize"),
            alerts("alerts/episodes", List.of("GET"), "state", "page", "pageSize"),
            alerts("alerts/notifications", List.of("GET"), "unread", "page", "pageSize"),
            alerts("alerts/notifications/read-all", List.of("POST")),
            alerts("alerts/notifications/" + ID + "/read", List.of("POST")));

    private GatewayRoutes() {
    }

    /** A GET of the query service taking a time range and {@code more} parameters. */
    private static Route query(String path, String... more) {
        return new Route(Pattern.compile(path), List.of("GET"), Upstream.QUERY, withRange(more), false);
    }

    /** A CSV download of the query service, streamed through, taking a time range and {@code more} parameters. */
    private static Route download(String path, String... more) {
        return new Route(Pattern.compile(path), List.of("GET"), Upstream.QUERY, withRange(more), true);
    }

    /** A call of the alerts service with {@code params} (no time range). */
    private static Route alerts(String path, List<String> methods, String... params) {
        return new Route(Pattern.compile(path), methods, Upstream.ALERTS, Set.of(params), false);
    }

    private static Set<String> withRange(String... more) {
        return Stream.concat(RANGE.stream(), Stream.of(more)).collect(Collectors.toUnmodifiableSet());
    }

    private static String[] concat(String[] names, String... more) {
        return Stream.concat(Stream.of(names), Stream.of(more)).toArray(String[]::new);
    }

    /** The route for a path below /api/usage (no leading slash), if any. */
    public static Optional<Route> find(String path) {
        return ROUTES.stream().filter(r -> r.path().matcher(path).matches()).findFirst();
    }
}
