package dev.sculptor.messaging.consumer;

/**
 * Thrown by a handler when something the message needs is unavailable (database, broker, a
 * timeout). The message is fine: the record is retried with backoff, never skipped.
 */
public class InfrastructureFailure extends RuntimeException {
  public InfrastructureFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
