package dev.sculptor.store.job;

import dev.sculptor.core.job.JobStatus;
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

/** A stored search job: the spec as submitted (JSON), its status, progress and worker lease. */
@Entity
@Table(name = "search_job")
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

  public String leaseOwner;
  public Instant leaseExpiresAt;

  public Instant createdAt = Instant.now();
  public Instant startedAt;
  public Instant finishedAt;

  @Column(nullable = false)
  public Instant updatedAt = Instant.now();
}
