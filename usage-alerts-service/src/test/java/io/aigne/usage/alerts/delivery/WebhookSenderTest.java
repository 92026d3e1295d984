package io.aigne.usage.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sender against real HTTP(S) servers on 127.0.0.1, reached through names that only the
 * guard's resolver knows: a request that arrives proves the connection went to the checked address
 * (no second lookup), while Host, SNI and the certificate check used the URL's name.
 */
class WebhookSenderTest {
    record Seen(String method, String uri, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0)).findFirst()
                    .orElse(null);
        }
    }

    static Vertx vertx;
    static HttpServer server;
    static ExecutorService pool;
    static final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void start() throws IOException {
        vertx = Vertx.vertx();
        pool = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/", WebhookSenderTest::handle);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        pool.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    static void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(), Map.copyOf(exchange.getRequestHeaders()), body));
        String path = exchange.getRequestURI().getPath();
        try {
            switch (path) {
                case "/redirect" -> {
                    exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + server.getAddress().getPort() + "/elsewhere");
                    exchange.sendResponseHeaders(302, -1);
                }
                case "/boom" -> answer(exchange, 500, "  boom:\n database   down ");
                case "/big-error" -> answer(exchange, 503, "x".repeat(100_000));
                case "/slow" -> {
                    Thread.sleep(3_000);
                    answer(exchange, 200, "late");
                }
                default -> answer(exchange, 204, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client hung up (a timeout, a reset): fine
        } finally {
            exchange.close();
        }
    }

    static void answer(HttpExchange exchange, int status, String text) throws IOException {
        if (text == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static WebhookSender sender(Map<String, String> names, List<String> allow, Duration timeout) {
        WebhookTargetGuard guard = new WebhookTargetGuard(allow, host -> {
            String ip = names.get(host);
            if (ip == null) {
                return WebhookTargetGuardTest.literalOnly(host);
            }
            return new InetAddress[] {InetAddress.getByName(ip)};
        });
        return new WebhookSender(vertx, guard, Clock.systemUTC(), timeout, options -> {
        });
    }

    static int port() {
        return server.getAddress().getPort();
    }

    static WebhookSender.Result send(WebhookSender sender, String url, String body) throws Exception {
        return sender.send(url, "d-1", "whsec_test", body).get(20, TimeUnit.SECONDS);
    }

    @Test
    void postsSignedBodyToTheCheckedAddressWithTheUrlsHost() throws Exception {
        seen.clear();
        WebhookSender sender = sender(Map.of("hooks.example.test", "127.0.0.1"), List.of("127.0.0.1/32"), Duration.ofSeconds(5));
        String body = "{\"message\": \"Error rate 7.5 % ≥ 5 %\", \"value\": 7.5}";
        long before = System.currentTimeMillis() / 1000;
        WebhookSender.Result result = sender.send("http://hooks.example.test:" + port() + "/in/hook?x=1&y=%C3%A9", "3e1d-delivery",
                "whsec_test", body).get(20, TimeUnit.SECONDS);
        assertThat(result.delivered()).isTrue();
        assertThat(result.status()).isEqualTo(204);
        assertThat(result.error()).isNull();
        assertThat(seen).hasSize(1);
        Seen s = seen.peek();
        assertThat(s.method()).isEqualTo("POST");
        assertThat(s.uri()).isEqualTo("/in/hook?x=1&y=%C3%A9");
        assertThat(s.header("Host")).isEqualTo("hooks.example.test:" + port());
        assertThat(s.header("Content-Type")).isEqualTo("application/json");
        assertThat(s.header("User-Agent")).isEqualTo(WebhookSender.USER_AGENT);
        assertThat(s.header("X-Aigne-Delivery")).isEqualTo("3e1d-delivery");
        long ts = Long.parseLong(s.header("X-Aigne-Timestamp"));
        assertThat(ts).isBetween(before, System.currentTimeMillis() / 1000);
        assertThat(s.header("X-Aigne-Signature")).isEqualTo(WebhookSigner.signature("whsec_test", ts, body));
        assertThat(new String(s.body(), StandardCharsets.UTF_8)).isEqualTo(body);
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        seen.clear();
        WebhookSender sender = sender(Map.of("hooks.example.test", "127.0.0.1"), List.of("127.0.0.1/32"), Duration.ofSeconds(5));
        WebhookSender.Result result = send(sender, "http://hooks.example.test:" + port() + "/redirect", "{}");
        assertThat(result.delivered()).isFalse();
        assertThat(result.status()).isEqualTo(302);
        assertThat(result.error()).isEqualTo("HTTP 302 (redirects are not followed)");
        assertThat(seen).extracting(Seen::uri).containsExactly("/redirect");
    }

    @Test
    void refusingAnswersKeepAShortSnippet() throws Exception {
        WebhookSender sender = sender(Map.of(), List.of("127.0.0.1/32"), Duration.ofSeconds(5));
        WebhookSender.Result boom = send(sender, "http://127.0.0.1:" + port() + "/boom", "{}");
        assertThat(boom.status()).isEqualTo(500);
        assertThat(boom.error()).isEqualTo("HTTP 500: boom: database down");
        WebhookSender.Result big = send(sender, "http://127.0.0.1:" + port() + "/big-error", "{}");
        assertThat(big.status()).isEqualTo(503);
        assertThat(big.error()).isEqualTo("HTTP 503: " + "x".repeat(WebhookSender.SNIPPET) + "…");
    }

    @Test
    void noAnswerWithinTheTimeout() throws Exception {
        WebhookSender sender = sender(Map.of(), List.of("127.0.0.1/32"), Duration.ofSeconds(1));
        WebhookSender.Result slow = send(sender, "http://127.0.0.1:" + port() + "/slow", "{}");
        assertThat(slow.status()).isNull();
        assertThat(slow.error()).isEqualTo("no answer within 1 s");
        assertThat(slow.durationMs()).isBetween(900L, 2_500L);
    }

    @Test
    void closedPortIsNoAnswer() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        WebhookSender sender = sender(Map.of(), List.of("127.0.0.1/32"), Duration.ofSeconds(5));
        WebhookSender.Result result = send(sender, "http://127.0.0.1:" + closed + "/", "{}");
        assertThat(result.status()).isNull();
        assertThat(result.error()).startsWith("no answer: ");
    }

    @Test
    void refusedTargetsAreNotContacted() throws Exception {
        seen.clear();
        // no allow list: the name resolves to loopback, refused at delivery like at save
        WebhookSender sender = sender(Map.of("hooks.example.test", "127.0.0.1", "metadata.example.test", "169.254.169.254"), List.of(),
                Duration.ofSeconds(5));
        assertThat(send(sender, "http://hooks.example.test:" + port() + "/", "{}").error())
                .isEqualTo("refused: host hooks.example.test resolves to a loopback address (127.0.0.1)");
        assertThat(send(sender, "http://metadata.example.test/latest/meta-data", "{}").error())
                .isEqualTo("refused: host metadata.example.test resolves to a link-local address (169.254.169.254)");
        assertThat(send(sender, "http://127.0.0.1:" + port() + "/", "{}").error()).isEqualTo("refused: a loopback address (127.0.0.1)");
        assertThat(seen).isEmpty();
    }

    @Test
    void httpsUsesTheUrlsNameForSniAndTheCertificate(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("hooks.p12");
        Path cert = dir.resolve("hooks.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "hooks", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=hooks.example.test", "-ext", "SAN=dns:hooks.example.test", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "hooks", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", cert.toString());

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        ConcurrentLinkedQueue<String> sni = new ConcurrentLinkedQueue<>();
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = getSSLContext().getDefaultSSLParameters();
                p.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                    @Override
                    public boolean matches(SNIServerName name) {
                        sni.add(new String(name.getEncoded(), StandardCharsets.US_ASCII));
                        return true;
                    }
                }));
                params.setSSLParameters(p);
            }
        });
        https.setExecutor(pool);
        https.createContext("/", WebhookSenderTest::handle);
        https.start();
        try {
            seen.clear();
            int port = https.getAddress().getPort();
            WebhookTargetGuard guard = new WebhookTargetGuard(List.of("127.0.0.1/32"),
                    host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")});
            WebhookSender sender = new WebhookSender(vertx, guard, Clock.systemUTC(), Duration.ofSeconds(5),
                    options -> options.setTrustOptions(new PemTrustOptions().addCertPath(cert.toString())));
            WebhookSender.Result ok = sender.send("https://hooks.example.test:" + port + "/tls", "d-tls", "whsec_t", "{}")
                    .get(20, TimeUnit.SECONDS);
            assertThat(ok.error()).isNull();
            assertThat(ok.status()).isEqualTo(204);
            assertThat(sni).containsExactly("hooks.example.test");
            assertThat(seen).singleElement().satisfies(s -> assertThat(s.header("Host")).isEqualTo("hooks.example.test:" + port));

            // the same address under a name the certificate does not carry: the name is what is verified
            WebhookSender.Result wrongName = sender.send("https://other.example.test:" + port + "/tls", "d-tls", "whsec_t", "{}")
                    .get(20, TimeUnit.SECONDS);
            assertThat(wrongName.status()).isNull();
            assertThat(wrongName.error()).startsWith("TLS failed: ");
            assertThat(seen).hasSize(1);
        } finally {
            https.stop(0);
        }
    }

    static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + "\n" + out).isZero();
    }
}
