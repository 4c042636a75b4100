package dev.sculptor.worker.evaluation;

import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.SensitivityRequested;
import dev.sculptor.core.metrics.SensitivityStatus;
import dev.sculptor.messaging.consumer.InfrastructureFailure;
import dev.sculptor.messaging.consumer.Payloads;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.store.candidate.CandidateRepository;
import dev.sculptor.store.candidate.CandidateSensitivity;
import dev.sculptor.store.candidate.CandidateSensitivityRepository;
import dev.sculptor.store.job.SearchJobRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Sensitivity analyses asked for on request, for any evaluated candidate whether or not its job
 * still runs: the request heard on the jobs topic goes out to the job's evaluators as an analysis
 * of the candidate's training checkpoint, and the answer is stored in the analysis's row ({@code
 * candidate_sensitivity}). The row, written by the api with the message, is the durable record: a
 * message is acted on only while its row still waits for it and was not sent yet, so a redelivered
 * or superseded one does nothing.
 */
@ApplicationScoped
public class SensitivityAnalyses {
  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(SensitivityAnalyses.class);

  @Inject CandidateSensitivityRepository analyses;
  @Inject CandidateRepository candidates;
  @Inject SearchJobRepository jobs;
  @Inject Evaluations evaluations;

  /** What one analysis request needs to go out. */
  private record Waiting(UUID jobId, JobSpec spec, Candidate candidate, UUID analysisId) {}

  /**
   * Sends the analysis {@code asked} for, unless its row no longer waits for it. A broker that does
   * not take it is the loop's to retry (the message stays uncommitted); a job whose dataset is gone
   * ends the analysis FAILED with that reason.
   */
  public void send(SensitivityRequested asked) {
    Payloads.require(asked.candidateId(), "candidateId");
    Payloads.require(asked.analysisId(), "analysisId");
    Waiting waiting =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  CandidateSensitivity row = analyses.findById(asked.candidateId());
                  if (row == null
                      || row.status != SensitivityStatus.REQUESTED
                      || !row.requestId.equals(asked.analysisId())
                      || row.sentAt != null) return null;
                  return new Waiting(
                      row.jobId,
                      Json.read(jobs.findById(row.jobId).spec, JobSpec.class),
                      candidates.findById(row.candidateId),
                      row.requestId);
                });
    if (waiting == null) return;
    boolean sent;
    try {
      sent =
          evaluations.sendSensitivityAnalysis(
              waiting.jobId(), waiting.spec(), waiting.candidate(), waiting.analysisId());
    } catch (IllegalArgumentException e) {
      fail(waiting.analysisId(), "the analysis cannot be sent: " + e.getMessage());
      return;
    }
    if (!sent)
      throw new InfrastructureFailure(
          "the sensitivity analysis " + waiting.analysisId() + " was not sent yet", null);
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                analyses.update(
                    "sentAt = ?1 where requestId = ?2 and status = ?3",
                    Instant.now(),
                    waiting.analysisId(),
                    SensitivityStatus.REQUESTED));
    LOG.infof(
        "job %s: sensitivity analysis %s of candidate %s sent",
        waiting.jobId(), waiting.analysisId(), waiting.candidate().id);
  }

  /**
   * Stores {@code result} in the analysis whose request it answers, in the caller's transaction;
   * false when it answers no analysis. Only a waiting analysis takes an answer (a repeated or late
   * one is ignored); any failure ends it FAILED with the reason, for its owner to ask again.
   */
  boolean store(EvaluationResult result) {
    Optional<CandidateSensitivity> found = analyses.lockedByRequest(result.candidateId());
    if (found.isEmpty()) return false;
    CandidateSensitivity row = found.get();
    if (row.status != SensitivityStatus.REQUESTED) return true;
    row.finishedAt = result.finishedAt() == null ? Instant.now() : result.finishedAt();
    row.evaluatorId = result.evaluator() == null ? null : result.evaluator().id();
    if (result.status() == EvaluationResult.Status.SUCCEEDED && result.sensitivity() != null) {
      row.status = SensitivityStatus.DONE;
      row.sensitivity = Json.write(result.sensitivity());
      row.failureReason = null;
    } else {
      row.status = SensitivityStatus.FAILED;
      row.failureReason =
          result.error() != null
              ? result.error().reason()
              : "the evaluator answered without an analysis (it predates analyses on request)";
    }
    return true;
  }

  private void fail(UUID analysisId, String reason) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                analyses
                    .lockedByRequest(analysisId)
                    .filter(row -> row.status == SensitivityStatus.REQUESTED)
                    .ifPresent(
                        row -> {
                          row.status = SensitivityStatus.FAILED;
                          row.failureReason = reason;
                          row.finishedAt = Instant.now();
                        }));
  }
}
