package dev.sculptor.store.job;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** Hypervolume and RL policy reward per generation, for the UI's curves. */
@Entity
@Table(name = "job_history")
@IdClass(JobHistory.Key.class)
public class JobHistory {
  @Id public UUID jobId;
  @Id public int generation;
  public int evaluated;
  public Double hypervolume;
  public Double policyReward;
  public Instant recordedAt = Instant.now();

  public record Key(UUID jobId, int generation) implements Serializable {
    public Key() {
      this(null, 0);
    }
  }
}
