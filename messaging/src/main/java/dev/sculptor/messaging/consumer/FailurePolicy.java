package dev.sculptor.messaging.consumer;

import java.time.Duration;
import java.util.function.Function;

/**
 * The loop's decision for a record whose handler threw: retry it after a wait, or dead-letter it.
 * Pure, so the rules are tested without a broker.
 */
public record FailurePolicy(
    Backoff backoff, int unknownFailureTries, Function<Throwable, FailureKind> classifier) {

  public sealed interface Decision permits Retry, DeadLetterIt {}

  /** Seek back to the record and try it again after {@code delay}. */
  public record Retry(Duration delay, String reason) implements Decision {}

  /** Store it as a dead letter with {@code reason}, commit, go on. */
  public record DeadLetterIt(String reason) implements Decision {}

  public static FailurePolicy of(ConsumerSettings settings) {
    return new FailurePolicy(
        settings.backoff(), settings.unknownFailureTries(), Failures::classify);
  }

  /** {@code failures} counts this record's failures so far, this one included. */
  public Decision decide(Throwable failure, int failures) {
    String reason = describe(failure);
    return switch (classifier.apply(failure)) {
      case INFRASTRUCTURE -> new Retry(backoff.delay(failures), reason);
      case MALFORMED -> new DeadLetterIt(reason);
      case UNKNOWN ->
          failures < unknownFailureTries
              ? new Retry(backoff.delay(failures), reason)
              : new DeadLetterIt("handler failed " + failures + " times: " + reason);
    };
  }

  /**
   * The exception's own message where it has one (a RejectedMessage's reason), else its type and
   * message.
   */
  static String describe(Throwable failure) {
    if (failure instanceof RejectedMessage && failure.getMessage() != null)
      return failure.getMessage();
    String text = failure.toString();
    return text.length() > 1000 ? text.substring(0, 1000) : text;
  }
}
