package io.aigne.usage.web.session;

/** The signed-in user as the gateway sees them: who, and the token to pass on to the services. */
public record UserSession(String userDid, String accessToken) {
}
