package dev.sculptor.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests, the compose file and the Dockerfiles checked structurally, without a
 * cluster or an engine: they parse, name Sculptor's images, set only environment variables the
 * services read, probe the health endpoints on the ports the services listen on, and share the
 * artifact store between the api and the evaluators.
 */
class DeploymentFilesTest {
  static final Path DOCKER = Path.of("").toAbsolutePath();
  static final Path REPO = DOCKER.getParent();
  static final Map<String, Integer> PORTS =
      Map.of("api", 8080, "search-worker", 8081, "evaluator", 8082);
  static final String ARTIFACTS = "/var/lib/sculptor/artifacts";

  /**
   * Variables a service reads: its config's and store's shared ${SCULPTOR_…} (Quarkus maps
   * QUARKUS_… itself), the environment names of the evaluator's settings and libtorch's native.env,
   * the images' own.
   */
  static Set<String> knownEnv(String service) throws IOException {
    Set<String> names = new HashSet<>(Set.of("JAVA_OPTS"));
    if (service.equals("evaluator")) {
      Matcher setting =
          Pattern.compile("get\\(\"(sculptor\\.[a-z0-9.-]+)\"\\)")
              .matcher(
                  Files.readString(
                      REPO.resolve(
                          "evaluator/src/main/java/dev/sculptor/evaluator/EvaluatorSettings.java")));
      while (setting.find())
        names.add(setting.group(1).replaceAll("[^a-z0-9]", "_").toUpperCase(java.util.Locale.ROOT));
      Matcher nativeEnv =
          Pattern.compile("(?m)^([A-Z][A-Z0-9_]+)=")
              .matcher(Files.readString(REPO.resolve("evaluator/native.env")));
      while (nativeEnv.find()) names.add(nativeEnv.group(1));
    } else {
      // the service's own settings, and those api and search-worker share (store's)
      for (Path config :
          List.of(
              REPO.resolve(service + "/src/main/resources/application.properties"),
              REPO.resolve("store/src/main/resources/META-INF/microprofile-config.properties"))) {
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)[:}]").matcher(Files.readString(config));
        while (m.find()) names.add(m.group(1));
      }
    }
    Matcher image =
        Pattern.compile("\\b([A-Z][A-Z0-9_]+)=")
            .matcher(Files.readString(DOCKER.resolve(service + ".Dockerfile")));
    while (image.find()) names.add(image.group(1));
    assertThat(names).as("variables found for " + service).hasSizeGreaterThan(3);
    return names;
  }

  static boolean known(String service, String name) throws IOException {
    Set<String> names = knownEnv(service);
    // the images' entrypoint reads SCULPTOR_X_FILE into SCULPTOR_X (secrets as files)
    return names.contains(name)
        || (name.endsWith("_FILE") && names.contains(name.substring(0, name.length() - 5)))
        || (!service.equals("evaluator") && name.startsWith("QUARKUS_"));
  }

  static List<Map<String, Object>> manifests() throws IOException {
    List<Map<String, Object>> docs = new ArrayList<>();
    try (Stream<Path> files = Files.list(DOCKER.resolve("k8s"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (Object doc : new Yaml().loadAll(Files.readString(file))) {
          if (doc != null) docs.add(map(doc));
        }
      }
    }
    return docs;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    assertThat(o).isInstanceOf(Map.class);
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return o == null ? List.of() : (List<Object>) o;
  }

  static Object at(Map<String, Object> node, String... path) {
    Object o = node;
    for (String key : path) o = o == null ? null : map(o).get(key);
    return o;
  }

  @Test
  void everyManifestParsesAsAKnownKindWithAName() throws IOException {
    List<Map<String, Object>> docs = manifests();
    assertThat(docs).isNotEmpty();
    for (Map<String, Object> doc : docs) {
      assertThat(doc.get("kind"))
          .as(doc.toString())
          .isIn("Deployment", "Service", "ConfigMap", "PersistentVolumeClaim");
      assertThat(doc.get("apiVersion"))
          .isEqualTo(doc.get("kind").equals("Deployment") ? "apps/v1" : "v1");
      assertThat(at(doc, "metadata", "name")).as("metadata.name").isInstanceOf(String.class);
    }
  }

  @Test
  void theApiWorkerAndEvaluatorRunSculptorsImagesWithKnownSettingsAndHealthProbes()
      throws IOException {
    List<Map<String, Object>> docs = manifests();
    Map<String, String> config = new LinkedHashMap<>();
    docs.stream()
        .filter(d -> "ConfigMap".equals(d.get("kind")))
        .forEach(d -> map(d.get("data")).forEach((k, v) -> config.put(k, String.valueOf(v))));
    Set<String> seen = new HashSet<>();
    Set<String> sharingConfig = new HashSet<>();
    for (Map<String, Object> doc :
        docs.stream().filter(d -> "Deployment".equals(d.get("kind"))).toList()) {
      map(at(doc, "spec", "selector", "matchLabels"))
          .forEach(
              (k, v) ->
                  assertThat(map(at(doc, "spec", "template", "metadata", "labels")))
                      .containsEntry(k, v));
      for (Object c : list(at(doc, "spec", "template", "spec", "containers"))) {
        Map<String, Object> container = map(c);
        String image = (String) container.get("image");
        String service = image.replaceFirst("^sculptor/([a-z-]+):.*$", "$1");
        assertThat(PORTS).as("image " + image + " is one of Sculptor's").containsKey(service);
        seen.add(service);
        int port = PORTS.get(service);
        assertThat(list(container.get("ports")))
            .extracting(p -> map(p).get("containerPort"))
            .containsExactly(port);
        assertThat(at(container, "readinessProbe", "httpGet"))
            .isEqualTo(Map.of("path", "/q/health/ready", "port", port));
        assertThat(at(container, "livenessProbe", "httpGet"))
            .isEqualTo(Map.of("path", "/q/health/live", "port", port));
        for (Object e : list(container.get("env"))) {
          String name = (String) map(e).get("name");
          assertThat(known(service, name)).as(service + " reads " + name).isTrue();
        }
        for (Object from : list(container.get("envFrom"))) {
          assertThat(at(map(from), "configMapRef", "name")).isEqualTo("sculptor-config");
          sharingConfig.add(service);
        }
        if (!service.equals("search-worker")) {
          assertThat(list(container.get("volumeMounts")))
              .as(service + " mounts the artifact store")
              .anySatisfy(m -> assertThat(map(m).get("mountPath")).isEqualTo(ARTIFACTS));
          assertThat(list(at(doc, "spec", "template", "spec", "volumes")))
              .anySatisfy(
                  v ->
                      assertThat(at(map(v), "persistentVolumeClaim", "claimName"))
                          .isEqualTo("sculptor-artifacts"));
        }
      }
      assertThat(at(doc, "spec", "template", "spec", "securityContext", "runAsNonRoot"))
          .isEqualTo(true);
    }
    assertThat(seen).containsExactlyInAnyOrder("api", "search-worker", "evaluator");
    assertThat(config).as("the shared ConfigMap").isNotEmpty();
    for (String name : config.keySet()) {
      boolean read = false;
      for (String service : sharingConfig) read |= known(service, name);
      assertThat(read).as("a service taking sculptor-config reads " + name).isTrue();
    }
    assertThat(docs)
        .anySatisfy(
            d -> {
              assertThat(d.get("kind")).isEqualTo("PersistentVolumeClaim");
              assertThat(at(d, "spec", "accessModes")).isEqualTo(List.of("ReadWriteMany"));
            });
  }

  @Test
  void theComposeFileSharesTheArtifactVolumeKeepsSecretsInFilesAndScalesEvaluators()
      throws IOException {
    Map<String, Object> compose =
        map(new Yaml().load(Files.readString(DOCKER.resolve("compose.yaml"))));
    Map<String, Object> services = map(compose.get("services"));
    assertThat(services).containsOnlyKeys("postgres", "kafka", "api", "search-worker", "evaluator");
    for (String service : PORTS.keySet()) {
      Map<String, Object> s = map(services.get(service));
      assertThat((String) s.get("image")).startsWith("sculptor/" + service + ":");
      assertThat(s.get("restart")).isEqualTo("unless-stopped");
      for (String name : map(s.get("environment")).keySet()) {
        assertThat(known(service, name)).as(service + " reads " + name).isTrue();
      }
      assertThat(map(s.get("environment")).values())
          .as("no secret value in the compose file")
          .noneMatch(
              v ->
                  String.valueOf(v).matches("(?i).*(sk-|password|secret).*")
                      && !String.valueOf(v).startsWith("/run/secrets/"));
      if (!service.equals("search-worker"))
        assertThat(list(s.get("volumes"))).contains("artifacts:" + ARTIFACTS);
    }
    Map<String, Object> evaluator = map(services.get("evaluator"));
    assertThat(evaluator).doesNotContainKeys("container_name", "ports");
    assertThat(String.valueOf(at(evaluator, "deploy", "replicas"))).contains("SCULPTOR_EVALUATORS");
    assertThat(map(compose.get("volumes"))).containsKeys("pgdata", "kafkadata", "artifacts");
    assertThat(map(compose.get("secrets"))).containsOnlyKeys("db_password", "admin_key");
  }

  @Test
  void theImagesRunAsTheirOwnUserWithAHealthCheckAndStartFromTheLocalBase() throws IOException {
    for (String image : List.of("api", "search-worker", "evaluator", "kafka", "postgres")) {
      String dockerfile = Files.readString(DOCKER.resolve(image + ".Dockerfile"));
      assertThat(dockerfile)
          .as(image)
          .containsPattern("(?m)^FROM sculptor/(java:25|base:bookworm)$");
      assertThat(dockerfile).as(image).containsPattern("(?m)^USER (sculptor|postgres)$");
      assertThat(dockerfile).as(image).containsPattern("(?m)^HEALTHCHECK ");
      assertThat(dockerfile)
          .as(image + " has no build tools")
          .doesNotContain("mvnw", "maven", "gcc", "npm");
    }
  }
}
