package io.aigne.usage.web.gateway;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which service answers which {@code /api/usage/**} path. The Ingress in deploy/k8s routes the
 * same prefixes (KubernetesManifestsTest compares them with {@link #ROUTES}).
 */
public final class GatewayRoutes {

    public enum Upstream { QUERY, QUOTA }

    /** A path below /api/usage, the methods allowed on it and the service behind it. */
    public record Route(Pattern path, List<String> methods, Upstream upstream) {
    }

    // one path segment: an appDid such as did:app:x, never '/' or '..'
    private static final String SEGMENT = "(?!\\.\\.?/)[^/]+";

    public static final List<Route> ROUTES = List.of(
            new Route(Pattern.compile("quota"), List.of("GET"), Upstream.QUOTA),
            new Route(Pattern.compile("quota-details"), List.of("GET"), Upstream.QUOTA),
            new Route(Pattern.compile("quota/auto-recharge"), List.of("GET", "PUT"), Upstream.QUOTA),
            new Route(Pattern.compile("overview"), List.of("GET"), Upstream.QUERY),
            new Route(Pattern.compile("projects"), List.of("GET"), Upstream.QUERY),
            new Route(Pattern.compile("trends"), List.of("GET"), Upstream.QUERY),
            new Route(Pattern.compile("projects/" + SEGMENT + "/(stats|trends|models|calls)"), List.of("GET"), Upstream.QUERY));

    private GatewayRoutes() {
    }

    /** The route for a path below /api/usage (no leading slash), if any. */
    public static Optional<Route> find(String path) {
        return ROUTES.stream().filter(r -> r.path().matcher(path).matches()).findFirst();
    }
}
