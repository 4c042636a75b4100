package dev.sculptor.evaluator.export;

/** How an activation's int8 range is read from calibration outputs. */
public sealed interface CalibrationMethod {
  /** Smallest and largest value seen over the whole calibration sample. */
  record MinMax() implements CalibrationMethod {}

  /**
   * The {@code percentile}-th and (100 − percentile)-th values of each calibration batch, averaged
   * over batches: clips rare outliers so the common values get finer steps.
   */
  record Percentile(double percentile) implements CalibrationMethod {
    public Percentile {
      if (!(percentile > 50 && percentile <= 100))
        throw new IllegalArgumentException("percentile must be in (50, 100]: " + percentile);
    }
  }

  static CalibrationMethod minMax() {
    return new MinMax();
  }

  default String describe() {
    return switch (this) {
      case MinMax m -> "min-max";
      case Percentile p -> "percentile " + p.percentile();
    };
  }
}
