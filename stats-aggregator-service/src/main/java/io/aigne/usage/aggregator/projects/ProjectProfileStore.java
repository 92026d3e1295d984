package io.aigne.usage.aggregator.projects;

import io.agroal.api.AgroalDataSource;
import io.aigne.usage.support.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.jboss.logging.Logger;

/** Writes project profiles: the latest PUT wins, a repeated PUT changes nothing but the time. */
@ApplicationScoped
public class ProjectProfileStore {
    private static final Logger LOG = Logger.getLogger(ProjectProfileStore.class);
    private static final String UPSERT = """
            INSERT INTO project_profiles (app_did, name, logo_url, app_url, updated_at) VALUES (?, ?, ?, ?, now())
            ON CONFLICT (app_did) DO UPDATE SET name = EXCLUDED.name, logo_url = EXCLUDED.logo_url,
                app_url = EXCLUDED.app_url, updated_at = now()""";

    @Inject
    AgroalDataSource dataSource;

    public void put(ProjectProfile profile) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setString(1, profile.appDid());
            ps.setString(2, profile.name());
            ps.setString(3, profile.logoUrl());
            ps.setString(4, profile.appUrl());
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("project profile of %s not stored: %s", profile.appDid(), e.getMessage());
            throw ProblemException.unavailable("The database did not store the profile; retrying is safe.", 5);
        }
    }
}
