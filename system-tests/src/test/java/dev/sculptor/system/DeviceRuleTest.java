package dev.sculptor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sculptor.local.LocalStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Latency true to the job's hardware, on the whole product (real PostgreSQL and Kafka, the packaged
 * services): the host-cpu evaluator is the only one attached at first. A job on a target with no
 * evaluator and no latency model is refused; one with a model is predicted for its target; one that
 * waits for its device starts when an evaluator of it appears, pauses when that evaluator dies, and
 * resumes when it is back, every latency measured on that one machine; a device that cannot train
 * attaches time-only and times every latency of its job. The stand-in evaluator for nvidia-gpu is
 * this x86 machine ({@link LocalStack#startAnotherEvaluator}): its numbers say so.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeviceRuleTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String GPU_EVALUATOR = "evaluator-nvidia-gpu";
  static final String ARM_EVALUATOR = "evaluator-arm-cortex-a72";
  static Path data;
  static LocalStack stack;
  static String waitingJob;

  @BeforeAll
  static void start() throws IOException {
    data = Files.createTempDirectory("sculptor-device-rule");
    stack =
        LocalStack.start(
            Ports.free().options(Repo.root(), data), Duration.ofMinutes(3), System.out::println);
    // the host-cpu evaluator's heartbeats have reached the api
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "measured".equals(hardware("host-cpu").path("state").asText()));
  }

  @AfterAll
  static void stopAndCheckNothingIsLeft() {
    StackChecks.closeLeavingNoProcess(stack);
  }

  static String job(String name, String target, String extra) {
    return """
    {"name": "%s", "dataset": "synthetic", "hardwareTarget": "%s",
     "constraints": {"maxModelBytes": "5MB", "maxLatencyMs": "2ms"},
     "budget": {"maxCandidates": %d, "maxWallClockMinutes": 10, "populationSize": 2},
     "fidelity": {"epochs": 1, "trainSubset": 300, "fineTuneEpochs": 0}, "finalTraining": {"candidates": 0}, "strategy": "random", "seed": 9%s}\
    """
        .formatted(name, target, target.equals("nvidia-gpu") ? 6 : 4, extra);
  }

  @Test
  @Order(1)
  void aJobOnATargetWithNoEvaluatorAndNoLatencyModelIsRefusedNamingHardwareTarget()
      throws Exception {
    assertThat(hardware("nvidia-gpu").path("state").asText()).isEqualTo("unavailable");

    HttpResponse<String> refused = post(job("gpu, refused", "nvidia-gpu", ""));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(refused.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonNode problem = JSON.readTree(refused.body());
    assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("hardwareTarget");
    assertThat(problem.path("errors").get(0).path("reason").asText())
        .startsWith("no evaluator attached and no latency model for nvidia-gpu");
    assertThat(
            StackChecks.count(
                stack, "SELECT count(*) FROM search_job WHERE hardware_target = 'nvidia-gpu'"))
        .isZero();
  }

  @Test
  @Order(2)
  void aJobOnATargetWithALatencyModelHasEveryLatencyPredictedForItAndJudgedOnThePrediction()
      throws Exception {
    assertThat(hardware("arm-cortex-a72").path("state").asText())
        .as("arm-cortex-a72 has a latency model and no evaluator")
        .isEqualTo("predicted");
    JsonNode submitted = submit(job("arm, predicted", "arm-cortex-a72", ""));
    String id = submitted.path("id").asText();

    JsonNode done = awaitEnd(id, Duration.ofMinutes(6));

    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
    assertThat(done.path("latencySource").asText()).isEqualTo("PREDICTED");
    JsonNode candidates = get("/api/v1/jobs/" + id + "/candidates");
    assertThat(candidates.size()).isEqualTo(4);
    for (JsonNode c : candidates) {
      if (!c.path("status").asText().equals("SUCCEEDED")) continue;
      JsonNode latency = c.path("metrics").path("latency");
      assertThat(latency.path("source").path("kind").asText())
          .as(c.toString())
          .isEqualTo("PREDICTED");
      assertThat(latency.path("source").path("hardware").asText()).isEqualTo("arm-cortex-a72");
      // accuracy and size were measured on the host-cpu evaluator, and say so
      assertThat(c.path("metrics").path("accuracySource").path("hardware").asText())
          .startsWith("host-cpu:");
      boolean fits =
          latency.path("medianMs").asDouble() <= 2.0 && c.path("modelBytes").asLong() <= 5_000_000;
      assertThat(c.path("feasible").asBoolean())
          .as("feasibility judged on the predicted latency: " + c)
          .isEqualTo(fits);
    }
    assertThat(
            StackChecks.count(
                stack,
                "SELECT count(*) FROM candidate WHERE job_id = '"
                    + id
                    + "' AND latency_source = 'MEASURED'"))
        .isZero();
  }

  @Test
  @Order(3)
  void aJobThatWaitsForItsDeviceStaysQueuedUntilAnEvaluatorOfItsTargetAppears() throws Exception {
    JsonNode submitted =
        submit(job("gpu, waits", "nvidia-gpu", ", \"latencyPolicy\": \"wait-for-device\""));
    waitingJob = submitted.path("id").asText();
    assertThat(submitted.path("status").asText()).isEqualTo("QUEUED");

    // the worker sweeps queued jobs every 5 s: it has looked at this one several times and left it
    // queued
    await()
        .during(Duration.ofSeconds(20))
        .atMost(Duration.ofSeconds(25))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> get("/api/v1/jobs/" + waitingJob).path("status").asText().equals("QUEUED"));

    stack.startAnotherEvaluator("nvidia-gpu", Duration.ofMinutes(2));

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> !get("/api/v1/jobs/" + waitingJob).path("status").asText().equals("QUEUED"));
    JsonNode started = get("/api/v1/jobs/" + waitingJob);
    assertThat(started.path("latencySource").asText()).isEqualTo("MEASURED");
    JsonNode gpu = hardware("nvidia-gpu");
    assertThat(gpu.path("state").asText()).isEqualTo("measured");
    JsonNode evaluator = gpu.path("evaluators").get(0);
    assertThat(evaluator.path("id").asText()).isEqualTo(GPU_EVALUATOR);
    assertThat(evaluator.path("architecture").asText()).isIn("amd64", "x86_64");
    assertThat(evaluator.path("cpuModel").asText()).isNotBlank();
    assertThat(evaluator.path("runtime").asText()).startsWith("onnxruntime ");
  }

  @Test
  @Order(4)
  void itsEvaluatorKilledMidJobPausesItAsWaitingForDeviceAndItResumesOnTheSameHardwareWhenBack()
      throws Exception {
    String id = waitingJob;
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> get("/api/v1/jobs/" + id).path("progress").path("evaluated").asInt() >= 1);

    stack.kill(GPU_EVALUATOR); // SIGKILL: its heartbeats stop
    // 15 s without a heartbeat, then the worker's next look
    await()
        .atMost(Duration.ofSeconds(45))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> get("/api/v1/jobs/" + id).path("status").asText().equals("WAITING_FOR_DEVICE"));
    long evaluated = get("/api/v1/jobs/" + id).path("progress").path("evaluated").asLong();
    // paused, not moved: the host-cpu evaluator, live all along, gets none of its candidates
    await()
        .during(Duration.ofSeconds(10))
        .atMost(Duration.ofSeconds(12))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              JsonNode job = get("/api/v1/jobs/" + id);
              return job.path("status").asText().equals("WAITING_FOR_DEVICE")
                  && job.path("progress").path("evaluated").asLong() == evaluated;
            });
    // and says what it waits for
    assertThat(get("/api/v1/jobs/" + id).path("waitingFor").asText())
        .isEqualTo("no nvidia-gpu evaluator is live (no heartbeat for 15 s)");

    stack.startService(GPU_EVALUATOR, Duration.ofMinutes(2));

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> !get("/api/v1/jobs/" + id).path("status").asText().equals("WAITING_FOR_DEVICE"));
    JsonNode done = awaitEnd(id, Duration.ofMinutes(6));
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
    assertThat(done.path("progress").path("evaluated").asInt()).isEqualTo(6);
    Set<String> hardware = new HashSet<>();
    Set<String> kinds = new HashSet<>();
    for (JsonNode c : get("/api/v1/jobs/" + id + "/candidates")) {
      if (!c.path("status").asText().equals("SUCCEEDED")) continue;
      kinds.add(c.path("metrics").path("latency").path("source").path("kind").asText());
      hardware.add(c.path("metrics").path("latency").path("source").path("hardware").asText());
    }
    assertThat(kinds).containsExactly("MEASURED");
    assertThat(hardware).hasSize(1);
    assertThat(hardware.iterator().next())
        .startsWith("nvidia-gpu: ")
        .containsAnyOf("amd64", "x86_64");
    assertThat(
            StackChecks.count(
                stack,
                "SELECT count(*) FROM candidate WHERE job_id = '"
                    + id
                    + "' AND status = 'SUCCEEDED'"
                    + " AND evaluator_id <> '"
                    + GPU_EVALUATOR
                    + "'"))
        .isZero();
  }

  /**
   * A Raspberry Pi 4 cannot train with this build: its evaluator serves time-only, its candidates
   * train on the host-cpu evaluator and come back to be timed on it. Where the build made the arm64
   * root ({@code .ci/run} does), the device is the evaluator's JVM on an emulated Cortex-A72
   * (qemu-aarch64, the arm64 OpenJDK), which decides by itself to time only, as a Pi 4 does;
   * elsewhere this x86 machine stands in, told to time only. Either way every latency of the job is
   * timed on that evaluator and names its CPU (emulated times are no figures to read).
   */
  @Test
  @Order(5)
  void aDeviceThatCannotTrainAttachesTimeOnlyAndEveryLatencyOfItsJobIsTimedOnIt() throws Exception {
    Path root = Repo.root().resolve(".build/arm64-root");
    boolean emulated =
        Files.isExecutable(root.resolve("usr/lib/jvm/java-25-openjdk-arm64/bin/java"))
            && onPath("qemu-aarch64");
    System.out.println(
        emulated
            ? "the arm-cortex-a72 evaluator runs on an emulated Cortex-A72"
            : "no arm64 root: an x86 stand-in times arm-cortex-a72's models");
    if (emulated)
      stack.startAnotherEvaluator(
          "arm-cortex-a72",
          Duration.ofMinutes(3),
          Repo.root().resolve("evaluator/src/test/qemu/aarch64/bin/java").toString(),
          Map.of("SCULPTOR_ARM64_ROOT", root.toString(), "SCULPTOR_TARGET_CHECK", "on"));
    else
      stack.startAnotherEvaluator(
          "arm-cortex-a72", Duration.ofMinutes(2), null, Map.of("SCULPTOR_TIME_ONLY", "on"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "measured".equals(hardware("arm-cortex-a72").path("state").asText()));
    JsonNode device = hardware("arm-cortex-a72").path("evaluators").get(0);
    assertThat(device.path("id").asText()).isEqualTo(ARM_EVALUATOR);
    assertThat(device.path("trainsOn").asText()).isEqualTo("host-cpu");
    if (emulated) {
      assertThat(device.path("architecture").asText()).isEqualTo("aarch64");
      assertThat(device.path("cpuModel").asText()).startsWith("Cortex-A72");
    }

    // what the new-search form shows before the submit
    JsonNode preview =
        JSON.readTree(
            post("/api/v1/jobs/preview", job("arm, previewed", "arm-cortex-a72", "")).body());
    assertThat(preview.path("latency").path("plan").asText()).isEqualTo("MEASURED");
    assertThat(preview.path("latency").path("evaluators").get(0).asText())
        .endsWith("times only: its candidates train on host-cpu");

    String id = submit(job("arm, timed on the device", "arm-cortex-a72", "")).path("id").asText();
    JsonNode done = awaitEnd(id, Duration.ofMinutes(8));

    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
    assertThat(done.path("latencySource").asText()).isEqualTo("MEASURED");
    int timed = 0;
    for (JsonNode c : get("/api/v1/jobs/" + id + "/candidates")) {
      if (!c.path("status").asText().equals("SUCCEEDED")) continue;
      timed++;
      JsonNode latency = c.path("metrics").path("latency");
      assertThat(latency.path("source").path("kind").asText())
          .as(c.toString())
          .isEqualTo("MEASURED");
      String hardware = latency.path("source").path("hardware").asText();
      assertThat(hardware).startsWith("arm-cortex-a72: ");
      if (emulated) assertThat(hardware).contains("Cortex-A72", "aarch64");
      assertThat(latency.path("medianMs").asDouble()).isPositive();
      // trained, and its accuracy measured, on the host-cpu evaluator, which says so
      assertThat(c.path("metrics").path("accuracySource").path("hardware").asText())
          .startsWith("host-cpu:");
    }
    assertThat(timed).isPositive();
    assertThat(
            StackChecks.count(
                stack,
                "SELECT count(*) FROM candidate WHERE job_id = '"
                    + id
                    + "' AND status = 'SUCCEEDED' AND evaluator_id <> '"
                    + ARM_EVALUATOR
                    + "'"))
        .isZero();
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":"))
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) return true;
    return false;
  }

  static JsonNode hardware(String target) throws Exception {
    for (JsonNode h : getStatic("/api/v1/hardware"))
      if (h.path("id").asText().equals(target)) return h;
    throw new AssertionError("no hardware " + target);
  }

  JsonNode get(String path) throws Exception {
    return getStatic(path);
  }

  static JsonNode getStatic(String path) throws Exception {
    return StackApi.get(stack, path);
  }

  static HttpResponse<String> post(String body) throws Exception {
    return post("/api/v1/jobs", body);
  }

  static HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
            .header("Authorization", "Bearer " + stack.keys().teamKey())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode submit(String body) throws Exception {
    return StackApi.submit(stack, body);
  }

  /** The job's last state once it ended, printing the services' logs if it did not in time. */
  static JsonNode awaitEnd(String id, Duration limit) {
    return StackApi.awaitEnd(
        stack,
        data,
        id,
        limit,
        List.of("search-worker", "evaluator", GPU_EVALUATOR, ARM_EVALUATOR));
  }
}
