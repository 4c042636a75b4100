package dev.sculptor.store.candidate;

import dev.sculptor.core.metrics.SensitivityStatus;
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
 * The sensitivity analysis of an evaluated candidate, asked for by its owner (V14 migration): one
 * row per candidate, beside (not in) the candidate's row. {@code requestId} is the id the analysis
 * request and its result carry.
 */
@Entity
@Table(name = "candidate_sensitivity")
public class CandidateSensitivity {
  @Id public UUID candidateId;
  public UUID jobId;
  public UUID requestId;

  @Enumerated(EnumType.STRING)
  public SensitivityStatus status;

  public Instant requestedAt;

  /** When the worker sent the analysis to the evaluators; null until then. */
  public Instant sentAt;

  public Instant finishedAt;

  /** The {@link dev.sculptor.core.metrics.Sensitivity} as JSON once DONE. */
  @JdbcTypeCode(SqlTypes.JSON)
  public String sensitivity;

  /** Why a FAILED analysis has no result. */
  public String failureReason;

  public String evaluatorId;
}
