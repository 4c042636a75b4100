package dev.sculptor.api.candidate;

import static dev.sculptor.api.ApiClientAccess.as;
import static dev.sculptor.api.ApiClientAccess.newJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.sculptor.api.ApiClientAccess;
import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.local.LocalStackTestResource;
import dev.sculptor.store.artifact.Artifact;
import dev.sculptor.store.candidate.Candidate;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Model downloads: the ONNX model by default, the DJL zip with format=djl, old zip-only candidates
 * still served; a file is served only while it still has the digest the evaluator reported.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class ModelDownloadTest {
  @Inject EntityManager em;

  @Test
  void aModelWhoseFileNoLongerMatchesItsChecksumIsRefusedNotServed() throws Exception {
    String key = ApiClientAccess.newTeam("downloads-" + System.nanoTime());
    UUID job = newJob(key);
    UUID candidate = UUID.randomUUID();
    Path dir = attemptDir(job, candidate);
    byte[] onnx = "an ONNX model, as an evaluator wrote it".getBytes();
    byte[] zip = "PK a model archive, as an evaluator wrote it".getBytes();
    Path onnxFile = write(dir.resolve("model.onnx"), onnx);
    Path zipFile = write(dir.resolve("model.zip"), zip);
    UUID onnxRow = artifact(onnxFile, onnx, "application/octet-stream");
    UUID zipRow = artifact(zipFile, zip, "application/zip");
    candidate(job, candidate, onnxRow, zipRow);
    String model = "/api/v1/jobs/" + job + "/candidates/" + candidate + "/model";

    try {
      assertThat(as(key).get(model).then().statusCode(200).extract().asByteArray()).isEqualTo(onnx);

      byte[] corrupted = zip.clone();
      corrupted[3] ^= 0x20;
      Files.write(zipFile, corrupted);

      as(key)
          .get(model + "?format=djl")
          .then()
          .statusCode(500)
          .contentType("application/problem+json")
          .body("type", equalTo("https://sculptor.dev/problems/model-corrupted"))
          .body("title", equalTo("Model file corrupted"))
          .body("detail", startsWith("incident "));
    } finally {
      Files.deleteIfExists(onnxFile);
      Files.deleteIfExists(zipFile);
    }
  }

  @Test
  void theOnnxModelIsTheDefaultDownloadAndTheDjlZipIsServedOnRequest() throws Exception {
    String key = ApiClientAccess.newTeam("downloads-" + System.nanoTime());
    UUID job = newJob(key);
    UUID candidate = UUID.randomUUID();
    Path dir = attemptDir(job, candidate);
    byte[] onnx = {0x08, 0x08, 0x12, 0x08};
    byte[] zip = "PK a model archive".getBytes();
    Path onnxFile = write(dir.resolve("model.onnx"), onnx);
    Path zipFile = write(dir.resolve("model.zip"), zip);
    candidate(
        job,
        candidate,
        artifact(onnxFile, onnx, "application/octet-stream"),
        artifact(zipFile, zip, "application/zip"));
    String model = "/api/v1/jobs/" + job + "/candidates/" + candidate + "/model";

    try {
      byte[] served =
          as(key)
              .get(model)
              .then()
              .statusCode(200)
              .contentType("application/octet-stream")
              .header(
                  "Content-Disposition",
                  equalTo("attachment; filename=\"sculptor-" + candidate + ".onnx\""))
              .extract()
              .asByteArray();
      assertThat(served).isEqualTo(onnx);
      assertThat(as(key).get(model + "?format=onnx").then().statusCode(200).extract().asByteArray())
          .isEqualTo(onnx);
      byte[] djl =
          as(key)
              .get(model + "?format=djl")
              .then()
              .statusCode(200)
              .contentType("application/zip")
              .header(
                  "Content-Disposition",
                  equalTo("attachment; filename=\"sculptor-" + candidate + ".zip\""))
              .extract()
              .asByteArray();
      assertThat(djl).isEqualTo(zip);
      as(key)
          .get(model + "?format=tflite")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("errors[0].field", equalTo("format"));
    } finally {
      Files.deleteIfExists(onnxFile);
      Files.deleteIfExists(zipFile);
    }
  }

  @Test
  void aCandidateEvaluatedBeforeTheOnnxExportStillDownloadsItsZipAndSaysItHasNoOnnxModel()
      throws Exception {
    String key = ApiClientAccess.newTeam("downloads-" + System.nanoTime());
    UUID job = newJob(key);
    UUID candidate = UUID.randomUUID();
    byte[] zip = "PK an archive from before the ONNX export".getBytes();
    Path zipFile = write(attemptDir(job, candidate).resolve("model.zip"), zip);
    candidate(job, candidate, artifact(zipFile, zip, "application/zip"), null);
    String model = "/api/v1/jobs/" + job + "/candidates/" + candidate + "/model";

    try {
      as(key)
          .get(model)
          .then()
          .statusCode(404)
          .contentType("application/problem+json")
          .body(
              "title", equalTo("no ONNX model for this candidate (evaluated before ONNX export)"));
      assertThat(
              as(key)
                  .get(model + "?format=djl")
                  .then()
                  .statusCode(200)
                  .contentType("application/zip")
                  .extract()
                  .asByteArray())
          .isEqualTo(zip);
      as(key)
          .get("/api/v1/jobs/" + job + "/candidates/" + candidate)
          .then()
          .statusCode(200)
          .body("hasModel", equalTo(true))
          .body("hasOnnxModel", equalTo(false));
    } finally {
      Files.deleteIfExists(zipFile);
    }
  }

  @Test
  void theFinalPhasesModelIsTheDefaultDownloadAndTheSearchOneStaysAvailableWithBothMetricsLabelled()
      throws Exception {
    String key = ApiClientAccess.newTeam("downloads-" + System.nanoTime());
    UUID job = newJob(key);
    UUID candidate = UUID.randomUUID();
    UUID finalId = UUID.randomUUID();
    byte[] searchOnnx = {0x08, 0x08, 0x12, 0x01};
    byte[] finalOnnx = {0x08, 0x08, 0x12, 0x02};
    Path searchFile = write(attemptDir(job, candidate).resolve("model.onnx"), searchOnnx);
    Path finalFile = write(attemptDir(job, finalId).resolve("model.onnx"), finalOnnx);
    candidate(job, candidate, artifact(searchFile, searchOnnx, "application/octet-stream"), null);
    UUID finalArtifact = artifact(finalFile, finalOnnx, "application/octet-stream");
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Candidate c = em.find(Candidate.class, candidate);
              c.accuracy = 0.90;
              c.metrics = "{\"accuracy\": 0.90, \"testAccuracy\": 0.89}";
              c.onFront = true;
              var f = new dev.sculptor.store.candidate.FinalTraining();
              f.id = finalId;
              f.jobId = job;
              f.candidateId = candidate;
              f.rank = 1;
              f.status = CandidateStatus.SUCCEEDED;
              f.attempts = 1;
              f.accuracy = 0.985;
              f.testAccuracy = 0.987;
              f.metrics = "{\"accuracy\": 0.985, \"testAccuracy\": 0.987}";
              f.artifactId = finalArtifact;
              f.fidelityRun =
                  "{\"epochsRun\": 12, \"totalEpochs\": 12, \"note\": \"train diverged in epoch"
                      + " 12 and ended there with the weights of its best epoch\","
                      + " \"checkpointKept\": false}";
              f.sensitivity =
                  dev.sculptor.core.messaging.Json.write(
                      new dev.sculptor.core.metrics.Sensitivity(
                          0.985,
                          java.util.List.of(0.25, 0.5, 0.75),
                          java.util.List.of(
                              new dev.sculptor.core.metrics.Sensitivity.Layer(
                                  0, "stem", "conv", 16, java.util.List.of(0.98, 0.9, 0.6), 0.984)),
                          500,
                          "validation",
                          "test",
                          1200));
              em.persist(f);
            });
    String model = "/api/v1/jobs/" + job + "/candidates/" + candidate + "/model";

    try {
      assertThat(as(key).get(model).then().statusCode(200).extract().asByteArray())
          .as("the final model by default")
          .isEqualTo(finalOnnx);
      assertThat(as(key).get(model + "?stage=final").then().statusCode(200).extract().asByteArray())
          .isEqualTo(finalOnnx);
      assertThat(
              as(key).get(model + "?stage=search").then().statusCode(200).extract().asByteArray())
          .isEqualTo(searchOnnx);
      as(key)
          .get(model + "?stage=best")
          .then()
          .statusCode(400)
          .body("errors[0].field", equalTo("stage"));
      as(key)
          .get("/api/v1/jobs/" + job + "/candidates/" + candidate)
          .then()
          .statusCode(200)
          .body("accuracy", equalTo(0.90f))
          .body("finalTraining.rank", equalTo(1))
          .body("finalTraining.status", equalTo("SUCCEEDED"))
          .body("finalTraining.accuracy", equalTo(0.985f))
          .body("finalTraining.hasModel", equalTo(true))
          .body("finalTraining.sensitivity.sampleSize", equalTo(500))
          .body("finalTraining.sensitivity.layers[0].name", equalTo("stem"))
          .body("finalTraining.sensitivity.layers[0].prunedAccuracy[2]", equalTo(0.6f))
          .body("finalTraining.fidelity.epochsRun", equalTo(12))
          .body("finalTraining.fidelity.note", containsString("diverged in epoch 12"));
      var doc = ApiClientAccess.openApi();
      assertThat(
              doc.getString(
                  "components.schemas.CandidateFinalTraining.properties.sensitivity.description"))
          .contains("pruning each prunable layer alone")
          .contains("no fine-tuning");
    } finally {
      Files.deleteIfExists(searchFile);
      Files.deleteIfExists(finalFile);
    }
  }

  private static Path attemptDir(UUID job, UUID candidate) throws Exception {
    Path root =
        Path.of(ConfigProvider.getConfig().getValue("sculptor.artifact-dir", String.class))
            .toAbsolutePath()
            .normalize();
    return Files.createDirectories(root.resolve(job + "/" + candidate + "/attempt-1"));
  }

  private static Path write(Path file, byte[] bytes) throws Exception {
    return Files.write(file, bytes);
  }

  private UUID artifact(Path file, byte[] bytes, String mediaType) {
    UUID id = UUID.randomUUID();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Artifact a = new Artifact();
              a.id = id;
              a.uri = file.toUri().toString();
              a.bytes = bytes.length;
              a.sha256 = sha256(bytes);
              a.mediaType = mediaType;
              em.persist(a);
            });
    return id;
  }

  private void candidate(UUID job, UUID candidate, UUID artifact, UUID djlArtifact) {
    CandidateRows.store(
        em,
        job,
        candidate,
        CandidateStatus.SUCCEEDED,
        c -> {
          c.artifactId = artifact;
          c.djlArtifactId = djlArtifact;
        });
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
