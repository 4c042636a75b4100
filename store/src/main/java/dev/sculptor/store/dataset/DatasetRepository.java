package dev.sculptor.store.dataset;

import dev.sculptor.core.dataset.DatasetCatalog;
import dev.sculptor.core.job.JobStatus;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class DatasetRepository implements PanacheRepositoryBase<DatasetRow, UUID> {
  private static final String COUNT_USING =
      "SELECT count(*) FROM search_job WHERE team_id = ?1 AND dataset = ?2 AND status IN ("
          + Arrays.stream(JobStatus.values())
              .filter(s -> !s.isTerminal())
              .map(s -> "'" + s.name() + "'")
              .collect(Collectors.joining(", "))
          + ")";

  /**
   * A team's dataset by its job id ({@code ds-<uuid>}) or bare uuid; empty when it is another
   * team's or none.
   */
  public Optional<DatasetRow> findOwned(String id, UUID teamId) {
    Optional<UUID> uuid = DatasetCatalog.uploadedUuid(id);
    if (uuid.isEmpty()) {
      try {
        uuid = Optional.of(UUID.fromString(id));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    return findByIdOptional(uuid.get()).filter(d -> d.teamId.equals(teamId));
  }

  public List<DatasetRow> listByTeam(UUID teamId) {
    return list("teamId = ?1 order by createdAt desc", teamId);
  }

  /** Bytes of stored dataset files the team holds. */
  public long bytesOfTeam(UUID teamId) {
    Number sum =
        (Number)
            getEntityManager()
                .createNativeQuery("SELECT coalesce(sum(bytes), 0) FROM dataset WHERE team_id = ?1")
                .setParameter(1, teamId)
                .getSingleResult();
    return sum.longValue();
  }

  /** The team's jobs naming this dataset that have not ended. */
  public long activeJobsUsing(UUID teamId, String datasetId) {
    return ((Number)
            getEntityManager()
                .createNativeQuery(COUNT_USING)
                .setParameter(1, teamId)
                .setParameter(2, datasetId)
                .getSingleResult())
        .longValue();
  }
}
