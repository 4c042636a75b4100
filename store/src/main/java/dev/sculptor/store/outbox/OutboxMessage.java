package dev.sculptor.store.outbox;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A message written in the same transaction as the state it announces; the relay publishes it. */
@Entity
@Table(name = "outbox")
public class OutboxMessage {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  public String topic;
  public String messageKey;

  @JdbcTypeCode(SqlTypes.JSON)
  public String payload;

  public Instant createdAt = Instant.now();
  public Instant publishedAt;
  public int attempts;

  /** Not tried again before this time (backoff after a failed send). */
  public Instant nextAttemptAt;

  public String lastError;

  /** Set when the row was given up on: it no longer blocks anything and waits for an operator. */
  public Instant parkedAt;
}
