package dev.sculptor.evaluator.training;

/** Training diverged (NaN or infinite loss): the candidate's fault, retrying will not help. */
public class NonFiniteLossException extends RuntimeException {
  public NonFiniteLossException(String phase, int epoch, float loss) {
    super("training diverged: " + phase + " epoch " + epoch + " loss is " + loss);
  }

  /** A divergence already described (a final training that diverged again when retried). */
  public NonFiniteLossException(String message) {
    super(message);
  }
}
