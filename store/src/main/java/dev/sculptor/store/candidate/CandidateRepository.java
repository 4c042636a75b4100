package dev.sculptor.store.candidate;

import dev.sculptor.core.job.CandidateStatus;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class CandidateRepository implements PanacheRepositoryBase<Candidate, UUID> {
  public List<Candidate> listByJob(UUID jobId) {
    return list("jobId = ?1 order by createdAt, id", jobId);
  }

  public List<Candidate> front(UUID jobId) {
    return list("jobId = ?1 and onFront = true order by accuracy desc", jobId);
  }

  /**
   * The job's most accurate evaluated candidate other than {@code except}, by validation accuracy,
   * feasible or not, among those whose deployable model is an ONNX file (a DJL zip beside it; rows
   * from before the ONNX export have none): the teacher distillation learns from.
   */
  public Optional<Candidate> mostAccurateOnnx(UUID jobId, UUID except) {
    return find(
            "jobId = ?1 and id <> ?2 and status = ?3 and accuracy is not null and artifactId is"
                + " not null and djlArtifactId is not null order by accuracy desc, createdAt, id",
            jobId,
            except,
            CandidateStatus.SUCCEEDED)
        .firstResultOptional();
  }
}
