package dev.sculptor.evaluator.export;

/**
 * The exporter cannot express this network (or its weights do not fit the spec). Thrown before
 * anything is written, so a caller can fail the candidate with {@link #getMessage()} as the reason.
 */
public final class OnnxExportException extends RuntimeException {
  public OnnxExportException(String reason) {
    super(reason);
  }

  public OnnxExportException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
