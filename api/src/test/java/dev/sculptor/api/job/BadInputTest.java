package dev.sculptor.api.job;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.sculptor.api.ApiClientAccess;
import dev.sculptor.local.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and malformed requests: each gets the expected 4xx with a problem+json body that names
 * the field at fault, never a 5xx or a stack trace, and leaves no partial row behind.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
  static String key;
  static String otherTeamsJob;

  /**
   * One hostile request: what is sent and what must come back ({@code field} null: no field named).
   */
  record Case(
      String name,
      String method,
      String path,
      String auth,
      String contentType,
      String body,
      int status,
      String field) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Lazily, once: RestAssured knows the test port only once the first test runs. */
  static void setUp() {
    key = ApiClientAccess.newTeam("hostile-" + System.nanoTime());
    String other = ApiClientAccess.newTeam("victim-" + System.nanoTime());
    otherTeamsJob =
        ApiClientAccess.as(other)
            .contentType("application/json")
            .body(ApiClientAccess.VALID_JOB)
            .post("/api/v1/jobs")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
  }

  static String job(String replace, String with) {
    String base =
        """
        {"name": "n", "dataset": "mnist-10k", "hardwareTarget": "host-cpu",
         "constraints": {"maxModelBytes": 5000000, "maxLatencyMs": 20},
         "budget": {"maxCandidates": 10, "maxWallClockMinutes": 10}, "seed": 1}\
        """;
    if (!base.contains(replace)) throw new IllegalArgumentException(replace);
    return base.replace(replace, with);
  }

  Stream<Case> cases() {
    String post = "POST";
    String jobs = "/api/v1/jobs";
    String json = "application/json";
    String k = "KEY";
    return Stream.of(
        new Case("malformed JSON", post, jobs, k, json, "{\"name\": ", 400, "name"),
        new Case("not JSON at all", post, jobs, k, json, "hello", 400, ""),
        new Case("JSON array instead of object", post, jobs, k, json, "[1,2,3]", 400, null),
        new Case("empty body", post, jobs, k, json, "", 400, ""),
        new Case("null body", post, jobs, k, json, "null", 400, ""),
        new Case(
            "unknown top-level field",
            post,
            jobs,
            k,
            json,
            job("\"seed\": 1", "\"seed\": 1, \"gpu\": true"),
            400,
            "gpu"),
        new Case(
            "unknown nested field",
            post,
            jobs,
            k,
            json,
            job("\"maxLatencyMs\": 20", "\"maxLatencyMs\": 20, \"maxWatts\": 3"),
            400,
            "constraints.maxWatts"),
        new Case(
            "string for a number",
            post,
            jobs,
            k,
            json,
            job("\"maxCandidates\": 10", "\"maxCandidates\": \"ten\""),
            400,
            "budget.maxCandidates"),
        new Case(
            "object for a string",
            post,
            jobs,
            k,
            json,
            job("\"name\": \"n\"", "\"name\": {\"a\":1}"),
            400,
            "name"),
        new Case(
            "array for an object",
            post,
            jobs,
            k,
            json,
            job(
                "\"budget\": {\"maxCandidates\": 10, \"maxWallClockMinutes\": 10}",
                "\"budget\": [10]"),
            400,
            "budget"),
        new Case(
            "number too large for an int",
            post,
            jobs,
            k,
            json,
            job("\"maxCandidates\": 10", "\"maxCandidates\": 99999999999999999999"),
            400,
            "budget.maxCandidates"),
        new Case(
            "fraction for an int",
            post,
            jobs,
            k,
            json,
            job("\"maxCandidates\": 10", "\"maxCandidates\": 2.5"),
            400,
            "budget.maxCandidates"),
        new Case(
            "unknown size unit",
            post,
            jobs,
            k,
            json,
            job("\"maxModelBytes\": 5000000", "\"maxModelBytes\": \"10 parsecs\""),
            400,
            "constraints.maxModelBytes"),
        new Case(
            "unknown latency unit",
            post,
            jobs,
            k,
            json,
            job("\"maxLatencyMs\": 20", "\"maxLatencyMs\": \"5 fortnights\""),
            400,
            "constraints.maxLatencyMs"),
        new Case(
            "negative size",
            post,
            jobs,
            k,
            json,
            job("\"maxModelBytes\": 5000000", "\"maxModelBytes\": -1"),
            422,
            "constraints.maxModelBytes"),
        new Case(
            "accuracy floor as a percentage",
            post,
            jobs,
            k,
            json,
            job("\"maxLatencyMs\": 20", "\"maxLatencyMs\": 20, \"minAccuracy\": 98"),
            422,
            "constraints.minAccuracy"),
        new Case(
            "zero latency",
            post,
            jobs,
            k,
            json,
            job("\"maxLatencyMs\": 20", "\"maxLatencyMs\": 0"),
            422,
            "constraints.maxLatencyMs"),
        new Case(
            "negative latency",
            post,
            jobs,
            k,
            json,
            job("\"maxLatencyMs\": 20", "\"maxLatencyMs\": -5"),
            422,
            "constraints.maxLatencyMs"),
        new Case(
            "absurd latency",
            post,
            jobs,
            k,
            json,
            job("\"maxLatencyMs\": 20", "\"maxLatencyMs\": 1e300"),
            422,
            "constraints.maxLatencyMs"),
        new Case(
            "size below the smallest model",
            post,
            jobs,
            k,
            json,
            job("\"maxModelBytes\": 5000000", "\"maxModelBytes\": 100"),
            422,
            "constraints.maxModelBytes"),
        new Case(
            "negative params limit",
            post,
            jobs,
            k,
            json,
            job("\"maxLatencyMs\": 20", "\"maxLatencyMs\": 20, \"maxParams\": -3"),
            422,
            "constraints.maxParams"),
        new Case(
            "zero MACs limit",
            post,
            jobs,
            k,
            json,
            job("\"maxLatencyMs\": 20", "\"maxLatencyMs\": 20, \"maxMacs\": 0"),
            422,
            "constraints.maxMacs"),
        new Case(
            "unknown hardware target",
            post,
            jobs,
            k,
            json,
            job("\"host-cpu\"", "\"quantum-tpu\""),
            422,
            "hardwareTarget"),
        new Case(
            "unknown dataset",
            post,
            jobs,
            k,
            json,
            job("\"mnist-10k\"", "\"imagenet\""),
            422,
            "dataset"),
        new Case(
            "SQL-looking dataset",
            post,
            jobs,
            k,
            json,
            job("\"mnist-10k\"", "\"x'; DROP TABLE search_job; --\""),
            422,
            "dataset"),
        new Case(
            "SQL-looking target",
            post,
            jobs,
            k,
            json,
            job("\"host-cpu\"", "\"host-cpu' OR '1'='1\""),
            422,
            "hardwareTarget"),
        new Case(
            "unknown search space",
            post,
            jobs,
            k,
            json,
            job("\"seed\": 1", "\"seed\": 1, \"searchSpace\": \"transformers\""),
            422,
            "searchSpace"),
        new Case(
            "unknown strategy",
            post,
            jobs,
            k,
            json,
            job("\"seed\": 1", "\"seed\": 1, \"strategy\": \"magic\""),
            400,
            "strategy"),
        new Case(
            "unknown latency policy",
            post,
            jobs,
            k,
            json,
            job("\"seed\": 1", "\"seed\": 1, \"latencyPolicy\": \"guess\""),
            400,
            "latencyPolicy"),
        new Case(
            "latency policy not a string",
            post,
            jobs,
            k,
            json,
            job("\"seed\": 1", "\"seed\": 1, \"latencyPolicy\": {\"wait\": true}"),
            400,
            "latencyPolicy"),
        new Case(
            "target with no evaluator and no latency model",
            post,
            jobs,
            k,
            json,
            job("\"host-cpu\"", "\"nvidia-gpu\""),
            422,
            "hardwareTarget"),
        new Case(
            "zero candidates",
            post,
            jobs,
            k,
            json,
            job("\"maxCandidates\": 10", "\"maxCandidates\": 0"),
            422,
            "budget.maxCandidates"),
        new Case(
            "budget over the server maximum",
            post,
            jobs,
            k,
            json,
            job("\"maxCandidates\": 10", "\"maxCandidates\": 100000"),
            422,
            "budget.maxCandidates"),
        new Case(
            "negative wall clock",
            post,
            jobs,
            k,
            json,
            job("\"maxWallClockMinutes\": 10", "\"maxWallClockMinutes\": -1"),
            422,
            "budget.maxWallClockMinutes"),
        new Case(
            "population of one",
            post,
            jobs,
            k,
            json,
            job(
                "\"maxWallClockMinutes\": 10",
                "\"maxWallClockMinutes\": 10, \"populationSize\": 1"),
            422,
            "budget.populationSize"),
        new Case(
            "plateau of zero generations",
            post,
            jobs,
            k,
            json,
            job(
                "\"maxWallClockMinutes\": 10",
                "\"maxWallClockMinutes\": 10, \"plateauGenerations\": 0"),
            422,
            "budget.plateauGenerations"),
        new Case(
            "zero epochs",
            post,
            jobs,
            k,
            json,
            job("\"seed\": 1", "\"seed\": 1, \"fidelity\": {\"epochs\": 0, \"fineTuneEpochs\": 0}"),
            422,
            "fidelity.epochs"),
        new Case(
            "tiny train subset",
            post,
            jobs,
            k,
            json,
            job(
                "\"seed\": 1",
                "\"seed\": 1, \"fidelity\": {\"epochs\": 1, \"trainSubset\": 3, \"fineTuneEpochs\":"
                    + " 0}"),
            422,
            "fidelity.trainSubset"),
        new Case(
            "a first stage as long as the whole training",
            post,
            jobs,
            k,
            json,
            job(
                "\"seed\": 1",
                "\"seed\": 1, \"fidelity\": {\"epochs\": 2, \"schedule\": \"successive-halving\","
                    + " \"firstEpochs\": 2}"),
            422,
            "fidelity.firstEpochs"),
        new Case(
            "keeping more than all",
            post,
            jobs,
            k,
            json,
            job(
                "\"seed\": 1",
                "\"seed\": 1, \"fidelity\": {\"epochs\": 3, \"schedule\": \"successive-halving\","
                    + " \"keep\": 1.5}"),
            422,
            "fidelity.keep"),
        new Case(
            "a halving share without the halving schedule",
            post,
            jobs,
            k,
            json,
            job("\"seed\": 1", "\"seed\": 1, \"fidelity\": {\"epochs\": 3, \"keep\": 0.5}"),
            422,
            "fidelity.keep"),
        new Case(
            "unknown objective",
            post,
            jobs,
            k,
            json,
            job("\"seed\": 1", "\"seed\": 1, \"objectives\": [\"MAXIMIZE_FUN\"]"),
            400,
            "objectives[0]"),
        new Case(
            "NUL in the name",
            post,
            jobs,
            k,
            json,
            job("\"name\": \"n\"", "\"name\": \"a\\u0000b\""),
            422,
            "name"),
        new Case(
            "bell character in the name",
            post,
            jobs,
            k,
            json,
            job("\"name\": \"n\"", "\"name\": \"a\\u0007b\""),
            422,
            "name"),
        new Case(
            "no objectives",
            post,
            jobs,
            k,
            json,
            job("\"seed\": 1", "\"seed\": 1, \"objectives\": []"),
            422,
            "objectives"),
        new Case(
            "an objective twice",
            post,
            jobs,
            k,
            json,
            job(
                "\"seed\": 1",
                "\"seed\": 1, \"objectives\": [\"MINIMIZE_SIZE\", \"MINIMIZE_SIZE\"]"),
            422,
            "objectives"),
        new Case(
            "a compression technique twice",
            post,
            jobs,
            k,
            json,
            job(
                "\"seed\": 1",
                "\"seed\": 1, \"compressionTechniques\": [\"SPARSITY\", \"SPARSITY\"]"),
            422,
            "compressionTechniques"),
        new Case(
            "unknown compression technique",
            post,
            jobs,
            k,
            json,
            job("\"seed\": 1", "\"seed\": 1, \"compressionTechniques\": [\"MAGIC\"]"),
            400,
            "compressionTechniques[0]"),
        new Case(
            "one objective",
            post,
            jobs,
            k,
            json,
            job("\"seed\": 1", "\"seed\": 1, \"objectives\": [\"MAXIMIZE_ACCURACY\"]"),
            422,
            "objectives"),
        new Case(
            "four objectives",
            post,
            jobs,
            k,
            json,
            job(
                "\"seed\": 1",
                "\"seed\": 1, \"objectives\": [\"MAXIMIZE_ACCURACY\", \"MINIMIZE_LATENCY\","
                    + " \"MINIMIZE_SIZE\", \"MINIMIZE_MACS\"]"),
            422,
            "objectives"),
        new Case(
            "name of 10,000 characters",
            post,
            jobs,
            k,
            json,
            job("\"name\": \"n\"", "\"name\": \"" + "x".repeat(10_000) + "\""),
            422,
            "name"),
        new Case(
            "body over 64 KiB",
            post,
            jobs,
            k,
            json,
            job("\"name\": \"n\"", "\"name\": \"" + "x".repeat(70_000) + "\""),
            413,
            null),
        new Case(
            "wrong content type",
            post,
            jobs,
            k,
            "text/plain",
            job("\"seed\": 1", "\"seed\": 1"),
            415,
            null),
        new Case(
            "no API key", post, jobs, null, json, job("\"seed\": 1", "\"seed\": 1"), 401, null),
        new Case("wrong API key", "GET", jobs, "sk-not-a-key", null, null, 401, null),
        new Case("empty bearer", "GET", jobs, "", null, null, 401, null),
        new Case("another team's job", "GET", "/api/v1/jobs/OTHER", k, null, null, 404, null),
        new Case(
            "another team's job cancel",
            post,
            "/api/v1/jobs/OTHER/cancel",
            k,
            null,
            null,
            404,
            null),
        new Case(
            "another team's candidates",
            "GET",
            "/api/v1/jobs/OTHER/candidates",
            k,
            null,
            null,
            404,
            null),
        new Case(
            "another team's front", "GET", "/api/v1/jobs/OTHER/pareto", k, null, null, 404, null),
        new Case("malformed job id", "GET", "/api/v1/jobs/not-a-uuid", k, null, null, 404, null),
        new Case(
            "SQL-looking job id",
            "GET",
            "/api/v1/jobs/1%27%20OR%20%271%27=%271",
            k,
            null,
            null,
            404,
            null),
        new Case(
            "unknown job",
            "GET",
            "/api/v1/jobs/00000000-0000-0000-0000-000000000000",
            k,
            null,
            null,
            404,
            null),
        new Case(
            "bad status filter", "GET", "/api/v1/jobs?status=DONE", k, null, null, 400, "status"),
        new Case(
            "page size too large", "GET", "/api/v1/jobs?limit=100000", k, null, null, 400, "limit"),
        new Case(
            "forged cursor", "GET", "/api/v1/jobs?cursor=Zm9vYmFy", k, null, null, 400, "cursor"),
        new Case(
            "bad candidate sort",
            "GET",
            "/api/v1/jobs/OTHER/candidates?sort=price",
            k,
            null,
            null,
            404,
            null),
        new Case(
            "team creation without admin key",
            post,
            "/api/v1/teams",
            k,
            json,
            "{\"name\":\"x\"}",
            403,
            null),
        new Case("method not allowed", "DELETE", jobs, k, null, null, 405, null),
        new Case("unknown route", "GET", "/api/v1/no-such-thing", k, null, null, 404, null),
        new Case(
            "unknown route without a key", "GET", "/api/v2/jobs", null, null, null, 404, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answersWithTheRightProblem(Case c) throws Exception {
    if (key == null) setUp();
    long jobsBefore = count();
    RequestSpecification request = given();
    if (c.auth() != null)
      request.header("Authorization", "Bearer " + (c.auth().equals("KEY") ? key : c.auth()));
    if (c.contentType() != null) request.contentType(c.contentType());
    if (c.body() != null) request.body(c.body());
    Response response = request.request(c.method(), c.path().replace("OTHER", otherTeamsJob));

    assertThat(response.statusCode())
        .as(c.name() + ": " + response.asString())
        .isEqualTo(c.status());
    response
        .then()
        .contentType("application/problem+json")
        .body("status", equalTo(c.status()))
        .body("title", notNullValue());
    assertThat(response.asString())
        .doesNotContain("Exception")
        .doesNotContain("at dev.sculptor")
        .doesNotContain("at io.");
    if (c.field() != null) {
      List<String> fields = response.jsonPath().getList("errors.field");
      assertThat(fields).as(c.name() + ": " + response.asString()).contains(c.field());
    }
    if (!c.name().contains("JSON"))
      assertThat(response.jsonPath().getList("errors.reason", String.class))
          .as("a well-formed body is not called malformed: " + response.asString())
          .noneMatch(reason -> reason.contains("malformed"));
    assertThat(count()).as("no partial row").isEqualTo(jobsBefore);
  }

  @org.junit.jupiter.api.Test
  void anUnknownChoiceIsNamedWithTheChoicesThereAre() {
    if (key == null) setUp();
    Response policy =
        ApiClientAccess.as(key)
            .contentType("application/json")
            .body(job("\"seed\": 1", "\"seed\": 1, \"latencyPolicy\": \"wait\""))
            .post("/api/v1/jobs/preview");
    assertThat(policy.jsonPath().getString("errors[0].reason"))
        .as(policy.asString())
        .isEqualTo("unknown latency policy 'wait'; expected predict-or-refuse or wait-for-device");

    Response objective =
        ApiClientAccess.as(key)
            .contentType("application/json")
            .body(job("\"seed\": 1", "\"seed\": 1, \"objectives\": [\"MAXIMIZE_FUN\"]"))
            .post("/api/v1/jobs/preview");
    String reason = objective.jsonPath().getString("errors[0].reason");
    assertThat(reason).as(objective.asString()).contains("'MAXIMIZE_FUN'", "MINIMIZE_LATENCY");
    assertThat(reason.indexOf("MINIMIZE_LATENCY"))
        .as("the choices listed once: " + reason)
        .isEqualTo(reason.lastIndexOf("MINIMIZE_LATENCY"));
  }

  @org.junit.jupiter.api.Test
  void aJobWithTwoObjectivesIsAcceptedAndKeepsThem() throws Exception {
    if (key == null) setUp();
    long before = count();
    String id =
        given()
            .header("Authorization", "Bearer " + key)
            .contentType("application/json")
            .body(
                job(
                    "\"seed\": 1",
                    "\"seed\": 1, \"objectives\": [\"MAXIMIZE_ACCURACY\", \"MINIMIZE_PARAMS\"]"))
            .post("/api/v1/jobs")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    List<String> objectives =
        given()
            .header("Authorization", "Bearer " + key)
            .get("/api/v1/jobs/" + id)
            .then()
            .statusCode(200)
            .extract()
            .path("spec.objectives");
    assertThat(objectives).containsExactly("MAXIMIZE_ACCURACY", "MINIMIZE_PARAMS");
    assertThat(count()).isEqualTo(before + 1);
  }

  @org.junit.jupiter.api.Test
  void aBodyWithoutAContentTypeIsRefusedWith415() throws Exception {
    if (key == null) setUp();
    long before = count();
    // java.net.http sends no Content-Type unless told (RestAssured would add text/plain)
    HttpResponse<String> response =
        http()
            .send(
                HttpRequest.newBuilder(uri("/api/v1/jobs"))
                    .header("Authorization", "Bearer " + key)
                    .POST(HttpRequest.BodyPublishers.ofString(job("\"seed\": 1", "\"seed\": 2")))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(415);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body()).contains("\"status\":415").contains("Content-Type");
    assertThat(count()).isEqualTo(before);
  }

  @org.junit.jupiter.api.Test
  void aTenMegabyteBodyIsAnsweredWith413ProblemNotADroppedConnection() throws Exception {
    if (key == null) setUp();
    long before = count();
    String huge = job("\"name\": \"n\"", "\"name\": \"" + "x".repeat(10 * 1024 * 1024) + "\"");
    HttpResponse<String> response =
        http()
            .send(
                HttpRequest.newBuilder(uri("/api/v1/jobs"))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(huge))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body()).contains("\"status\":413").doesNotContain("Exception");
    assertThat(count()).isEqualTo(before);
  }

  @org.junit.jupiter.api.Test
  void aJsonBodySentInChunksWithoutALengthIsAnswered411() throws Exception {
    if (key == null) setUp();
    long before = count();
    byte[] body =
        job("\"name\": \"n\"", "\"name\": \"" + "x".repeat(2 * 1024 * 1024) + "\"")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    // an InputStream publisher has no known length: the client sends Transfer-Encoding: chunked
    HttpResponse<String> response =
        http()
            .send(
                HttpRequest.newBuilder(uri("/api/v1/jobs"))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofInputStream(
                            () -> new java.io.ByteArrayInputStream(body)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(411);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body()).contains("\"status\":411").contains("Content-Length");
    assertThat(count()).isEqualTo(before);
  }

  @org.junit.jupiter.api.Test
  void headersOverTheLimitAreAnsweredWith431Problem() throws Exception {
    if (key == null) setUp();
    HttpResponse<String> response =
        http()
            .send(
                HttpRequest.newBuilder(uri("/api/v1/jobs"))
                    .header("Authorization", "Bearer " + key)
                    .header("X-Padding", "x".repeat(30_000))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(431);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body()).contains("\"status\":431");
  }

  static HttpClient http() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  static URI uri(String path) {
    return URI.create("http://localhost:" + io.restassured.RestAssured.port + path);
  }

  static long count() throws Exception {
    return Long.parseLong(JobSubmissionTest.rows("SELECT count(*) FROM search_job").getFirst());
  }
}
