import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open-loop load on the api at a fixed request rate (requests go out on schedule whether or not
 * earlier ones have answered, so slow answers show up as latency, not as lower load).
 *
 * java bench/api/ApiLoad.java URL KEY RATE SECONDS [STREAMS [ADMIN_KEY TEAMS]]
 * After a short sequential warm-up and WARMUP_SECONDS (environment, default 15) of unmeasured load at
 * RATE, prints p50/p90/p99/max of POST /api/v1/jobs and of GET /api/v1/jobs/{id} (half the requests each).
 * With STREAMS, that many server-sent event streams of the job are held open for the whole run
 * (the api's per-key stream limit must allow it) and checked to be still open at the end. With
 * ADMIN_KEY and TEAMS, the submits are spread over that many new teams (a team's submits run one
 * at a time, so one team alone measures that lock rather than the api).
 */
public class ApiLoad {
  static final String SPEC = """
      {"name": "load", "dataset": "mnist-10k", "hardwareTarget": "host-cpu",
       "constraints": {"maxModelBytes": "10MB", "maxLatencyMs": "50ms"},
       "budget": {"maxCandidates": 5, "maxWallClockMinutes": 1}}""";

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String key = args[1];
    int rate = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    int streams = args.length > 4 ? Integer.parseInt(args[4]) : 0;
    List<String> submitters = new ArrayList<>(List.of(key));
    if (args.length > 6) {
      HttpClient admin = HttpClient.newHttpClient();
      submitters.clear();
      for (int t = 0; t < Integer.parseInt(args[6]); t++) {
        HttpResponse<String> team = admin.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/teams"))
            .header("Authorization", "Bearer " + args[5]).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"load-" + t + "-" + System.nanoTime() + "\"}")).build(),
            HttpResponse.BodyHandlers.ofString());
        submitters.add(team.body().replaceAll("(?s).*\"apiKey\":\"([^\"]+)\".*", "$1"));
      }
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    // one job to read back, and a warm-up so the JIT and the connection pool settle first
    String jobId = post(http, url, key).body().replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
    for (int i = 0; i < 300; i++) {
      post(http, url, key);
      get(http, url, key, jobId);
    }
    List<java.io.InputStream> open = new ArrayList<>();
    AtomicInteger streamLines = new AtomicInteger();
    for (int i = 0; i < streams; i++) {
      HttpResponse<java.io.InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/jobs/" + jobId + "/events"))
          .header("Authorization", "Bearer " + key).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
      if (stream.statusCode() != 200) throw new IllegalStateException("stream " + i + " refused: HTTP " + stream.statusCode());
      open.add(stream.body());
      Thread.ofVirtual().start(() -> {
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(stream.body()))) {
          while (in.readLine() != null) streamLines.incrementAndGet();
        } catch (java.io.IOException closed) {
          // closed at the end of the run
        }
      });
    }
    // an unmeasured phase at the same rate first: the sequential warm-up above leaves the JIT
    // compiling the concurrent paths (C2 compilations of up to 1 s were seen in the measured window)
    int warmup = Integer.parseInt(System.getenv().getOrDefault("WARMUP_SECONDS", "15"));
    if (warmup > 0) load(http, url, key, jobId, submitters, rate, warmup);
    Phase measured = load(http, url, key, jobId, submitters, rate, seconds);
    System.out.printf(Locale.ROOT, "target %d req/s for %d s after %d s unmeasured at that rate, achieved %.0f req/s, %d errors, %d event streams open (%d lines read)%n",
        rate, seconds, warmup, measured.achieved(), measured.errors(), streams, streamLines.get());
    report("POST /api/v1/jobs", measured.posts());
    report("GET  /api/v1/jobs/{id}", measured.gets());
    for (java.io.InputStream in : open) in.close();
  }

  record Phase(ConcurrentLinkedQueue<Long> posts, ConcurrentLinkedQueue<Long> gets, int errors, double achieved) {}

  /** Sends RATE requests/s for SECONDS on schedule, half submits and half reads; waits for every answer. */
  static Phase load(HttpClient http, String url, String key, String jobId, List<String> submitters, int rate, int seconds) {
    ConcurrentLinkedQueue<Long> posts = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> gets = new ConcurrentLinkedQueue<>();
    AtomicInteger errors = new AtomicInteger();
    List<CompletableFuture<?>> inFlight = new ArrayList<>();
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime();
    for (long i = 0; i < (long) rate * seconds; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait); // no busy wait: the load client shares the 2 cores
      boolean isPost = i % 2 == 0;
      long sent = System.nanoTime();
      HttpRequest request = isPost ? postRequest(url, submitters.get((int) (i / 2 % submitters.size()))) : getRequest(url, key, jobId);
      inFlight.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenAccept(r -> {
        long micros = (System.nanoTime() - sent) / 1000;
        if (r.statusCode() != (isPost ? 202 : 200)) errors.incrementAndGet();
        (isPost ? posts : gets).add(micros);
      }));
    }
    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
    double achieved = (posts.size() + gets.size()) / ((System.nanoTime() - start) / 1e9);
    return new Phase(posts, gets, errors.get(), achieved);
  }

  static void report(String name, ConcurrentLinkedQueue<Long> micros) {
    List<Long> sorted = new ArrayList<>(micros);
    Collections.sort(sorted);
    System.out.printf(Locale.ROOT, "%-24s n=%d  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms%n", name, sorted.size(),
        q(sorted, 0.5), q(sorted, 0.9), q(sorted, 0.99), sorted.getLast() / 1000.0);
  }

  static double q(List<Long> sorted, double q) {
    return sorted.get((int) Math.min(sorted.size() - 1, Math.round(q * (sorted.size() - 1)))) / 1000.0;
  }

  static HttpRequest postRequest(String url, String key) {
    return HttpRequest.newBuilder(URI.create(url + "/api/v1/jobs")).header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(SPEC)).build();
  }

  static HttpRequest getRequest(String url, String key, String id) {
    return HttpRequest.newBuilder(URI.create(url + "/api/v1/jobs/" + id)).header("Authorization", "Bearer " + key)
        .timeout(Duration.ofSeconds(30)).GET().build();
  }

  static HttpResponse<String> post(HttpClient http, String url, String key) throws Exception {
    return http.send(postRequest(url, key), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(HttpClient http, String url, String key, String id) throws Exception {
    return http.send(getRequest(url, key, id), HttpResponse.BodyHandlers.ofString());
  }
}
