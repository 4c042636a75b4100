package dev.sculptor.store.candidate;

import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.job.ConstructionCheck;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.metrics.MetricSource;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One evaluated (or pending) candidate of a job, with its spec, metrics and their sources. */
@Entity
@Table(name = "candidate")
public class Candidate {
  @Id public UUID id;
  public UUID jobId;

  @Column(columnDefinition = "bpchar(32)")
  public String fingerprint;

  public int generation;

  @Enumerated(EnumType.STRING)
  public CandidateStatus status;

  @JdbcTypeCode(SqlTypes.JSON)
  public String genome;

  /** The {@link dev.sculptor.core.space.CandidateSpec} as JSON. */
  @JdbcTypeCode(SqlTypes.JSON)
  public String spec;

  /** The {@link dev.sculptor.core.metrics.Metrics} as JSON. */
  @JdbcTypeCode(SqlTypes.JSON)
  public String metrics;

  public Double accuracy;
  public Double latencyMs;

  /** Where the stored latency comes from (measured on the job's target, or predicted for it). */
  @Enumerated(EnumType.STRING)
  public MetricSource.Kind latencySource;

  public Long modelBytes;
  public Boolean feasible;
  public boolean onFront;
  public int attempts;
  public String failureReason;

  /**
   * The deployable model: ONNX, or for candidates evaluated before the ONNX export the DJL zip (see
   * V6 migration).
   */
  public UUID artifactId;

  /** The DJL zip beside an ONNX model; null for candidates evaluated before the ONNX export. */
  public UUID djlArtifactId;

  public String evaluatorId;

  @JdbcTypeCode(SqlTypes.JSON)
  public String trainingCurve;

  @JdbcTypeCode(SqlTypes.JSON)
  public String timings;

  public Instant createdAt = Instant.now();
  public Instant finishedAt;

  /**
   * When the latest evaluation request went out; null while it is being sent (see V2 migration).
   */
  public Instant sentAt;

  /**
   * The epochs the row's latest request trains to; null: the job's {@code fidelity.epochs} (see V11
   * migration).
   */
  public Integer fidelityEpochs;

  /**
   * A continued candidate's first-stage result ({@link EarlierStage} as JSON); null while it has
   * not been continued.
   */
  @JdbcTypeCode(SqlTypes.JSON)
  public String earlierStage;

  /** The {@link dev.sculptor.core.messaging.FidelityRun} its evaluator reported, as JSON. */
  @JdbcTypeCode(SqlTypes.JSON)
  public String fidelityRun;

  /**
   * The row of a candidate that is infeasible by construction (see V10 migration): never sent (no
   * attempt), its computed metrics as its metrics, the limits it misses as its reason. No accuracy,
   * latency or measured size: nothing was measured.
   */
  public static Candidate infeasibleByConstruction(
      UUID jobId,
      String fingerprint,
      int generation,
      String genomeJson,
      String specJson,
      ConstructionCheck check) {
    Candidate c = new Candidate();
    c.id = UUID.randomUUID();
    c.jobId = jobId;
    c.fingerprint = fingerprint;
    c.generation = generation;
    c.status = CandidateStatus.INFEASIBLE;
    c.genome = genomeJson;
    c.spec = specJson;
    c.metrics = Json.write(check.computed());
    c.feasible = false;
    c.attempts = 0;
    c.failureReason = "infeasible by construction: " + check.reason();
    c.finishedAt = c.createdAt;
    return c;
  }
}
