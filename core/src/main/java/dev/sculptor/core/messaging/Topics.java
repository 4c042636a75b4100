package dev.sculptor.core.messaging;

/** Kafka topic names; the version is part of the name. */
public final class Topics {
  public static final String JOBS = "sculptor.jobs.v1";
  public static final String RESULTS = "sculptor.results.v1";
  public static final String EVENTS = "sculptor.events.v1";
  public static final String EVALUATORS = "sculptor.evaluators.v1";

  /**
   * {@link DeadLetter}s of consumers that cannot reach the database (evaluators); the api stores
   * them.
   */
  public static final String DEAD_LETTERS = "sculptor.dead-letters.v1";

  private static final String EVALUATE_PREFIX = "sculptor.evaluate.v1.";

  private Topics() {}

  /** Evaluation requests for one hardware target, e.g. {@code sculptor.evaluate.v1.host-cpu}. */
  public static String evaluate(String hardwareTarget) {
    return EVALUATE_PREFIX + hardwareTarget;
  }
}
