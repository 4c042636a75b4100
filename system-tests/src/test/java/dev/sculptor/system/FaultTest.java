package dev.sculptor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sculptor.local.LocalStack;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults injected into the running product while a small search job is under way: a crashed
 * evaluator, a PostgreSQL outage, a Kafka outage, a worker stopped with another one standing by.
 * Each fault is injected once the job has evaluated candidates, and each job must still end
 * SUCCEEDED with its whole budget of distinct candidates, none pending and none evaluated twice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final int BUDGET = 6;

  /**
   * The evaluator's line for each result it sends: a replay from its result log repeats it exactly.
   */
  static final Pattern RESULT_LINE =
      Pattern.compile("candidate ([0-9a-f-]{36}) ((?:SUCCEEDED|FAILED).*)$");

  static Path data;
  static LocalStack stack;
  static final List<String> said = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    data = Files.createTempDirectory("sculptor-faults");
    stack =
        LocalStack.start(
            Ports.free().options(Repo.root(), data),
            Duration.ofMinutes(3),
            line -> {
              said.add(line);
              System.out.println("[stack] " + line);
            });
  }

  @AfterAll
  static void stopAndCheckNothingIsLeft() {
    StackChecks.closeLeavingNoProcess(stack);
  }

  @Test
  @Order(1)
  void anEvaluatorKilledMidCandidateIsRestartedByTheLauncherAndTheJobSucceeds() throws Exception {
    String id = submit("evaluator crash", 21);
    // mid-candidate: results have come back, and a sent request is out at the evaluator
    awaitEvaluated(
        id,
        1,
        () ->
            count(
                    "SELECT count(*) FROM candidate WHERE job_id = '"
                        + id
                        + "' AND status = 'PENDING' AND sent_at IS NOT NULL")
                > 0);
    long before = stack.servicePids().get("evaluator");

    stack.crash("evaluator");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                said.stream()
                    .anyMatch(l -> l.startsWith("evaluator exited (code 137); restarting (1/5)")));
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> said.stream().anyMatch(l -> l.startsWith("evaluator is ready again")));
    assertThat(stack.servicePids().get("evaluator")).isNotEqualTo(before);
    assertJobCompletedEachCandidateOnce(id);
  }

  @Test
  @Order(2)
  void aJobSurvivesPostgreSqlGoingAwayForSecondsAndComingBack() throws Exception {
    String id = submit("postgres outage", 22);
    awaitEvaluated(id, 2, () -> true);

    stack.stopPostgres();
    // down long enough that the services notice: the worker's readiness check reports its database
    // DOWN
    await()
        .pollDelay(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(60))
        .until(() -> !isReady("search-worker"));
    stack.startPostgres();

    assertJobCompletedEachCandidateOnce(id);
  }

  @Test
  @Order(3)
  void aJobSurvivesTheKafkaBrokerGoingAwayAndComingBack() throws Exception {
    String id = submit("kafka outage", 23);
    awaitEvaluated(id, 2, () -> true);
    int kafkaPort = stack.kafka().port();

    stack.stopKafka();
    await()
        .pollDelay(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(30))
        .until(() -> !isListening(kafkaPort));
    stack.startKafka();

    assertJobCompletedEachCandidateOnce(id);
  }

  @Test
  @Order(4)
  void aSecondWorkerResumesTheJobWithinSecondsWhenItsWorkerIsStopped() throws Exception {
    String second = stack.startAnotherWorker(Duration.ofMinutes(2));
    String id = submit("worker stop", 24);
    awaitEvaluated(id, 2, () -> true);
    String owner = leaseOwner(id);
    assertThat(owner).as("the running job's lease owner").isNotNull();
    // the job went to whichever worker claimed it first; stop that one, the other stands by
    String stopped = owner.equals(second) ? second : "search-worker";

    stack.stop(stopped); // SIGTERM, then waits until it has exited
    long stoppedAt = System.nanoTime();

    // Waited for longer than the bound below, so that a slow takeover still shows whether the job
    // then
    // completes, and how long the takeover took.
    await("another worker holds the job's lease")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              try (Connection c = stack.postgres().dataSource().getConnection();
                  Statement st = c.createStatement();
                  ResultSet rs =
                      st.executeQuery(
                          "SELECT status, lease_owner, failure_reason FROM search_job WHERE id = '"
                              + id
                              + "'")) {
                rs.next();
                assertThat(rs.getString(1))
                    .as("the job ended before another worker took it over: " + rs.getString(3))
                    .isEqualTo("RUNNING");
                return rs.getString(2) != null && !rs.getString(2).equals(owner);
              }
            });
    Duration takeover = Duration.ofNanos(System.nanoTime() - stoppedAt);
    System.out.println(
        "job "
            + id
            + " was taken over "
            + takeover.toMillis()
            + " ms after "
            + stopped
            + " ("
            + owner
            + ") exited");
    assertJobCompletedEachCandidateOnce(id);
    // Resumption within seconds needs the stopping worker to release its lease (search-worker,
    // being
    // done in parallel). Until that lands, the lease only lapses after sculptor.lease-seconds (30
    // s)
    // and the next 5 s sweep, and this assertion fails for that reason alone.
    assertThat(takeover)
        .as("time until the standing-by worker took the job over")
        .isLessThanOrEqualTo(Duration.ofSeconds(20));
  }

  // ---- the fault tests' common ending

  /**
   * SUCCEEDED, the whole budget stored as distinct candidates, none pending, none evaluated twice.
   */
  static void assertJobCompletedEachCandidateOnce(String id) throws Exception {
    JsonNode done = awaitEnd(id, Duration.ofMinutes(8));
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
    // the budget counts candidates sent (not those infeasible by construction)
    String sent = "FROM candidate WHERE status <> 'INFEASIBLE' AND job_id = '" + id + "'";
    assertThat(count("SELECT count(*) " + sent)).isEqualTo(BUDGET);
    assertThat(count("SELECT count(DISTINCT fingerprint) " + sent)).isEqualTo(BUDGET);
    assertThat(
            count(
                "SELECT count(*) FROM candidate WHERE job_id = '"
                    + id
                    + "' AND status = 'PENDING'"))
        .isZero();
    assertThat(count("SELECT count(*) FROM candidate WHERE job_id = '" + id + "' AND attempts > 1"))
        .as("candidates sent again after the evaluation timeout")
        .isZero();
    Map<String, Set<String>> results = evaluatorResults();
    for (String candidate : candidateIds(id)) {
      // a redelivered request is answered from the evaluator's result log: the same line again; a
      // second evaluation measures anew and differs at least in its latency
      assertThat(results.get(candidate))
          .as("results the evaluator sent for candidate " + candidate)
          .hasSize(1);
    }
  }

  /**
   * For each candidate id, the distinct result lines in the evaluator's log (restarts append to
   * it).
   */
  static Map<String, Set<String>> evaluatorResults() throws IOException {
    Map<String, Set<String>> results = new HashMap<>();
    for (String line : Files.readAllLines(stack.logDir().resolve("evaluator.log"))) {
      Matcher m = RESULT_LINE.matcher(line);
      if (m.find()) results.computeIfAbsent(m.group(1), k -> new HashSet<>()).add(m.group(2));
    }
    return results;
  }

  static List<String> candidateIds(String jobId) throws Exception {
    List<String> ids = new ArrayList<>();
    try (Connection c = stack.postgres().dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT id FROM candidate WHERE status <> 'INFEASIBLE' AND job_id = '"
                    + jobId
                    + "'")) {
      while (rs.next()) ids.add(rs.getString(1));
    }
    return ids;
  }

  static String submit(String name, int seed) throws Exception {
    String body =
        """
        {"name": "fault: %s", "dataset": "synthetic", "hardwareTarget": "host-cpu",
         "constraints": {"maxModelBytes": "5MB"},
         "budget": {"maxCandidates": %d, "maxWallClockMinutes": 15, "populationSize": 2},
         "fidelity": {"epochs": 1, "trainSubset": 400, "fineTuneEpochs": 0}, "finalTraining": {"candidates": 0}, "strategy": "regularized-evolution", "seed": %d}\
        """
            .formatted(name, BUDGET, seed);
    return StackApi.submit(stack, body).path("id").asText();
  }

  /**
   * Waits until the job has evaluated {@code n} candidates and {@code also} holds, failing fast if
   * it ends first.
   */
  static void awaitEvaluated(String id, int n, java.util.concurrent.Callable<Boolean> also) {
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              JsonNode job = job(id);
              assertThat(job.path("status").asText())
                  .as("the job ended before the fault: " + job)
                  .isIn("QUEUED", "RUNNING");
              return job.path("progress").path("evaluated").asInt() >= n && also.call();
            });
  }

  /**
   * Polls until the job ends; an api that answers errors meanwhile (its database away) is waited
   * out.
   */
  static JsonNode awaitEnd(String id, Duration limit) {
    JsonNode[] last = new JsonNode[1];
    try {
      await()
          .atMost(limit)
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .until(
              () -> {
                last[0] = job(id);
                String status = last[0].path("status").asText();
                return status.equals("SUCCEEDED")
                    || status.equals("FAILED")
                    || status.equals("CANCELLED");
              });
    } catch (ConditionTimeoutException e) {
      System.out.println("job " + id + " did not finish; last seen: " + last[0]);
      throw e;
    } finally {
      if (last[0] == null || !last[0].path("status").asText().equals("SUCCEEDED")) printLogTails();
    }
    return last[0];
  }

  /** CI keeps only the test output: show what the services were doing. */
  static void printLogTails() {
    try (var logs = Files.list(stack.logDir())) {
      for (Path log : logs.sorted().toList()) {
        List<String> all = Files.readAllLines(log);
        System.out.println("--- last 80 lines of " + log);
        all.subList(Math.max(0, all.size() - 80), all.size()).forEach(System.out::println);
      }
    } catch (IOException e) {
      System.out.println("--- logs unreadable: " + e.getMessage());
    }
  }

  static JsonNode job(String id) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/api/v1/jobs/" + id))
                .header("Authorization", "Bearer " + stack.keys().teamKey())
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET job: " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  static String leaseOwner(String jobId) throws Exception {
    try (Connection c = stack.postgres().dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT lease_owner FROM search_job WHERE id = '" + jobId + "'")) {
      rs.next();
      return rs.getString(1);
    }
  }

  static boolean isReady(String service) {
    try {
      String url = stack.healthUrls().get(service) + "/ready";
      return HTTP.send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static boolean isListening(int port) {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static long count(String sql) throws Exception {
    return StackChecks.count(stack, sql);
  }
}
