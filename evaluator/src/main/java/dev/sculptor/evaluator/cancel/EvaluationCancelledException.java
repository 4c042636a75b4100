package dev.sculptor.evaluator.cancel;

/** The evaluation stopped at a safe point because it was cancelled (its time limit passed). */
public final class EvaluationCancelledException extends RuntimeException {
  public EvaluationCancelledException(String reason) {
    super(reason);
  }
}
