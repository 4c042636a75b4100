package dev.sculptor.worker.strategy;

/**
 * How the genetic search uses its model of the evaluated candidates ({@link ParzenScore}): for each
 * offspring slot it breeds {@code candidatesPerSlot} children and keeps the one the model scores
 * highest, except in a share {@code explorationShare} of slots (drawn at random), which keep the
 * plain first child, so the search never relies on the model alone. {@code gamma} is the share of
 * candidates the model calls good. Children after the first also have each gene redrawn, with
 * probability {@code modelMutation}, from the good candidates' density, so the pool holds more than
 * small variations of the parents. The model starts once {@code warmUp} candidates are evaluated.
 */
public record ModelGuidance(
    int candidatesPerSlot,
    double explorationShare,
    double gamma,
    double modelMutation,
    int warmUp) {
  /**
   * The product's setting, chosen on the tabular benchmark (docs/benchmarks.md, "Model-guided
   * breeding").
   */
  public static final ModelGuidance DEFAULT = new ModelGuidance(8, 0.5, 0.25, 0.3, 12);

  /** Plain breeding: one child per slot, no model. */
  public static final ModelGuidance OFF = new ModelGuidance(1, 1, 0.25, 0, 0);

  public ModelGuidance {
    if (candidatesPerSlot < 1) throw new IllegalArgumentException("candidatesPerSlot < 1");
    if (explorationShare < 0 || explorationShare > 1)
      throw new IllegalArgumentException("explorationShare outside [0, 1]");
    if (gamma <= 0 || gamma >= 1) throw new IllegalArgumentException("gamma outside (0, 1)");
    if (modelMutation < 0 || modelMutation > 1)
      throw new IllegalArgumentException("modelMutation outside [0, 1]");
  }
}
