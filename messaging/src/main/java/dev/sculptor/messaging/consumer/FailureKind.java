package dev.sculptor.messaging.consumer;

/** What a handler's exception means for the record it was handling. */
public enum FailureKind {
  /** Database, broker or a timeout: retry the same record with backoff, for as long as it takes. */
  INFRASTRUCTURE,
  /** The message is unusable: dead-letter it, commit, go on. */
  MALFORMED,
  /** Neither recognisably: retried a few times (it may be transient), then dead-lettered. */
  UNKNOWN
}
