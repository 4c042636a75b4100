package dev.sculptor.core.job;

/**
 * The final phase of a job: once the search ends, its {@code candidates} most accurate feasible
 * front members are trained again at full fidelity and re-measured (0 turns the phase off). The
 * recipe: {@code epochs} over the whole train split with a one-cycle learning-rate schedule peaking
 * at the candidate's own learning rate, random shifts of up to {@code shiftPixels} pixels, early
 * stopping once validation accuracy has not improved for {@code patience} epochs of the run's last
 * third (the best epoch's weights are kept), then the candidate's compression plan (pruning with
 * {@code fineTuneEpochs} of fine-tuning on a new one-cycle schedule, precision at export). Every
 * field is optional; {@link #withDefaults()} fills them. Fine-tuning lasts as long as the training
 * unless told otherwise: the pruned network retrains on the whole schedule again (learning-rate
 * rewinding, Renda et al. 2020); shorter fine-tunes left it measurably less accurate on the
 * canonical job (docs/benchmarks.md).
 */
public record FinalTraining(
    Integer candidates,
    Integer epochs,
    Integer fineTuneEpochs,
    Integer patience,
    Integer shiftPixels,
    Integer rotationDegrees,
    Integer zoomPercent) {
  public static final int DEFAULT_CANDIDATES = 3;
  public static final int DEFAULT_EPOCHS = 15;
  public static final int DEFAULT_PATIENCE = 4;
  public static final int DEFAULT_SHIFT_PIXELS = 2;
  public static final int DEFAULT_ROTATION_DEGREES = 0;
  public static final int DEFAULT_ZOOM_PERCENT = 0;
  public static final int MAX_CANDIDATES = 10;
  public static final int MAX_EPOCHS = 100;

  /**
   * A final training runs many more epochs than a search evaluation: the worker waits this many
   * times longer for its result before sending it again, and the evaluator lets it run this many
   * times longer before cancelling it.
   */
  public static final int TIME_FACTOR = 4;

  public static FinalTraining defaults() {
    return withCandidates(DEFAULT_CANDIDATES);
  }

  /** The phase turned off. */
  public static FinalTraining off() {
    return withCandidates(0);
  }

  private static FinalTraining withCandidates(int candidates) {
    return new FinalTraining(
        candidates,
        DEFAULT_EPOCHS,
        DEFAULT_EPOCHS,
        DEFAULT_PATIENCE,
        DEFAULT_SHIFT_PIXELS,
        DEFAULT_ROTATION_DEGREES,
        DEFAULT_ZOOM_PERCENT);
  }

  public FinalTraining withDefaults() {
    return new FinalTraining(
        candidates == null ? DEFAULT_CANDIDATES : candidates,
        epochs == null ? DEFAULT_EPOCHS : epochs,
        fineTuneEpochs != null ? fineTuneEpochs : epochs == null ? DEFAULT_EPOCHS : epochs,
        patience == null ? DEFAULT_PATIENCE : patience,
        shiftPixels == null ? DEFAULT_SHIFT_PIXELS : shiftPixels,
        rotationDegrees == null ? DEFAULT_ROTATION_DEGREES : rotationDegrees,
        zoomPercent == null ? DEFAULT_ZOOM_PERCENT : zoomPercent);
  }

  public boolean enabled() {
    return candidates != null && candidates > 0;
  }
}
