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
 * Adding a required setting to a service without adding it to the manifests fails here. Then the
 * pods' lock-down, the NetworkPolicies (every Service port covered, the aggregator only from
 * producers), the ServiceMonitors, alert rules and dashboard against the meters in the Java
 * sources, the dev cluster's Strimzi and CloudNativePG resources, the Citus overlay's cluster and
 * setup SQL against the migrations' tables, and the images' Dockerfiles.
 */
class KubernetesManifestsTest {
    private static final Path REPO = Path.of(System.getProperty("usage.repo.root", "..")).toAbsolutePath().normalize();
    private static final Map<String, String> MODULE_OF = Map.of("stats-aggregator", "stats-aggregator-service",
            "usage-query", "usage-query-service", "quota-gateway", "quota-gateway-service", "usage-alerts", "usage-alerts-service",
            "usage-web", "usage-web");
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
    @ValueSource(strings = {"local", "prod", "citus"})
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
    @ValueSource(strings = {"local", "prod", "citus"})
    void noSecretValuesAreCommittedAndSecretsAreOnlyReferenced(String overlay) throws Exception {
        List<JsonNode> docs = render(overlay);
        for (JsonNode secret : ofKind(docs, "Secret")) {
            assertThat(secret.has("data") || secret.has("stringData")).as("Secret %s has literal values", secret.path("metadata")
                    .path("name")).isFalse();
        }
        List<JsonNode> workloads = new ArrayList<>(ofKind(docs, "Deployment"));
        workloads.addAll(ofKind(docs, "Job"));
        for (JsonNode d : workloads) {
            for (JsonNode c : d.path("spec").path("template").path("spec").path("containers")) {
                for (JsonNode env : c.path("env")) {
                    if (env.path("name").asText().matches(".*(PASSWORD|API_KEY|SECRET|APP_SK).*|.*_TOKEN")) {
                        assertThat(env.has("value")).as("%s is a literal", env.path("name")).isFalse();
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod", "citus"})
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
            assertThat(other.path("spec").path("scaleTargetRef").path("name").asText()).as("usage-alerts is not autoscaled").isNotEqualTo("usage-alerts");
        }
        // usage-alerts: one group over both stat topics, no more replicas than either topic's partitions; one kept through disruptions
        int statPartitions = Math.min(named(docs, "KafkaTopic", "aigne.model-call-stats.v1").path("spec").path("partitions").asInt(),
                named(docs, "KafkaTopic", "aigne.model-call-stats.live.v1").path("spec").path("partitions").asInt());
        assertThat(named(docs, "Deployment", "usage-alerts").path("spec").path("replicas").asInt()).as(overlay + " usage-alerts replicas")
                .isBetween(1, statPartitions);
        assertThat(named(docs, "PodDisruptionBudget", "usage-alerts").path("spec").path("selector").path("matchLabels")
                .path("app.kubernetes.io/name").asText()).isEqualTo("usage-alerts");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod", "citus"})
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
        for (String service : List.of("usage-query", "quota-gateway", "usage-alerts")) {
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
        ofKind(docs, "Job").forEach(j -> specs.add(j.path("spec").path("template")));
        specs.add(reconcileJob().path("spec").path("template"));
        return specs;
    }

    private static JsonNode reconcileJob() throws IOException {
        return new YAMLMapper().readTree(REPO.resolve("deploy/k8s/jobs/reconcile.yaml").toFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod", "citus"})
    void theAggregatorArchivesExpiredMonthsToAClaimItMountsWhereItsSettingPoints(String overlay) throws Exception {
        List<JsonNode> docs = render(overlay);
        JsonNode pod = named(docs, "Deployment", "stats-aggregator").path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);
        String dir = null;
        for (JsonNode v : container.path("env")) {
            if (v.path("name").asText().equals("USAGE_ARCHIVE_DIR")) {
                dir = v.path("value").asText();
            }
        }
        assertThat(dir).as(overlay + " USAGE_ARCHIVE_DIR").isNotBlank();
        String volume = null;
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("mountPath").asText().equals(dir)) {
                volume = m.path("name").asText();
                assertThat(m.path("readOnly").asBoolean(false)).as(overlay + " archive mount writable").isFalse();
            }
        }
        assertThat(volume).as(overlay + " a volume mounted at " + dir + " (the root filesystem is read-only)").isNotNull();
        Set<String> volumes = new HashSet<>();
        String claim = null;
        for (JsonNode v : pod.path("volumes")) {
            volumes.add(v.path("name").asText());
            if (v.path("name").asText().equals(volume)) {
                claim = v.path("persistentVolumeClaim").path("claimName").asText(null);
            }
        }
        assertThat(volumes).as(overlay + " keeps the locked-down /tmp volume too").contains("tmp", volume);
        assertThat(claim).as(overlay + " archives outlive pods: a claim, not an emptyDir").isNotNull();
        JsonNode pvc = named(docs, "PersistentVolumeClaim", claim).path("spec");
        int replicas = named(docs, "Deployment", "stats-aggregator").path("spec").path("replicas").asInt(1);
        assertThat(pvc.path("accessModes").toString()).as(overlay + " every replica may run the job or a restore")
                .contains(replicas > 1 ? "ReadWriteMany" : "ReadWrite");
        JsonNode config = named(docs, "ConfigMap", "usage-config").path("data");
        assertThat(config.path("USAGE_RETENTION_RAW_DAYS").asInt()).as(overlay + " raw-call retention days").isPositive();
        assertThat(config.path("USAGE_RETENTION_HOUR_DAYS").asInt()).as(overlay + " hour-row retention days").isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod", "citus"})
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
    @ValueSource(strings = {"local", "prod", "citus"})
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
        for (String routed : List.of("usage-web", "usage-query", "quota-gateway", "usage-alerts")) {
            int port = httpPort(MODULE_OF.get(routed));
            assertThat(ingressPeers(docs, podLabels(docs, routed), port)).as(overlay + " " + routed + " from the Ingress controller")
                    .anyMatch(p -> fromNamespace(p, INGRESS_NAMESPACE));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod", "citus"})
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
        for (String other : List.of("usage-web", "usage-query", "quota-gateway", "usage-alerts")) {
            assertThat(egressAllowed(docs, podLabels(docs, other), ingest, aggregator)).as(other + " -> aggregator").isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod", "citus"})
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
            // prod: the issuer's HTTPS (a placeholder range); the dev cluster: its Keycloak's pods and port
            assertThat(overlay.equals("local") ? egressAllowed(docs, labels, keycloakPort(docs), podLabels(docs, "keycloak"))
                    : egressAllowed(docs, labels, 443, null)).as(what + " OIDC issuer").isTrue();
        }
        for (String upstream : List.of("usage-query", "quota-gateway", "usage-alerts")) {
            assertThat(egressAllowed(docs, podLabels(docs, "usage-web"), httpPort(MODULE_OF.get(upstream)), podLabels(docs, upstream)))
                    .as(overlay + " gateway -> " + upstream).isTrue();
        }
        // usage-alerts' credits rules read the quota gateway, at the address its setting names
        int quota = httpPort("quota-gateway-service");
        assertThat(egressAllowed(docs, podLabels(docs, "usage-alerts"), quota, podLabels(docs, "quota-gateway"))).as(overlay + " alerts -> quota").isTrue();
        assertThat(ingressPeers(docs, podLabels(docs, "quota-gateway"), quota)).as(overlay + " quota <- alerts")
                .anyMatch(p -> !p.has("namespaceSelector") && selects(p.path("podSelector"), podLabels(docs, "usage-alerts")));
        assertThat(named(docs, "ConfigMap", "usage-config").path("data").path("USAGE_QUOTA_URL").asText()).isEqualTo("http://"
                + named(docs, "Service", "quota-gateway").path("metadata").path("name").asText() + ":" + quota);
    }

    /** The private, loopback, link-local and shared ranges usage-alerts' guard refuses (docs/alerts.md). */
    private static final List<String> NOT_PUBLIC = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8",
            "169.254.0.0/16", "100.64.0.0/10");

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod", "citus"})
    void onlyTheAlertsServiceSendsToTheInternetAndNeverToPrivateRanges(String overlay) throws Exception {
        List<JsonNode> docs = render(overlay);
        boolean webhooks = false;
        for (JsonNode np : ofKind(docs, "NetworkPolicy")) {
            for (JsonNode rule : np.path("spec").path("egress")) {
                for (JsonNode to : rule.path("to")) {
                    String cidr = to.path("ipBlock").path("cidr").asText();
                    if (!cidr.equals("0.0.0.0/0") && !cidr.equals("::/0")) {
                        continue;
                    }
                    String what = overlay + " " + np.path("metadata").path("name").asText() + " " + cidr;
                    // usage-alerts alone, HTTPS alone, every non-public range excepted
                    for (String d : MODULE_OF.keySet()) {
                        assertThat(selects(np.path("spec").path("podSelector"), podLabels(docs, d))).as(what + " selects " + d)
                                .isEqualTo(d.equals("usage-alerts"));
                    }
                    assertThat(rule.path("ports").size()).as(what + " one port").isEqualTo(1);
                    assertThat(rule.path("ports").get(0).path("port").asInt()).as(what + " HTTPS").isEqualTo(443);
                    List<String> except = new ArrayList<>();
                    to.path("ipBlock").path("except").forEach(x -> except.add(x.asText()));
                    assertThat(except).as(what).containsAll(cidr.equals("::/0") ? List.of("::1/128", "fc00::/7", "fe80::/10") : NOT_PUBLIC);
                    webhooks |= cidr.equals("0.0.0.0/0");
                }
            }
        }
        assertThat(webhooks).as(overlay + " usage-alerts may send webhooks").isTrue();
        // nothing in the manifests opens a private range to the guard
        assertThat(env(container(named(docs, "Deployment", "usage-alerts")), "USAGE_ALERTS_WEBHOOK_ALLOW").path("value").asText()).isEmpty();
    }

    // ---- monitoring (components/monitoring) ----

    private static final Pattern METER = Pattern.compile(
            "(counter|Counter\\.builder|Gauge\\.builder|gauge|Timer\\.builder|timer)\\(\\s*\"(usage\\.[a-z0-9_.]+)\"");
    private static final Pattern SUFFIX = Pattern.compile("_(total|count|sum|max|bucket)$");
    /** PromQL words that are not metric names. */
    private static final Set<String> PROMQL = Set.of("sum", "max", "min", "avg", "rate", "increase", "by", "without",
            "histogram_quantile", "and", "or", "unless", "bool", "on", "ignoring", "group_left", "group_right", "count",
            "irate", "delta", "abs", "clamp_min", "absent", "topk", "offset", "le");

    /** Prometheus base names of the Micrometer meters a module registers (unit and _total suffixes aside). */
    private static Set<String> meters(String module) throws IOException {
        Set<String> names = new HashSet<>();
        try (var files = Files.walk(REPO.resolve(module).resolve("src/main/java"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = METER.matcher(Files.readString(f));
                while (m.find()) {
                    names.add(m.group(2).replace('.', '_'));
                }
            }
        }
        return names;
    }

    /** The metric names an expression reads, with the job it restricts them to (or null). */
    private static Map<String, String> metricsIn(String expr) {
        Map<String, String> metrics = new java.util.HashMap<>();
        Matcher m = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*})?").matcher(
                expr.replaceAll("\"[^\"]*\"", "\"\"").replaceAll("\\[[0-9a-z]+]", "").replaceAll("(by|without)\\s*\\([^)]*\\)", ""));
        while (m.find()) {
            String name = m.group(1);
            if (PROMQL.contains(name) || name.matches("[0-9e]+")) {
                continue;
            }
            Matcher job = Pattern.compile("job=\"\"").matcher(m.group(2) == null ? "" : m.group(2));
            metrics.put(name, job.find() ? "?" : null);
        }
        // the job a selector names, read from the original text (strings were blanked above)
        Matcher sel = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{[^}]*job=\"([^\"]+)\"").matcher(expr);
        while (sel.find()) {
            metrics.put(sel.group(1), sel.group(2));
        }
        return metrics;
    }

    /** Fails unless every metric the expression reads is exported by the service its job names (or by every service). */
    private void assertExported(String expr, String what) throws IOException {
        Map<String, Set<String>> byJob = new java.util.HashMap<>();
        for (Map.Entry<String, String> e : MODULE_OF.entrySet()) {
            byJob.put(e.getKey(), meters(e.getValue()));
        }
        Map<String, String> metrics = metricsIn(expr);
        assertThat(metrics).as(what + " reads a metric").isNotEmpty();
        for (Map.Entry<String, String> metric : metrics.entrySet()) {
            String name = metric.getKey();
            String job = metric.getValue();
            if (job != null) {
                assertThat(MODULE_OF).as(what + " job " + job).containsKey(job);
            }
            if (name.startsWith("http_server_requests_seconds")) { // quarkus-micrometer's HTTP server binder, every service
                continue;
            }
            String base = SUFFIX.matcher(name).replaceAll("").replaceAll("_seconds$", "");
            boolean exported = job == null ? byJob.values().stream().anyMatch(s -> s.contains(base)) : byJob.get(job).contains(base);
            assertThat(exported).as("%s: %s is a meter of %s", what, name, job == null ? "some service" : job).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod", "citus"})
    void prometheusScrapesEveryServiceWhereItServesMetrics(String overlay) throws Exception {
        List<JsonNode> docs = render(overlay);
        for (Map.Entry<String, String> e : MODULE_OF.entrySet()) {
            int metricsPort = managementPort(e.getValue()).orElse(httpPort(e.getValue()));
            boolean found = false;
            for (JsonNode sm : ofKind(docs, "ServiceMonitor")) {
                for (JsonNode service : ofKind(docs, "Service")) {
                    if (!selects(sm.path("spec").path("selector"), service.path("metadata").path("labels"))
                            || !deploymentBehind(docs, service).equals(e.getKey())) {
                        continue;
                    }
                    // the job label (jobLabel) is the service's name: the rules and the dashboard select on it
                    assertThat(service.path("metadata").path("labels").path(sm.path("spec").path("jobLabel").asText()).asText())
                            .as(overlay + " job of " + e.getKey()).isEqualTo(e.getKey());
                    for (JsonNode endpoint : sm.path("spec").path("endpoints")) {
                        for (JsonNode port : service.path("spec").path("ports")) {
                            if (port.path("name").asText().equals(endpoint.path("port").asText())
                                    && targetPort(docs, e.getKey(), port) == metricsPort && endpoint.path("path").asText().equals("/q/metrics")) {
                                found = true;
                            }
                        }
                    }
                }
            }
            assertThat(found).as(overlay + " ServiceMonitor for " + e.getKey() + " on port " + metricsPort).isTrue();
            assertThat(ingressPeers(docs, podLabels(docs, e.getKey()), metricsPort)).as(overlay + " Prometheus may scrape " + e.getKey())
                    .anyMatch(p -> fromNamespace(p, MONITORING_NAMESPACE));
        }
    }

    @org.junit.jupiter.api.Test
    void everyAlertReadsExportedMetricsHasSeverityAndSummaryAndCoversTheFailureModes() throws Exception {
        JsonNode rule = named(render("prod"), "PrometheusRule", "aigne-hub-usage");
        Set<String> read = new HashSet<>();
        int alerts = 0;
        for (JsonNode group : rule.path("spec").path("groups")) {
            for (JsonNode r : group.path("rules")) {
                String alert = r.path("alert").asText();
                assertThat(alert).as("only alerts here").isNotEmpty();
                assertThat(r.path("labels").path("severity").asText()).as(alert).isIn("warning", "critical");
                assertThat(r.path("annotations").path("summary").asText()).as(alert + " summary").isNotBlank();
                assertExported(r.path("expr").asText(), alert);
                read.add(r.path("expr").asText());
                alerts++;
            }
        }
        String all = String.join("\n", read);
        // consumer lag, a stalled partition, events lost to retention, flush failures, DLQ growth, stale quota answers,
        // 5xx rate; the alerts service's consumer stopped and its webhooks failing
        assertThat(all).contains("usage_consumer_lag", "usage_consumer_stalled_seconds", "usage_model_calls_lost_to_retention_total",
                "usage_stats_flush_failures_total",
                "usage_model_calls_dead_lettered_total", "usage_quota_stale_answers_total", "status=~\"5..\"",
                "usage_alerts_stat_events_total{job=\"usage-alerts\"}", "usage_alerts_webhook_deliveries_total{job=\"usage-alerts\"");
        assertThat(alerts).isGreaterThanOrEqualTo(6);
        promtoolCheck(rule.path("spec"));
    }

    /**
     * promtool (Debian package prometheus) checks the rules. The test command installs it
     * (deploy/ensure-promtool.sh), so under CI its absence is a failure; a developer without it
     * gets the structural checks alone.
     */
    private static void promtoolCheck(JsonNode groups) throws IOException, InterruptedException {
        boolean installed = java.util.stream.Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, "promtool")));
        if (!installed) {
            assertThat(System.getenv("CI")).as("promtool missing under CI: deploy/ensure-promtool.sh installs it").isNotEqualTo("true");
            return;
        }
        Path file = Files.createTempFile("rules", ".yaml");
        Files.writeString(file, new YAMLMapper().writeValueAsString(groups));
        Process p = new ProcessBuilder("promtool", "check", "rules", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("promtool: %s", out).isZero();
        Files.delete(file);
    }

    @org.junit.jupiter.api.Test
    void theDashboardShowsTheOperatorsNumbersFromExportedMetrics() throws Exception {
        JsonNode config = named(render("prod"), "ConfigMap", "aigne-hub-usage-dashboard");
        assertThat(config.path("metadata").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
        JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper().readTree(config.path("data").path("aigne-hub-usage.json").asText());
        StringBuilder all = new StringBuilder();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            for (JsonNode t : panel.path("targets")) {
                assertExported(t.path("expr").asText(), "panel " + panel.path("title").asText());
                all.append(t.path("expr").asText()).append('\n');
            }
        }
        // ingest rate, lag, flush duration, open buckets, query p95, quota staleness
        assertThat(all.toString()).contains("usage_model_calls_consumed_total", "usage_consumer_lag", "usage_stats_flush_duration_seconds",
                "usage_stats_open_buckets", "histogram_quantile(0.95", "job=\"usage-query\"", "usage_quota_stale_answers_total",
                "usage_alerts_episodes_opened_total", "usage_alerts_webhook_deliveries_total");
    }

    // ---- the dev cluster's Kafka and PostgreSQL (overlays/local) ----

    @org.junit.jupiter.api.Test
    void theDevClusterRunsKafkaInKraftModeForTheDeclaredTopics() throws Exception {
        List<JsonNode> docs = render("local");
        List<JsonNode> kafkas = ofKind(docs, "Kafka");
        assertThat(kafkas).hasSize(1);
        JsonNode kafka = kafkas.get(0);
        String cluster = kafka.path("metadata").path("name").asText();
        assertThat(kafka.path("metadata").path("annotations").path("strimzi.io/kraft").asText()).isEqualTo("enabled");
        assertThat(kafka.path("metadata").path("annotations").path("strimzi.io/node-pools").asText()).isEqualTo("enabled");
        assertThat(kafka.path("spec").has("zookeeper")).isFalse();
        // the services' bootstrap address is the one Strimzi creates for this cluster and listener
        String bootstrap = named(docs, "ConfigMap", "usage-config").path("data").path("KAFKA_BOOTSTRAP_SERVERS").asText();
        JsonNode listeners = kafka.path("spec").path("kafka").path("listeners");
        assertThat(listeners).anySatisfy(l -> {
            assertThat(bootstrap).isEqualTo(cluster + "-kafka-bootstrap:" + l.path("port").asInt());
            assertThat(l.path("type").asText()).isEqualTo("internal");
            assertThat(l.path("name").asText()).matches("[a-z0-9]{1,11}");
        });
        assertThat(kafka.path("spec").path("entityOperator").has("topicOperator")).as("topics come from KafkaTopic resources").isTrue();

        List<JsonNode> pools = ofKind(docs, "KafkaNodePool");
        assertThat(pools).isNotEmpty();
        Set<String> roles = new HashSet<>();
        int brokers = 0;
        for (JsonNode pool : pools) {
            assertThat(pool.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo(cluster);
            assertThat(pool.path("spec").path("replicas").asInt()).isPositive();
            assertThat(pool.path("spec").path("storage").path("type").asText()).isIn("jbod", "persistent-claim", "ephemeral");
            pool.path("spec").path("roles").forEach(r -> roles.add(r.asText()));
            if (pool.path("spec").path("roles").toString().contains("broker")) {
                brokers += pool.path("spec").path("replicas").asInt();
            }
        }
        assertThat(roles).contains("controller", "broker");
        for (JsonNode topic : ofKind(docs, "KafkaTopic")) {
            assertThat(topic.path("metadata").path("labels").path("strimzi.io/cluster").asText()).as("topic operator's cluster").isEqualTo(cluster);
            assertThat(topic.path("spec").path("replicas").asInt()).as("replicas fit the brokers").isBetween(1, brokers);
        }
        JsonNode config = kafka.path("spec").path("kafka").path("config");
        for (String rf : List.of("offsets.topic.replication.factor", "transaction.state.log.replication.factor", "default.replication.factor")) {
            assertThat(config.path(rf).asInt(3)).as(rf).isLessThanOrEqualTo(brokers);
        }
        // the services reach it: their Kafka egress goes to this cluster's pods
        assertThat(egressAllowed(docs, podLabels(docs, "stats-aggregator"), 9092,
                new YAMLMapper().createObjectNode().put("strimzi.io/cluster", cluster))).isTrue();
    }

    @org.junit.jupiter.api.Test
    void theDevClusterRunsPostgresqlThroughCloudNativePgAndTheServicesReadItsSecret() throws Exception {
        List<JsonNode> docs = render("local");
        List<JsonNode> clusters = ofKind(docs, "Cluster");
        assertThat(clusters).hasSize(1);
        JsonNode pg = clusters.get(0);
        assertThat(pg.path("apiVersion").asText()).isEqualTo("postgresql.cnpg.io/v1");
        String name = pg.path("metadata").path("name").asText();
        assertThat(pg.path("spec").path("instances").asInt()).isPositive();
        assertThat(pg.path("spec").path("storage").path("size").asText()).isNotEmpty();
        JsonNode initdb = pg.path("spec").path("bootstrap").path("initdb");
        assertThat(initdb.path("database").asText()).isNotEmpty();
        assertThat(initdb.path("owner").asText()).isNotEmpty();
        // the Secret CloudNativePG generates for the owner: <cluster>-app with these keys
        Map<String, String> keyOf = Map.of("USAGE_DB_URL", "jdbc-uri", "USAGE_DB_USER", "username", "USAGE_DB_PASSWORD", "password");
        for (String deployment : MODULE_OF.keySet()) {
            JsonNode env = named(docs, "Deployment", deployment).path("spec").path("template").path("spec").path("containers").get(0).path("env");
            for (Map.Entry<String, String> k : keyOf.entrySet()) {
                JsonNode ref = null;
                for (JsonNode v : env) {
                    if (v.path("name").asText().equals(k.getKey())) {
                        ref = v.path("valueFrom").path("secretKeyRef");
                    }
                }
                assertThat(ref).as(deployment + " " + k.getKey()).isNotNull();
                assertThat(ref.path("name").asText()).as(deployment + " " + k.getKey()).isEqualTo(name + "-app");
                assertThat(ref.path("key").asText()).as(deployment + " " + k.getKey()).isEqualTo(k.getValue());
            }
            assertThat(egressAllowed(docs, podLabels(docs, deployment), 5432,
                    new YAMLMapper().createObjectNode().put("cnpg.io/cluster", name))).as(deployment + " -> PostgreSQL").isTrue();
        }
    }

    /**
     * Every replica's pools full at once (autoscaled ones at their maximum) still fit the dev cluster's
     * max_connections, with room for superusers and the operator; a pool past it fails its requests with
     * "too many clients". Pools: each datasource's max-size in the module's application.properties.
     */
    @org.junit.jupiter.api.Test
    void theDevClustersConnectionsFitEveryPoolOfEveryReplica() throws Exception {
        List<JsonNode> docs = render("local");
        int needed = 0;
        for (Map.Entry<String, String> e : MODULE_OF.entrySet()) {
            int replicas = named(docs, "Deployment", e.getKey()).path("spec").path("replicas").asInt(1);
            for (JsonNode hpa : ofKind(docs, "HorizontalPodAutoscaler")) {
                if (hpa.path("spec").path("scaleTargetRef").path("name").asText().equals(e.getKey())) {
                    replicas = Math.max(replicas, hpa.path("spec").path("maxReplicas").asInt());
                }
            }
            List<String> lines = Files.readAllLines(REPO.resolve(e.getValue()).resolve("src/main/resources/application.properties"));
            long datasources = lines.stream().filter(l -> l.matches("quarkus\\.datasource(\\.[a-z-]+)?\\.db-kind=.*")).count();
            List<Integer> pools = lines.stream().filter(l -> l.matches("quarkus\\.datasource(\\.[a-z-]+)?\\.jdbc\\.max-size=\\d+"))
                    .map(l -> Integer.parseInt(l.substring(l.indexOf('=') + 1))).toList();
            assertThat(pools).as(e.getValue() + ": every datasource states its pool's max-size").hasSize((int) Math.max(datasources, 1));
            needed += replicas * pools.stream().mapToInt(Integer::intValue).sum();
        }
        int maxConnections = ofKind(docs, "Cluster").get(0).path("spec").path("postgresql").path("parameters")
                .path("max_connections").asInt(100); // PostgreSQL's default when unset
        assertThat(maxConnections).as("max_connections for %d pooled connections + 20 reserved", needed).isGreaterThanOrEqualTo(needed + 20);
    }

    @org.junit.jupiter.api.Test
    void productionKeepsItsExternalKafkaAndPostgresql() throws Exception {
        List<JsonNode> docs = render("prod");
        assertThat(ofKind(docs, "Kafka")).isEmpty();
        assertThat(ofKind(docs, "KafkaNodePool")).isEmpty();
        assertThat(ofKind(docs, "Cluster")).isEmpty();
        JsonNode env = named(docs, "Deployment", "stats-aggregator").path("spec").path("template").path("spec").path("containers").get(0).path("env");
        assertThat(env.toString()).contains("\"name\":\"usage-db\"").doesNotContain("usage-db-app");
        // nor the dev cluster's identity provider and demo data
        assertThat(ofKind(docs, "Job")).isEmpty();
        assertThat(ofKind(docs, "Deployment")).noneMatch(d -> d.toString().contains("keycloak"));
        assertThat(named(docs, "ConfigMap", "usage-config").path("data").path("QUARKUS_OIDC_AUTH_SERVER_URL").asText()).startsWith("https://");
    }

    // ---- the Citus overlay (overlays/citus, docs/decisions/0008-citus-path.md) ----

    @org.junit.jupiter.api.Test
    void theCitusOverlayPointsTheServicesAtTheCoordinatorAndDecidesEveryTableOfTheMigrations() throws Exception {
        List<JsonNode> docs = render("citus");
        List<JsonNode> clusters = ofKind(docs, "SGShardedCluster");
        assertThat(clusters).hasSize(1);
        JsonNode cluster = clusters.get(0);
        String name = cluster.path("metadata").path("name").asText();
        String database = cluster.path("spec").path("database").asText();
        assertThat(cluster.path("spec").path("type").asText()).isEqualTo("citus");
        assertThat(cluster.path("spec").path("shards").path("clusters").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(ofKind(docs, "Cluster")).as("no other PostgreSQL").isEmpty();
        // every service on the coordinator's Service (StackGres names it after the cluster), user and password from usage-db
        JsonNode coordinatorPods = new YAMLMapper().createObjectNode().put("app", "StackGresCluster")
                .put("stackgres.io/cluster-name", name + "-coord");
        for (String deployment : MODULE_OF.keySet()) {
            JsonNode c = container(named(docs, "Deployment", deployment));
            assertThat(env(c, "USAGE_DB_URL").path("value").asText()).as(deployment)
                    .isEqualTo("jdbc:postgresql://" + name + ":5432/" + database);
            assertThat(env(c, "USAGE_DB_URL").has("valueFrom")).isFalse();
            assertThat(env(c, "USAGE_DB_PASSWORD").path("valueFrom").path("secretKeyRef").path("name").asText()).isEqualTo("usage-db");
            assertThat(egressAllowed(docs, podLabels(docs, deployment), 5432, coordinatorPods)).as(deployment + " -> coordinator").isTrue();
            assertThat(ingressPeers(docs, coordinatorPods, 5432)).as("coordinator <- " + deployment)
                    .anyMatch(p -> p.has("podSelector") && !p.has("namespaceSelector") && selects(p.path("podSelector"), podLabels(docs, deployment)));
        }
        // the setup Job: the overlay's SQL on the coordinator's database, as its superuser, and it may reach it
        JsonNode job = named(docs, "Job", "citus-setup");
        JsonNode c = container(job);
        assertThat(env(c, "PGHOST").path("value").asText()).isEqualTo(name);
        assertThat(env(c, "PGDATABASE").path("value").asText()).isEqualTo(database);
        assertThat(env(c, "PGPASSWORD").path("valueFrom").path("secretKeyRef").path("name").asText()).isEqualTo(name);
        assertThat(c.path("args").toString()).contains("--single-transaction -f /setup/citus-setup.sql", "ON_ERROR_STOP=1");
        String configMap = null;
        for (JsonNode v : job.path("spec").path("template").path("spec").path("volumes")) {
            if (v.has("configMap")) {
                configMap = v.path("configMap").path("name").asText();
            }
        }
        String sql = named(docs, "ConfigMap", configMap).path("data").path("citus-setup.sql").asText();
        assertThat(sql).isEqualTo(Files.readString(REPO.resolve(CitusLayout.SETUP)));
        JsonNode jobLabels = job.path("spec").path("template").path("metadata").path("labels");
        assertThat(egressAllowed(docs, jobLabels, 5432, coordinatorPods)).as("the Job -> coordinator").isTrue();
        assertThat(ingressPeers(docs, coordinatorPods, 5432)).anyMatch(p -> p.has("podSelector") && selects(p.path("podSelector"), jobLabels));

        // every table the migrations leave has exactly one decision; the setup names no other table
        CitusLayout layout = CitusLayout.parse(sql);
        Set<String> tables = CitusLayout.migratedTables(REPO);
        assertThat(tables).contains("model_calls", "model_call_ids", "credit_grants", "web_sessions", "flyway_schema_history",
                        "alert_rules", "alerts_flyway_history")
                .doesNotContain("model_calls_v6");
        assertThat(layout.decisions().keySet()).as("tables decided in citus-setup.sql").containsExactlyInAnyOrderElementsOf(tables);
        layout.decisions().forEach((table, n) -> assertThat(n).as(table + " decided once").isEqualTo(1));
        // the per-user tables: by user_did, all in model_calls' co-location group; the DDL of the migrations has the column
        String ddl = migrationsText() + sql; // the setup adds the outbox's user_did itself
        for (Map.Entry<String, String> d : layout.distributedBy().entrySet()) {
            assertThat(ddl).as(d.getKey() + "." + d.getValue()).containsPattern("(?s)CREATE TABLE " + d.getKey() + " \\([^;]*\\b" + d.getValue()
                    + "\\b|ALTER TABLE " + d.getKey() + " ADD COLUMN " + d.getValue() + "\\b");
            if (d.getValue().equals("user_did")) {
                assertThat(layout.colocatedWith().get(d.getKey())).as(d.getKey()).isIn("model_calls", "none");
                assertThat(layout.colocatedWith().get(d.getKey()).equals("none")).as(d.getKey() + " anchors the group").isEqualTo(d.getKey().equals("model_calls"));
            }
        }
        assertThat(layout.distributedBy()).containsKeys("model_calls", "model_call_ids", "model_call_stats", "credit_grants",
                "credit_transactions", "credit_balances", "ledger_debited_calls", "auto_recharge_configs");
    }

    private static String migrationsText() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String location : CitusLayout.MIGRATIONS.keySet()) {
            try (var files = Files.list(REPO.resolve(location))) {
                for (Path f : files.sorted().toList()) {
                    all.append(Files.readString(f)).append('\n');
                }
            }
        }
        return all.toString();
    }

    // ---- images (src/main/docker/Dockerfile.jvm, deploy/build-images.sh) ----

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod", "citus"})
    void everyImageIsBuiltFromItsModulesFastJarAsTheUserThePodsRunAs(String overlay) throws Exception {
        List<JsonNode> docs = render(overlay);
        String script = Files.readString(REPO.resolve("deploy/build-images.sh"));
        Matcher tag = Pattern.compile("TAG=\"\\$\\{IMAGE_TAG:-([^}]+)}\"").matcher(script);
        assertThat(tag.find()).as("build-images.sh default tag").isTrue();
        Matcher modules = Pattern.compile("MODULES=\\(([^)]*)\\)").matcher(script);
        assertThat(modules.find()).isTrue();
        assertThat(List.of(modules.group(1).trim().split("\\s+"))).containsExactlyInAnyOrderElementsOf(MODULE_OF.values());
        for (Map.Entry<String, String> e : MODULE_OF.entrySet()) {
            JsonNode pod = named(docs, "Deployment", e.getKey()).path("spec").path("template").path("spec");
            JsonNode container = pod.path("containers").get(0);
            assertThat(container.path("image").asText()).as(overlay + " image").isEqualTo("aigne/" + e.getValue() + ":" + tag.group(1));

            Path module = REPO.resolve(e.getValue());
            List<String> dockerfile = Files.readAllLines(module.resolve("src/main/docker/Dockerfile.jvm"));
            List<String> copies = dockerfile.stream().filter(l -> l.startsWith("COPY ")).toList();
            assertThat(copies).as(e.getValue() + " copies the fast-jar").hasSize(4);
            for (String copy : copies) {
                String source = copy.split("\\s+")[copy.contains("--chown") ? 2 : 1];
                assertThat(source).startsWith("target/quarkus-app/");
                // what ./mvnw package really leaves there (built before this module's tests)
                try (var found = Files.newDirectoryStream(module.resolve(source).getParent(),
                        source.substring(source.lastIndexOf('/', source.length() - 2) + 1).replaceAll("/$", ""))) {
                    assertThat(found.iterator().hasNext()).as(e.getValue() + " " + source + " exists after the build").isTrue();
                }
            }
            assertThat(dockerfile).contains("ENV JAVA_APP_JAR=\"/deployments/quarkus-run.jar\"");
            assertThat(module.resolve("target/quarkus-app/quarkus-run.jar")).exists();
            String user = dockerfile.stream().filter(l -> l.startsWith("USER ")).findFirst().orElseThrow().substring(5).strip();
            assertThat(pod.path("securityContext").path("runAsUser").asText()).as(e.getValue() + " runs as the image's user").isEqualTo(user);
            String exposed = dockerfile.stream().filter(l -> l.startsWith("EXPOSE ")).findFirst().orElseThrow();
            container.path("ports").forEach(p -> assertThat(exposed).as(e.getValue()).contains(p.path("containerPort").asText()));
        }
    }

    @org.junit.jupiter.api.Test
    void everyImageTakesTheDebianBuiltBaseWhoseLauncherKeepsTheDefaultBasesContract() throws Exception {
        String base = Files.readString(REPO.resolve("deploy/build-base-image.sh"));
        List<Path> dockerfiles = new java.util.ArrayList<>();
        MODULE_OF.values().forEach(m -> dockerfiles.add(REPO.resolve(m).resolve("src/main/docker/Dockerfile.jvm")));
        dockerfiles.add(REPO.resolve("deploy/local-stack/src/main/docker/Dockerfile.jvm"));
        for (Path file : dockerfiles) {
            List<String> dockerfile = Files.readAllLines(file);
            assertThat(dockerfile).as(file.toString()).contains("FROM ${BASE_IMAGE}")
                    .anyMatch(l -> l.startsWith("ARG BASE_IMAGE=registry.") && l.contains("/ubi9/openjdk-17-runtime:"));
            // the base's uid is the image's user, and the base's launcher is the services' entrypoint
            String user = dockerfile.stream().filter(l -> l.startsWith("USER ")).findFirst().orElseThrow().substring(5).strip();
            assertThat(base).as("build-base-image.sh creates uid " + user).contains("--uid " + user + " ");
            dockerfile.stream().filter(l -> l.startsWith("ENTRYPOINT ") && l.contains("run-java.sh"))
                    .forEach(l -> assertThat(base).contains("/opt/jboss/container/java/run/run-java.sh"));
            // every variable the Dockerfile hands to run-java.sh is one the base's launcher reads
            dockerfile.stream().filter(l -> l.startsWith("ENV JAVA_")).map(l -> l.substring(4, l.indexOf('=')))
                    .forEach(v -> assertThat(base).as(file + ": the launcher reads " + v).contains("${" + v));
        }
        // and the manifests' JAVA_* settings too (the aggregator's JAVA_MAX_MEM_RATIO)
        for (String overlay : List.of("local", "prod")) {
            for (JsonNode doc : render(overlay)) {
                if (doc.path("kind").asText().equals("Deployment")) {
                    for (JsonNode env : doc.path("spec").path("template").path("spec").path("containers").get(0).path("env")) {
                        String name = env.path("name").asText();
                        if (name.startsWith("JAVA_")) {
                            assertThat(base).as(overlay + " " + name).contains("${" + name);
                        }
                    }
                }
            }
        }
        String script = Files.readString(REPO.resolve("deploy/build-images.sh"));
        assertThat(script).contains("--build-arg \"BASE_IMAGE=$BASE_IMAGE\"");
        assertThat(Files.readString(REPO.resolve("deploy/try-image.sh"))).contains("--build-arg BASE_IMAGE=\"$BASE\"")
                .contains("--user 185").contains("--read-only").contains("--cap-drop ALL");
    }

    @org.junit.jupiter.api.Test
    void theAggregatorsPodStartsWithItsWholeHeapAndTheOtherServicesWithTheJvmsDefault() throws Exception {
        // the launcher build-base-image.sh writes, run by sh with a java that prints what it is given
        String base = Files.readString(REPO.resolve("deploy/build-base-image.sh"));
        int start = base.indexOf("#!/bin/sh");
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "run-java");
        Path launcher = Files.writeString(dir.resolve("run-java.sh"), base.substring(start, base.indexOf("\nSH\n", start) + 1));
        Path fakeJava = Files.writeString(Files.createDirectories(dir.resolve("bin")).resolve("java"), "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        fakeJava.toFile().setExecutable(true);
        int launched = 0;
        for (JsonNode doc : render("prod")) {
            if (!doc.path("kind").asText().equals("Deployment") || !doc.path("metadata").path("name").asText().matches("stats-aggregator|usage-query")) {
                continue;
            }
            ProcessBuilder pb = new ProcessBuilder("sh", launcher.toString()).redirectErrorStream(true);
            withoutJvmSettingsOfThisMachine(pb);
            pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
            pb.environment().put("JAVA_APP_JAR", "/deployments/quarkus-run.jar");
            for (JsonNode env : container(doc).path("env")) {
                if (env.path("name").asText().startsWith("JAVA_")) {
                    pb.environment().put(env.path("name").asText(), env.path("value").asText());
                }
            }
            launched++;
            Process p = pb.start();
            List<String> args = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertThat(p.waitFor()).isZero();
            List<String> jvmOptions = args.subList(0, args.indexOf("-jar"));
            // what the real JVM makes of those options in this machine's memory
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.add("-XX:MaxRAM=1g"); // a pod's memory limit, whatever this machine has
            cmd.addAll(jvmOptions);
            cmd.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
            ProcessBuilder probe = new ProcessBuilder(cmd).redirectErrorStream(true);
            withoutJvmSettingsOfThisMachine(probe);
            Process jvm = probe.start();
            String flags = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(jvm.waitFor()).isZero();
            long initial = heapFlag(flags, "InitialHeapSize");
            long max = heapFlag(flags, "MaxHeapSize");
            if (doc.path("metadata").path("name").asText().equals("stats-aggregator")) {
                assertThat(jvmOptions).contains("-XX:MaxRAMPercentage=70", "-XX:InitialRAMPercentage=70");
                assertThat(initial).as("the aggregator's initial heap").isEqualTo(max);
            } else {
                assertThat(jvmOptions).noneMatch(o -> o.startsWith("-XX:InitialRAMPercentage"));
                assertThat(initial).as("the query service's initial heap").isLessThan(max / 2);
            }
        }
        assertThat(launched).isEqualTo(2);
    }

    private static void withoutJvmSettingsOfThisMachine(ProcessBuilder pb) {
        pb.environment().keySet().removeIf(k -> k.startsWith("JAVA_") || k.equals("JDK_JAVA_OPTIONS"));
    }

    private static long heapFlag(String printFlagsFinal, String name) {
        Matcher m = Pattern.compile("\\b" + name + "\\s+=\\s+(\\d+)").matcher(printFlagsFinal);
        assertThat(m.find()).as(name).isTrue();
        return Long.parseLong(m.group(1));
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

    // ---- the dev cluster's identity provider and demo data (overlays/local: keycloak.yaml, demo-load.yaml) ----

    private static JsonNode container(JsonNode workload) {
        return workload.path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static JsonNode env(JsonNode container, String name) {
        for (JsonNode v : container.path("env")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no env " + name + " in " + container.path("name"));
    }

    private static int keycloakPort(List<JsonNode> docs) {
        return targetPort(docs, "keycloak", named(docs, "Service", "keycloak").path("spec").path("ports").get(0));
    }

    /** The realm file the Keycloak Deployment imports: the one file of the ConfigMap mounted at its import directory. */
    private static JsonNode devRealm(List<JsonNode> docs) throws IOException {
        JsonNode keycloak = named(docs, "Deployment", "keycloak");
        String volume = null;
        for (JsonNode m : container(keycloak).path("volumeMounts")) {
            if (m.path("mountPath").asText().equals("/opt/keycloak/data/import")) {
                volume = m.path("name").asText();
            }
        }
        assertThat(volume).as("a realm file in Keycloak's import directory").isNotNull();
        String configMap = null;
        for (JsonNode v : keycloak.path("spec").path("template").path("spec").path("volumes")) {
            if (v.path("name").asText().equals(volume)) {
                configMap = v.path("configMap").path("name").asText();
            }
        }
        JsonNode data = named(docs, "ConfigMap", configMap).path("data");
        assertThat(data.size()).isEqualTo(1);
        assertThat(data.fieldNames().next()).endsWith(".json");
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(data.elements().next().asText());
    }

    private static JsonNode client(JsonNode realm, String clientId) {
        for (JsonNode c : realm.path("clients")) {
            if (c.path("clientId").asText().equals(clientId)) {
                return c;
            }
        }
        throw new AssertionError("no client " + clientId + " in the realm");
    }

    private static JsonNode mapper(JsonNode client, String type) {
        List<JsonNode> found = new ArrayList<>();
        client.path("protocolMappers").forEach(m -> {
            if (m.path("protocolMapper").asText().equals(type)) {
                found.add(m.path("config"));
            }
        });
        assertThat(found).as(client.path("clientId").asText() + " " + type).hasSize(1);
        return found.get(0);
    }

    /** A role name CallerIdentity checks (usage-service-support), read from its source. */
    private static String role(String constant) throws IOException {
        Matcher m = Pattern.compile("String " + constant + " = \"([^\"]+)\"").matcher(Files.readString(
                REPO.resolve("usage-service-support/src/main/java/io/aigne/usage/support/CallerIdentity.java")));
        assertThat(m.find()).as("CallerIdentity." + constant).isTrue();
        return m.group(1);
    }

    private static String ingressHost(List<JsonNode> docs, String ingress, int rule) {
        return named(docs, "Ingress", ingress).path("spec").path("rules").get(rule).path("host").asText();
    }

    @org.junit.jupiter.api.Test
    void theDevRealmIssuesTokensTheServicesAccept() throws Exception {
        List<JsonNode> docs = render("local");
        JsonNode config = named(docs, "ConfigMap", "usage-config").path("data");
        JsonNode realm = devRealm(docs);
        assertThat(realm.path("enabled").asBoolean()).isTrue();
        String admin = role("ADMIN");
        String ingest = role("INGEST");
        Set<String> groups = new HashSet<>();
        realm.path("groups").forEach(g -> groups.add(g.path("name").asText()));
        assertThat(groups).contains(admin, ingest);

        String web = named(docs, "Deployment", "usage-web").toString();
        JsonNode webEnv = container(named(docs, "Deployment", "usage-web"));
        for (String clientId : List.of(env(webEnv, "QUARKUS_OIDC_CLIENT_ID").path("value").asText(), "usage-ingest")) {
            JsonNode c = client(realm, clientId);
            assertThat(c.path("enabled").asBoolean(true)).as(clientId).isTrue();
            assertThat(c.path("publicClient").asBoolean(true)).as(clientId + " confidential").isFalse();
            // access tokens for the services' audience, roles where the services read them, the user as a DID
            JsonNode audience = mapper(c, "oidc-audience-mapper");
            assertThat(audience.path("included.custom.audience").asText()).isEqualTo(config.path("QUARKUS_OIDC_TOKEN_AUDIENCE").asText());
            assertThat(audience.path("access.token.claim").asText()).isEqualTo("true");
            JsonNode roles = mapper(c, "oidc-group-membership-mapper");
            assertThat(roles.path("claim.name").asText()).isEqualTo(config.path("USAGE_ROLES_CLAIM").asText());
            assertThat(roles.path("full.path").asText()).as("group names, not paths").isEqualTo("false");
            assertThat(roles.path("access.token.claim").asText()).isEqualTo("true");
            JsonNode user = mapper(c, "oidc-usermodel-attribute-mapper");
            assertThat(user.path("claim.name").asText()).isEqualTo(config.path("USAGE_USER_CLAIM").asText()).isNotEqualTo("sub");
            assertThat(user.path("access.token.claim").asText()).isEqualTo("true");
            // usage-web's principal is the ID token's user claim (quarkus.oidc.token.principal-claim)
            assertThat(user.path("id.token.claim").asText()).isEqualTo("true");
            assertThat(user.path("jsonType.label").asText()).isEqualTo("String");
            // secrets are placeholders Keycloak fills from its environment, never values in the repository
            assertThat(c.path("secret").asText()).as(clientId + " secret").matches("\\$\\{[A-Z0-9_]+}");
        }
        String didAttribute = mapper(client(realm, "usage-ingest"), "oidc-usermodel-attribute-mapper").path("user.attribute").asText();
        // Keycloak keeps only attributes its user profile declares
        JsonNode profile = new com.fasterxml.jackson.databind.ObjectMapper().readTree(realm.path("components")
                .path("org.keycloak.userprofile.UserProfileProvider").path(0).path("config").path("kc.user.profile.config").path(0).asText());
        assertThat(profile.path("attributes").findValuesAsText("name")).as("the user profile declares the DID attribute").contains(didAttribute);

        // usage-web: the code flow back to the people's host
        JsonNode usageWeb = client(realm, env(webEnv, "QUARKUS_OIDC_CLIENT_ID").path("value").asText());
        assertThat(usageWeb.path("standardFlowEnabled").asBoolean()).isTrue();
        assertThat(usageWeb.path("implicitFlowEnabled").asBoolean(false)).isFalse();
        assertThat(usageWeb.path("redirectUris").toString()).contains("\"https://" + ingressHost(docs, "aigne-hub-usage", 0) + "/auth/login\"");
        assertThat(usageWeb.path("redirectUris").toString()).doesNotContain("*");
        assertThat(web).contains("usage-web-oidc"); // the Secret Keycloak reads the client's secret from, below
        // usage-ingest: client credentials, its service account in the ingest group with a DID
        JsonNode ingestClient = client(realm, "usage-ingest");
        assertThat(ingestClient.path("serviceAccountsEnabled").asBoolean()).isTrue();
        assertThat(ingestClient.path("standardFlowEnabled").asBoolean(true)).isFalse();
        JsonNode serviceAccount = null;
        for (JsonNode u : realm.path("users")) {
            if (u.path("serviceAccountClientId").asText().equals("usage-ingest")) {
                serviceAccount = u;
            }
        }
        assertThat(serviceAccount).as("usage-ingest's service account").isNotNull();
        assertThat(serviceAccount.path("groups").toString()).contains("\"/" + ingest + "\"");
        assertThat(serviceAccount.path("attributes").path(didAttribute).get(0).asText()).startsWith("did:");

        // the demo users of the local stack, with a password, in groups that exist; one admin
        Map<String, JsonNode> byDid = new java.util.HashMap<>();
        for (JsonNode u : realm.path("users")) {
            if (!u.has("serviceAccountClientId")) {
                byDid.put(u.path("attributes").path(didAttribute).path(0).asText(), u);
                u.path("groups").forEach(g -> assertThat(groups).contains(g.asText().replaceFirst("^/", "")));
                assertThat(u.path("credentials").toString()).as(u.path("username").asText()).contains("\"type\":\"password\"");
                assertThat(u.path("email").asText()).as("no profile form at the first sign-in").isNotEmpty();
            }
        }
        assertThat(byDid.keySet()).containsAll(io.aigne.usage.localstack.DemoData.USERS.stream().map(io.aigne.usage.localstack.DemoData.DemoUser::userDid).toList());
        assertThat(byDid.values()).anyMatch(u -> u.path("groups").toString().contains("\"/" + admin + "\""));

        // each ${...} of the realm file is set in Keycloak's environment from a Secret; usage-web and the demo Job read the same
        JsonNode keycloak = container(named(docs, "Deployment", "keycloak"));
        Matcher placeholder = Pattern.compile("\"secret\"\\s*:\\s*\"\\$\\{([A-Z0-9_]+)}\"").matcher(realm.toString());
        Set<String> secrets = new HashSet<>();
        while (placeholder.find()) {
            JsonNode ref = env(keycloak, placeholder.group(1)).path("valueFrom").path("secretKeyRef");
            assertThat(ref.path("optional").asBoolean(false)).isFalse();
            secrets.add(ref.path("name").asText() + "/" + ref.path("key").asText());
        }
        JsonNode webSecret = env(webEnv, "QUARKUS_OIDC_CREDENTIALS_SECRET").path("valueFrom").path("secretKeyRef");
        JsonNode jobSecret = env(container(named(docs, "Job", "demo-load")), "USAGE_OIDC_CLIENT_SECRET").path("valueFrom").path("secretKeyRef");
        assertThat(secrets).containsExactlyInAnyOrder(webSecret.path("name").asText() + "/" + webSecret.path("key").asText(),
                jobSecret.path("name").asText() + "/" + jobSecret.path("key").asText());
    }

    @org.junit.jupiter.api.Test
    void theDevServicesVerifyTokensOfTheKeycloakTheyCanReach() throws Exception {
        List<JsonNode> docs = render("local");
        JsonNode realm = devRealm(docs);
        JsonNode keycloak = named(docs, "Deployment", "keycloak");
        JsonNode kc = container(keycloak);
        assertThat(kc.path("image").asText()).matches("[^:]+/keycloak:\\d+\\.\\d+\\.\\d+"); // a pinned release
        assertThat(kc.path("args").toString()).contains("\"start-dev\"", "\"--import-realm\"");
        int port = keycloakPort(docs);
        // the issuer in-cluster: the Keycloak Service, this realm
        String issuer = named(docs, "ConfigMap", "usage-config").path("data").path("QUARKUS_OIDC_AUTH_SERVER_URL").asText();
        JsonNode service = named(docs, "Service", "keycloak");
        assertThat(issuer).isEqualTo("http://" + service.path("metadata").path("name").asText() + ":"
                + service.path("spec").path("ports").get(0).path("port").asInt() + "/realms/" + realm.path("realm").asText());
        // browsers reach it through the Ingress at the host its frontend URLs (and so every token's iss) name
        String host = ingressHost(docs, "keycloak", 0);
        assertThat(env(kc, "KC_HOSTNAME").path("value").asText()).isEqualTo("https://" + host);
        assertThat(env(kc, "KC_HOSTNAME_BACKCHANNEL_DYNAMIC").path("value").asText()).isEqualTo("true");
        List<String[]> routes = routes(named(docs, "Ingress", "keycloak").path("spec").path("rules").get(0));
        assertThat(route(routes, "/realms/" + realm.path("realm").asText() + "/protocol/openid-connect/auth")).isEqualTo("keycloak");
        assertThat(route(routes, "/resources/x/login/keycloak.v2/css/styles.css")).isEqualTo("keycloak");
        // who reaches it: the Ingress controller, every service, the demo Job; they may send to it
        List<JsonNode> peers = ingressPeers(docs, podLabels(docs, "keycloak"), port);
        assertThat(peers).anyMatch(p -> fromNamespace(p, INGRESS_NAMESPACE));
        List<JsonNode> clients = new ArrayList<>();
        MODULE_OF.keySet().forEach(d -> clients.add(podLabels(docs, d)));
        clients.add(named(docs, "Job", "demo-load").path("spec").path("template").path("metadata").path("labels"));
        for (JsonNode labels : clients) {
            assertThat(peers).as("%s -> keycloak", labels).anyMatch(p -> !p.has("namespaceSelector") && selects(p.path("podSelector"), labels));
            assertThat(egressAllowed(docs, labels, port, podLabels(docs, "keycloak"))).as("%s may send to keycloak", labels).isTrue();
        }
        // its health where the probes look, /tmp, the data directory and the rebuilt application writable
        Set<String> mounts = new HashSet<>();
        kc.path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText()));
        assertThat(mounts).contains("/tmp", "/opt/keycloak/data", "/opt/keycloak/lib/quarkus");
        assertThat(env(kc, "KC_HEALTH_ENABLED").path("value").asText()).isEqualTo("true");
        assertThat(probePort(kc, kc.path("readinessProbe"))).isEqualTo(9000);
    }

    @org.junit.jupiter.api.Test
    void theDemoJobRunsTheBuiltLoaderWithTheSettingsItReadsAndMayIngest() throws Exception {
        List<JsonNode> docs = render("local");
        JsonNode job = named(docs, "Job", "demo-load");
        JsonNode pod = job.path("spec").path("template");
        JsonNode c = container(job);

        // the image build-images.sh builds from the module's Dockerfile
        String script = Files.readString(REPO.resolve("deploy/build-images.sh"));
        Matcher tag = Pattern.compile("TAG=\"\\$\\{IMAGE_TAG:-([^}]+)}\"").matcher(script);
        Matcher image = Pattern.compile("(?m)^DEMO_IMAGE=(\\S+)$").matcher(script);
        Matcher moduleDir = Pattern.compile("(?m)^DEMO_MODULE=(\\S+)$").matcher(script);
        assertThat(tag.find() && image.find() && moduleDir.find()).as("build-images.sh names the demo image and module").isTrue();
        assertThat(script).contains("-t \"$DEMO_IMAGE:$TAG\" \"$DEMO_MODULE\"");
        assertThat(c.path("image").asText()).isEqualTo(image.group(1) + ":" + tag.group(1));
        Path module = REPO.resolve(moduleDir.group(1));
        List<String> dockerfile = Files.readAllLines(module.resolve("src/main/docker/Dockerfile.jvm"));
        for (String copy : dockerfile.stream().filter(l -> l.startsWith("COPY ")).toList()) {
            String source = copy.split("\\s+")[copy.contains("--chown") ? 2 : 1];
            assertThat(source).startsWith("target/");
            assertThat(module.resolve(source)).as("%s exists after the build", source).exists();
        }
        String entrypoint = dockerfile.stream().filter(l -> l.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
        Matcher main = Pattern.compile("\"([a-z0-9.]+\\.[A-Z][A-Za-z0-9]*)\"").matcher(entrypoint);
        assertThat(main.find()).as("the main class in " + entrypoint).isTrue();
        Path source = module.resolve("src/main/java/" + main.group(1).replace('.', '/') + ".java");
        assertThat(source).exists();
        String user = dockerfile.stream().filter(l -> l.startsWith("USER ")).findFirst().orElseThrow().substring(5).strip();
        assertThat(pod.path("spec").path("securityContext").path("runAsUser").asText()).isEqualTo(user);

        // exactly the variables the main class reads; the secret from a Secret
        Set<String> read = new HashSet<>();
        Matcher name = Pattern.compile("\"(USAGE_[A-Z0-9_]+)\"").matcher(Files.readString(source));
        while (name.find()) {
            read.add(name.group(1));
        }
        assertThat(read).hasSizeGreaterThanOrEqualTo(4);
        Set<String> given = new HashSet<>();
        c.path("env").forEach(v -> given.add(v.path("name").asText()));
        assertThat(given).isEqualTo(read);
        JsonNode secret = env(c, "USAGE_OIDC_CLIENT_SECRET");
        assertThat(secret.has("value")).isFalse();
        assertThat(secret.path("valueFrom").path("secretKeyRef").path("name").asText()).isNotEmpty();
        // where it sends: the aggregator's ingest port; where it gets its token: the Keycloak Service, the realm, its client
        JsonNode aggregator = named(docs, "Service", "stats-aggregator");
        assertThat(env(c, "USAGE_INGEST_URL").path("value").asText()).isEqualTo("http://stats-aggregator:" + aggregator.path("spec").path("ports").get(0).path("port").asInt());
        JsonNode realm = devRealm(docs);
        assertThat(env(c, "USAGE_OIDC_TOKEN_URL").path("value").asText()).isEqualTo(named(docs, "ConfigMap", "usage-config").path("data")
                .path("QUARKUS_OIDC_AUTH_SERVER_URL").asText() + "/protocol/openid-connect/token");
        assertThat(client(realm, env(c, "USAGE_OIDC_CLIENT_ID").path("value").asText()).path("serviceAccountsEnabled").asBoolean()).isTrue();

        // its labels pass the aggregator's ingest policy, both ways
        JsonNode labels = pod.path("metadata").path("labels");
        int ingest = httpPort("stats-aggregator-service");
        assertThat(ingressPeers(docs, podLabels(docs, "stats-aggregator"), ingest))
                .anyMatch(p -> !p.has("namespaceSelector") && p.has("podSelector") && selects(p.path("podSelector"), labels));
        assertThat(egressAllowed(docs, labels, ingest, podLabels(docs, "stats-aggregator"))).isTrue();
        // a Job that ends: no restarts forever, bounded resources
        assertThat(pod.path("spec").path("restartPolicy").asText()).isIn("Never", "OnFailure");
        assertThat(job.path("spec").path("backoffLimit").asInt(6)).isLessThanOrEqualTo(6);
        assertThat(c.path("resources").path("limits").has("memory")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "prod", "citus"})
    void theLocalBrokerCreatesExactlyTheClusterTopics(String overlay) throws Exception {
        Set<String> cluster = new HashSet<>();
        ofKind(render(overlay), "KafkaTopic").forEach(t -> cluster.add(t.path("metadata").path("name").asText()));
        assertThat(TopicDefinitions.forSingleBroker().stream().map(NewTopic::name)).containsExactlyInAnyOrderElementsOf(cluster);
    }
}
