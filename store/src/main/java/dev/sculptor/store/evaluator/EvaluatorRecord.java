package dev.sculptor.store.evaluator;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An evaluator seen through its heartbeats. */
@Entity
@Table(name = "evaluator")
public class EvaluatorRecord {
  @Id public String id;
  public String hardwareTarget;
  public String host;
  public int cores;
  public String engine;

  /** From its heartbeats; null for evaluators older than these fields. */
  public String cpuModel;

  public String architecture;
  public Integer threads;
  public String runtime;
  public String version;

  /** A time-only evaluator's training target; null when it trains its candidates itself. */
  public String trainsOn;

  public Instant firstSeenAt = Instant.now();
  public Instant lastSeenAt;
}
