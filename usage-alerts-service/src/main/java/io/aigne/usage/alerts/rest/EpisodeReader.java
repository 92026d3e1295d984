package io.aigne.usage.alerts.rest;

import io.agroal.api.AgroalDataSource;
import io.aigne.usage.support.PageRequest;
import io.aigne.usage.support.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Reads one user's episodes, newest first. */
@ApplicationScoped
public class EpisodeReader {
    private static final Logger LOG = Logger.getLogger(EpisodeReader.class);

    @Inject
    AgroalDataSource dataSource;

    /** @param openOnly only episodes not resolved yet */
    public EpisodeAnswer.Page page(String userDid, boolean openOnly, PageRequest paging) {
        String where = " WHERE e.user_did = ?" + (openOnly ? " AND e.resolved_at IS NULL" : "");
        String count = "SELECT count(*) FROM alert_episodes e" + where;
        String select = """
                SELECT e.id, e.rule_id, r.name, r.kind, r.app_did, r.model_id, e.slot, e.opened_at, e.open_value, e.resolved_at,
                       e.close_value
                FROM alert_episodes e JOIN alert_rules r ON r.id = e.rule_id""" + where
                + " ORDER BY e.opened_at DESC, e.id DESC LIMIT ? OFFSET ?";
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement(count)) {
                ps.setString(1, userDid);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<EpisodeAnswer> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(select)) {
                ps.setString(1, userDid);
                ps.setInt(2, paging.pageSize());
                ps.setLong(3, paging.offset());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Long resolvedAt = (Long) rs.getObject("resolved_at");
                        String slot = rs.getString("slot");
                        items.add(new EpisodeAnswer(rs.getLong("id"), rs.getObject("rule_id", UUID.class), rs.getString("name"),
                                rs.getString("kind"), rs.getString("app_did"), rs.getString("model_id"),
                                slot == null || slot.isEmpty() ? null : slot, resolvedAt == null ? "open" : "resolved",
                                rs.getLong("opened_at"), Numbers.plain(rs.getBigDecimal("open_value")), resolvedAt,
                                Numbers.plain(rs.getBigDecimal("close_value"))));
                    }
                }
            }
            return new EpisodeAnswer.Page(items, total, paging.page(), paging.pageSize());
        } catch (SQLException e) {
            LOG.warnf("alert episodes not read: %s", e.getMessage());
            throw ProblemException.unavailable("The database is not available right now; retrying is safe.", 5);
        }
    }
}
