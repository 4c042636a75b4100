package dev.sculptor.api.job;

import static dev.sculptor.api.ApiClientAccess.as;
import static dev.sculptor.api.ApiClientAccess.newJob;
import static dev.sculptor.api.ApiClientAccess.newTeam;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.sculptor.api.candidate.CandidateRows;
import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.local.LocalStackTestResource;
import dev.sculptor.store.artifact.Artifact;
import dev.sculptor.store.candidate.FinalTraining;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A job may name the model its distilled candidates learn from: a candidate of one of the team's
 * earlier jobs on the same dataset with an ONNX model. Anything else is a 422 naming the field, and
 * another team's candidate is answered exactly as an unknown one.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class NamedTeacherTest {
  @Inject EntityManager em;

  @Test
  void aJobNamesATeacherFromAnEarlierJobOfItsTeamAndEveryOtherChoiceIsA422NamingTheField() {
    String key = newTeam("teacher-" + System.nanoTime());
    String otherKey = newTeam("teacher-other-" + System.nanoTime());
    UUID earlier = newJob(key); // mnist-10k
    UUID teacher = candidate(earlier, CandidateStatus.SUCCEEDED, "application/octet-stream");
    UUID zipOnly = candidate(earlier, CandidateStatus.SUCCEEDED, "application/zip");
    UUID failed = candidate(earlier, CandidateStatus.FAILED, null);
    // a zip-only search model whose final training left an ONNX model: the final model teaches
    UUID finalOnly = candidate(earlier, CandidateStatus.SUCCEEDED, "application/zip");
    finalTraining(earlier, finalOnly);

    submit(key, distilling("mnist-10k", "\"teacher\": {\"candidateId\": \"" + teacher + "\"}"))
        .statusCode(202)
        .body("spec.teacher.candidateId", equalTo(teacher.toString()))
        .body("spec.compressionTechniques", hasSize(1));
    submit(key, distilling("mnist-10k", "\"teacher\": {\"candidateId\": \"" + finalOnly + "\"}"))
        .statusCode(202);

    refused(
        submit(key, job("mnist-10k", "\"teacher\": {\"candidateId\": \"" + teacher + "\"}")),
        "teacher",
        "DISTILLATION");
    refused(
        submit(key, distilling("mnist-10k", "\"teacher\": {}")), "teacher.candidateId", "required");
    refused(
        submit(
            key,
            distilling(
                "mnist-10k", "\"teacher\": {\"candidateId\": \"" + UUID.randomUUID() + "\"}")),
        "teacher.candidateId",
        "no candidate of your team");
    refused(
        submit(
            otherKey,
            distilling("mnist-10k", "\"teacher\": {\"candidateId\": \"" + teacher + "\"}")),
        "teacher.candidateId",
        "no candidate of your team");
    refused(
        submit(key, distilling("synthetic", "\"teacher\": {\"candidateId\": \"" + teacher + "\"}")),
        "teacher.candidateId",
        "was trained on dataset 'mnist-10k', not this job's 'synthetic'");
    refused(
        submit(key, distilling("mnist-10k", "\"teacher\": {\"candidateId\": \"" + zipOnly + "\"}")),
        "teacher.candidateId",
        "no ONNX model");
    refused(
        submit(key, distilling("mnist-10k", "\"teacher\": {\"candidateId\": \"" + failed + "\"}")),
        "teacher.candidateId",
        "status FAILED");
    // the preview asks the same questions
    refused(
        as(key)
            .contentType(ContentType.JSON)
            .body(distilling("mnist-10k", "\"teacher\": {\"candidateId\": \"" + failed + "\"}"))
            .post("/api/v1/jobs/preview")
            .then(),
        "teacher.candidateId",
        "status FAILED");
  }

  private static String distilling(String dataset, String teacher) {
    return job(dataset, "\"compressionTechniques\": [\"DISTILLATION\"], " + teacher);
  }

  private static String job(String dataset, String extra) {
    return """
    {"name": "learns from an earlier job", "dataset": "%s", "hardwareTarget": "arm-cortex-a72",
     "constraints": {"maxModelBytes": "10MB"}, "budget": {"maxCandidates": 6}, %s}\
    """
        .formatted(dataset, extra);
  }

  private static ValidatableResponse submit(String key, String body) {
    return as(key).contentType(ContentType.JSON).body(body).post("/api/v1/jobs").then();
  }

  private static void refused(ValidatableResponse answer, String field, String detail) {
    answer
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors", hasSize(1))
        .body("errors[0].field", equalTo(field))
        .body("errors[0].reason", containsString(detail));
  }

  /** A candidate row; with {@code mediaType}, a model artifact row of that type. */
  private UUID candidate(UUID job, CandidateStatus status, String mediaType) {
    return CandidateRows.store(
        em, job, status, c -> c.artifactId = mediaType == null ? null : artifact(c.id, mediaType));
  }

  private void finalTraining(UUID job, UUID candidate) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              FinalTraining f = new FinalTraining();
              f.id = UUID.randomUUID();
              f.jobId = job;
              f.candidateId = candidate;
              f.rank = 1;
              f.status = CandidateStatus.SUCCEEDED;
              f.attempts = 1;
              f.artifactId = artifact(f.id, "application/octet-stream");
              em.persist(f);
            });
  }

  private UUID artifact(UUID owner, String mediaType) {
    Artifact a = new Artifact();
    a.id = UUID.randomUUID();
    a.uri = "file:///artifacts/" + owner + "/attempt-1/model";
    a.bytes = 4;
    a.sha256 = "0".repeat(64);
    a.mediaType = mediaType;
    em.persist(a);
    return a.id;
  }
}
