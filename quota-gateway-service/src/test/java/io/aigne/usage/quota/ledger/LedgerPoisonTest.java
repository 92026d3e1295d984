package io.aigne.usage.quota.ledger;

import static io.aigne.usage.testkit.DeadLetterTopic.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.events.Topics;
import io.aigne.usage.testkit.DeadLetterTopic;
import io.aigne.usage.testkit.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger never stops debiting because of one record: invalid events are skipped, a call its
 * database refuses (a test trigger raising a data exception for marked ids) is dead-lettered
 * alone while the calls around it are debited, and an outage stalls it visibly until it ends.
 */
@QuarkusTest
class LedgerPoisonTest {

    @Inject
    @Readiness
    LedgerHealthCheck readiness;

    @BeforeEach
    void installRefusingTrigger() throws Exception {
        TestDatabase.run("CREATE TABLE IF NOT EXISTS ledger_test_outage (on_ boolean NOT NULL)",
                "DELETE FROM ledger_test_outage",
                """
                CREATE OR REPLACE FUNCTION ledger_test_refuse() RETURNS trigger AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM ledger_test_outage WHERE on_) THEN
                        RAISE EXCEPTION 'test outage' USING ERRCODE = '57P03';
                    END IF;
                    IF NEW.call_id LIKE 'refuse-%' THEN
                        RAISE EXCEPTION 'test: numeric value out of range' USING ERRCODE = '22003';
                    END IF;
                    RETURN NEW;
                END $$ LANGUAGE plpgsql""",
                "DROP TRIGGER IF EXISTS ledger_test_refuse ON ledger_debited_calls",
                "CREATE TRIGGER ledger_test_refuse BEFORE INSERT ON ledger_debited_calls FOR EACH ROW EXECUTE FUNCTION ledger_test_refuse()");
    }

    @AfterEach
    void dropTrigger() throws Exception {
        TestDatabase.run("DROP TRIGGER IF EXISTS ledger_test_refuse ON ledger_debited_calls", "DELETE FROM ledger_test_outage");
    }

    @Test
    void aRefusedCallIsDeadLetteredAloneAndEveryOtherCallIsDebitedOnce() throws Exception {
        String user = "did:abt:ledger-poison-" + UUID.randomUUID();
        LedgerTest.grant(user, "1000", "paid", null);
        List<ObjectNode> events = new ArrayList<>();
        BigDecimal spent = BigDecimal.ZERO;
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ObjectNode good = LedgerTest.call(user, "success", "1.25");
            events.add(good);
            spent = spent.add(new BigDecimal("1.25"));
            if (i % 10 == 3) {
                ObjectNode bad = LedgerTest.call(user, "success", "7").put("id", "refuse-" + UUID.randomUUID());
                events.add(bad);
                refused.add(bad.toString());
                events.add(LedgerTest.call(user, "success", "9").put("errorReason", "nul\u0000")); // invalid: never debited
                events.add(LedgerTest.call(user, "success", "1000000001")); // invalid: above the per-call limit
            }
        }
        LedgerTest.produce(events);

        LedgerTest.awaitRemaining(user, new BigDecimal("1000").subtract(spent).setScale(6, RoundingMode.HALF_UP));
        List<ConsumerRecord<String, String>> dead = ledgerDeadLetters(user, refused.size());
        assertThat(dead).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(refused);
        assertThat(dead).allSatisfy(d -> assertThat(header(d, Topics.DLQ_REASON_HEADER)).contains("SQLState 22003"));
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void anOutageStallsTheLedgerVisiblyAndItsDebitsLandWhenItEnds() throws Exception {
        String user = "did:abt:ledger-outage-" + UUID.randomUUID();
        LedgerTest.grant(user, "10", "paid", null);
        TestDatabase.run("INSERT INTO ledger_test_outage VALUES (true)");
        LedgerTest.produce(List.of(LedgerTest.call(user, "success", "2.5")));

        await("readiness DOWN after the stall timeout (3 s in tests)").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> readiness.call().getStatus() == HealthCheckResponse.Status.DOWN);

        TestDatabase.run("DELETE FROM ledger_test_outage");
        LedgerTest.awaitRemaining(user, new BigDecimal("7.5").setScale(6, RoundingMode.HALF_UP));
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    private static List<ConsumerRecord<String, String>> ledgerDeadLetters(String key, int expected) {
        return DeadLetterTopic.read(key, expected, r -> header(r, "dlq-source").startsWith(LedgerDeadLetters.SOURCE + ":"));
    }
}
