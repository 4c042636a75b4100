package dev.sculptor.api.candidate;

import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.store.candidate.Candidate;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Candidate rows the api tests stand on, stored in a transaction of their own: a candidate of
 * {@code job} with the given status (finished unless PENDING), its fingerprint from its id and an
 * empty spec, changed by {@code and} before it is stored.
 */
public final class CandidateRows {
  private CandidateRows() {}

  public static UUID store(
      EntityManager em, UUID job, CandidateStatus status, Consumer<Candidate> and) {
    return store(em, job, UUID.randomUUID(), status, and);
  }

  /** As above, with the candidate's id given (a test that lays out its files first). */
  public static UUID store(
      EntityManager em, UUID job, UUID id, CandidateStatus status, Consumer<Candidate> and) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Candidate c = new Candidate();
              c.id = id;
              c.jobId = job;
              c.fingerprint = id.toString().replace("-", "");
              c.status = status;
              c.spec = "{}";
              c.attempts = 1;
              c.finishedAt = status == CandidateStatus.PENDING ? null : Instant.now();
              and.accept(c);
              em.persist(c);
            });
    return id;
  }
}
