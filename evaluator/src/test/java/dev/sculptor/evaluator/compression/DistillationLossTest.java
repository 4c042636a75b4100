package dev.sculptor.evaluator.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.sculptor.core.space.Distillation;
import dev.sculptor.evaluator.network.GraphScalarsTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The distillation loss in DJL against values worked out by hand. */
class DistillationLossTest {
  @Test
  void equalTeacherAndStudentLogitsLeaveOnlyTheWeightedHardLoss() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray logits = m.create(new float[] {1, -2, 0.5f, 3, 0, -1}, new Shape(2, 3));
      NDArray hard = m.create(0.8f);
      float loss = DistillationLoss.combine(hard, logits, logits.duplicate(), 4, 0.9).getFloat();
      // KL(p ‖ p) = 0, so only (1 − 0.9) · 0.8 is left
      assertThat(loss).isCloseTo(0.08f, within(1e-6f));
    }
  }

  @Test
  void twoClassExampleMatchesTheHandComputedValue() {
    try (NDManager m = NDManager.newBaseManager()) {
      // teacher logits (2, 0), student (0, 0), T = 2: teacher p = softmax(1, 0) = (0.7311, 0.2689),
      // student q = (0.5, 0.5); KL = 0.7311·ln(0.7311/0.5) + 0.2689·ln(0.2689/0.5) = 0.1109
      // loss = 0.5 · 1.0 + 0.5 · 4 · 0.1109 = 0.7219
      NDArray student = m.create(new float[] {0, 0}, new Shape(1, 2));
      NDArray teacher = m.create(new float[] {2, 0}, new Shape(1, 2));
      NDArray hard = m.create(1f);
      double p = 1 / (1 + Math.exp(-1));
      double kl = p * Math.log(p / 0.5) + (1 - p) * Math.log((1 - p) / 0.5);
      assertThat(kl).isCloseTo(0.1109, within(1e-4));
      assertThat(DistillationLoss.combine(hard, student, teacher, 2, 0.5).getFloat())
          .isCloseTo((float) (0.5 + 0.5 * 4 * kl), within(1e-5f))
          .isCloseTo(0.7219f, within(1e-4f));
    }
  }

  @Test
  void theGradientPullsTheStudentTowardsTheTeachersPreferredClass() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray student = m.create(new float[] {0, 0}, new Shape(1, 2));
      student.setRequiresGradient(true);
      NDArray teacher = m.create(new float[] {2, 0}, new Shape(1, 2));
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray loss = DistillationLoss.combine(m.create(0f), student, teacher, 2, 1.0);
        collector.backward(loss);
      }
      float[] gradient = student.getGradient().toFloatArray();
      // d/dz_i of T²·KL = T·(q_i − p_i): T·(0.5 − 0.7311) for class 0, the opposite for class 1
      double p = 1 / (1 + Math.exp(-1));
      assertThat(gradient[0]).isNegative().isCloseTo((float) (2 * (0.5 - p)), within(1e-5f));
      assertThat(gradient[1]).isPositive().isCloseTo((float) (2 * (p - 0.5)), within(1e-5f));
    }
  }

  @Test
  void theGradientStaysRightWhenTheCollectorRunsBeforeTheBackwardPass() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray student = m.create(new float[] {0, 0}, new Shape(1, 2));
      student.setRequiresGradient(true);
      NDArray teacher = m.create(new float[] {2, 0}, new Shape(1, 2));
      NDArray hard = m.create(1f);
      hard.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray loss = DistillationLoss.combine(hard, student, teacher, 2, 0.75);
        GraphScalarsTest.collectGarbageAndReuseFreedMemory();
        collector.backward(loss);
      }
      // d/dz_i = w·T·(q_i − p_i) with w = 0.75, T = 2; d/d(hard loss) = 1 − w
      double p = 1 / (1 + Math.exp(-1));
      float[] gradient = student.getGradient().toFloatArray();
      assertThat(gradient[0]).isCloseTo((float) (0.75 * 2 * (0.5 - p)), within(1e-5f));
      assertThat(gradient[1]).isCloseTo((float) (0.75 * 2 * (p - 0.5)), within(1e-5f));
      assertThat(hard.getGradient().getFloat()).isCloseTo(0.25f, within(1e-6f));
    }
  }

  @Test
  void theTechniqueLooksUpEachExamplesOwnTeacherLogits() {
    TeacherLogits cached = new TeacherLogits(UUID.randomUUID(), new float[] {2, 0, 0, 2, -1, 1}, 2);
    DistillationLoss technique = new DistillationLoss(cached, new Distillation(2, 1.0));
    try (NDManager m = NDManager.newBaseManager()) {
      // the student agrees with example 1's teacher exactly: no soft loss for that example alone
      NDArray student = m.create(new float[] {0, 2}, new Shape(1, 2));
      assertThat(technique.loss(m.create(5f), student, new int[] {1}).getFloat())
          .isCloseTo(0f, within(1e-6f));
      assertThat(technique.loss(m.create(5f), student, new int[] {0}).getFloat()).isPositive();
      assertThat(cached.examples()).isEqualTo(3);
    }
  }
}
