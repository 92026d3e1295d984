package io.aigne.usage.web;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** Production sign-in: quarkus-oidc's code flow against {@link FakeIdentityProvider}. */
public class OidcProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FakeIdentityProvider.class));
    }
}
