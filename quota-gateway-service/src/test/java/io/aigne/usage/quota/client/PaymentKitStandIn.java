package io.aigne.usage.quota.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts the payment-kit stand-in ({@code src/test/payment-kit-standin/standin.js}, a Node process that
 * authenticates every request with @blocklet/sdk's own {@code verifySig} and answers from fixtures typed by
 * @blocklet/payment-types) and points the service at it, signing with {@link #APP_SK}. Maven installs and
 * builds the stand-in at generate-test-resources; {@code node} must be on the PATH.
 *
 * <p>The fixtures: {@link #ALICE} has credits, transactions and an auto-recharge config; any other DID
 * has nothing (src/test/payment-kit-standin/README.md lists the values). {@link #requests()} lists what the
 * stand-in received, refused requests included.
 */
public class PaymentKitStandIn implements QuarkusTestResourceLifecycleManager {
    /** The fixed test app key: ED25519, the seed 0x00..0x1f followed by its public key. Test only. */
    public static final String APP_SK = "0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
            + "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8";
    /** The public key of {@link #APP_SK}; the stand-in verifies signatures against it. */
    public static final String APP_PK = "0x03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8";
    /** Sent as {@code x-component-did}; the stand-in (like payment-kit's check) does not depend on it. */
    public static final String COMPONENT_DID = "zNKa5mpgjBK9h5KQ5BxCSSPmy8F5NJwuSmxQ";
    /** The one customer the fixtures know. */
    public static final String ALICE = "did:abt:standin-alice";

    /** Where the stand-in lives, relative to the module (surefire's working directory); override with -Dpayment-kit-standin.dir. */
    static final String DIR_PROPERTY = "payment-kit-standin.dir";
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("^LISTENING (\\d+)$");
    private static final int KEPT_OUTPUT_CHARS = 16_384;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static volatile Process process;
    private static volatile String baseUrl;
    private static final StringBuilder recentOutput = new StringBuilder();

    @Override
    public Map<String, String> start() {
        Path dir = Path.of(System.getProperty(DIR_PROPERTY, "src/test/payment-kit-standin")).toAbsolutePath();
        if (!Files.isRegularFile(dir.resolve("dist/fixtures.js")) || !Files.isDirectory(dir.resolve("node_modules/@blocklet/sdk"))) {
            throw new IllegalStateException("The payment-kit stand-in in " + dir + " is not installed and built: "
                    + "./mvnw -pl quota-gateway-service generate-test-resources (npm ci, npm run build) does that");
        }
        ProcessBuilder pb = new ProcessBuilder(node().toString(), "standin.js").directory(dir.toFile());
        Map<String, String> env = pb.environment();
        // only the key below decides how signatures are checked (the SDK prefers BLOCKLET_APP_ASK, and CHAIN_TYPE
        // switches to an Ethereum wallet)
        for (String name : List.of("BLOCKLET_APP_ASK", "BLOCKLET_APP_PK", "BLOCKLET_COMPONENT_DID", "CHAIN_TYPE", "BLOCKLET_WALLET_TYPE",
                "STANDIN_FIXED_NOW")) {
            env.remove(name);
        }
        env.put("BLOCKLET_APP_SK", APP_SK);
        env.put("BLOCKLET_MODE", "test");
        env.put("PORT", "0");
        env.put("STANDIN_WATCH_STDIN", "1"); // exits when our end of its stdin closes, i.e. when this JVM is gone
        synchronized (recentOutput) {
            recentOutput.setLength(0);
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the payment-kit stand-in in " + dir, e);
        }
        process = p;
        CompletableFuture<Integer> port = new CompletableFuture<>();
        drain(p.getInputStream(), "standin-stdout", line -> {
            Matcher m = LISTENING.matcher(line);
            if (!port.isDone() && m.matches()) {
                port.complete(Integer.parseInt(m.group(1)));
            } else {
                keep(line);
            }
        });
        drain(p.getErrorStream(), "standin-stderr", PaymentKitStandIn::keep);
        p.onExit().thenRun(() -> port.completeExceptionally(new IllegalStateException("exited with " + p.exitValue())));
        try {
            int listening = port.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            baseUrl = "http://127.0.0.1:" + listening;
        } catch (TimeoutException | ExecutionException e) {
            p.destroyForcibly();
            awaitExit(p, Duration.ofSeconds(2)); // lets the drains collect the last output
            throw new IllegalStateException("The payment-kit stand-in did not print LISTENING <port> within " + START_TIMEOUT.toSeconds()
                    + " s (" + (e instanceof ExecutionException ? e.getCause().getMessage() : "timed out") + "). Its output:\n" + output(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted while starting the payment-kit stand-in", e);
        }
        return Map.of("usage.quota.payment-kit.url", baseUrl, "usage.quota.payment-kit.app-sk", APP_SK,
                "usage.quota.payment-kit.component-did", COMPONENT_DID);
    }

    @Override
    public void stop() {
        Process p = process;
        process = null;
        baseUrl = null;
        if (p != null) {
            p.destroy();
            if (!awaitExit(p, Duration.ofSeconds(5))) {
                p.destroyForcibly();
                awaitExit(p, Duration.ofSeconds(5));
            }
        }
    }

    /** The stand-in's base URL, e.g. {@code http://127.0.0.1:41234}; only while it runs. */
    public static String baseUrl() {
        String url = baseUrl;
        if (url == null) {
            throw new IllegalStateException("the payment-kit stand-in is not running (use PaymentKitStandIn.Profile)");
        }
        return url;
    }

    /**
     * Every request the stand-in authenticated or refused since the last {@link #clearRequests()}, oldest first:
     * {@code {method, path, query, status, headers: {x-component-did, x-component-sig-iat, x-component-sig-exp,
     * x-component-sig-version}, body}} (a header that was not sent is null; query values are strings, as
     * parsed by qs; body is the parsed JSON body or null).
     */
    public static List<Map<String, Object>> requests() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/__standin/requests")).GET());
        try {
            return JSON.readValue(r.body(), new TypeReference<List<Map<String, Object>>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("the stand-in's request list is not JSON: " + r.body(), e);
        }
    }

    /** Forgets the requests received so far. */
    public static void clearRequests() {
        send(HttpRequest.newBuilder(URI.create(baseUrl() + "/__standin/requests")).DELETE());
    }

    /** The stand-in's recent output (stderr and stdout; the SDK logs each refused signature there). */
    public static String output() {
        synchronized (recentOutput) {
            return recentOutput.toString();
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("the stand-in answered " + r.statusCode() + ": " + r.body());
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads a stream to its end on a daemon thread, so a chatty stand-in never blocks on a full pipe. */
    private static void drain(InputStream in, String name, Consumer<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private static void keep(String line) {
        synchronized (recentOutput) {
            recentOutput.append(line).append('\n');
            if (recentOutput.length() > KEPT_OUTPUT_CHARS) {
                recentOutput.delete(0, recentOutput.length() - KEPT_OUTPUT_CHARS);
            }
        }
    }

    private static boolean awaitExit(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code node} from the PATH. */
    static Path node() {
        boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
        List<String> names = windows ? List.of("node.exe", "node.cmd") : List.of("node");
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String entry : path.split(Pattern.quote(File.pathSeparator))) {
            if (entry.isBlank()) {
                continue;
            }
            for (String name : names) {
                Path candidate = Path.of(entry, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("node is not on the PATH; the payment-kit stand-in needs Node.js 20 or newer");
    }

    /** The test profile that points the service at the stand-in (payment-kit instead of the built-in ledger). */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PaymentKitStandIn.class));
        }
    }
}
