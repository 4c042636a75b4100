package dev.sculptor.api.auth;

import static dev.sculptor.api.ApiClientAccess.ADMIN;
import static dev.sculptor.api.ApiClientAccess.VALID_JOB;
import static dev.sculptor.api.ApiClientAccess.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.sculptor.api.ApiClientAccess;
import dev.sculptor.local.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Keys (list, revoke, rotate, last use), who may touch which team, the query token, per-team
 * quotas, concurrent duplicates and security headers, against a real PostgreSQL and Kafka.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class KeysAndQuotasTest {
  private static final int THREADS = 8;
  private static final int ROUNDS = 5;

  @TestHTTPResource("/")
  URL base;

  record Team(UUID id, String key) {}

  static Team newTeam(String name) {
    String key = ApiClientAccess.newTeam(name + "-" + System.nanoTime());
    return new Team(
        UUID.fromString(as(key).get("/api/v1/me").then().statusCode(200).extract().path("teamId")),
        key);
  }

  /** The id of a team's key, listed with that (active) key itself. */
  static String keyId(Team team, String secret) {
    String prefix = KeyHash.prefix(secret);
    List<Map<String, Object>> keys =
        as(secret).get(keysPath(team)).then().statusCode(200).extract().jsonPath().getList("$");
    return keys.stream()
        .filter(k -> prefix.equals(k.get("prefix")))
        .findFirst()
        .orElseThrow()
        .get("id")
        .toString();
  }

  static String keysPath(Team team) {
    return "/api/v1/teams/" + team.id() + "/keys";
  }

  @Test
  void aTeamListsItsKeysWithoutSecretsAndTheAdminListsAnyTeam() {
    Team team = newTeam("listers");
    Response listed = as(team.key()).get(keysPath(team));
    listed
        .then()
        .statusCode(200)
        .body("size()", equalTo(1))
        .body("[0].prefix", equalTo(KeyHash.prefix(team.key())))
        .body("[0].label", equalTo("first key"))
        .body("[0].createdAt", notNullValue())
        .body("[0].revokedAt", nullValue())
        .body("[0].active", equalTo(true));
    assertThat(listed.asString())
        .doesNotContain(team.key())
        .doesNotContain(KeyHash.sha256(team.key()))
        .doesNotContain("keyHash")
        .doesNotContain("apiKey");
    as(ADMIN).get(keysPath(team)).then().statusCode(200).body("size()", equalTo(1));
  }

  @Test
  void aRevokedKeyIsRefusedAtOnceOnThisReplica() {
    Team team = newTeam("revokers");
    String spare = as(ADMIN).post(keysPath(team)).then().statusCode(201).extract().path("apiKey");
    as(spare).get("/api/v1/me").then().statusCode(200); // now in the key cache
    String spareId = keyId(team, spare);

    as(team.key())
        .post(keysPath(team) + "/" + spareId + "/revoke")
        .then()
        .statusCode(200)
        .body("id", equalTo(spareId))
        .body("revokedAt", notNullValue())
        .body("active", equalTo(false));

    as(spare).get("/api/v1/me").then().statusCode(401).contentType("application/problem+json");
    as(spare).get("/api/v1/jobs").then().statusCode(401);
    as(team.key()).get("/api/v1/me").then().statusCode(200);
    // revoking again changes nothing
    as(ADMIN)
        .post(keysPath(team) + "/" + spareId + "/revoke")
        .then()
        .statusCode(200)
        .body("active", equalTo(false));
  }

  @Test
  void rotatingAKeyIssuesANewOneAndRevokesTheOldOneAtOnce() {
    Team team = newTeam("rotators");
    String oldId = keyId(team, team.key());

    Response rotated = as(team.key()).post(keysPath(team) + "/" + oldId + "/rotate");
    rotated
        .then()
        .statusCode(201)
        .body("replaced.id", equalTo(oldId))
        .body("replaced.active", equalTo(false));
    String fresh = rotated.path("apiKey");

    as(team.key()).get("/api/v1/me").then().statusCode(401);
    as(fresh)
        .get("/api/v1/me")
        .then()
        .statusCode(200)
        .body("teamId", equalTo(team.id().toString()));
    List<Map<String, Object>> keys =
        as(fresh).get(keysPath(team)).then().statusCode(200).extract().jsonPath().getList("$");
    assertThat(keys).extracting(k -> k.get("active")).containsExactly(false, true);
    assertThat(keys.get(1).get("label")).isEqualTo("first key");
    as(fresh)
        .post(keysPath(team) + "/" + oldId + "/rotate")
        .then()
        .statusCode(409)
        .body("errors[0].field", equalTo("keyId"));
  }

  @Test
  void aRotatedKeyWithAGracePeriodWorksUntilItEnds() {
    Team team = newTeam("graceful");
    String oldId = keyId(team, team.key());
    String fresh =
        as(ADMIN)
            .post(keysPath(team) + "/" + oldId + "/rotate?graceSeconds=2")
            .then()
            .statusCode(201)
            .body("replaced.active", equalTo(true))
            .extract()
            .path("apiKey");

    as(team.key()).get("/api/v1/me").then().statusCode(200);
    as(fresh).get("/api/v1/me").then().statusCode(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> as(team.key()).get("/api/v1/me").statusCode() == 401);

    as(fresh)
        .post(keysPath(team) + "/" + keyId(team, fresh) + "/rotate?graceSeconds=soon")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("graceSeconds"));
    as(fresh)
        .post(keysPath(team) + "/" + keyId(team, fresh) + "/rotate?graceSeconds=86401")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("graceSeconds"));
  }

  @Test
  void lastUseIsRecordedAtMostOnceAMinute() throws Exception {
    Team team = newTeam("users");
    String id = keyId(team, team.key());
    String first =
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> lastUsed(id), Optional::isPresent)
            .orElseThrow();
    for (int i = 0; i < 5; i++) as(team.key()).get("/api/v1/me").then().statusCode(200);
    assertThat(lastUsed(id)).contains(first);
    as(team.key()).get(keysPath(team)).then().body("[0].lastUsedAt", notNullValue());
  }

  @Test
  void anotherTeamsKeyGets404OnEveryEndpointIncludingTheModelDownload() throws Exception {
    Team owner = newTeam("owners");
    Team stranger = newTeam("strangers");
    String job =
        as(owner.key())
            .contentType(ContentType.JSON)
            .body(VALID_JOB)
            .post("/api/v1/jobs")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    UUID candidate = candidateWithModel(UUID.fromString(job));
    // a zip-only candidate (as before the ONNX export): its download is format=djl
    String model = "/api/v1/jobs/" + job + "/candidates/" + candidate + "/model?format=djl";
    as(owner.key()).get(model).then().statusCode(200).contentType("application/zip");

    String ownerKeyId = keyId(owner, owner.key());
    for (String path :
        List.of(
            "",
            "/candidates",
            "/candidates/" + candidate,
            "/candidates/" + candidate + "/model",
            "/pareto",
            "/history",
            "/events")) {
      as(stranger.key())
          .get("/api/v1/jobs/" + job + path)
          .then()
          .statusCode(404)
          .contentType("application/problem+json");
    }
    as(stranger.key()).post("/api/v1/jobs/" + job + "/cancel").then().statusCode(404);
    as(stranger.key())
        .get(keysPath(owner))
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    as(stranger.key()).post(keysPath(owner) + "/" + ownerKeyId + "/revoke").then().statusCode(404);
    as(stranger.key()).post(keysPath(owner) + "/" + ownerKeyId + "/rotate").then().statusCode(404);
    // another team's key id under one's own team is no key of this team
    as(stranger.key())
        .post(keysPath(stranger) + "/" + ownerKeyId + "/revoke")
        .then()
        .statusCode(404);
    as(stranger.key())
        .post(keysPath(stranger) + "/" + ownerKeyId + "/rotate")
        .then()
        .statusCode(404);
    as(owner.key()).get("/api/v1/me").then().statusCode(200);
    as(owner.key()).get(model).then().statusCode(200);
  }

  @Test
  void onlyTheAdminKeyIssuesKeysAndCreatesTeamsEvenForATeamKeyFlaggedAdmin() throws Exception {
    Team team = newTeam("flagged");
    update("UPDATE api_key SET admin = true WHERE team_id = '" + team.id() + "'");
    as(team.key()).get("/api/v1/me").then().statusCode(200).body("admin", equalTo(false));
    as(team.key()).post(keysPath(team)).then().statusCode(403);
    as(team.key())
        .contentType(ContentType.JSON)
        .body("{\"name\": \"coup-" + System.nanoTime() + "\"}")
        .post("/api/v1/teams")
        .then()
        .statusCode(403);
    as(ADMIN).get("/api/v1/teams/" + UUID.randomUUID() + "/keys").then().statusCode(404);
    as(ADMIN)
        .contentType(ContentType.JSON)
        .body(VALID_JOB)
        .post("/api/v1/jobs")
        .then()
        .statusCode(403);
  }

  @Test
  void anAccessTokenInTheQueryCountsOnlyOnTheEventStream() throws Exception {
    Team team = newTeam("query-tokens");
    String job =
        as(team.key())
            .contentType(ContentType.JSON)
            .body(VALID_JOB)
            .post("/api/v1/jobs")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    for (String path :
        List.of(
            "/api/v1/me",
            "/api/v1/jobs",
            "/api/v1/jobs/" + job,
            "/api/v1/jobs/" + job + "/pareto",
            keysPath(team))) {
      given()
          .queryParam("access_token", team.key())
          .get(path)
          .then()
          .statusCode(401)
          .contentType("application/problem+json");
    }
    given()
        .queryParam("access_token", team.key())
        .contentType(ContentType.JSON)
        .body(VALID_JOB)
        .post("/api/v1/jobs")
        .then()
        .statusCode(401);
    given()
        .queryParam("access_token", team.key())
        .post("/api/v1/jobs/" + job + "/cancel")
        .then()
        .statusCode(401);

    HttpRequest events =
        HttpRequest.newBuilder(
                URI.create(base + "api/v1/jobs/" + job + "/events?access_token=" + team.key()))
            .header("Accept", "text/event-stream")
            .build();
    HttpResponse<java.io.InputStream> stream =
        HttpClient.newHttpClient().send(events, HttpResponse.BodyHandlers.ofInputStream());
    stream.body().close();
    assertThat(stream.statusCode()).isEqualTo(200);
  }

  @Test
  void aTeamOverItsActiveJobsQuotaGets429NamingTheQuota() {
    Team team = newTeam("busy");
    int quota = ConfigProvider.getConfig().getValue("sculptor.quota.active-jobs", Integer.class);
    List<String> jobs = new ArrayList<>();
    for (int i = 0; i < quota; i++) {
      jobs.add(
          as(team.key())
              .header("Idempotency-Key", "busy-" + i)
              .contentType(ContentType.JSON)
              .body(VALID_JOB)
              .post("/api/v1/jobs")
              .then()
              .statusCode(202)
              .extract()
              .path("id"));
    }

    as(team.key())
        .contentType(ContentType.JSON)
        .body(VALID_JOB)
        .post("/api/v1/jobs")
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .header("Retry-After", notNullValue())
        .body("status", equalTo(429))
        .body("title", containsString("active-jobs"))
        .body("detail", containsString("sculptor.quota.active-jobs"))
        .body("errors[0].field", equalTo("sculptor.quota.active-jobs"));
    // a retry of a job already accepted still gets that job
    as(team.key())
        .header("Idempotency-Key", "busy-0")
        .contentType(ContentType.JSON)
        .body(VALID_JOB)
        .post("/api/v1/jobs")
        .then()
        .statusCode(202)
        .body("id", equalTo(jobs.getFirst()));
    // other teams are not held back
    Team calm = newTeam("calm");
    as(calm.key())
        .contentType(ContentType.JSON)
        .body(VALID_JOB)
        .post("/api/v1/jobs")
        .then()
        .statusCode(202);

    as(team.key()).post("/api/v1/jobs/" + jobs.getFirst() + "/cancel").then().statusCode(202);
    as(team.key())
        .contentType(ContentType.JSON)
        .body(VALID_JOB)
        .post("/api/v1/jobs")
        .then()
        .statusCode(202);
  }

  @Test
  void oneTeamsFloodOfSubmitsKeepsItsQuotaExactAndDoesNotHoldUpAnotherTeam() throws Exception {
    Team flooder = newTeam("flood");
    Team calm = newTeam("calm-reader");
    int quota = ConfigProvider.getConfig().getValue("sculptor.quota.active-jobs", Integer.class);
    int flood = 60;
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (int i = 0; i < flood; i++) {
      sent.add(
          http.sendAsync(
              HttpRequest.newBuilder(URI.create(base + "api/v1/jobs"))
                  .header("Authorization", "Bearer " + flooder.key())
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(VALID_JOB))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    // while the flood is being answered, the other team's reads and submits go through
    for (int i = 0; i < 5; i++) as(calm.key()).get("/api/v1/jobs").then().statusCode(200);
    as(calm.key())
        .contentType(ContentType.JSON)
        .body(VALID_JOB)
        .post("/api/v1/jobs")
        .then()
        .statusCode(202);

    List<HttpResponse<String>> answers = new ArrayList<>();
    for (var f : sent) answers.add(f.get());
    assertThat(answers)
        .extracting(HttpResponse::statusCode)
        .as("every answer: " + answers.stream().map(HttpResponse::body).toList())
        .allMatch(s -> s == 202 || s == 429);
    assertThat(answers).filteredOn(a -> a.statusCode() == 202).hasSizeLessThanOrEqualTo(quota);
    assertThat(answers)
        .filteredOn(a -> a.statusCode() == 429)
        .allMatch(
            a ->
                a.headers().firstValue("Retry-After").isPresent()
                    && a.body().contains("sculptor."));
    assertThat(
            rows(
                "SELECT count(*) FROM search_job WHERE team_id = '"
                    + flooder.id()
                    + "' AND status IN ('QUEUED', 'RUNNING')"))
        .as("the active-jobs quota holds under concurrency")
        .containsExactly(
            String.valueOf(answers.stream().filter(a -> a.statusCode() == 202).count()));
  }

  @Test
  void aJobLargerThanThePerJobQuotaGets422NamingMaxCandidates() {
    Team team = newTeam("greedy");
    long quota =
        ConfigProvider.getConfig().getValue("sculptor.quota.candidate-epochs-per-job", Long.class);
    int epochs = 10;
    long candidates = quota / (epochs + 1) + 1;
    assertThat(candidates)
        .as("the test needs a budget the server maximum allows")
        .isLessThanOrEqualTo(
            ConfigProvider.getConfig().getValue("sculptor.max-candidates", Integer.class));
    String big =
        VALID_JOB
            .replace("\"maxCandidates\": 12", "\"maxCandidates\": " + candidates)
            .replace(
                "\"seed\": 3",
                "\"seed\": 3, \"fidelity\": {\"epochs\": " + epochs + ", \"fineTuneEpochs\": 1}");
    as(team.key())
        .contentType(ContentType.JSON)
        .body(big)
        .post("/api/v1/jobs")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("budget.maxCandidates"))
        .body("errors[0].reason", containsString("sculptor.quota.candidate-epochs-per-job"));
    String fits =
        big.replace("\"maxCandidates\": " + candidates, "\"maxCandidates\": " + (candidates - 1));
    as(team.key())
        .contentType(ContentType.JSON)
        .body(fits)
        .post("/api/v1/jobs")
        .then()
        .statusCode(202);
  }

  @Test
  void concurrentSubmitsWithOneIdempotencyKeyGetOneJobAndNever5xx() throws Exception {
    Team team = newTeam("racers");
    for (int round = 0; round < ROUNDS; round++) {
      String idempotencyKey = "race-" + round;
      List<HttpResponse<String>> answers = race(i -> submit(team.key(), idempotencyKey, VALID_JOB));
      assertThat(answers)
          .extracting(HttpResponse::statusCode)
          .as("round " + round)
          .allMatch(s -> s == 202 || s == 200);
      Set<String> ids = new java.util.HashSet<>();
      answers.forEach(a -> ids.add(a.body().replaceAll("(?s).*?\"id\":\"([^\"]+)\".*", "$1")));
      assertThat(ids).as("round " + round).hasSize(1);
      assertThat(
              rows(
                  "SELECT count(*) FROM search_job WHERE team_id = '"
                      + team.id()
                      + "' AND idempotency_key = '"
                      + idempotencyKey
                      + "'"))
          .containsExactly("1");
    }
  }

  @Test
  void concurrentSubmitsWithOneIdempotencyKeyButDifferentSpecsGet409NotA5xx() throws Exception {
    Team team = newTeam("conflicted");
    for (int round = 0; round < ROUNDS; round++) {
      String idempotencyKey = "clash-" + round;
      List<HttpResponse<String>> answers =
          race(
              i ->
                  submit(
                      team.key(),
                      idempotencyKey,
                      VALID_JOB.replace("\"seed\": 3", "\"seed\": " + i)));
      List<Integer> statuses = answers.stream().map(HttpResponse::statusCode).toList();
      assertThat(statuses).as("round " + round).allMatch(s -> s == 202 || s == 200 || s == 409);
      assertThat(statuses).as("round " + round).filteredOn(s -> s == 409).hasSize(THREADS - 1);
    }
  }

  @Test
  void concurrentCreationsOfOneTeamNameGetOne201AndOtherwise409() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String name = "twins-" + round + "-" + System.nanoTime();
      List<HttpResponse<String>> answers =
          race(
              i ->
                  HttpRequest.newBuilder(URI.create(base + "api/v1/teams"))
                      .header("Authorization", "Bearer " + ADMIN)
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + name + "\"}"))
                      .build());
      List<Integer> statuses = answers.stream().map(HttpResponse::statusCode).toList();
      assertThat(statuses).as("round " + round).filteredOn(s -> s == 201).hasSize(1);
      assertThat(statuses).as("round " + round).filteredOn(s -> s == 409).hasSize(THREADS - 1);
      assertThat(rows("SELECT count(*) FROM team WHERE name = '" + name + "'"))
          .containsExactly("1");
    }
  }

  @Test
  void concurrentRotationsOfOneKeyIssueOneNewKey() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      Team team = newTeam("rotation-race");
      String rotate =
          base + keysPath(team).substring(1) + "/" + keyId(team, team.key()) + "/rotate";
      List<HttpResponse<String>> answers =
          race(
              i ->
                  HttpRequest.newBuilder(URI.create(rotate))
                      .header("Authorization", "Bearer " + ADMIN)
                      .POST(HttpRequest.BodyPublishers.noBody())
                      .build());
      List<Integer> statuses = answers.stream().map(HttpResponse::statusCode).toList();
      assertThat(statuses).as("round " + round).filteredOn(s -> s == 201).hasSize(1);
      assertThat(statuses).as("round " + round).filteredOn(s -> s == 409).hasSize(THREADS - 1);
      assertThat(rows("SELECT count(*) FROM api_key WHERE team_id = '" + team.id() + "'"))
          .containsExactly("2");
    }
  }

  @Test
  void securityHeadersAreOnPagesApiAnswersErrorsAndQEndpoints() {
    String csp =
        ConfigProvider.getConfig().getValue("sculptor.http.content-security-policy", String.class);
    assertThat(csp)
        .contains("default-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
    String key = newTeam("headers").key();
    List<Response> answers =
        List.of(
            given().get("/"),
            as(key).get("/api/v1/me"),
            given().get("/api/v1/me"),
            as(key).get("/api/v1/jobs/" + UUID.randomUUID()),
            given().get("/no-such-page"),
            given().get("/q/health"),
            given().get("/q/openapi"));
    for (Response r : answers) {
      r.then()
          .header("Content-Security-Policy", equalTo(csp))
          .header("X-Content-Type-Options", equalTo("nosniff"))
          .header("Referrer-Policy", equalTo("no-referrer"))
          .header("X-Frame-Options", equalTo("DENY"));
    }
    assertThat(answers.get(2).statusCode()).isEqualTo(401);
    assertThat(answers.get(3).statusCode()).isEqualTo(404);
    given()
        .get("/q/swagger-ui/")
        .then()
        .statusCode(200)
        .header("X-Frame-Options", equalTo("DENY"))
        .header("Content-Security-Policy", containsString("'unsafe-inline'"))
        .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
  }

  @Test
  void anAdminKeyShorterThan24CharactersIsRefused() {
    assertThat(AdminKeyCheck.problem(Optional.of("test-admin-key")))
        .get()
        .asString()
        .contains("sculptor.admin-key", "SCULPTOR_ADMIN_KEY", "14 characters", "at least 24");
    assertThat(AdminKeyCheck.problem(Optional.of(ADMIN))).isEmpty();
    assertThat(AdminKeyCheck.problem(Optional.of("sk-admin-" + "0".repeat(36))))
        .as("what ./sculptor start generates")
        .isEmpty();
    assertThat(AdminKeyCheck.problem(Optional.empty()))
        .as("no admin key: nobody creates teams")
        .isEmpty();
  }

  /** Sends {@code THREADS} requests released together by a latch; returns every answer. */
  private List<HttpResponse<String>> race(IntFunction<HttpRequest> request) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    CountDownLatch ready = new CountDownLatch(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
      for (int i = 0; i < THREADS; i++) {
        HttpRequest r = request.apply(i);
        Callable<HttpResponse<String>> call =
            () -> {
              ready.countDown();
              go.await();
              return http.send(r, HttpResponse.BodyHandlers.ofString());
            };
        futures.add(pool.submit(call));
      }
      ready.await();
      go.countDown();
      List<HttpResponse<String>> answers = new ArrayList<>();
      for (Future<HttpResponse<String>> f : futures) answers.add(f.get());
      assertThat(answers)
          .extracting(HttpResponse::statusCode)
          .as("no 5xx: " + answers.stream().map(HttpResponse::body).toList())
          .allMatch(s -> s < 500);
      return answers;
    }
  }

  private HttpRequest submit(String key, String idempotencyKey, String body) {
    return HttpRequest.newBuilder(URI.create(base + "api/v1/jobs"))
        .header("Authorization", "Bearer " + key)
        .header("Idempotency-Key", idempotencyKey)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /**
   * A finished candidate of the job with a model file in the artifact store, as a worker would
   * leave it.
   */
  private static UUID candidateWithModel(UUID job) throws Exception {
    Path dir =
        Path.of(ConfigProvider.getConfig().getValue("sculptor.artifact-dir", String.class))
            .toAbsolutePath()
            .normalize();
    Files.createDirectories(dir);
    UUID candidate = UUID.randomUUID();
    UUID artifact = UUID.randomUUID();
    Path file = dir.resolve(candidate + ".zip");
    byte[] zip = {'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    Files.write(file, zip);
    file.toFile().deleteOnExit();
    // the digest the evaluator would report: downloads check it
    String sha256 =
        java.util.HexFormat.of()
            .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(zip));
    update(
        "INSERT INTO artifact (id, uri, bytes, sha256) VALUES ('"
            + artifact
            + "', '"
            + file.toUri()
            + "', "
            + zip.length
            + ", '"
            + sha256
            + "')");
    update(
        "INSERT INTO candidate (id, job_id, fingerprint, generation, status, spec, artifact_id)"
            + " VALUES ('"
            + candidate
            + "', '"
            + job
            + "', '"
            + "a".repeat(32)
            + "', 0, 'SUCCEEDED', '{}', '"
            + artifact
            + "')");
    return candidate;
  }

  private static Optional<String> lastUsed(String keyId) throws Exception {
    List<String> found = rows("SELECT last_used_at FROM api_key WHERE id = '" + keyId + "'");
    return found.isEmpty() || found.getFirst() == null
        ? Optional.empty()
        : Optional.of(found.getFirst());
  }

  private static void update(String sql) throws Exception {
    try (Connection c = LocalStackTestResource.postgres().dataSource().getConnection()) {
      c.createStatement().executeUpdate(sql);
    }
  }

  private static List<String> rows(String sql) throws Exception {
    try (Connection c = LocalStackTestResource.postgres().dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) out.add(rs.getString(1));
      return out;
    }
  }
}
