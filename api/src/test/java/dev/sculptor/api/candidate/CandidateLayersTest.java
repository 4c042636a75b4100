package dev.sculptor.api.candidate;

import static dev.sculptor.api.ApiClientAccess.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.sculptor.api.ApiClientAccess;
import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.LayerTable;
import dev.sculptor.core.space.Activation;
import dev.sculptor.core.space.ArchitectureSpec;
import dev.sculptor.core.space.BlockType;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.Precision;
import dev.sculptor.core.space.StageSpec;
import dev.sculptor.core.space.TrainingRecipe;
import dev.sculptor.local.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * GET …/candidates/{cid}/layers against the real api and PostgreSQL: core's decoder for the job's
 * dataset, team-scoped.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class CandidateLayersTest {
  static final CandidateSpec SPEC =
      new CandidateSpec(
          new ArchitectureSpec(
              16,
              List.of(
                  new StageSpec(BlockType.INVERTED_RESIDUAL, 3, 24, 2, 3),
                  new StageSpec(BlockType.DEPTHWISE_SEPARABLE, 5, 48, 1, 1)),
              Activation.SWISH,
              64),
          new CompressionPlan(Precision.INT8, List.of(0.5, 0.25, 0.75, 0.5)),
          new TrainingRecipe(3e-3, 64));

  @Inject EntityManager em;

  @Test
  void theLayerTableIsCoresDecoderForTheJobsDatasetAndOnlyItsTeamSeesIt() throws Exception {
    String key = ApiClientAccess.newTeam("layers-" + System.nanoTime());
    String other = ApiClientAccess.newTeam("layers-other-" + System.nanoTime());
    UUID job = newJob(key, ApiClientAccess.VALID_JOB);
    UUID candidate = candidate(job, Json.write(SPEC));
    String path = "/api/v1/jobs/" + job + "/candidates/" + candidate + "/layers";

    String body =
        as(key)
            .get(path)
            .then()
            .statusCode(200)
            .body("input.channels", equalTo(1))
            .body("input.height", equalTo(28))
            .body("classes", equalTo(10))
            .body("stem.name", equalTo("stem"))
            .body("blocks[0].name", equalTo("s1.b1"))
            .body("blocks[2].stage", equalTo(2))
            .extract()
            .asString();
    LayerTable expected = LayerTable.of(SPEC, InputShape.MNIST, 10);
    assertThat(Json.read(body, LayerTable.class)).isEqualTo(expected);
    assertThat(expected.afterPruning().params()).isLessThan(expected.beforePruning().params());
    assertThat(expected.stem().pruningRatio()).isEqualTo(0.5);

    as(other)
        .get(path)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404));
    as(key)
        .get("/api/v1/jobs/" + job + "/candidates/" + UUID.randomUUID() + "/layers")
        .then()
        .statusCode(404);
    as(key).get("/api/v1/jobs/" + job + "/candidates/not-a-uuid/layers").then().statusCode(404);
  }

  @Test
  void anUploadedDatasetGivesTheInputShapeAndClasses() throws Exception {
    String key = ApiClientAccess.newTeam("layers-upload-" + System.nanoTime());
    String dataset = ApiClientAccess.uploadIdx(key, 3, 10, 16);
    UUID job = newJob(key, ApiClientAccess.VALID_JOB.replace("mnist-10k", dataset));
    UUID candidate = candidate(job, Json.write(SPEC));

    String body =
        as(key)
            .get("/api/v1/jobs/" + job + "/candidates/" + candidate + "/layers")
            .then()
            .statusCode(200)
            .body("input.height", equalTo(16))
            .body("classes", equalTo(3))
            .extract()
            .asString();
    assertThat(Json.read(body, LayerTable.class))
        .isEqualTo(LayerTable.of(SPEC, new InputShape(1, 16, 16), 3));
  }

  @Test
  void aCandidateWithoutAnArchitectureHasNoLayerTable() {
    String key = ApiClientAccess.newTeam("layers-empty-" + System.nanoTime());
    UUID job = newJob(key, ApiClientAccess.VALID_JOB);
    UUID candidate = candidate(job, "{}");
    as(key)
        .get("/api/v1/jobs/" + job + "/candidates/" + candidate + "/layers")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  private static UUID newJob(String key, String spec) {
    return UUID.fromString(
        as(key)
            .contentType("application/json")
            .body(spec)
            .post("/api/v1/jobs")
            .then()
            .statusCode(202)
            .extract()
            .path("id"));
  }

  private UUID candidate(UUID job, String spec) {
    return CandidateRows.store(em, job, CandidateStatus.SUCCEEDED, c -> c.spec = spec);
  }
}
