package dev.sculptor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sculptor.local.ChildProcesses;
import dev.sculptor.local.LocalStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole product on the local stack, started once: real PostgreSQL and Kafka, the packaged api,
 * search-worker and evaluator as processes. Tests go through the public REST API as a script would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static Path data;
  static LocalStack stack;

  @BeforeAll
  static void start() throws IOException {
    data = Files.createTempDirectory("sculptor-product");
    stack =
        LocalStack.start(
            Ports.free().options(Repo.root(), data), Duration.ofMinutes(3), System.out::println);
  }

  @AfterAll
  static void stopAndCheckNothingIsLeft() {
    StackChecks.closeLeavingNoProcess(stack);
  }

  @Test
  @Order(1)
  void everyServiceReportsItsDatabaseAndKafkaConnections() throws Exception {
    assertThat(stack.servicePids()).containsOnlyKeys("api", "search-worker", "evaluator");
    for (var health : stack.healthUrls().entrySet()) {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(health.getValue())).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode())
          .as(health.getKey() + " health: " + response.body())
          .isEqualTo(200);
      assertThat(response.body()).as(health.getKey() + " health").contains("\"UP\"");
      String body = response.body().toLowerCase();
      assertThat(body).as(health.getKey() + " checks").contains("kafka");
      if (!health.getKey().equals("evaluator"))
        assertThat(body).as(health.getKey() + " checks").contains("database");
    }
  }

  @Test
  @Order(1)
  void theOpenApiDocumentListsEveryEndpoint() throws Exception {
    HttpResponse<String> openapi =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/q/openapi?format=json")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(openapi.statusCode()).isEqualTo(200);
    JsonNode paths = JSON.readTree(openapi.body()).path("paths");
    for (String path :
        java.util.List.of(
            "/api/v1/jobs",
            "/api/v1/jobs/preview",
            "/api/v1/jobs/{id}",
            "/api/v1/jobs/{id}/cancel",
            "/api/v1/jobs/{id}/candidates",
            "/api/v1/jobs/{id}/candidates/{cid}",
            "/api/v1/jobs/{id}/candidates/{cid}/layers",
            "/api/v1/jobs/{id}/candidates/{cid}/model",
            "/api/v1/jobs/{id}/pareto",
            "/api/v1/jobs/{id}/history",
            "/api/v1/jobs/{id}/events",
            "/api/v1/hardware",
            "/api/v1/search-spaces",
            "/api/v1/datasets",
            "/api/v1/datasets/{id}/samples",
            "/api/v1/me",
            "/api/v1/teams",
            "/api/v1/teams/{teamId}/keys")) {
      assertThat(paths.has(path)).as("OpenAPI lists " + path).isTrue();
    }
    HttpResponse<String> metrics =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/q/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body()).contains("sculptor_queue_depth", "sculptor_jobs{");
    // the evaluator's heartbeats reach the api: host-cpu is measured live
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              for (JsonNode h : get("/api/v1/hardware"))
                if (h.path("id").asText().equals("host-cpu"))
                  return h.path("measuredLive").asBoolean();
              return false;
            });
    HttpResponse<String> ui =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ui.statusCode()).isEqualTo(200);
    assertThat(ui.body()).contains("<title>Sculptor</title>");
  }

  @Test
  @Order(2)
  void aSearchJobRunsFromQueuedToSucceededWithCandidatesAndAFront() throws Exception {
    JsonNode job =
        submit(
            """
            {"name": "e2e", "dataset": "mnist-10k", "hardwareTarget": "host-cpu",
             "constraints": {"maxModelBytes": "2MB", "maxLatencyMs": "50ms"},
             "budget": {"maxCandidates": 4, "maxWallClockMinutes": 10, "populationSize": 2},
             "fidelity": {"epochs": 1, "trainSubset": 1000, "fineTuneEpochs": 1},
             "finalTraining": {"candidates": 1, "epochs": 1, "fineTuneEpochs": 0}, "seed": 11}\
            """);
    String id = job.path("id").asText();
    assertThat(job.path("status").asText()).isEqualTo("QUEUED");

    JsonNode done = awaitStatus(id, Duration.ofMinutes(6));

    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
    assertThat(done.path("progress").path("evaluated").asInt()).isEqualTo(4);
    JsonNode candidates = get("/api/v1/jobs/" + id + "/candidates");
    // the budget counts candidates sent; any infeasible by construction is listed beside them
    int sent = 0;
    for (JsonNode c : candidates) if (!c.path("status").asText().equals("INFEASIBLE")) sent++;
    assertThat(sent).as(candidates.toString()).isEqualTo(4);
    JsonNode front = get("/api/v1/jobs/" + id + "/pareto").path("candidates");
    assertThat(front.size()).isPositive();
    for (JsonNode c : front) {
      assertThat(c.path("feasible").asBoolean()).isTrue();
      assertThat(c.path("metrics").path("latency").path("source").path("kind").asText())
          .isEqualTo("MEASURED");
      assertThat(c.path("testAccuracy").isNumber())
          .as("the final front shows held-out test accuracy: " + c)
          .isTrue();
      assertThat(c.path("testAccuracy").asDouble()).isBetween(0.0, 1.0);
    }
    // a tiny chance-level network may sit on the front as the smallest; the best one has learned
    assertThat(
            front.findValues("accuracy").stream().mapToDouble(JsonNode::asDouble).max().orElse(0))
        .isGreaterThan(0.1);
    for (JsonNode c : candidates) {
      // off the front the test number stays held out, in the metrics too
      if (!c.path("onFront").asBoolean())
        assertThat(c.path("testAccuracy").isNumber()).as(c.toString()).isFalse();
      assertThat(c.path("metrics").path("testAccuracy").isNumber())
          .isEqualTo(c.path("onFront").asBoolean());
    }
    int counted = 0;
    for (JsonNode c : candidates) {
      if (!c.path("metrics").path("params").isNumber()) continue;
      counted++;
      // the api's layer table is the network the evaluator built and counted
      JsonNode layers =
          get("/api/v1/jobs/" + id + "/candidates/" + c.path("id").asText() + "/layers");
      assertThat(layers.path("afterPruning").path("params").asLong())
          .as(c.path("id").asText())
          .isEqualTo(c.path("metrics").path("params").asLong());
      assertThat(layers.path("afterPruning").path("macs").asLong())
          .as(c.path("id").asText())
          .isEqualTo(c.path("metrics").path("macs").asLong());
    }
    assertThat(counted).as("candidates with counted params").isPositive();
    String sentRows = "FROM candidate WHERE status <> 'INFEASIBLE' AND job_id = '" + id + "'";
    assertThat(count("SELECT count(*) " + sentRows)).isEqualTo(4);
    assertThat(count("SELECT count(DISTINCT fingerprint) " + sentRows)).isEqualTo(4);
    // the final phase (finalTraining.candidates = 1) trained the most accurate feasible front
    // member once
    List<JsonNode> finals = new java.util.ArrayList<>();
    candidates.forEach(
        c -> {
          if (c.path("finalTraining").isObject()) finals.add(c.path("finalTraining"));
        });
    assertThat(finals).as("candidates with a final training: " + candidates).hasSize(1);
    assertThat(finals.getFirst().path("status").asText())
        .as(finals.getFirst().toString())
        .isEqualTo("SUCCEEDED");
    assertThat(finals.getFirst().path("testAccuracy").asDouble(-1)).isBetween(0.0, 1.0);
    String best = front.get(0).path("id").asText();
    String modelUrl = stack.apiUrl() + "/api/v1/jobs/" + id + "/candidates/" + best + "/model";
    HttpResponse<byte[]> model =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(modelUrl))
                .header("Authorization", "Bearer " + stack.keys().teamKey())
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(model.statusCode()).isEqualTo(200);
    // the default download is the ONNX model whose size the metrics report: a ModelProto starts
    // with
    // field 1, ir_version (varint tag 0x08), which the exporter sets to 8, and its metadata names
    // the candidate
    // the best front member's final model when the final phase trained it, else its search model
    JsonNode bestView = get("/api/v1/jobs/" + id + "/candidates/" + best);
    long served =
        bestView
            .path("finalTraining")
            .path("modelBytes")
            .asLong(front.get(0).path("modelBytes").asLong());
    assertThat(model.body()).startsWith(new byte[] {0x08, 0x08}).hasSize((int) served);
    String metadata = new String(model.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(metadata).contains("sculptor.candidate_id");
    // the search model and the final model both name the candidate; the final one says it is the
    // final training and names it
    assertThat(metadata).contains(best);
    if (bestView.path("finalTraining").path("hasModel").asBoolean()) {
      assertThat(metadata).contains("sculptor.stage", "final", "sculptor.final_training_id");
    }
    assertThat(
            front.get(0).path("metrics").path("latency").path("runtime").path("runtime").asText())
        .isEqualTo("onnxruntime");
    HttpResponse<byte[]> zip =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(modelUrl + "?format=djl"))
                .header("Authorization", "Bearer " + stack.keys().teamKey())
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(zip.statusCode()).isEqualTo(200);
    assertThat(zip.body()).startsWith(new byte[] {'P', 'K'});

    // the owner asks for the best member's sensitivity analysis after the job ended: the worker
    // sends it, the evaluator analyses the search's checkpoint, and the answer is stored
    String candidatePath = "/api/v1/jobs/" + id + "/candidates/" + best;
    StackApi.postAccepted(stack, candidatePath + "/sensitivity");
    JsonNode analysed =
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofSeconds(2))
            .until(
                () -> get(candidatePath),
                c -> !c.path("sensitivityAnalysis").path("status").asText().equals("REQUESTED"));
    assertThat(analysed.path("sensitivityAnalysis").path("status").asText())
        .as(analysed.toString())
        .isEqualTo("DONE");
    assertThat(analysed.path("sensitivity").path("baselineAccuracy").asDouble(-1))
        .isBetween(0.0, 1.0);
    assertThat(analysed.path("sensitivity").path("layers").isArray()).isTrue();
  }

  @Test
  @Order(2)
  void theStandardLibraryPythonClientRunsAJobToTheEndAndPrintsTheFront() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        onPath("python3"), "python3 is not installed: the script's test not run");
    Path root = Repo.root();
    ChildRun script =
        ChildRun.run(
            java.util.List.of(
                "python3",
                "scripts/submit_and_wait.py",
                "--url",
                stack.apiUrl(),
                "--candidates",
                "2",
                "--dataset",
                "synthetic",
                "--epochs",
                "1",
                "--train-subset",
                "300",
                "--fine-tune-epochs",
                "0",
                "--final-candidates",
                "0",
                "--seed",
                "3"),
            root,
            Map.of("SCULPTOR_API_KEY", stack.keys().teamKey()),
            root.resolve("system-tests/target/submit_and_wait.out"),
            Duration.ofMinutes(6));

    assertThat(script.ended())
        .as("the script ended within 6 minutes; it printed:%n%s", script.output())
        .isTrue();
    assertThat(script.exitCode()).as(script.output()).isZero();
    assertThat(script.output())
        .contains("submitted ", "SUCCEEDED: ", "2/2 evaluated", "Pareto front");
    assertThat(script.output().lines())
        .anyMatch(l -> l.matches("job [0-9a-f-]{36}: 2 evaluated, hypervolume \\d\\.\\d{4}, .*"));
    // one line per front member: accuracy, latency with its source and hardware, size, test
    // accuracy (the job has finished), id
    assertThat(script.output().lines())
        .anyMatch(
            l ->
                l.matches(
                    "\\s+\\d\\.\\d{3}\\s+\\d+\\.\\d{3} ms \\[(MEASURED|PREDICTED),"
                        + " [^\\]]+\\]\\s+\\d+ B\\s+test \\d\\.\\d{3}\\s+[0-9a-f-]{36}"));
  }

  private static boolean onPath(String program) {
    return java.util.Arrays.stream(
            System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }

  @Test
  @Order(3)
  void aJobSurvivesItsWorkerBeingKilledWithEveryCandidateEvaluatedOnce() throws Exception {
    JsonNode job =
        submit(
            """
            {"name": "crash", "dataset": "synthetic", "hardwareTarget": "host-cpu",
             "constraints": {"maxModelBytes": "5MB"},
             "budget": {"maxCandidates": 8, "maxWallClockMinutes": 10, "populationSize": 2},
             "fidelity": {"epochs": 1, "trainSubset": 500, "fineTuneEpochs": 0}, "finalTraining": {"candidates": 0}, "strategy": "regularized-evolution", "seed": 5}\
            """);
    String id = job.path("id").asText();
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> get("/api/v1/jobs/" + id).path("progress").path("evaluated").asInt() >= 2);

    stack.kill("search-worker"); // SIGKILL mid-job
    assertThat(get("/api/v1/jobs/" + id).path("status").asText()).isEqualTo("RUNNING");
    // The worst moment to die: after storing a candidate's row and before sending its request. The
    // kill above rarely lands there, so put one row back in that state (what the evaluator already
    // answered it keeps in its result log and sends again rather than evaluating twice).
    assertThat(
            update(
                """
                UPDATE candidate SET status = 'PENDING', sent_at = NULL, metrics = NULL, accuracy = NULL, latency_ms = NULL,
                       latency_source = NULL, model_bytes = NULL, feasible = NULL, on_front = false, artifact_id = NULL,
                       evaluator_id = NULL, training_curve = NULL, timings = NULL, finished_at = NULL
                 WHERE id = (SELECT id FROM candidate WHERE job_id = '%s' AND status = 'SUCCEEDED' ORDER BY created_at DESC LIMIT 1)\
                """
                    .formatted(id)))
        .isEqualTo(1);
    stack.startService("search-worker", Duration.ofMinutes(2));

    JsonNode done = awaitStatus(id, Duration.ofMinutes(6));
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
    String sent = "FROM candidate WHERE status <> 'INFEASIBLE' AND job_id = '" + id + "'";
    assertThat(count("SELECT count(*) " + sent)).isEqualTo(8);
    assertThat(count("SELECT count(DISTINCT fingerprint) " + sent)).isEqualTo(8);
    assertThat(
            count(
                "SELECT count(*) FROM candidate WHERE job_id = '"
                    + id
                    + "' AND status = 'PENDING'"))
        .isZero();
  }

  @Test
  @Order(3)
  void aCancelledJobsEvaluationsEndAtOnceWithTheirReasonInsteadOfHoldingTheEvaluator()
      throws Exception {
    // Four evaluations of 10 epochs on 8,000 digits each, sent at once to the one evaluator:
    // minutes
    // of its time, which the jobs after this one would wait for if the cancel did not reach it.
    JsonNode job =
        submit(
            """
            {"name": "cancelled", "dataset": "mnist-10k", "hardwareTarget": "host-cpu",
             "constraints": {"maxModelBytes": "5MB"},
             "budget": {"maxCandidates": 8, "maxWallClockMinutes": 30, "populationSize": 4},
             "fidelity": {"epochs": 10, "trainSubset": 8000, "fineTuneEpochs": 0}, "finalTraining": {"candidates": 0}, "seed": 9}\
            """);
    String id = job.path("id").asText();
    String sent =
        "SELECT count(*) FROM candidate WHERE sent_at IS NOT NULL AND job_id = '" + id + "'";
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> count(sent) >= 4);
    StackApi.postAccepted(stack, "/api/v1/jobs/" + id + "/cancel");

    // Well within one of those evaluations: the one in hand stops at its next batch, the queued
    // ones
    // are answered without training.
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM candidate WHERE status = 'PENDING' AND job_id = '"
                            + id
                            + "'")
                    == 0);
    assertThat(get("/api/v1/jobs/" + id).path("status").asText()).isEqualTo("CANCELLED");
    JsonNode candidates = get("/api/v1/jobs/" + id + "/candidates");
    assertThat(candidates).isNotEmpty();
    for (JsonNode c : candidates) {
      if (c.path("status").asText().equals("INFEASIBLE")) continue;
      assertThat(c.path("status").asText()).as(c.toString()).isEqualTo("FAILED");
      assertThat(c.path("failureReason").asText())
          .as(c.toString())
          .isIn("not evaluated: its job was cancelled", "stopped: its job was cancelled");
    }
  }

  @Test
  @Order(4)
  void aResearcherDoesEverythingInARealBrowser() throws Exception {
    Path shots = Repo.root().resolve("system-tests/target/screenshots");
    String output = browser("researcher.mjs", shots);
    assertThat(output).contains("browser: 6 passed, 0 failed");
    assertThat(shots.resolve("jobs-list.png")).exists();
    assertThat(shots.resolve("job-page.png")).exists();
    assertThat(shots.resolve("candidate-page.png")).exists();
  }

  @Test
  @Order(5)
  void aResearcherUploadsLooksAtAndDeletesADatasetInARealBrowser() throws Exception {
    Path shots = Repo.root().resolve("system-tests/target/screenshots");
    String output = browser("datasets.mjs", shots);
    assertThat(output).contains("datasets: 4 passed, 0 failed");
    assertThat(shots.resolve("datasets.png")).exists();
    assertThat(shots.resolve("datasets-error.png")).exists();
  }

  /**
   * Runs one of web-ui/e2e's scripts in Debian's Chromium against this stack; it must exit 0.
   * Returns its output.
   */
  private static String browser(String script, Path shots) throws Exception {
    Path e2e = Repo.root().resolve("web-ui/e2e");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/chromium")),
        "Debian's chromium is not installed (.ci/run installs it): browser test not run");
    // The build installs these (web-ui's npm-install-e2e execution); npm inside a test would write
    // into
    // Surefire's fork channel and corrupt it.
    assertThat(e2e.resolve("node_modules/playwright-core"))
        .as(
            "web-ui/e2e/node_modules is missing: the Maven build installs it when web-ui runs with"
                + " its tests (not with -DskipTests or -Dskip.web-ui); or run `npm ci` in"
                + " web-ui/e2e")
        .isDirectory();
    ProcessBuilder browser =
        new ProcessBuilder("node", script)
            .directory(e2e.toFile())
            .redirectInput(ChildProcesses.NO_INPUT)
            .redirectErrorStream(true);
    browser.environment().put("SCULPTOR_URL", stack.apiUrl());
    browser.environment().put("SCULPTOR_API_KEY", stack.keys().teamKey());
    browser.environment().put("SCULPTOR_SCREENSHOTS", shots.toString());
    Process run = browser.start();
    String output = new String(run.getInputStream().readAllBytes());
    System.out.println(output);
    assertThat(run.waitFor()).as(output).isZero();
    return output;
  }

  static JsonNode awaitStatus(String id, Duration limit) {
    return StackApi.awaitEnd(stack, data, id, limit);
  }

  static void printTail(Path log, int lines) {
    try {
      java.util.List<String> all = Files.readAllLines(log);
      System.out.println("--- last " + lines + " lines of " + log);
      all.subList(Math.max(0, all.size() - lines), all.size()).forEach(System.out::println);
    } catch (IOException e) {
      System.out.println("--- " + log + " unreadable: " + e.getMessage());
    }
  }

  static JsonNode get(String path) throws Exception {
    return StackApi.get(stack, path);
  }

  static JsonNode submit(String body) throws Exception {
    return StackApi.submit(stack, body);
  }

  static int update(String sql) throws Exception {
    try (Connection c = stack.postgres().dataSource().getConnection();
        Statement s = c.createStatement()) {
      return s.executeUpdate(sql);
    }
  }

  static long count(String sql) throws Exception {
    return StackChecks.count(stack, sql);
  }
}
