package dev.sculptor.store.candidate;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

@ApplicationScoped
public class CandidateSensitivityRepository
    implements PanacheRepositoryBase<CandidateSensitivity, UUID> {

  /** The job's analyses by candidate id. */
  public Map<UUID, CandidateSensitivity> byCandidate(UUID jobId) {
    return list("jobId", jobId).stream()
        .collect(Collectors.toMap(s -> s.candidateId, Function.identity()));
  }

  /** The analysis whose request carries {@code requestId}, locked for the caller's transaction. */
  public Optional<CandidateSensitivity> lockedByRequest(UUID requestId) {
    return find("requestId", requestId)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .firstResultOptional();
  }
}
