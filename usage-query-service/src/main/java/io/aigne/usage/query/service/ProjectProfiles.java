package io.aigne.usage.query.service;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Projects' names and logos (table project_profiles, set by producers through the aggregator).
 * Not per user: an app's name is the app's. Reading a profile reveals nothing of anyone's calls, and
 * callers only ask for the projects they already see.
 */
@ApplicationScoped
public class ProjectProfiles {

    /** What the pages show for a project besides its DID. */
    public record Profile(String name, String logoUrl, String appUrl) {
    }

    @Inject
    @DataSource(StatsDataSource.NAME)
    AgroalDataSource dataSource;

    /** The profiles of those of {@code appDids} that have one. */
    public Map<String, Profile> of(Collection<String> appDids) {
        Map<String, Profile> found = new HashMap<>();
        if (appDids.isEmpty()) {
            return found;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT app_did, name, logo_url, app_url FROM project_profiles WHERE app_did = ANY (?)")) {
            Array dids = c.createArrayOf("varchar", appDids.toArray());
            ps.setArray(1, dids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), new Profile(rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    public Profile of(String appDid) {
        return of(List.of(appDid)).get(appDid);
    }
}
