package dev.sculptor.store.job;

import dev.sculptor.core.job.JobStatus;
import dev.sculptor.core.messaging.JobProgress;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A stored search job: the spec as submitted (JSON), its status, progress and worker lease. Updates
 * write only the columns that changed, and a write based on a stale read fails ({@code version})
 * instead of overwriting what another writer set, such as a cancel request.
 */
@Entity
@Table(name = "search_job")
@DynamicUpdate
public class SearchJob {
  @Id public UUID id;
  public UUID teamId;
  public String name;

  @Enumerated(EnumType.STRING)
  public JobStatus status;

  /** The {@link dev.sculptor.core.job.JobSpec} with defaults filled in, as JSON. */
  @JdbcTypeCode(SqlTypes.JSON)
  public String spec;

  public String hardwareTarget;
  public String dataset;
  public String strategy;
  public int maxCandidates;
  public String idempotencyKey;

  public int generation;
  public int evaluated;
  public Double bestFeasibleAccuracy;
  public Double hypervolume;
  public Long etaSeconds;
  public String failureReason;
  public boolean cancelRequested;

  /**
   * Where this job's latencies come from, decided once when it starts ({@link
   * dev.sculptor.core.job.DeviceRule}): MEASURED on its target's evaluators, or PREDICTED for its
   * target; null while it has not started.
   */
  @Enumerated(EnumType.STRING)
  public dev.sculptor.core.metrics.MetricSource.Kind latencySource;

  /**
   * SEARCH, then FINALIZING while the best front members are trained at full fidelity (V9
   * migration).
   */
  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public dev.sculptor.core.job.JobPhase phase = dev.sculptor.core.job.JobPhase.SEARCH;

  /** Final trainings finished, of {@link #finalTotal}; null before the final phase. */
  public Integer finalDone;

  public Integer finalTotal;

  public String leaseOwner;
  public Instant leaseExpiresAt;

  /**
   * Raised by every claim; a worker's writes name the epoch it claimed (see the worker's
   * JobLeases).
   */
  public long leaseEpoch;

  @Version public long version;

  public Instant createdAt = Instant.now();
  public Instant startedAt;
  public Instant finishedAt;

  /** Seconds of pauses as WAITING_FOR_DEVICE that have ended (the wall-clock budget skips them). */
  @Column(nullable = false)
  public long deviceWaitSeconds;

  /** When the current pause for the device began; null while the job is not paused. */
  public Instant deviceWaitSince;

  @Column(nullable = false)
  public Instant updatedAt = Instant.now();

  /**
   * Time since the job started, less its pauses for the device (the current one included): what its
   * wall-clock budget and its ETA count.
   */
  public java.time.Duration activeTime(Instant now) {
    if (startedAt == null) return java.time.Duration.ZERO;
    long waiting =
        deviceWaitSeconds
            + (deviceWaitSince == null
                ? 0
                : Math.max(0, java.time.Duration.between(deviceWaitSince, now).toSeconds()));
    java.time.Duration active = java.time.Duration.between(startedAt, now).minusSeconds(waiting);
    return active.isNegative() ? java.time.Duration.ZERO : active;
  }

  /** The job's progress as events and views carry it: the one mapping from this row. */
  public JobProgress progress() {
    return new JobProgress(
        generation,
        evaluated,
        maxCandidates,
        bestFeasibleAccuracy,
        hypervolume,
        etaSeconds,
        phase == null ? null : phase.name(),
        finalDone,
        finalTotal);
  }
}
