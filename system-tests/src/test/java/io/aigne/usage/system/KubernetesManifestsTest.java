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

    private static final Map<String, List<JsonNode>> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The overlay rendered once per test run (each test only reads it). */
    private static List<JsonNode> render(String overlay) throws IOException, InterruptedException {
        List<JsonNode> cached = RENDERED.get(overlay);
        if (cached == null) {
            cached = renderNow(overlay);
            RENDERED.put(overlay, cached);
        }
        return cached;
    }

    private static List<JsonNode> renderNow(String overlay) throws IOException, InterruptedException {
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

    // ---- locked-down pods (base/locked-down.yaml, jobs/reconcile.yaml) ----

    private static List<JsonNode> podSpecs(List<JsonNode> docs) throws IOException {
        List<JsonNode> specs = new ArrayList<>();
        ofKind(docs, "Deployment").forEach(d -> specs.add(d.path("spec").path("template")));
        specs.add(reconcileJob().path("spec").path("template"));
        return specs;
    }

    private static JsonNode reconcileJob() throws IOException {
        return new YAMLMapper().readTree(REPO.resolve("deploy/k8s/jobs/reconcile.yaml").toFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod"})
    void everyPodRunsNonRootReadOnlyWithoutCapabilitiesOrServiceAccountToken(String overlay) throws Exception {
        for (JsonNode template : podSpecs(render(overlay))) {
            JsonNode pod = template.path("spec");
            String what = overlay + "/" + template.path("metadata").path("labels").path("app.kubernetes.io/name").asText();
            assertThat(pod.path("automountServiceAccountToken").isBoolean() && !pod.path("automountServiceAccountToken").asBoolean())
                    .as(what + " automountServiceAccountToken: false").isTrue();
            JsonNode podSc = pod.path("securityContext");
            assertThat(podSc.path("runAsNonRoot").asBoolean()).as(what + " runAsNonRoot").isTrue();
            assertThat(podSc.path("runAsUser").isInt() && podSc.path("runAsUser").asInt() > 0).as(what + " numeric non-root uid").isTrue();
            assertThat(podSc.path("runAsGroup").isInt() && podSc.path("runAsGroup").asInt() > 0).as(what + " numeric non-root gid").isTrue();
            assertThat(podSc.path("seccompProfile").path("type").asText()).as(what + " seccomp").isEqualTo("RuntimeDefault");
            Set<String> emptyDirs = new HashSet<>();
            pod.path("volumes").forEach(v -> {
                if (v.has("emptyDir")) {
                    emptyDirs.add(v.path("name").asText());
                }
            });
            for (JsonNode c : pod.path("containers")) {
                JsonNode sc = c.path("securityContext");
                assertThat(sc.path("allowPrivilegeEscalation").isBoolean() && !sc.path("allowPrivilegeEscalation").asBoolean())
                        .as(what + " allowPrivilegeEscalation: false").isTrue();
                assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).as(what + " readOnlyRootFilesystem").isTrue();
                assertThat(sc.path("capabilities").path("drop").toString()).as(what + " drops ALL").contains("\"ALL\"");
                assertThat(sc.path("capabilities").path("add").size()).as(what + " adds no capability").isZero();
                assertThat(sc.path("privileged").asBoolean(false)).as(what + " privileged").isFalse();
                if (c.path("image").asText().startsWith("aigne/")) { // the JVM writes to /tmp (hsperfdata, Vert.x cache)
                    boolean tmp = false;
                    for (JsonNode m : c.path("volumeMounts")) {
                        tmp |= m.path("mountPath").asText().equals("/tmp") && emptyDirs.contains(m.path("name").asText());
                    }
                    assertThat(tmp).as(what + " /tmp is a writable emptyDir").isTrue();
                }
            }
        }
    }

    // ---- NetworkPolicies (base/network-policies.yaml) ----

    private static final String INGRESS_NAMESPACE = "ingress-nginx";
    private static final String MONITORING_NAMESPACE = "monitoring";

    /** A label selector (matchLabels, matchExpressions In/NotIn/Exists/DoesNotExist) against labels. */
    private static boolean selects(JsonNode selector, JsonNode labels) {
        var it = selector.path("matchLabels").fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        for (JsonNode x : selector.path("matchExpressions")) {
            String value = labels.path(x.path("key").asText()).asText(null);
            List<String> values = new ArrayList<>();
            x.path("values").forEach(v -> values.add(v.asText()));
            boolean ok = switch (x.path("operator").asText()) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new AssertionError("operator " + x);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean allowsPort(JsonNode rule, int port) {
        if (!rule.has("ports")) {
            return true;
        }
        for (JsonNode p : rule.path("ports")) {
            if (p.path("port").asInt() == port) {
                return true;
            }
        }
        return false;
    }

    /** The peers (from entries) allowed into pods with these labels on this port; an empty peer list means anyone. */
    private static List<JsonNode> ingressPeers(List<JsonNode> docs, JsonNode podLabels, int port) {
        List<JsonNode> peers = new ArrayList<>();
        for (JsonNode np : ofKind(docs, "NetworkPolicy")) {
            if (!selects(np.path("spec").path("podSelector"), podLabels)) {
                continue;
            }
            for (JsonNode rule : np.path("spec").path("ingress")) {
                if (allowsPort(rule, port)) {
                    if (!rule.has("from") || rule.path("from").isEmpty()) {
                        peers.add(new YAMLMapper().createObjectNode().put("anyone", true));
                    }
                    rule.path("from").forEach(peers::add);
                }
            }
        }
        return peers;
    }

    /** Whether pods with these labels may send to port on pods with targetLabels (same namespace) or to an ipBlock. */
    private static boolean egressAllowed(List<JsonNode> docs, JsonNode podLabels, int port, JsonNode targetLabels) {
        for (JsonNode np : ofKind(docs, "NetworkPolicy")) {
            if (!selects(np.path("spec").path("podSelector"), podLabels)) {
                continue;
            }
            for (JsonNode rule : np.path("spec").path("egress")) {
                if (!allowsPort(rule, port)) {
                    continue;
                }
                for (JsonNode to : rule.path("to")) {
                    if (targetLabels == null ? to.has("ipBlock") || to.has("podSelector")
                            : !to.has("namespaceSelector") && to.has("podSelector") && selects(to.path("podSelector"), targetLabels)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean fromNamespace(JsonNode peer, String namespace) {
        return !peer.has("podSelector") && namespace.equals(peer.path("namespaceSelector").path("matchLabels")
                .path("kubernetes.io/metadata.name").asText());
    }

    private static JsonNode podLabels(List<JsonNode> docs, String deployment) {
        return named(docs, "Deployment", deployment).path("spec").path("template").path("metadata").path("labels");
    }

    /** The containerPort a Service port's targetPort (name or number) resolves to in its Deployment. */
    private static int targetPort(List<JsonNode> docs, String deployment, JsonNode servicePort) {
        JsonNode target = servicePort.has("targetPort") ? servicePort.path("targetPort") : servicePort.path("port");
        if (target.isInt()) {
            return target.asInt();
        }
        JsonNode container = named(docs, "Deployment", deployment).path("spec").path("template").path("spec").path("containers").get(0);
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(target.asText())) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("targetPort " + target + " of " + deployment);
    }

    private static String deploymentBehind(List<JsonNode> docs, JsonNode service) {
        List<String> matched = ofKind(docs, "Deployment").stream()
                .filter(d -> selects(new YAMLMapper().createObjectNode().set("matchLabels", service.path("spec").path("selector")),
                        d.path("spec").path("template").path("metadata").path("labels")))
                .map(d -> d.path("metadata").path("name").asText()).toList();
        assertThat(matched).as("pods behind Service %s", service.path("metadata").path("name")).hasSize(1);
        return matched.get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod"})
    void everythingIsDeniedUnlessAPolicyAllowsItAndEveryServicePortIsCovered(String overlay) throws Exception {
        List<JsonNode> docs = render(overlay);
        assertThat(ofKind(docs, "NetworkPolicy")).as("a default deny").anySatisfy(np -> {
            assertThat(np.path("spec").path("podSelector").isEmpty()).isTrue();
            assertThat(np.path("spec").path("policyTypes").toString()).contains("Ingress", "Egress");
            assertThat(np.path("spec").has("ingress") || np.path("spec").has("egress")).isFalse();
        });
        for (JsonNode service : ofKind(docs, "Service")) {
            String deployment = deploymentBehind(docs, service);
            for (JsonNode port : service.path("spec").path("ports")) {
                int target = targetPort(docs, deployment, port);
                List<JsonNode> peers = ingressPeers(docs, podLabels(docs, deployment), target);
                String what = overlay + " Service " + service.path("metadata").path("name").asText() + ":" + target;
                assertThat(peers).as(what + " is reachable by some policy").isNotEmpty();
                assertThat(peers).as(what + " is not open to anyone").noneMatch(p -> p.has("anyone") || p.has("ipBlock"));
                assertThat(peers).as(what + " peers are in-namespace pods or named namespaces").allMatch(p -> !p.has("namespaceSelector")
                        || p.path("namespaceSelector").path("matchLabels").has("kubernetes.io/metadata.name"));
            }
        }
        // the people's and API hosts' services are reachable from the Ingress controller; the aggregator is not
        for (String routed : List.of("usage-web", "usage-query", "quota-gateway")) {
            int port = httpPort(MODULE_OF.get(routed));
            assertThat(ingressPeers(docs, podLabels(docs, routed), port)).as(overlay + " " + routed + " from the Ingress controller")
                    .anyMatch(p -> fromNamespace(p, INGRESS_NAMESPACE));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod"})
    void onlyProducersTheReconcileJobAndPrometheusReachTheAggregator(String overlay) throws Exception {
        List<JsonNode> docs = render(overlay);
        int ingest = httpPort("stats-aggregator-service");
        JsonNode reconcileLabels = reconcileJob().path("spec").path("template").path("metadata").path("labels");
        JsonNode producer = new YAMLMapper().createObjectNode().put("aigne.io/ingest-producer", "true");
        for (JsonNode peer : ingressPeers(docs, podLabels(docs, "stats-aggregator"), ingest)) {
            boolean producerOrJob = !peer.has("namespaceSelector") && peer.has("podSelector")
                    && !peer.path("podSelector").isEmpty()
                    && (selects(peer.path("podSelector"), producer) || selects(peer.path("podSelector"), reconcileLabels))
                    && !selects(peer.path("podSelector"), podLabels(docs, "usage-web"));
            assertThat(producerOrJob || fromNamespace(peer, MONITORING_NAMESPACE)).as("%s aggregator peer %s", overlay, peer).isTrue();
        }
        List<JsonNode> peers = ingressPeers(docs, podLabels(docs, "stats-aggregator"), ingest);
        assertThat(peers).anyMatch(p -> p.has("podSelector") && selects(p.path("podSelector"), producer));
        assertThat(peers).anyMatch(p -> p.has("podSelector") && selects(p.path("podSelector"), reconcileLabels));
        JsonNode aggregator = podLabels(docs, "stats-aggregator");
        assertThat(egressAllowed(docs, producer, ingest, aggregator)).as("producers may send").isTrue();
        assertThat(egressAllowed(docs, reconcileLabels, ingest, aggregator)).as("the reconcile Job may send").isTrue();
        // nobody else: no service of ours may call the aggregator
        for (String other : List.of("usage-web", "usage-query", "quota-gateway")) {
            assertThat(egressAllowed(docs, podLabels(docs, other), ingest, aggregator)).as(other + " -> aggregator").isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod"})
    void everyServiceMayReachDnsItsDatabaseKafkaAndTheServicesItCalls(String overlay) throws Exception {
        List<JsonNode> docs = render(overlay);
        for (Map.Entry<String, String> e : MODULE_OF.entrySet()) {
            JsonNode labels = podLabels(docs, e.getKey());
            String what = overlay + "/" + e.getKey();
            assertThat(egressAllowed(docs, labels, 53, null) || ofKind(docs, "NetworkPolicy").stream().anyMatch(np ->
                    selects(np.path("spec").path("podSelector"), labels) && np.path("spec").path("egress").toString().contains("\"port\":53")))
                    .as(what + " DNS").isTrue();
            assertThat(egressAllowed(docs, labels, 5432, null)).as(what + " PostgreSQL").isTrue();
            String properties = Files.readString(REPO.resolve(e.getValue()).resolve("src/main/resources/application.properties"));
            assertThat(egressAllowed(docs, labels, 9092, null)).as(what + " Kafka").isEqualTo(properties.contains("kafka"));
            assertThat(egressAllowed(docs, labels, 443, null)).as(what + " OIDC issuer").isTrue();
        }
        for (String upstream : List.of("usage-query", "quota-gateway")) {
            assertThat(egressAllowed(docs, podLabels(docs, "usage-web"), httpPort(MODULE_OF.get(upstream)), podLabels(docs, upstream)))
                    .as(overlay + " gateway -> " + upstream).isTrue();
        }
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
