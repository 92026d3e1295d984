package io.aigne.usage.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.aigne.usage.localstack.TopicDefinitions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders each overlay of deploy/k8s with kustomize (kubectl) and checks it against the services
 * themselves: their ports, the settings their prod profile needs, their health endpoints, their
 * API paths behind the Ingress, and the aggregator's replicas against the topic's partitions.
 * Adding a required setting to a service without adding it to the manifests fails here.
 */
class KubernetesManifestsTest {
    private static final Path REPO = Path.of(System.getProperty("usage.repo.root", "..")).toAbsolutePath().normalize();
    private static final Map<String, String> MODULE_OF = Map.of("stats-aggregator", "stats-aggregator-service",
            "usage-query", "usage-query-service", "quota-gateway", "quota-gateway-service", "usage-web", "usage-web");
    private static final String WEB_HOST = "usage.example.com";
    private static final String API_HOST = "api.usage.example.com";
    private static final Pattern REQUIRED_ENV = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

    private static List<JsonNode> render(String overlay) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kubectl", "kustomize", REPO.resolve("deploy/k8s/overlays/" + overlay).toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("kustomize output: %s", out).isZero();
        List<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(out).readAll();
        assertThat(docs).isNotEmpty();
        return docs;
    }

    private static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    private static JsonNode named(List<JsonNode> docs, String kind, String name) {
        return ofKind(docs, kind).stream().filter(d -> name.equals(d.path("metadata").path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    /** Environment variables a service's prod configuration reads without a default. */
    private static Set<String> requiredEnv(String module) throws IOException {
        Set<String> env = new HashSet<>();
        for (String line : Files.readAllLines(REPO.resolve(module).resolve("src/main/resources/application.properties"))) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.startsWith("%") && !trimmed.startsWith("%prod."))) {
                continue;
            }
            Matcher m = REQUIRED_ENV.matcher(trimmed);
            while (m.find()) {
                env.add(m.group(1));
            }
        }
        env.add("QUARKUS_OIDC_AUTH_SERVER_URL"); // prod verifies tokens of the configured issuer
        return env;
    }

    private static int httpPort(String module) throws IOException {
        return property(module, "quarkus.http.port").map(Integer::parseInt).orElse(8080);
    }

    /** The management interface's port (/q/* off the public port), when the service enables it. */
    private static java.util.Optional<Integer> managementPort(String module) throws IOException {
        if (!property(module, "quarkus.management.enabled").map(Boolean::parseBoolean).orElse(false)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(property(module, "quarkus.management.port").map(Integer::parseInt).orElse(9000));
    }

    private static java.util.Optional<String> property(String module, String key) throws IOException {
        return Files.readAllLines(REPO.resolve(module).resolve("src/main/resources/application.properties")).stream()
                .filter(l -> l.startsWith(key + "=")).map(l -> l.substring(l.indexOf('=') + 1).strip()).findFirst();
    }

    /** The containerPort a probe's named or numbered port refers to. */
    private static int probePort(JsonNode container, JsonNode probe) {
        JsonNode port = probe.path("httpGet").path("port");
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(port.asText())) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("probe port " + port + " is not a container port");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod"})
    void everyServiceHasProbesLimitsPortsAndTheSettingsItsProdProfileNeeds(String overlay) throws Exception {
        List<JsonNode> docs = render(overlay);
        JsonNode config = named(docs, "ConfigMap", "usage-config").path("data");
        for (Map.Entry<String, String> e : MODULE_OF.entrySet()) {
            JsonNode container = named(docs, "Deployment", e.getKey()).path("spec").path("template").path("spec").path("containers").get(0);
            String what = overlay + "/" + e.getKey();
            assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).as(what).isEqualTo("/q/health/ready");
            assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).as(what).isEqualTo("/q/health/live");
            assertThat(container.path("resources").path("limits").has("cpu")).as(what + " cpu limit").isTrue();
            assertThat(container.path("resources").path("limits").has("memory")).as(what + " memory limit").isTrue();
            assertThat(container.path("resources").path("requests").has("memory")).as(what + " memory request").isTrue();

            int port = httpPort(e.getValue());
            assertThat(container.path("ports").get(0).path("containerPort").asInt()).as(what + " port").isEqualTo(port);
            assertThat(named(docs, "Service", e.getKey()).path("spec").path("ports").get(0).path("port").asInt()).isEqualTo(port);
            // probes reach /q/health where the service serves it: its management port if it has one (usage-web), which
            // its Service does not expose
            int healthPort = managementPort(e.getValue()).orElse(port);
            assertThat(probePort(container, container.path("readinessProbe"))).as(what + " readiness port").isEqualTo(healthPort);
            assertThat(probePort(container, container.path("livenessProbe"))).as(what + " liveness port").isEqualTo(healthPort);
            if (healthPort != port) {
                named(docs, "Service", e.getKey()).path("spec").path("ports").forEach(p -> assertThat(p.path("port").asInt())
                        .as(what + " Service exposes the management port").isNotEqualTo(healthPort));
            }

            Set<String> provided = new HashSet<>();
            container.path("env").forEach(v -> provided.add(v.path("name").asText()));
            container.path("envFrom").forEach(f -> {
                if (f.path("configMapRef").path("name").asText().equals("usage-config")) {
                    config.fieldNames().forEachRemaining(provided::add);
                }
            });
            assertThat(provided).as(what + " environment").containsAll(requiredEnv(e.getValue()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod"})
    void noSecretValuesAreCommittedAndSecretsAreOnlyReferenced(String overlay) throws Exception {
        List<JsonNode> docs = render(overlay);
        for (JsonNode secret : ofKind(docs, "Secret")) {
            assertThat(secret.has("data") || secret.has("stringData")).as("Secret %s has literal values", secret.path("metadata")
                    .path("name")).isFalse();
        }
        for (JsonNode d : ofKind(docs, "Deployment")) {
            for (JsonNode env : d.path("spec").path("template").path("spec").path("containers").get(0).path("env")) {
                if (env.path("name").asText().matches(".*(PASSWORD|API_KEY|SECRET|APP_SK).*")) {
                    assertThat(env.has("value")).as("%s is a literal", env.path("name")).isFalse();
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod"})
    void theQueryServiceScalesAndTheAggregatorNeverOutnumbersItsPartitions(String overlay) throws Exception {
        List<JsonNode> docs = render(overlay);
        JsonNode hpa = named(docs, "HorizontalPodAutoscaler", "usage-query");
        assertThat(hpa.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo("usage-query");
        assertThat(named(docs, "PodDisruptionBudget", "usage-query").path("spec").path("selector").path("matchLabels")
                .path("app.kubernetes.io/name").asText()).isEqualTo("usage-query");

        int partitions = named(docs, "KafkaTopic", "aigne.model-calls.v1").path("spec").path("partitions").asInt();
        assertThat(named(docs, "Deployment", "stats-aggregator").path("spec").path("replicas").asInt()).isBetween(1, partitions);
        for (JsonNode other : ofKind(docs, "HorizontalPodAutoscaler")) {
            if (other.path("spec").path("scaleTargetRef").path("name").asText().equals("stats-aggregator")) {
                assertThat(other.path("spec").path("maxReplicas").asInt()).isLessThanOrEqualTo(partitions);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod"})
    void theIngressSendsEveryPublicApiPathToTheServiceThatServesIt(String overlay) throws Exception {
        JsonNode rules = named(render(overlay), "Ingress", "aigne-hub-usage").path("spec").path("rules");
        assertThat(rules).hasSize(2);
        // rule 0: the people's host, all to usage-web (pages, sign-in, the gateway);
        // rule 1: the API host for bearer-token clients, split like the gateway's routes (GatewayRoutesTest)
        List<String[]> web = routes(rules.get(0));
        List<String[]> api = routes(rules.get(1));
        assertThat(rules.get(0).path("host").asText()).as(overlay).endsWith(WEB_HOST.substring("usage".length()));
        assertThat(rules.get(1).path("host").asText()).as(overlay).startsWith("api.").endsWith(API_HOST.substring("api.usage".length()));
        for (String page : List.of("/", "/usage/dashboard", "/usage/projects/did:app:x", "/auth/login", "/auth/demo", "/assets/index.js")) {
            assertThat(route(web, page)).as("%s %s", overlay, page).isEqualTo("usage-web");
        }
        for (String internal : List.of("/q/metrics", "/q/health/ready", "/api/admin/credits/grants", "/api/ingest/model-calls")) {
            assertThat(route(web, internal)).as("%s %s is not public", overlay, internal).isNull();
            assertThat(route(api, internal)).as("%s %s is not public", overlay, internal).isNull();
        }
        for (String service : List.of("usage-query", "quota-gateway")) {
            JsonNode openapi = new YAMLMapper().readTree(REPO.resolve(MODULE_OF.get(service)).resolve("target/openapi/openapi.yaml").toFile());
            openapi.path("paths").fieldNames().forEachRemaining(path -> {
                if (path.startsWith("/api/usage")) {
                    assertThat(route(api, path)).as("%s %s", overlay, path).isEqualTo(service);
                    assertThat(route(web, path)).as("%s %s through the gateway", overlay, path).isEqualTo("usage-web");
                }
            });
        }
    }

    private static List<String[]> routes(JsonNode rule) {
        List<String[]> routes = new ArrayList<>(); // path, service, pathType
        for (JsonNode p : rule.path("http").path("paths")) {
            routes.add(new String[] {p.path("path").asText(), p.path("backend").path("service").path("name").asText(),
                    p.path("pathType").asText()});
        }
        return routes;
    }

    /** Exact paths, else the longest Prefix match by path elements, as Ingress controllers do. */
    private static String route(List<String[]> routes, String path) {
        String best = null;
        int bestLength = -1;
        for (String[] r : routes) {
            boolean matches = "Exact".equals(r[2]) ? path.equals(r[0])
                    : r[0].equals("/") || path.equals(r[0]) || path.startsWith(r[0].endsWith("/") ? r[0] : r[0] + "/");
            if (matches && r[0].length() > bestLength) {
                best = r[1];
                bestLength = r[0].length();
            }
        }
        return best;
    }

    @org.junit.jupiter.api.Test
    void theReconcileJobCallsTheAggregatorsAdminEndpointWithATokenFromASecret() throws Exception {
        JsonNode job = new YAMLMapper().readTree(REPO.resolve("deploy/k8s/jobs/reconcile.yaml").toFile());
        assertThat(job.path("kind").asText()).isEqualTo("Job");
        JsonNode container = job.path("spec").path("template").path("spec").path("containers").get(0);
        String script = container.path("args").get(0).asText();
        assertThat(script).contains("http://stats-aggregator:" + httpPort("stats-aggregator-service") + "/api/admin/stats/reconcile?");
        JsonNode openapi = new YAMLMapper().readTree(REPO.resolve("stats-aggregator-service/target/openapi/openapi.yaml").toFile());
        assertThat(openapi.path("paths").has("/api/admin/stats/reconcile")).isTrue();
        JsonNode token = null;
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals("ADMIN_TOKEN")) {
                token = env;
            }
        }
        assertThat(token).isNotNull();
        assertThat(token.has("value")).as("the admin token is not committed").isFalse();
        assertThat(token.path("valueFrom").path("secretKeyRef").path("name").asText()).isEqualTo("usage-admin-token");
        assertThat(container.path("resources").path("limits").has("memory")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod"})
    void theLocalBrokerCreatesExactlyTheClusterTopics(String overlay) throws Exception {
        Set<String> cluster = new HashSet<>();
        ofKind(render(overlay), "KafkaTopic").forEach(t -> cluster.add(t.path("metadata").path("name").asText()));
        assertThat(TopicDefinitions.forSingleBroker().stream().map(NewTopic::name)).containsExactlyInAnyOrderElementsOf(cluster);
    }
}
