package dev.sculptor.store.candidate;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

@ApplicationScoped
public class FinalTrainingRepository implements PanacheRepositoryBase<FinalTraining, UUID> {
  public List<FinalTraining> listByJob(UUID jobId) {
    return list("jobId = ?1 order by rank", jobId);
  }

  /** The job's final trainings by the id of the candidate each one trained. */
  public Map<UUID, FinalTraining> byCandidate(UUID jobId) {
    return listByJob(jobId).stream()
        .collect(Collectors.toMap(f -> f.candidateId, Function.identity()));
  }
}
