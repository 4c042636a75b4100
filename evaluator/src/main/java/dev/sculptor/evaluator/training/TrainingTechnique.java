package dev.sculptor.evaluator.training;

import ai.djl.ndarray.NDArray;

/**
 * What a compression technique adds to a training run, step by step: a loss term, work before the
 * forward pass and around the optimizer's update. Each hook does nothing unless a technique
 * overrides it; a run applies its techniques in the order given.
 */
public interface TrainingTechnique {
  /** Before a batch's forward pass (for example, write fake-quantised weights). */
  default void beforeForward(CandidateModel model) {}

  /**
   * The loss to minimise for a batch, given the hard-label loss (mean over the batch), the
   * network's logits and the training-set index of each of the batch's examples, in order.
   */
  default NDArray loss(NDArray hardLoss, NDArray logits, int[] examples) {
    return hardLoss;
  }

  /**
   * After the backward pass, before the optimizer's update (for example, restore float weights).
   */
  default void beforeUpdate(CandidateModel model) {}

  /**
   * After update {@code step} of {@code steps} in this run, counted from 1 (for example, apply a
   * sparsity mask on a schedule).
   */
  default void afterUpdate(CandidateModel model, int step, int steps) {}

  /** After the run's last update, before the run returns. */
  default void afterRun(CandidateModel model) {}
}
