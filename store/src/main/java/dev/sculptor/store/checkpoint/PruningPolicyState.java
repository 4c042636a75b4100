package dev.sculptor.store.checkpoint;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The newest RL pruning policy per hardware target, to warm-start later jobs. */
@Entity
@Table(name = "pruning_policy")
public class PruningPolicyState {
  @Id public String hardwareTarget;
  public UUID jobId;

  @JdbcTypeCode(SqlTypes.JSON)
  public String state;

  public Instant updatedAt = Instant.now();
}
