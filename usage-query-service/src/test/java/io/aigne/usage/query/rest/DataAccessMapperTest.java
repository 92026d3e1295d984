package io.aigne.usage.query.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigne.usage.query.service.DataAccessException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DataAccessMapperTest {
    private final DataAccessMapper mapper = new DataAccessMapper();

    private Response answer(String sqlState) {
        return mapper.unavailable(new DataAccessException(new SQLException("ERROR: secret SQL text", sqlState)));
    }

    @Test
    void aValueTheDatabaseRefusesIsTheRequestsFault() {
        assertThat(answer("22021").getStatus()).isEqualTo(400); // invalid byte sequence
        assertThat(answer("22003").getStatus()).isEqualTo(400); // numeric value out of range
    }

    @Test
    void aStatementTimeoutIsPassing() {
        Response r = answer("57014");
        assertThat(r.getStatus()).isEqualTo(503);
        assertThat(r.getHeaderString("Retry-After")).isEqualTo("5");
    }

    @Test
    void anythingElseIsUnavailableAndNeverShowsTheSql() {
        Response r = mapper.unavailable(new DataAccessException(new SQLException("Sorry, acquisition timeout!")));
        assertThat(r.getStatus()).isEqualTo(503);
        assertThat(r.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(r.getEntity().toString()).doesNotContain("SQL").doesNotContain("acquisition");
        assertThat(answer("08006").getStatus()).isEqualTo(503);
    }
}
