package io.aigne.usage.web.gateway;

import io.aigne.usage.support.ProblemException;
import io.aigne.usage.web.config.WebConfig;
import io.aigne.usage.web.gateway.GatewayRoutes.Upstream;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Sends one request to a service with the user's bearer token and hands back its answer as is:
 * read whole for the JSON endpoints ({@link #forward}), passed on while it arrives for downloads
 * ({@link #stream}).
 */
@ApplicationScoped
public class UpstreamClient {
    private static final Logger LOG = Logger.getLogger(UpstreamClient.class);
    private static final String[] PASSED_HEADERS = {"Content-Type", "Retry-After", "Cache-Control"};
    /** A download's own headers, passed on too: the file name and the row count the page shows progress against. */
    private static final String[] DOWNLOAD_HEADERS = {"Content-Disposition", "X-Total-Count"};
    private static final int CHUNK = 16 * 1024;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(java.time.Duration.ofSeconds(2)).build();

    @Inject
    WebConfig config;

    @Inject
    RoutingContext exchange;

    public Response forward(Upstream upstream, String method, String pathAndQuery, String token, String jsonBody) {
        HttpRequest.Builder request = request(upstream, pathAndQuery, token, "application/json");
        if (jsonBody != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> answer = send(upstream, pathAndQuery, request.build(), HttpResponse.BodyHandlers.ofByteArray());
        Response.ResponseBuilder out = passHeaders(answer, Response.status(answer.statusCode()).entity(answer.body()), PASSED_HEADERS);
        answer.headers().firstValue("Location").flatMap(UpstreamClient::ownLocation).ifPresent(l -> out.header("Location", l));
        return out.build();
    }

    /**
     * A GET sent without waiting for its answer, with the same token and headers as {@link #forward}
     * sends (so the service answers exactly as it would answer the gateway): the pages' first answers
     * put into their HTML ({@link FirstAnswers}). The future fails when the service cannot be reached.
     */
    public java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> getAsync(Upstream upstream, String pathAndQuery, String token) {
        return http.sendAsync(request(upstream, pathAndQuery, token, "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * A created resource's {@code Location} (201) as the browser must follow it: the same path
     * through this gateway, never the service's own host; anything outside {@code /api/usage/} is dropped.
     */
    static java.util.Optional<String> ownLocation(String location) {
        try {
            URI uri = URI.create(location);
            String path = uri.getRawPath();
            if (path == null || !path.startsWith("/api/usage/") || path.contains("/../")) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * A GET whose body goes to the browser chunk by chunk as the service writes it, so a million-row
     * export never sits in this process's memory. {@code usage.web.upstream.timeout} bounds the
     * wait for the service's status line and headers only (the JDK client stops its timer there);
     * the download itself may take as long as it takes.
     */
    public Response stream(Upstream upstream, String pathAndQuery, String token) {
        HttpRequest request = request(upstream, pathAndQuery, token, "text/csv, application/problem+json").GET().build();
        HttpResponse<InputStream> answer = send(upstream, pathAndQuery, request, HttpResponse.BodyHandlers.ofInputStream());
        InputStream body = answer.body();
        AtomicBoolean written = new AtomicBoolean();
        // if the body is never written (the exchange failed before), let go of the service's connection
        exchange.addEndHandler(ended -> {
            if (written.compareAndSet(false, true)) {
                closeQuietly(body);
            }
        });
        StreamingOutput passOn = out -> {
            written.set(true);
            try (InputStream in = body) {
                copyFlushing(in, out);
            } catch (IOException e) {
                // the browser or the service went away mid-download: the status is sent, so only cutting the connection is left
                LOG.warnf("%s %s: download cut: %s", upstream, pathAndQuery, e.toString());
                throw e;
            }
        };
        return passHeaders(answer, Response.status(answer.statusCode()).entity(passOn), PASSED_HEADERS, DOWNLOAD_HEADERS).build();
    }

    /** Each chunk is flushed as it comes, so the page's progress moves with the service's writing. */
    static void copyFlushing(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[CHUNK];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            if (n > 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        }
    }

    private HttpRequest.Builder request(Upstream upstream, String pathAndQuery, String token, String accept) {
        URI base = switch (upstream) {
            case QUERY -> config.upstream().query();
            case QUOTA -> config.upstream().quota();
            case ALERTS -> config.upstream().alerts();
        };
        return HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + pathAndQuery))
                .timeout(config.upstream().timeout())
                .header("Authorization", "Bearer " + token)
                .header("Accept", accept);
    }

    private <T> HttpResponse<T> send(Upstream upstream, String pathAndQuery, HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (HttpConnectTimeoutException e) {
            LOG.warnf("%s %s: cannot connect: %s", upstream, pathAndQuery, e.toString());
            throw new ProblemException(Response.Status.BAD_GATEWAY, "The usage service is not reachable.");
        } catch (HttpTimeoutException e) {
            LOG.warnf("%s %s: no answer within %s", upstream, pathAndQuery, config.upstream().timeout());
            throw new ProblemException(Response.Status.GATEWAY_TIMEOUT, "The usage service did not answer in time.");
        } catch (IOException e) {
            LOG.warnf("%s %s: %s", upstream, pathAndQuery, e.toString());
            throw new ProblemException(Response.Status.BAD_GATEWAY, "The usage service is not reachable.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(Response.Status.SERVICE_UNAVAILABLE, "Interrupted.");
        }
    }

    private static Response.ResponseBuilder passHeaders(HttpResponse<?> answer, Response.ResponseBuilder out, String[]... names) {
        for (String[] group : names) {
            for (String name : group) {
                answer.headers().firstValue(name).ifPresent(v -> out.header(name, v));
            }
        }
        return out;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            LOG.debugf("closing an unread download: %s", e.toString());
        }
    }
}
