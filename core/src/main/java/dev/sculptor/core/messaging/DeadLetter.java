package dev.sculptor.core.messaging;

import java.time.Instant;

/**
 * A record a consumer could not use (not JSON, a required id missing, an unknown type): where it
 * was, what it said and why it was refused. Evaluators publish these on {@link Topics#DEAD_LETTERS}
 * keyed by the original topic (they never reach the database); the api stores them.
 */
public record DeadLetter(
    String topic,
    int partition,
    long offset,
    String key,
    String payload,
    boolean payloadTruncated,
    String reason,
    String consumer,
    Instant at) {

  /**
   * Longest payload kept; a larger one is cut and cannot be replayed (it still fits one Kafka
   * message).
   */
  public static final int MAX_PAYLOAD_CHARS = 256 * 1024;

  /**
   * The refused record at {@code topic}/{@code partition}@{@code offset}, its payload cut to {@link
   * #MAX_PAYLOAD_CHARS}.
   */
  public static DeadLetter of(
      String topic,
      int partition,
      long offset,
      String key,
      String value,
      String reason,
      String consumer,
      Instant at) {
    boolean cut = value != null && value.length() > MAX_PAYLOAD_CHARS;
    return new DeadLetter(
        topic,
        partition,
        offset,
        key,
        cut ? value.substring(0, MAX_PAYLOAD_CHARS) : value,
        cut,
        reason,
        consumer,
        at);
  }
}
