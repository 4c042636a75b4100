package dev.sculptor.store.candidate;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class CandidateRepository implements PanacheRepositoryBase<Candidate, UUID> {
  public List<Candidate> listByJob(UUID jobId) {
    return list("jobId = ?1 order by createdAt, id", jobId);
  }

  public List<Candidate> front(UUID jobId) {
    return list("jobId = ?1 and onFront = true order by accuracy desc", jobId);
  }
}
