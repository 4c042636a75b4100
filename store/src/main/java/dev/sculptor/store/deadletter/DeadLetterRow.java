package dev.sculptor.store.deadletter;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A record a consumer refused, kept to be looked at and replayed. */
@Entity
@Table(name = "dead_letter")
public class DeadLetterRow {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  public String topic;
  public int kafkaPartition;
  public long kafkaOffset;
  public String messageKey;

  @Column(columnDefinition = "text")
  public String payload;

  public boolean payloadTruncated;

  @Column(columnDefinition = "text")
  public String reason;

  public String consumerGroup;
  public Instant deadAt;
  public Instant replayedAt;
  public int replays;
}
