package dev.sculptor.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.Teacher;
import dev.sculptor.core.space.Activation;
import dev.sculptor.core.space.ArchitectureSpec;
import dev.sculptor.core.space.BlockType;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.Distillation;
import dev.sculptor.core.space.Precision;
import dev.sculptor.core.space.StageSpec;
import dev.sculptor.core.space.TrainingRecipe;
import dev.sculptor.evaluator.Candidates;
import dev.sculptor.evaluator.artifact.FileArtifactStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Knowledge distillation through the whole evaluation, on real digits: a teacher evaluated (and its
 * ONNX model stored) by the same evaluator, students learning from its ONNX Runtime logits.
 */
class DistillationTest {
  @TempDir static Path store;
  static CandidateEvaluator evaluator;
  static EvaluationResult teacher;
  static UUID teacherId;

  @BeforeAll
  static void evaluateTheTeacher() {
    evaluator =
        new CandidateEvaluator(
            new EvaluatorIdentity("test", "localhost", "host-cpu", 2, "PyTorch"),
            new FileArtifactStore(store));
    int images = Integer.getInteger("distill.teacherImages", 8000);
    int epochs = Integer.getInteger("distill.teacherEpochs", 3);
    EvaluationRequest request =
        Candidates.request(
            network(
                Integer.getInteger("distill.teacherStem", 32),
                Integer.getInteger("distill.teacherWidth", 64),
                2,
                null,
                32),
            "mnist-10k",
            epochs,
            images,
            11);
    teacherId = request.candidateId();
    teacher = evaluator.evaluate(request);
    assertThat(teacher.status())
        .as(String.valueOf(teacher.error()))
        .isEqualTo(EvaluationResult.Status.SUCCEEDED);
    System.out.printf(
        Locale.ROOT, "teacher validation accuracy %.4f%n", teacher.metrics().accuracy());
  }

  @Test
  void aDistilledStudentLearnsFromTheNamedTeacherAndWithoutOneSaysWhy() {
    Distillation distillation = new Distillation(4, 0.9);
    EvaluationResult taught =
        student(1, distillation, 500, 1, 16, new Teacher(teacherId, teacher.artifact()));
    EvaluationResult untaught = student(1, distillation, 500, 1, 16, null);
    EvaluationResult.ArtifactRef changed =
        new EvaluationResult.ArtifactRef(
            teacher.artifact().uri(), teacher.artifact().bytes(), "00".repeat(32));
    EvaluationResult unreadable =
        student(1, distillation, 500, 1, 16, new Teacher(teacherId, changed));

    assertThat(taught.fidelity().distillation())
        .startsWith("distilled from the teacher " + teacherId)
        .contains("temperature 4.0, weight 0.9");
    assertThat(untaught.fidelity().distillation())
        .contains("named no teacher")
        .endsWith("trained on labels alone");
    assertThat(unreadable.fidelity().distillation())
        .contains("not in this evaluator's artifact store")
        .endsWith("trained on labels alone");
    // the soft loss is in what was minimised: the same seed and data order, another loss
    assertThat(taught.trainingCurve().getFirst().loss())
        .isNotEqualTo(untaught.trainingCurve().getFirst().loss());
    assertThat(student(1, null, 500, 1, 16, null).fidelity().distillation())
        .as("a plan without distillation says nothing of it")
        .isNull();
  }

  /**
   * The acceptance test: a small student distilled from a larger trained teacher beats the
   * same student trained alone at equal epochs: the median gain over six seeds exceeds 0.01 and at
   * least four seeds gain. The median, not the mean: in one fresh-clone CI run the distilled
   * student of seed 2 collapsed to 0.1882, because a libtorch kernel read uninitialised memory
   * (evaluator/README.md; native.env now zero-fills heap memory, and seed 2 gave 0.8689 since); the
   * test prints the curve of any student that ends below 0.5 so that another such fault can be
   * traced. It holds for students trained long enough: teacher stem 32, widths 64, 3 epochs on all
   * 8,000 training digits (0.957); students stem 8, widths 16, 10 epochs on all 8,000 digits, batch
   * 64, T = 4, w = 0.5: alone 0.7798 / 0.9039 / 0.8759 / 0.7538 / 0.8869 / 0.8839, distilled 0.8699
   * / 0.9029 (0.8689 with zero-filled memory) / 0.9049 / 0.8719 / 0.9009 / 0.9089 (seeds 1-6): mean
   * +0.046, five seeds better (the defaults below; 159 s on the quiet 2-vCPU build machine). With
   * oneDNN's SSE4.1 kernels (native.env since 2026-12-03, an AVX-512 machine, teacher 0.959): alone
   * 0.8228 / 0.8819 / 0.8999 / 0.8599 / 0.8909 / 0.7618, distilled 0.8649 / 0.8989 / 0.8979 /
   * 0.8899 / 0.8919 / 0.8829, five seeds better. Shorter trainings gained nothing (validation
   * accuracy of the exported student; student stem 8, widths 16, one block per stage):
   *
   * <ul>
   *   <li>teacher (stem 32, widths 64, 3 epochs on all 8,000 training digits, batch 64) 0.967;
   *       students on 2,000 digits, 2 epochs, batch 64, T = 4: alone 0.327 / 0.276 / 0.339 / 0.234
   *       / 0.335 (seeds 1-5), w = 0.5: 0.316 / 0.286 / 0.351 / 0.268 / 0.232, w = 0.9: 0.319 /
   *       0.265 / 0.318 / 0.285 / 0.227: mean gain −0.005 (w = 0.5) and −0.020 (w = 0.9), no
   *       margin.
   *   <li>teacher (stem 16, widths 32, 2 epochs on all 8,000, batch 32) 0.934; students on 2,000
   *       digits, 1 epoch, batch 16, T = 4: alone 0.314 / 0.290 (seeds 1-2), w = 0.5: 0.256 /
   *       0.276, w = 0.9: 0.168 / 0.188: distillation lost.
   *   <li>same teacher; students on 1,000 digits, 4 epochs, batch 16, T = 4, w = 0.5: alone 0.410 /
   *       0.457 / 0.477, distilled 0.408 / 0.379 / 0.391 (seeds 1-3): mean −0.055.
   *   <li>teacher stem 32, widths 64, 2 epochs on all 8,000, batch 32: 0.950; students stem 16,
   *       widths 16, 1,000 digits, 3 epochs, batch 16, T = 2, w = 0.5: alone 0.357 / 0.446 / 0.441
   *       / 0.445 / 0.379, distilled 0.386 / 0.409 / 0.416 / 0.436 / 0.385 (seeds 1-5): mean
   *       −0.007.
   *   <li>same teacher and students, 2,000 digits, 6 epochs, batch 16, T = 4 (machine unloaded,
   *       about a minute a run): alone 0.742 / 0.777 / 0.742 / 0.617 / 0.701; w = 0.5 distilled
   *       0.748 / 0.705 / 0.758 (seeds 1-3, mean −0.017); w = 0.9 distilled 0.731 / 0.708 / 0.712 /
   *       0.541 / 0.730 (seeds 1-5, mean −0.031).
   * </ul>
   *
   * The cached teacher logits are the right ones (checked once by hand: their argmax agrees with
   * the labels exactly as often as the teacher's own ONNX Runtime accuracy on those digits).
   *
   * <p>In those shorter trainings the seed-to-seed spread (±0.03-0.08) exceeded any gain: students
   * short of convergence (0.3-0.78 validation) are where soft targets can slow learning. The {@code
   * distill.*} properties read below (seeds, subset, epochs, batch, weight, temperature, teacher
   * images, epochs and widths, student widths) rerun it in another setting.
   */
  @Test
  void aSmallStudentDistilledFromALargerTeacherBeatsTheSameStudentTrainedAlone() {
    int subset = Integer.getInteger("distill.subset", 8000);
    int epochs = Integer.getInteger("distill.epochs", 10);
    int batch = Integer.getInteger("distill.batch", 64);
    double weight = Double.parseDouble(System.getProperty("distill.weight", "0.5"));
    double temperature = Double.parseDouble(System.getProperty("distill.temperature", "4"));
    long[] seeds =
        Arrays.stream(System.getProperty("distill.seeds", "1,2,3,4,5,6").split(","))
            .mapToLong(Long::parseLong)
            .toArray();
    Teacher named = new Teacher(teacherId, teacher.artifact());
    List<Double> gains = new ArrayList<>();
    for (long seed : seeds) {
      EvaluationResult alone = student(seed, null, subset, epochs, batch, null);
      EvaluationResult distilled =
          student(seed, new Distillation(temperature, weight), subset, epochs, batch, named);
      double a = alone.metrics().accuracy();
      double d = distilled.metrics().accuracy();
      System.out.printf(Locale.ROOT, "seed %d alone %.4f distilled %.4f%n", seed, a, d);
      for (EvaluationResult r : List.of(alone, distilled))
        if (r.metrics().accuracy() < 0.5)
          System.out.printf(Locale.ROOT, "  seed %d collapsed: %s%n", seed, r.trainingCurve());
      gains.add(d - a);
    }
    List<Double> sorted = gains.stream().sorted().toList();
    int n = sorted.size();
    double median = (sorted.get((n - 1) / 2) + sorted.get(n / 2)) / 2;
    assertThat(median).as("median gain of validation accuracy over the seeds").isGreaterThan(0.01);
    assertThat(gains.stream().filter(g -> g > 0).count())
        .as("seeds whose distilled student beats the one trained alone, of %d: %s", n, gains)
        .isGreaterThanOrEqualTo(Math.min(4, n));
  }

  private static EvaluationResult student(
      long seed, Distillation distillation, int subset, int epochs, int batch, Teacher named) {
    EvaluationRequest request =
        Candidates.request(
                network(
                    Integer.getInteger("distill.studentStem", 8),
                    Integer.getInteger("distill.studentWidth", 16),
                    1,
                    distillation,
                    batch),
                "mnist-10k",
                epochs,
                subset,
                seed)
            .withTeacher(named);
    EvaluationResult result = evaluator.evaluate(request);
    assertThat(result.status())
        .as(String.valueOf(result.error()))
        .isEqualTo(EvaluationResult.Status.SUCCEEDED);
    return result;
  }

  /** A stem, a conv stage and a depthwise-separable stage of {@code depth} blocks. */
  static CandidateSpec network(
      int stem, int width, int depth, Distillation distillation, int batch) {
    return new CandidateSpec(
        new ArchitectureSpec(
            stem,
            List.of(
                new StageSpec(BlockType.CONV_BN_ACT, 3, width, 1, 1),
                new StageSpec(BlockType.DEPTHWISE_SEPARABLE, 3, width, depth, 1)),
            Activation.RELU,
            0),
        new CompressionPlan(Precision.FP32, List.of(), null, null, distillation, List.of(), null),
        new TrainingRecipe(3e-3, batch));
  }
}
