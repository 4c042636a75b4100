package dev.sculptor.api.deadletter;

import dev.sculptor.store.deadletter.DeadLetterRow;
import java.time.Instant;

/** A dead letter as the admin API shows it: the payload as an excerpt from its start. */
public record DeadLetterView(
    long id,
    String topic,
    int partition,
    long offset,
    String key,
    String payloadExcerpt,
    int payloadChars,
    boolean replayable,
    String reason,
    String consumerGroup,
    Instant deadAt,
    Instant replayedAt,
    int replays) {

  static final int EXCERPT_CHARS = 4096;

  static DeadLetterView of(DeadLetterRow row) {
    String payload = row.payload == null ? "" : row.payload;
    return new DeadLetterView(
        row.id,
        row.topic,
        row.kafkaPartition,
        row.kafkaOffset,
        row.messageKey,
        payload.length() > EXCERPT_CHARS ? payload.substring(0, EXCERPT_CHARS) : payload,
        payload.length(),
        !row.payloadTruncated && row.payload != null,
        row.reason,
        row.consumerGroup,
        row.deadAt,
        row.replayedAt,
        row.replays);
  }
}
