package io.aigne.usage.web.gateway;

import io.aigne.usage.support.ProblemException;
import io.aigne.usage.web.config.WebConfig;
import io.aigne.usage.web.gateway.GatewayRoutes.Upstream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import org.jboss.logging.Logger;

/** Sends one request to a service with the user's bearer token and hands back its answer as is. */
@ApplicationScoped
public class UpstreamClient {
    private static final Logger LOG = Logger.getLogger(UpstreamClient.class);
    private static final String[] PASSED_HEADERS = {"Content-Type", "Retry-After", "Cache-Control"};

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(java.time.Duration.ofSeconds(2)).build();

    @Inject
    WebConfig config;

    public Response forward(Upstream upstream, String method, String pathAndQuery, String token, String jsonBody) {
        URI base = upstream == Upstream.QUERY ? config.upstream().query() : config.upstream().quota();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + pathAndQuery))
                .timeout(config.upstream().timeout())
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (jsonBody != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Response.ResponseBuilder out = Response.status(answer.statusCode()).entity(answer.body());
            for (String name : PASSED_HEADERS) {
                answer.headers().firstValue(name).ifPresent(v -> out.header(name, v));
            }
            return out.build();
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
}
