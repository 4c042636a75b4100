package dev.sculptor.store.candidate;

import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.messaging.ModelFormat;
import dev.sculptor.store.artifact.Artifact;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Optional;

/**
 * The ONNX model a candidate teaches with when a user names it as a job's teacher: what a download
 * of it serves by default, the final phase's model when that succeeded, else the search's. Empty
 * when that model is not an ONNX file (rows from before the ONNX export) or the candidate has none.
 * Call inside a transaction.
 */
@ApplicationScoped
public class TeacherModels {
  @Inject EntityManager em;
  @Inject FinalTrainingRepository finals;

  public Optional<Artifact> onnxOf(Candidate c) {
    FinalTraining fin = finals.find("candidateId", c.id).firstResult();
    if (fin != null && fin.status == CandidateStatus.SUCCEEDED && fin.artifactId != null)
      return onnx(fin.artifactId);
    if (c.status != CandidateStatus.SUCCEEDED || c.artifactId == null) return Optional.empty();
    return onnx(c.artifactId);
  }

  private Optional<Artifact> onnx(java.util.UUID artifactId) {
    return Optional.ofNullable(em.find(Artifact.class, artifactId))
        .filter(a -> !ModelFormat.DJL.mediaType().equals(a.mediaType));
  }
}
