package dev.sculptor.store.job;

import dev.sculptor.core.job.JobStatus;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class SearchJobRepository implements PanacheRepositoryBase<SearchJob, UUID> {
  // Plain SQL: these run on every submit and read, and a query with a list parameter is
  // re-translated by Hibernate on each call.
  private static final String COUNT_ACTIVE =
      "SELECT count(*) FROM search_job WHERE team_id = ?1 AND status IN ("
          + Arrays.stream(JobStatus.values())
              .filter(s -> !s.isTerminal())
              .map(s -> "'" + s.name() + "'")
              .collect(Collectors.joining(", "))
          + ")";

  /** A team's job, or empty when it does not exist or belongs to another team. */
  public Optional<SearchJob> findOwned(UUID jobId, UUID teamId) {
    return findByIdOptional(jobId).filter(job -> job.teamId.equals(teamId));
  }

  /** How many of the team's jobs have not ended (queued, running or otherwise not final). */
  public long countActive(UUID teamId) {
    return ((Number)
            getEntityManager()
                .createNativeQuery(COUNT_ACTIVE)
                .setParameter(1, teamId)
                .getSingleResult())
        .longValue();
  }
}
