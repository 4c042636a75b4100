package dev.sculptor.worker.evaluation;

import static dev.sculptor.worker.TestDatabase.insertJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.job.JobStatus;
import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.FidelityRun;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.SensitivityRequested;
import dev.sculptor.core.messaging.Topics;
import dev.sculptor.core.metrics.Sensitivity;
import dev.sculptor.core.metrics.SensitivityStatus;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.MobileCnnSpace;
import dev.sculptor.local.LocalStackTestResource;
import dev.sculptor.messaging.KafkaClients;
import dev.sculptor.messaging.producer.Delivery;
import dev.sculptor.messaging.producer.Publisher;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.store.candidate.CandidateSensitivity;
import dev.sculptor.store.candidate.CandidateSensitivityRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A sensitivity analysis asked for on the jobs topic (the real broker, as the api's outbox relay
 * puts it there) of a candidate of a job that has finished: the worker sends the analysis of the
 * candidate's checkpoint on the job's evaluate topic, and the answer on the results topic is stored
 * in the analysis's row although no worker runs the job.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class SensitivityOnRequestTest {
  private static final Sensitivity ANALYSIS =
      new Sensitivity(
          0.91,
          List.of(0.25, 0.5, 0.75),
          List.of(new Sensitivity.Layer(0, "stem", "conv", 16, List.of(0.9, 0.8, 0.4), 0.91)),
          500,
          "validation",
          "test",
          900);

  @Inject EntityManager em;
  @Inject CandidateSensitivityRepository analyses;
  @Inject ResultIngest ingest;
  @Inject SensitivityAnalyses sender;

  @Test
  void anAnalysisOfAFinishedJobsCandidateIsSentToItsEvaluatorsAndItsAnswerStored()
      throws Exception {
    UUID job = finishedJob();
    CandidateSpec spec = MobileCnnSpace.decode(new int[MobileCnnSpace.genomeLength()], null);
    UUID candidate = evaluatedCandidate(job, spec);
    UUID analysis = requested(job, candidate);

    publish(Topics.JOBS, job, new SensitivityRequested(job, candidate, analysis, Instant.now()));

    EvaluationRequest sent =
        SentRequests.until(job, r -> r.stream().anyMatch(EvaluationRequest::isSensitivityOnly))
            .stream()
            .filter(EvaluationRequest::isSensitivityOnly)
            .findFirst()
            .orElseThrow();
    assertThat(sent.candidateId()).as("keyed by the analysis").isEqualTo(analysis);
    assertThat(sent.sensitivityOnly().candidateId()).as("the checkpoint's").isEqualTo(candidate);
    assertThat(sent.candidate()).isEqualTo(spec);
    assertThat(sent.hardwareTarget()).isEqualTo("host-cpu");
    assertThat(sent.finalTraining()).isNull();
    assertThat(sent.continues()).isNull();
    await().atMost(Duration.ofSeconds(10)).until(() -> row(candidate).sentAt != null);

    // the evaluator's answer, on the results topic: stored though no worker runs the job
    publish(
        Topics.RESULTS,
        job,
        EvaluationResult.analysed(
            sent,
            new EvaluationResult.EvaluatorInfo("e1", "h", "host-cpu", 2, "PyTorch"),
            new EvaluationResult.Timings(0, 0, 0, 0, 950),
            ANALYSIS));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> row(candidate).status == SensitivityStatus.DONE);
    CandidateSensitivity done = row(candidate);
    assertThat(Json.read(done.sensitivity, Sensitivity.class)).isEqualTo(ANALYSIS);
    assertThat(done.evaluatorId).isEqualTo("e1");
    assertThat(done.finishedAt).isNotNull();
    assertThat(done.failureReason).isNull();
  }

  @Test
  void aFailedAnswerEndsTheAnalysisFailedWithItsReasonAndALateAnswerChangesNothing()
      throws Exception {
    UUID job = finishedJob();
    UUID candidate =
        evaluatedCandidate(
            job, MobileCnnSpace.decode(new int[MobileCnnSpace.genomeLength()], null));
    UUID analysis = requested(job, candidate);
    EvaluationRequest request = request(job, analysis);

    ingest.store(
        EvaluationResult.failed(
            request,
            null,
            null,
            "nothing to analyse: the checkpoint of " + candidate + " is not on this evaluator",
            false));
    ingest.store(EvaluationResult.analysed(request, null, null, ANALYSIS)); // late, ignored

    CandidateSensitivity failed = row(candidate);
    assertThat(failed.status).isEqualTo(SensitivityStatus.FAILED);
    assertThat(failed.failureReason).contains("not on this evaluator");
    assertThat(failed.sensitivity).isNull();
  }

  @Test
  void aMessageItsRowNoLongerWaitsForSendsNothing() throws Exception {
    UUID job = finishedJob();
    UUID candidate =
        evaluatedCandidate(
            job, MobileCnnSpace.decode(new int[MobileCnnSpace.genomeLength()], null));
    UUID analysis = requested(job, candidate);

    // an older request of the same candidate (asked again since): not this row's
    sender.send(new SensitivityRequested(job, candidate, UUID.randomUUID(), Instant.now()));
    assertThat(row(candidate).sentAt).isNull();
    sender.send(new SensitivityRequested(job, candidate, analysis, Instant.now()));
    Instant sentAt = row(candidate).sentAt;
    assertThat(sentAt).isNotNull();
    // redelivered after it was sent: not sent twice
    sender.send(new SensitivityRequested(job, candidate, analysis, Instant.now()));
    assertThat(row(candidate).sentAt).isEqualTo(sentAt);
    assertThat(
            SentRequests.atLeast(job, 1).stream()
                .filter(r -> analysis.equals(r.candidateId()))
                .count())
        .isEqualTo(1);
  }

  private static EvaluationRequest request(UUID job, UUID analysis) {
    return new EvaluationRequest(job, analysis, "host-cpu", null, null, null, null, 1, 1);
  }

  private UUID finishedJob() throws Exception {
    return insertJob(
        "sensitivity",
        """
        {"name": "sensitivity", "dataset": "synthetic", "hardwareTarget": "host-cpu",
         "budget": {"maxCandidates": 8, "maxWallClockMinutes": 10, "populationSize": 4}, "seed": 1}\
        """,
        JobStatus.SUCCEEDED,
        "now()");
  }

  /** A candidate evaluated with its checkpoint kept, as ResultIngest stores one. */
  private UUID evaluatedCandidate(UUID job, CandidateSpec spec) {
    Candidate c =
        Evaluations.pendingRow(
            job, spec, UUID.randomUUID().toString().replace("-", ""), new int[0], 0);
    c.status = CandidateStatus.SUCCEEDED;
    c.accuracy = 0.9;
    c.feasible = true;
    c.fidelityRun = Json.write(new FidelityRun(3, 3, null, null, null, true));
    QuarkusTransaction.requiringNew().run(() -> em.persist(c));
    return c.id;
  }

  /** The row the api writes with the message. */
  private UUID requested(UUID job, UUID candidate) {
    CandidateSensitivity row = new CandidateSensitivity();
    row.candidateId = candidate;
    row.jobId = job;
    row.requestId = UUID.randomUUID();
    row.status = SensitivityStatus.REQUESTED;
    row.requestedAt = Instant.now();
    QuarkusTransaction.requiringNew().run(() -> em.persist(row));
    return row.requestId;
  }

  private CandidateSensitivity row(UUID candidate) {
    return QuarkusTransaction.requiringNew().call(() -> analyses.findById(candidate));
  }

  private static void publish(String topic, UUID job, Object message) throws Exception {
    try (Publisher publisher =
        KafkaClients.of(LocalStackTestResource.kafka().bootstrapServers())
            .publisher(Delivery.QUICK)) {
      publisher.send(topic, job.toString(), Json.write(message));
    }
  }
}
