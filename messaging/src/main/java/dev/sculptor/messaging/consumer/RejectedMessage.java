package dev.sculptor.messaging.consumer;

/**
 * Thrown by a handler when the message itself is unusable: not JSON, a required id missing, an
 * unknown type. Retrying cannot help, so the record is dead-lettered and consumption goes on.
 */
public final class RejectedMessage extends RuntimeException {
  public RejectedMessage(String reason) {
    super(reason);
  }

  public RejectedMessage(String reason, Throwable cause) {
    super(reason, cause);
  }
}
