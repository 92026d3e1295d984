package io.aigne.usage.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Statements run straight against the tests' PostgreSQL (triggers that inject faults, fixtures). */
public final class TestDatabase {
    private TestDatabase() {
    }

    public static void run(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(LocalInfra.get().postgres().jdbcUrl(), "postgres", "postgres");
                Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }
}
