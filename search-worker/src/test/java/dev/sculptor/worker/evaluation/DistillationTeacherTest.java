package dev.sculptor.worker.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.job.JobStatus;
import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.EvaluationResult.ArtifactRef;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.Teacher;
import dev.sculptor.core.metrics.Latency;
import dev.sculptor.core.metrics.MetricSource;
import dev.sculptor.core.metrics.Metrics;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.Distillation;
import dev.sculptor.core.space.MobileCnnSpace;
import dev.sculptor.local.LocalStackTestResource;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.store.candidate.CandidateRepository;
import dev.sculptor.store.job.SearchJobRepository;
import dev.sculptor.worker.lease.JobLeases;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The teacher a distilled candidate's request names, from the real tables on the real evaluate
 * topic: none while no candidate has finished; then the job's most accurate evaluated candidate by
 * validation accuracy, feasible or not, with its stored ONNX model (a candidate whose only model is
 * a DJL zip cannot teach); a final training learns from the best candidate other than the one it
 * retrains; a plan without distillation names no teacher.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class DistillationTeacherTest {
  @Inject JobLeases leases;
  @Inject Evaluations evaluations;
  @Inject CandidateRepository candidates;
  @Inject SearchJobRepository jobs;
  @Inject ResultIngest ingest;

  @Test
  void aDistilledCandidateLearnsFromTheJobsMostAccurateEvaluatedCandidate() throws Exception {
    UUID job = newJob();
    assertThat(leases.claim(job)).isTrue();
    JobSpec spec =
        Json.read(
            QuarkusTransaction.requiringNew().call(() -> jobs.findById(job).spec), JobSpec.class);
    int[] genome = new int[MobileCnnSpace.genomeLength()];
    CandidateSpec plain = MobileCnnSpace.decode(genome, null);
    CandidateSpec distilled = distilled(plain);

    UUID early = evaluations.submit(job, spec, distilled, "fp-early", genome, 0);
    UUID a = evaluations.submit(job, spec, plain, "fp-a", genome, 0);
    UUID b = evaluations.submit(job, spec, plain, "fp-b", genome, 0);
    UUID c = evaluations.submit(job, spec, plain, "fp-c", genome, 0);
    UUID zipOnly = evaluations.submit(job, spec, plain, "fp-zip", genome, 0);
    ingest.store(result(job, a, 0.70, 40_000, true));
    // the most accurate with an ONNX model, and infeasible (over the 5 MB limit): it still teaches
    ingest.store(result(job, b, 0.90, 6_000_000, true));
    ingest.store(result(job, c, 0.80, 40_000, true));
    // more accurate still, but its only model is a DJL zip (an evaluator before the ONNX export)
    ingest.store(result(job, zipOnly, 0.95, 40_000, false));
    Candidate best = row(b);
    assertThat(best.status).isEqualTo(CandidateStatus.SUCCEEDED);
    assertThat(best.feasible).isFalse();

    UUID late = evaluations.submit(job, spec, distilled, "fp-late", genome, 1);
    UUID undistilled = evaluations.submit(job, spec, plain, "fp-plain", genome, 1);
    // the distilled candidate itself becomes the most accurate; its final training learns from b
    ingest.store(result(job, late, 0.99, 40_000, true));
    UUID finalId = evaluations.startFinal(job, spec, List.of(row(late))).getFirst().id;

    List<EvaluationRequest> sent = sent(job, 8);
    assertThat(request(sent, early).teacher()).as("nothing had finished").isNull();
    Teacher teacher = request(sent, late).teacher();
    assertThat(teacher).isNotNull();
    assertThat(teacher.candidateId()).isEqualTo(b);
    assertThat(teacher.onnx()).isEqualTo(onnx(b));
    assertThat(request(sent, undistilled).teacher()).isNull();
    assertThat(request(sent, a).teacher()).isNull();
    EvaluationRequest fin = request(sent, finalId);
    assertThat(fin.isFinal()).isTrue();
    assertThat(fin.retrainsCandidateId()).isEqualTo(late);
    assertThat(fin.teacher()).isEqualTo(new Teacher(b, onnx(b)));
  }

  @Test
  void aJobThatNamesATeacherLearnsFromThatCandidatesFinalModelWhateverItsOwnCandidatesReach()
      throws Exception {
    int[] genome = new int[MobileCnnSpace.genomeLength()];
    CandidateSpec plain = MobileCnnSpace.decode(genome, null);
    CandidateSpec distilled = distilled(plain);
    // an earlier job (that it is the same team's is the api's check): a candidate, then its final
    // training
    UUID earlier = newJob("");
    assertThat(leases.claim(earlier)).isTrue();
    JobSpec earlierSpec = spec(earlier);
    UUID named = evaluations.submit(earlier, earlierSpec, plain, "fp-named", genome, 0);
    ingest.store(result(earlier, named, 0.90, 40_000, true));
    UUID namedFinal =
        evaluations.startFinal(earlier, earlierSpec, List.of(row(named))).getFirst().id;
    ingest.store(result(earlier, namedFinal, 0.97, 40_000, true));

    UUID job = newJob(", \"teacher\": {\"candidateId\": \"" + named + "\"}");
    assertThat(leases.claim(job)).isTrue();
    JobSpec spec = spec(job);
    assertThat(spec.teacher().candidateId()).isEqualTo(named);
    UUID own = evaluations.submit(job, spec, plain, "fp-own", genome, 0);
    // more accurate than the named teacher: a job that names one still learns from it
    ingest.store(result(job, own, 0.99, 40_000, true));
    UUID early = evaluations.submit(job, spec, distilled, "fp-distilled", genome, 1);
    UUID undistilled = evaluations.submit(job, spec, plain, "fp-plain", genome, 1);

    List<EvaluationRequest> sent = sent(job, 3);
    assertThat(request(sent, early).teacher())
        .as("the named candidate, with its final model")
        .isEqualTo(new Teacher(named, onnx(namedFinal)));
    assertThat(request(sent, undistilled).teacher()).isNull();
  }

  private JobSpec spec(UUID job) {
    return Json.read(
        QuarkusTransaction.requiringNew().call(() -> jobs.findById(job).spec), JobSpec.class);
  }

  private static CandidateSpec distilled(CandidateSpec plain) {
    CompressionPlan p = plain.compression();
    return new CandidateSpec(
        plain.architecture(),
        new CompressionPlan(
            p.precision(),
            p.pruningRatios(),
            null,
            null,
            new Distillation(4, 0.5),
            List.of(),
            null),
        plain.training());
  }

  private static ArtifactRef onnx(UUID id) {
    return new ArtifactRef("file:///artifacts/" + id + "/attempt-1/model.onnx", 1234, sha256(id));
  }

  /** 64 hex digits, as the artifact table's sha256 column holds. */
  private static String sha256(UUID id) {
    String hex = id.toString().replace("-", "");
    return hex + hex;
  }

  private Candidate row(UUID id) {
    return QuarkusTransaction.requiringNew().call(() -> candidates.findById(id));
  }

  private static EvaluationRequest request(List<EvaluationRequest> sent, UUID id) {
    return sent.stream().filter(r -> r.candidateId().equals(id)).findFirst().orElseThrow();
  }

  private static List<EvaluationRequest> sent(UUID job, int expected) {
    return SentRequests.atLeast(job, expected);
  }

  /** A succeeded first attempt; with {@code onnx}, an ONNX model and the DJL zip beside it. */
  private static EvaluationResult result(
      UUID job, UUID id, double accuracy, long modelBytes, boolean onnx) {
    Latency latency =
        new Latency(1.0, 1.2, 0.05, 1, "fp32", MetricSource.measured("host-cpu", 10, "test"));
    Metrics metrics =
        new Metrics(
            accuracy,
            "validation",
            MetricSource.measured("host-cpu", 1000, "test"),
            latency,
            modelBytes,
            10_000,
            100_000,
            1000,
            null);
    ArtifactRef zip =
        new ArtifactRef("file:///artifacts/" + id + "/attempt-1/model.zip", 999, sha256(id));
    return new EvaluationResult(
        job,
        id,
        1,
        EvaluationResult.Status.SUCCEEDED,
        metrics,
        onnx ? onnx(id) : zip,
        null,
        null,
        List.of(),
        null,
        Instant.now(),
        onnx ? zip : null,
        null);
  }

  private static UUID newJob() throws Exception {
    return newJob("");
  }

  /** A queued job of a new team; {@code extra} is appended to its spec's JSON fields. */
  private static UUID newJob(String extra) throws Exception {
    UUID team = UUID.randomUUID();
    UUID job = UUID.randomUUID();
    JobSpec spec =
        Json.read(
                """
                {"name": "distillation", "dataset": "synthetic", "hardwareTarget": "host-cpu",
                 "constraints": {"maxModelBytes": 5000000}, "budget": {"maxCandidates": 8, "maxWallClockMinutes": 10},
                 "compressionTechniques": ["DISTILLATION"],
                 "finalTraining": {"candidates": 1, "epochs": 2}, "seed": 1%s}\
                """
                    .formatted(extra),
                JobSpec.class)
            .withDefaults();
    try (Connection c = LocalStackTestResource.postgres().dataSource().getConnection()) {
      c.createStatement()
          .executeUpdate(
              "INSERT INTO team (id, name) VALUES ('" + team + "', 'distil-" + team + "')");
      c.createStatement()
          .executeUpdate(
              "INSERT INTO search_job (id, team_id, name, status, spec, hardware_target, dataset,"
                  + " strategy, max_candidates, created_at) VALUES ('"
                  + job
                  + "', '"
                  + team
                  + "', 'distillation', '"
                  + JobStatus.QUEUED
                  + "', '"
                  + Json.write(spec).replace("'", "''")
                  + "', 'host-cpu', 'synthetic', 'genetic', 8, now() - interval '1 minute')");
    }
    return job;
  }
}
