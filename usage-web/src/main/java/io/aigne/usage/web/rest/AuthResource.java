package io.aigne.usage.web.rest;

import io.aigne.usage.support.ProblemException;
import io.aigne.usage.web.config.WebConfig;
import io.aigne.usage.web.http.OurPages;
import io.aigne.usage.web.config.WebConfig.AuthMode;
import io.aigne.usage.web.session.DemoSignIn;
import io.aigne.usage.web.session.SessionResolver;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;

/**
 * Signing in and out. {@code /auth/config} tells the pages how to sign in; {@code /auth/session}
 * who is signed in. Production: {@code /auth/login} is protected by quarkus-oidc's code flow (see
 * application.properties), so reaching it means the user just signed in. Demo: {@code /auth/demo}.
 */
@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    public record AuthConfig(String mode, List<String> demoUsers) {
    }

    public record SessionInfo(String userDid, String mode) {
    }

    public record DemoLogin(String userDid) {
    }

    @Inject
    WebConfig config;

    @Inject
    SessionResolver sessions;

    @Inject
    DemoSignIn demo;

    @GET
    @Path("/config")
    public AuthConfig authConfig() {
        boolean isDemo = config.authMode() == AuthMode.DEMO;
        return new AuthConfig(mode(), isDemo ? config.demo().users() : List.of());
    }

    @GET
    @Path("/session")
    public SessionInfo session(@Context HttpHeaders headers) {
        return new SessionInfo(sessions.require(headers).userDid(), mode());
    }

    /** Production: after the OIDC round trip the user lands here, then on the Dashboard. */
    @GET
    @Path("/login")
    public Response login() {
        return Response.seeOther(URI.create(config.authMode() == AuthMode.DEMO ? "/usage/sign-in" : "/usage/dashboard")).build();
    }

    @POST
    @Path("/demo")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response demoLogin(DemoLogin body, @Context HttpHeaders headers, @Context UriInfo uri) {
        if (config.authMode() != AuthMode.DEMO) {
            throw ProblemException.notFound("Demo sign-in is not enabled.");
        }
        OurPages.require(headers, uri);
        String userDid = body == null ? null : body.userDid();
        if (userDid == null || !config.demo().users().contains(userDid)) {
            throw ProblemException.badRequest("Pick one of the demo users: " + String.join(", ", config.demo().users()));
        }
        String id = demo.signIn(userDid);
        return Response.ok(new SessionInfo(userDid, mode())).cookie(cookie(id, (int) config.session().maxAge().toSeconds())).build();
    }

    /** Demo: the session row and cookie go. OIDC: the pages continue to the provider's logout. */
    @POST
    @Path("/logout")
    public Response logout(@Context HttpHeaders headers, @Context UriInfo uri) {
        OurPages.require(headers, uri);
        if (config.authMode() == AuthMode.DEMO) {
            sessions.end(headers);
            return Response.ok(new Logout("/usage/sign-in")).cookie(cookie("", 0)).build();
        }
        return Response.ok(new Logout("/auth/oidc-logout")).build();
    }

    public record Logout(String next) {
    }

    private NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(sessions.demoCookie()).value(value).path("/").maxAge(maxAge).httpOnly(true)
                .secure(config.httpsOnly()).sameSite(NewCookie.SameSite.LAX).build();
    }

    private String mode() {
        return config.authMode().name().toLowerCase(java.util.Locale.ROOT);
    }
}
