package dev.sculptor.evaluator.compression;

import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.evaluator.training.TrainingTechnique;
import java.util.ArrayList;
import java.util.List;

/**
 * The training hooks a candidate's compression plan asks for in each phase: the first training of
 * the full network, and the fine-tune of the compressed one. One place decides which technique runs
 * when, so the evaluator's protocol reads the same whatever the plan.
 */
public final class PlannedTechniques {
  private PlannedTechniques() {}

  /** Hooks of the first training (the full network, before any compression). */
  public static List<TrainingTechnique> forTraining(CompressionPlan plan) {
    List<TrainingTechnique> hooks = new ArrayList<>();
    return List.copyOf(hooks);
  }

  /** Hooks of the fine-tune of the compressed network. */
  public static List<TrainingTechnique> forFineTune(CompressionPlan plan) {
    List<TrainingTechnique> hooks = new ArrayList<>();
    if (plan.sparsity() != null) hooks.add(new MagnitudeSparsity(plan.sparsity()));
    hooks.addAll(QuantisationAwareTraining.forPlan(plan));
    return List.copyOf(hooks);
  }

  /** Hooks of the first training, with what the evaluation prepared for them. */
  public static List<TrainingTechnique> forTraining(
      CompressionPlan plan, TechniqueContext context) {
    return distilled(plan, context, forTraining(plan));
  }

  /** Hooks of the fine-tune, with what the evaluation prepared for them. */
  public static List<TrainingTechnique> forFineTune(
      CompressionPlan plan, TechniqueContext context) {
    return distilled(plan, context, forFineTune(plan));
  }

  /**
   * Distillation first, so its {@code (1 − w)} scales the hard-label loss alone and other
   * techniques' loss terms add to the result; only when the teacher's logits are at hand.
   */
  private static List<TrainingTechnique> distilled(
      CompressionPlan plan, TechniqueContext context, List<TrainingTechnique> others) {
    if (plan.distillation() == null || context.teacherLogits() == null) return others;
    List<TrainingTechnique> hooks = new ArrayList<>();
    hooks.add(new DistillationLoss(context.teacherLogits(), plan.distillation()));
    hooks.addAll(others);
    return List.copyOf(hooks);
  }

  /**
   * Whether the plan needs a fine-tune even when no channel is pruned: techniques that change the
   * weights while fine-tuning (sparsity, quantisation-aware training).
   */
  public static boolean needsFineTune(CompressionPlan plan) {
    return plan.sparsity() != null || plan.trainsQuantised();
  }
}
