package dev.sculptor.evaluator.evaluation;

import ai.djl.training.tracker.Tracker;
import dev.sculptor.core.job.FinalTraining;
import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.evaluator.data.LabeledImages;
import dev.sculptor.evaluator.training.Augmentation;
import dev.sculptor.evaluator.training.OneCycle;

/**
 * How a request is trained: at search fidelity (its {@code fidelity}: epochs, optional train
 * subset, fine-tune epochs, a fixed learning rate, no augmentation, no early stopping) or, for the
 * final phase ({@link EvaluationRequest#finalTraining()}), at full fidelity: the whole train split,
 * a one-cycle schedule peaking at the candidate's learning rate, random shifts (and rotations and
 * zooms when asked for), early stopping on validation accuracy with the best epoch's weights kept.
 */
record FinalRecipe(
    boolean isFinal,
    int epochs,
    Integer trainSubset,
    int fineTuneEpochs,
    Augmentation augmentation,
    int patience) {

  static FinalRecipe of(EvaluationRequest request) {
    if (!request.isFinal()) {
      return new FinalRecipe(
          false,
          request.fidelity().epochs(),
          request.fidelity().trainSubset(),
          request.fidelity().fineTuneEpochs(),
          Augmentation.NONE,
          0);
    }
    FinalTraining f = request.finalTraining().withDefaults();
    if (f.epochs() < 1
        || f.fineTuneEpochs() < 0
        || f.patience() < 0
        || f.shiftPixels() < 0
        || f.rotationDegrees() < 0
        || f.zoomPercent() < 0) {
      throw new IllegalArgumentException(
          "final training needs epochs >= 1 and no negative fine-tune epochs, patience or"
              + " augmentation");
    }
    return new FinalRecipe(
        true,
        f.epochs(),
        null,
        f.fineTuneEpochs(),
        new Augmentation(f.shiftPixels(), f.rotationDegrees(), f.zoomPercent()),
        f.patience());
  }

  /**
   * The peak rate a diverged final training is trained again at: Adam's customary 1e-3, or a
   * quarter of the rate that diverged when that was lower already. The search tried the candidate
   * at its own rate for a few epochs at a fixed rate; the final one-cycle peaks there for far more
   * updates, which some networks do not survive.
   */
  static double retryRate(double diverged) {
    return Math.min(1e-3, diverged / 4);
  }

  LabeledImages trainOn(LabeledImages all) {
    return trainSubset == null ? all : all.first(trainSubset);
  }

  /**
   * The learning rate per update: fixed during the search, one cycle over these epochs in the final
   * phase.
   */
  Tracker schedule(double learningRate, int epochs, int examples, int batch) {
    if (!isFinal || epochs < 1) return Tracker.fixed((float) learningRate);
    int perEpoch = (examples + batch - 1) / batch;
    return new OneCycle((float) learningRate, Math.max(1, epochs * perEpoch));
  }
}
