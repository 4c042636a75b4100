package dev.sculptor.messaging.consumer;

import dev.sculptor.core.messaging.DeadLetter;

/**
 * Where a consumer puts the records it refuses: the dead-letter table where the database is near,
 * the dead-letter topic where it is not (evaluators). A sink that throws leaves the record
 * uncommitted; it is tried again like an infrastructure failure.
 */
@FunctionalInterface
public interface DeadLetterSink {
  void accept(DeadLetter letter) throws Exception;
}
