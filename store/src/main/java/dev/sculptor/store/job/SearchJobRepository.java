package dev.sculptor.store.job;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class SearchJobRepository implements PanacheRepositoryBase<SearchJob, UUID> {
  /** A team's job, or empty when it does not exist or belongs to another team. */
  public Optional<SearchJob> findOwned(UUID jobId, UUID teamId) {
    return find("id = ?1 and teamId = ?2", jobId, teamId).firstResultOptional();
  }
}
