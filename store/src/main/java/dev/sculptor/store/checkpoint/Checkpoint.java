package dev.sculptor.store.checkpoint;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** Search state after a generation (population, policy, RNG); the newest one is resumed from. */
@Entity
@Table(name = "checkpoint")
@IdClass(Checkpoint.Key.class)
public class Checkpoint {
  @Id public UUID jobId;
  @Id public int generation;

  @JdbcTypeCode(SqlTypes.JSON)
  public String state;

  public Instant createdAt = Instant.now();

  public record Key(UUID jobId, int generation) implements Serializable {
    public Key() {
      this(null, 0);
    }
  }
}
