package dev.sculptor.api;

import static io.restassured.RestAssured.given;

import dev.sculptor.local.LocalStackTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Helpers the api tests share: a fresh team with its own key, requests made with a key, a small
 * uploaded dataset.
 */
public final class ApiClientAccess {
  public static final String ADMIN = "test-admin-key-0123456789abcdef";

  private ApiClientAccess() {}

  /** Creates a team through the admin API and returns its key. */
  public static String newTeam(String name) {
    return given()
        .header("Authorization", "Bearer " + ADMIN)
        .contentType(ContentType.JSON)
        .body("{\"name\":\"" + name + "\"}")
        .when()
        .post("/api/v1/teams")
        .then()
        .statusCode(201)
        .extract()
        .path("apiKey");
  }

  public static RequestSpecification as(String key) {
    return given().header("Authorization", "Bearer " + key);
  }

  public static final String VALID_JOB =
      """
      {"name": "digits under 10MB / 50ms on ARM", "dataset": "mnist-10k", "hardwareTarget": "arm-cortex-a72",
       "constraints": {"maxModelBytes": "10MB", "maxLatencyMs": "50ms"},
       "budget": {"maxCandidates": 12, "maxWallClockMinutes": 20}, "seed": 3}\
      """;

  /** Submits {@link #VALID_JOB} for the team of {@code key}; the new job's id. */
  public static UUID newJob(String key) {
    return UUID.fromString(
        as(key)
            .contentType(ContentType.JSON)
            .body(VALID_JOB)
            .post("/api/v1/jobs")
            .then()
            .statusCode(202)
            .extract()
            .path("id"));
  }

  /** The OpenAPI document the api serves, as JSON. */
  public static JsonPath openApi() {
    return given()
        .accept("application/json")
        .get("/q/openapi?format=json")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** The first column of each row {@code sql} selects in the tests' PostgreSQL, as text. */
  public static List<String> rows(String sql) throws Exception {
    try (Connection c = LocalStackTestResource.postgres().dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) out.add(rs.getString(1));
      return out;
    }
  }

  /**
   * An IDX upload of {@code classes × perClass} random {@code size}×{@code size} images; its id.
   */
  public static String uploadIdx(String key, int classes, int perClass, int size)
      throws IOException {
    int n = classes * perClass;
    var images = new ByteArrayOutputStream();
    var out = new DataOutputStream(images);
    out.writeInt(0x803);
    out.writeInt(n);
    out.writeInt(size);
    out.writeInt(size);
    byte[] pixels = new byte[n * size * size];
    new Random(7).nextBytes(pixels);
    out.write(pixels);
    var labels = new ByteArrayOutputStream();
    var lout = new DataOutputStream(labels);
    lout.writeInt(0x801);
    lout.writeInt(n);
    for (int i = 0; i < n; i++) lout.writeByte(i % classes);
    return as(key)
        .multiPart("format", "idx")
        .multiPart("images", "images-idx3-ubyte", images.toByteArray())
        .multiPart("labels", "labels-idx1-ubyte", labels.toByteArray())
        .post("/api/v1/datasets")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }
}
