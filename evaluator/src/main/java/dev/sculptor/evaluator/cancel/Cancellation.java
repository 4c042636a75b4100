package dev.sculptor.evaluator.cancel;

/**
 * Asks a running evaluation to stop. Native training cannot be interrupted, so training checks this
 * between batches and measurement between timed runs; the evaluation then ends with {@link
 * EvaluationCancelledException} and writes nothing more.
 */
public final class Cancellation {
  private volatile String reason;

  /** A token nobody cancels, for callers without a time limit (the CLI, benchmarks). */
  public static Cancellation none() {
    return new Cancellation();
  }

  public void cancel(String why) {
    if (reason == null) reason = why;
  }

  public boolean isCancelled() {
    return reason != null;
  }

  /** Throws if cancelled; called at every safe point. */
  public void check() {
    String why = reason;
    if (why != null) throw new EvaluationCancelledException(why);
  }
}
