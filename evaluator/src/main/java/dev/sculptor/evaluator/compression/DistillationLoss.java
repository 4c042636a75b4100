package dev.sculptor.evaluator.compression;

import ai.djl.ndarray.NDArray;
import dev.sculptor.core.space.Distillation;
import dev.sculptor.evaluator.network.GraphScalars;
import dev.sculptor.evaluator.training.TrainingTechnique;

/**
 * Knowledge distillation's loss: {@code (1 − w) · hardLoss + w · T² · KL(softmax(teacher / T) ‖
 * softmax(student / T))}, the KL divergence summed over classes and averaged over the batch (Hinton
 * et al.; T² keeps the soft term's gradients on the hard term's scale as T grows). The teacher's
 * logits come from {@link TeacherLogits}, those of the unshifted images.
 */
public final class DistillationLoss implements TrainingTechnique {
  private final TeacherLogits teacher;
  private final double temperature;
  private final double weight;

  public DistillationLoss(TeacherLogits teacher, Distillation distillation) {
    this.teacher = teacher;
    this.temperature = distillation.temperature();
    this.weight = distillation.weight();
  }

  @Override
  public NDArray loss(NDArray hardLoss, NDArray logits, int[] examples) {
    return combine(
        hardLoss, logits, teacher.of(logits.getManager(), examples), temperature, weight);
  }

  /**
   * The combined loss for a batch of {@code student} and {@code teacher} logits (batch × classes).
   */
  static NDArray combine(
      NDArray hardLoss, NDArray student, NDArray teacher, double temperature, double weight) {
    // float scalars: a double would make PyTorch promote the loss to float64
    float t = (float) temperature;
    NDArray logStudent = GraphScalars.over(student, t).logSoftmax(1);
    NDArray logTeacher = GraphScalars.over(teacher, t).logSoftmax(1);
    NDArray kl = logTeacher.exp().mul(logTeacher.sub(logStudent)).sum(new int[] {1}).mean();
    return GraphScalars.times(hardLoss, (float) (1 - weight))
        .add(GraphScalars.times(kl, (float) weight * t * t));
  }
}
