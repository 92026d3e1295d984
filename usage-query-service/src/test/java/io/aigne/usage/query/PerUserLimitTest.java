package io.aigne.usage.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aigne.usage.testkit.LocalInfra;
import io.aigne.usage.testkit.QuarkusInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 11, "what was seen" 4: one user's 50 concurrent heavy trend requests (92 days hourly in a
 * +05:45 zone, so no hour is a whole stats row and every bucket is read live) must not take the
 * connection pool from another user. Without the per-user limit the 20 connections are held by
 * the heavy requests and the other user's overview waits for one (seconds, then a 503).
 */
@QuarkusTest
@QuarkusTestResource(value = QuarkusInfraResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PerUserLimitTest {
    private static final String HEAVY = "did:abt:heavy-" + UUID.randomUUID();
    private static final String LIGHT = "did:abt:light-" + UUID.randomUUID();
    private static final String HEAVY_TRENDS = "/api/usage/trends?timeRange=92&granularity=hour&tz=Asia/Kathmandu";
    private static final int HEAVY_CLIENTS = 50;
    /** Generous for a loaded 2-core machine, far below the pool's 5 s acquisition timeout a starved request waits. */
    private static final Duration OVERVIEW_BOUND = Duration.ofMillis(2_000);

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    record Answer(int status, String retryAfter, long millis) {
    }

    @BeforeAll
    void seed() {
        long now = Instant.now().getEpochSecond();
        // ~50 calls in every hour of the 92 days, so each live bucket query aggregates real rows
        try (Connection c = DriverManager.getConnection(LocalInfra.get().postgres().jdbcUrl(), "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO model_calls (user_did, app_did, id, call_time, model, type, status, duration_ms,
                            total_usage, credits)
                        SELECT ?, 'did:app:heavy', 'heavy-' || g, ? - (g * 7919) % (92 * 86400),
                            CASE WHEN g % 3 = 0 THEN 'gpt-4o' ELSE 'claude-3-5-sonnet' END, 'chatCompletion',
                            CASE WHEN g % 10 = 0 THEN 'failed' ELSE 'success' END, g % 5000, g % 4000, (g % 1000) / 10000.0
                        FROM generate_series(1, 110000) g""")) {
            MonthPartitions.ensure(c, now - 92 * 86_400L, now);
            ps.setString(1, HEAVY);
            ps.setLong(2, now);
            ps.executeUpdate();
            c.createStatement().execute("ANALYZE model_calls");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        SeedCalls.insert(SeedCalls.generate(new Random(92), LIGHT, "did:app:light", 40, now - 86_400L, now));
    }

    private Answer get(String user, String target) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                .header("Authorization", "Bearer " + LocalInfra.testTokens().mint(user, List.of()))
                .timeout(Duration.ofSeconds(60)).build();
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("Retry-After").orElse(null),
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException e) {
            return new Answer(-1, null, (System.nanoTime() - t0) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, null, 0);
        }
    }

    @Test
    void oneUsersHeavyRequestsLeaveAnotherUsersOverviewFast() throws Exception {
        assertThat(get(LIGHT, "/api/usage/overview").status()).isEqualTo(200); // warm: measure contention, not first use
        Queue<Answer> heavy = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(HEAVY_CLIENTS);
        for (int i = 0; i < HEAVY_CLIENTS; i++) {
            clients.submit(() -> {
                start.await();
                // every client keeps one heavy request going, honouring Retry-After when refused
                while (!stop.get()) {
                    Answer a = get(HEAVY, HEAVY_TRENDS);
                    heavy.add(a);
                    if (a.status() == 429) {
                        Thread.sleep(1_000L * Long.parseLong(a.retryAfter()));
                    }
                }
                return null;
            });
        }
        start.countDown();
        // the heavy requests are running: measure once the limit has refused some of them
        await("the first 429 for the heavy user").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> heavy.stream().anyMatch(a -> a.status() == 429));

        List<Answer> overviews = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            overviews.add(get(LIGHT, "/api/usage/overview"));
            Thread.sleep(300);
        }
        long heavyDoneWhileMeasuring = heavy.stream().filter(a -> a.status() == 200).count();
        stop.set(true);
        clients.shutdown();
        assertThat(clients.awaitTermination(120, TimeUnit.SECONDS)).isTrue();

        System.out.printf("heavy: %d answers, %d admitted (%d while measuring), slowest %d ms; overviews %s%n",
                heavy.size(), heavy.stream().filter(a -> a.status() == 200).count(), heavyDoneWhileMeasuring,
                heavy.stream().mapToLong(Answer::millis).max().orElse(0),
                overviews.stream().map(a -> a.status() + "/" + a.millis() + "ms").toList());
        assertThat(overviews).as("the other user's overviews").allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.millis()).isLessThan(OVERVIEW_BOUND.toMillis());
        });
        assertThat(heavy).as("the heavy user's answers").allSatisfy(a -> assertThat(a.status()).isIn(200, 429));
        assertThat(heavy.stream().filter(a -> a.status() == 429))
                .isNotEmpty().allSatisfy(a -> assertThat(a.retryAfter()).isEqualTo("1"));
        assertThat(heavy.stream().filter(a -> a.status() == 200)).isNotEmpty();
    }
}
