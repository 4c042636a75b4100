package dev.sculptor.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sculptor.core.messaging.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The README's first command: {@code ./sculptor start [--demo]}. Starts the local stack, prints the
 * web UI's address and a ready API key, optionally runs a small sample job to the end, and stops
 * everything on Ctrl-C (or SIGTERM).
 */
public final class Launcher {
  static final String DEMO_JOB =
      """
      {"name": "demo: best digit classifier under 2 MB / 20 ms on host-cpu",
       "dataset": "mnist-10k", "hardwareTarget": "host-cpu",
       "constraints": {"maxModelBytes": 2000000, "maxLatencyMs": 20},
       "budget": {"maxCandidates": 6, "maxWallClockMinutes": 15, "populationSize": 3},
       "fidelity": {"epochs": 1, "trainSubset": 2000, "fineTuneEpochs": 1},
       "finalTraining": {"candidates": 1, "epochs": 2, "fineTuneEpochs": 1},
       "seed": 7}
      """;

  private Launcher() {}

  public static void main(String[] args) throws Exception {
    List<String> argv = List.of(args);
    if (argv.isEmpty() || !argv.getFirst().equals("start") || argv.contains("--help")) {
      System.out.println(
          """
          usage: ./sculptor start [--demo] [--exit-after-demo]
            Starts PostgreSQL, Kafka, the api, a search-worker and an evaluator on this machine
            (data in .sculptor/), prints the web UI address and an API key, and runs until Ctrl-C.
            --demo             also submit a small sample search job and follow it to the end
            --exit-after-demo  stop everything once the sample job has finished
            --only api,...     start only these services (e.g. to benchmark the api alone)\
          """);
      System.exit(argv.contains("--help") ? 0 : 2);
    }
    boolean demo = argv.contains("--demo") || argv.contains("--exit-after-demo");
    Path root = Path.of(System.getProperty("sculptor.home", ".")).toAbsolutePath().normalize();
    LocalStack.Options options = LocalStack.Options.defaults(root);

    long started = System.nanoTime();
    LocalStack stack;
    try {
      int only = argv.indexOf("--only");
      java.util.Set<String> services =
          only >= 0 && only + 1 < argv.size()
              ? java.util.Set.of(argv.get(only + 1).split(","))
              : java.util.Set.of("api", "search-worker", "evaluator");
      stack =
          LocalStack.start(
              options,
              Duration.ofMinutes(3),
              line -> System.out.println("[sculptor] " + line),
              services);
    } catch (RuntimeException e) {
      System.err.println("[sculptor] could not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("[sculptor] stopping services, Kafka and PostgreSQL ...");
                  stack.close();
                  System.out.println("[sculptor] stopped; data kept in " + options.dataDir());
                  stopped.countDown();
                },
                "sculptor-shutdown"));

    System.out.printf(
        Locale.ROOT, "%n[sculptor] ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
    System.out.println("[sculptor]   web UI    " + stack.apiUrl() + "/");
    System.out.println(
        "[sculptor]   API       "
            + stack.apiUrl()
            + "/api/v1  (docs: "
            + stack.apiUrl()
            + "/q/swagger-ui)");
    System.out.println(
        "[sculptor]   API key   "
            + stack.keys().teamKey()
            + "   (team 'local'; admin key in .sculptor/keys.properties)");
    System.out.println("[sculptor]   logs      " + options.dataDir().resolve("logs"));

    int exit = 0;
    if (demo) exit = runDemo(stack) ? 0 : 1;
    if (argv.contains("--exit-after-demo")) System.exit(exit);
    System.out.println("[sculptor] running; press Ctrl-C to stop");
    stopped.await();
  }

  /** Submits the sample job through the public REST API and follows it until it ends. */
  static boolean runDemo(LocalStack stack) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    String key = stack.keys().teamKey();
    HttpResponse<String> submitted =
        http.send(
            HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/api/v1/jobs"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(DEMO_JOB))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (submitted.statusCode() / 100 != 2) {
      System.out.println(
          "[demo] submit failed: HTTP " + submitted.statusCode() + " " + submitted.body());
      return false;
    }
    String id = Json.mapper().readTree(submitted.body()).path("id").asText();
    System.out.println("[demo] submitted job " + id + ": " + stack.apiUrl() + "/#/jobs/" + id);
    String last = "";
    JsonNode job;
    while (true) {
      job = get(http, stack.apiUrl() + "/api/v1/jobs/" + id, key);
      JsonNode p = job.path("progress");
      String line =
          String.format(
              Locale.ROOT,
              "%s  generation %d  evaluated %d/%d  best feasible accuracy %s%s",
              job.path("status").asText(),
              p.path("generation").asInt(),
              p.path("evaluated").asInt(),
              p.path("budget").asInt(),
              p.path("bestFeasibleAccuracy").isNumber()
                  ? String.format(Locale.ROOT, "%.3f", p.path("bestFeasibleAccuracy").asDouble())
                  : "-",
              // the final phase trains the best members again, for minutes: say so
              p.path("phase").asText().equals("FINALIZING")
                  ? String.format(
                      Locale.ROOT,
                      "  final training %d/%d",
                      p.path("finalDone").asInt(),
                      p.path("finalTotal").asInt())
                  : "");
      if (!line.equals(last)) System.out.println("[demo] " + line);
      last = line;
      String status = job.path("status").asText();
      if (status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("CANCELLED"))
        break;
      Thread.sleep(2000); // polling a long-running job, as a script would
    }
    if (!job.path("status").asText().equals("SUCCEEDED")) {
      System.out.println(
          "[demo] job ended "
              + job.path("status").asText()
              + ": "
              + job.path("failureReason").asText(""));
      return false;
    }
    JsonNode front = get(http, stack.apiUrl() + "/api/v1/jobs/" + id + "/pareto", key);
    JsonNode members = front.has("candidates") ? front.path("candidates") : front;
    System.out.println(
        "[demo] Pareto front (" + members.size() + " candidates, measured on this machine):");
    System.out.println("[demo]   accuracy  latency(ms)  source     size(bytes)  candidate");
    for (JsonNode c : members) {
      JsonNode m = c.path("metrics");
      JsonNode lat = m.path("latency");
      System.out.printf(
          Locale.ROOT,
          "[demo]   %8.3f  %11.3f  %-9s  %11d  %s%n",
          m.path("accuracy").asDouble(),
          lat.path("medianMs").asDouble(),
          lat.path("source").path("kind").asText("?"),
          m.path("modelBytes").asLong(),
          c.path("id").asText());
    }
    for (JsonNode c : members) {
      JsonNode f = c.path("finalTraining");
      if (f.isMissingNode() || f.isNull()) continue;
      if (!f.path("status").asText().equals("SUCCEEDED")) {
        System.out.printf(
            Locale.ROOT,
            "[demo] final training of %s: %s %s%n",
            c.path("id").asText(),
            f.path("status").asText(),
            f.path("failureReason").asText(""));
        continue;
      }
      System.out.printf(
          Locale.ROOT,
          "[demo] final model of %s (the download): accuracy %.3f (search %.3f), test %.3f,"
              + " %.3f ms, %d bytes%n",
          c.path("id").asText(),
          f.path("accuracy").asDouble(),
          c.path("metrics").path("accuracy").asDouble(),
          f.path("testAccuracy").asDouble(),
          f.path("latencyMs").asDouble(),
          f.path("modelBytes").asLong());
    }
    return true;
  }

  private static JsonNode get(HttpClient http, String url, String key)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + key)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200)
      throw new IOException(
          "GET " + url + " answered " + response.statusCode() + ": " + response.body());
    return Json.mapper().readTree(response.body());
  }
}
