package dev.sculptor.messaging.consumer;

import java.time.Instant;

/** What one consumer loop is doing, for readiness checks. */
public record ConsumerHealth(String name, State state, String detail, int restarts, Instant since) {

  public enum State {
    /** Subscribed, first poll not back yet. */
    STARTING,
    RUNNING,
    /** Polling, but a record keeps failing on the database or broker and is being retried. */
    RETRYING,
    /** The consumer died and waits to be started again. */
    RESTARTING,
    STOPPED
  }

  /** Ready unless dead (waiting for a restart) or stopped; a retrying consumer is alive. */
  public boolean ready() {
    return state != State.RESTARTING && state != State.STOPPED;
  }
}
