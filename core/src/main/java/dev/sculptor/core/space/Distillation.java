package dev.sculptor.core.space;

/**
 * Knowledge distillation from a teacher network: the student's loss is {@code weight} times the
 * soft-target loss (KL divergence between teacher and student at {@code temperature}, scaled by T²)
 * plus {@code 1 - weight} times the hard-label loss. Values out of range are clamped.
 */
public record Distillation(double temperature, double weight) {
  /** Temperatures the genome chooses from. */
  public static final double[] TEMPERATURES = {2, 4, 8};

  /** Soft-loss weights the genome chooses from. */
  public static final double[] WEIGHTS = {0.5, 0.9};

  public Distillation {
    temperature = Double.isFinite(temperature) ? Math.clamp(temperature, 1, 20) : 4;
    weight = Double.isFinite(weight) ? Math.clamp(weight, 0, 1) : 0.5;
  }
}
