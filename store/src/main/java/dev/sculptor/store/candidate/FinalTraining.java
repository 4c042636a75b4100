package dev.sculptor.store.candidate;

import dev.sculptor.core.job.CandidateStatus;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * The final, full-fidelity training of one front member (V9 migration). Its candidate's row keeps
 * the search-fidelity metrics; these are the final ones. {@code id} is the id the evaluation
 * request and result carry.
 */
@Entity
@Table(name = "final_training")
public class FinalTraining {
  @Id public UUID id;
  public UUID jobId;
  public UUID candidateId;

  /** 1 = the most accurate feasible front member at search fidelity. */
  public int rank;

  @Enumerated(EnumType.STRING)
  public CandidateStatus status;

  /** The {@link dev.sculptor.core.metrics.Metrics} as JSON, measured as a candidate's are. */
  @JdbcTypeCode(SqlTypes.JSON)
  public String metrics;

  public Double accuracy;
  public Double testAccuracy;
  public Double latencyMs;
  public Long modelBytes;
  public Boolean feasible;
  public int attempts;
  public String failureReason;
  public UUID artifactId;
  public UUID djlArtifactId;
  public String evaluatorId;

  @JdbcTypeCode(SqlTypes.JSON)
  public String trainingCurve;

  @JdbcTypeCode(SqlTypes.JSON)
  public String timings;

  /**
   * The {@link dev.sculptor.core.messaging.FidelityRun} the evaluator reported, as JSON (V15
   * migration): epochs run and why a run ended early; null for rows from before it.
   */
  @JdbcTypeCode(SqlTypes.JSON)
  public String fidelityRun;

  /**
   * The {@link dev.sculptor.core.metrics.Sensitivity} of the trained network as JSON (V12
   * migration); null before the analysis existed and for failed trainings.
   */
  @JdbcTypeCode(SqlTypes.JSON)
  public String sensitivity;

  public Instant createdAt = Instant.now();

  /** When the latest request went out; null while it is being sent. */
  public Instant sentAt;

  public Instant finishedAt;
}
