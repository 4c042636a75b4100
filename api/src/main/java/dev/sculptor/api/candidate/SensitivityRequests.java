package dev.sculptor.api.candidate;

import dev.sculptor.api.outbox.Outbox;
import dev.sculptor.api.problem.ProblemException;
import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.messaging.FidelityRun;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.SensitivityRequested;
import dev.sculptor.core.messaging.Topics;
import dev.sculptor.core.metrics.SensitivityStatus;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.store.candidate.CandidateSensitivity;
import dev.sculptor.store.candidate.CandidateSensitivityRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Asking for an evaluated candidate's sensitivity analysis: the analysis's row and its {@link
 * SensitivityRequested} outbox message in one transaction, so a request that was answered 202 is
 * never lost. Idempotent: a candidate whose analysis is requested or done keeps it; a failed one is
 * asked for again under a new request id.
 */
@ApplicationScoped
public class SensitivityRequests {
  @Inject CandidateSensitivityRepository analyses;
  @Inject Outbox outbox;
  @Inject EntityManager em;

  /** The candidate's analysis as it stands after this request. */
  @Transactional
  public CandidateSensitivity request(Candidate c) {
    CandidateSensitivity existing = analyses.findById(c.id, LockModeType.PESSIMISTIC_WRITE);
    if (existing != null && existing.status.settlesARequest()) return existing;
    refuseUnanalysable(c);
    UUID requestId = UUID.randomUUID();
    Instant now = Instant.now();
    if (existing == null) {
      // a request made at the same moment inserts first: this one then answers with it
      int inserted =
          em.createNativeQuery(
                  "INSERT INTO candidate_sensitivity (candidate_id, job_id, request_id, status,"
                      + " requested_at) VALUES (?1, ?2, ?3, 'REQUESTED', ?4) ON CONFLICT"
                      + " (candidate_id) DO NOTHING")
              .setParameter(1, c.id)
              .setParameter(2, c.jobId)
              .setParameter(3, requestId)
              .setParameter(4, now)
              .executeUpdate();
      if (inserted == 0) return analyses.findById(c.id);
    } else {
      existing.requestId = requestId;
      existing.status = SensitivityStatus.REQUESTED;
      existing.requestedAt = now;
      existing.sentAt = null;
      existing.finishedAt = null;
      existing.failureReason = null;
      existing.sensitivity = null;
      existing.evaluatorId = null;
    }
    outbox.add(
        Topics.JOBS, c.jobId.toString(), new SensitivityRequested(c.jobId, c.id, requestId, now));
    return existing != null ? existing : analyses.findById(c.id);
  }

  /**
   * 409 naming why {@code c} cannot be analysed: it has no successful evaluation, or its evaluator
   * kept no training checkpoint (the full-width network the analysis reads).
   */
  static void refuseUnanalysable(Candidate c) {
    if (c.status != CandidateStatus.SUCCEEDED) {
      String why =
          switch (c.status) {
            case PENDING -> "it is still being evaluated (PENDING)";
            case FAILED -> "its evaluation failed (FAILED)";
            case INFEASIBLE -> "it was never evaluated (INFEASIBLE by construction)";
            case SUCCEEDED -> throw new IllegalStateException();
          };
      throw new ProblemException(
          409,
          "candidate-not-evaluated",
          "Only a successfully evaluated candidate can be analysed: " + why,
          List.of());
    }
    FidelityRun run = c.fidelityRun == null ? null : Json.read(c.fidelityRun, FidelityRun.class);
    if (run == null || !run.checkpointKept()) {
      throw new ProblemException(
          409,
          "no-training-checkpoint",
          "No training checkpoint was kept for this candidate: "
              + (run == null
                  ? "it was evaluated by an evaluator from before checkpoints"
                  : "its evaluator could not store one")
              + "; there is no trained full-width network to analyse",
          List.of());
    }
  }
}
