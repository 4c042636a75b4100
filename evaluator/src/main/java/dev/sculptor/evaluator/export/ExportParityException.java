package dev.sculptor.evaluator.export;

/** The exported fp32 model disagrees with the network it was exported from: an exporter bug. */
public final class ExportParityException extends RuntimeException {
  public ExportParityException(String reason) {
    super(reason);
  }
}
