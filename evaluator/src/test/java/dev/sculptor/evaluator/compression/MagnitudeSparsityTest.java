package dev.sculptor.evaluator.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.Candidates;
import dev.sculptor.evaluator.data.DatasetSplits;
import dev.sculptor.evaluator.data.Datasets;
import dev.sculptor.evaluator.data.LabeledImages;
import dev.sculptor.evaluator.export.ExportParity;
import dev.sculptor.evaluator.export.OnnxEvaluation;
import dev.sculptor.evaluator.export.SparseStorage;
import dev.sculptor.evaluator.network.ParameterLayout.Slot;
import dev.sculptor.evaluator.training.CandidateModel;
import dev.sculptor.evaluator.training.TrainingTechnique;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Magnitude sparsity on a really trained small CNN (1,000 mnist-10k digits, 2 epochs, then a
 * 1-epoch fine-tune at 75% sparsity), its schedule, and what of it reaches the exported ONNX file.
 */
class MagnitudeSparsityTest {
  static final double TARGET = 0.75;
  static DatasetSplits data;
  static LabeledImages train;
  static NetworkSpec spec;
  static CandidateModel model;
  static double denseAccuracy;
  static double sparseAccuracy;
  static double prunedAtOnceAccuracy;

  /** Per update: every parameter's zero count, read back from the engine after the hooks ran. */
  static final List<long[]> zerosPerUpdate = new ArrayList<>();

  static final List<int[]> stepsSeen = new ArrayList<>();

  @BeforeAll
  static void fineTuneAtSeventyFivePercent() {
    data = Datasets.load(DatasetRef.builtIn("mnist-10k"));
    train = data.train().first(1000);
    spec = NetworkDecoder.decode(Candidates.smallCnn(Precision.FP32, List.of()), train.shape(), 10);
    Engine.getInstance().setRandomSeed(21);
    model = CandidateModel.create(spec, 3e-3);
    model.train("train", train, data.validation(), 2, 32, 21);
    denseAccuracy = model.accuracy(data.validation());
    float[][] dense = model.parameterValues();
    try (CandidateModel atOnce = CandidateModel.create(spec, 3e-3)) {
      atOnce.setParameterValues(dense);
      new MagnitudeSparsity(TARGET).afterRun(atOnce);
      prunedAtOnceAccuracy = atOnce.accuracy(data.validation());
    }
    TrainingTechnique probe =
        new TrainingTechnique() {
          @Override
          public void afterUpdate(CandidateModel m, int step, int steps) {
            zerosPerUpdate.add(m.slots().stream().mapToLong(s -> zeros(values(s))).toArray());
            stepsSeen.add(new int[] {step, steps});
          }
        };
    List<TrainingTechnique> hooks =
        new ArrayList<>(PlannedTechniques.forFineTune(withSparsity(Precision.FP32, TARGET)));
    hooks.add(probe);
    model.useTechniques(hooks);
    model.train("fine-tune", train, data.validation(), 1, 32, 22);
    sparseAccuracy = model.accuracy(data.validation());
    System.out.printf(
        "validation accuracy: dense %.4f, pruned to 75%% at once %.4f, 75%% sparse after the"
            + " fine-tune %.4f%n",
        denseAccuracy, prunedAtOnceAccuracy, sparseAccuracy);
  }

  @AfterAll
  static void close() {
    if (model != null) model.close();
  }

  @Test
  void afterTheFineTuneEverySparsifiedLayerHasExactlyItsShareOfZerosAndNothingElseIsPruned() {
    List<String> sparsified = new ArrayList<>();
    for (Slot slot : model.slots()) {
      float[] w = values(slot);
      if (MagnitudeSparsity.sparsifies(slot)) {
        sparsified.add(slot.name());
        // ceil(0.75 n): never below the target, at most one weight above it
        assertThat(zeros(w)).as(slot.name()).isEqualTo((long) Math.ceil(TARGET * w.length));
      } else {
        // biases, batch norm and depthwise filters: trained, never set to zero
        assertThat(zeros(w)).as(slot.name()).isZero();
      }
    }
    // stem, the conv stage, two pointwise convs and the classifier; the two depthwise convs are not
    assertThat(sparsified).hasSize(5);
    assertThat(model.slots().stream().filter(s -> s.conv() != null && s.conv().groups() > 1))
        .isNotEmpty()
        .noneMatch(MagnitudeSparsity::sparsifies);
    assertThat(MagnitudeSparsity.reached(model.slots())).isGreaterThanOrEqualTo(TARGET);
    // Measured (seed 21 only): dense 0.5075; pruned to 75% at once 0.1031 (chance); after the
    // gradual 1-epoch fine-tune 0.2503. This network has a few thousand weights and little to
    // spare (fine-tuned from the same weights with a fresh optimizer, as the evaluator does: 0.553
    // at 0%, 0.549 at 50%, 0.266 at 75%), so the test asks that the schedule and fine-tune recover
    // well above pruning at once, not the dense figure.
    assertThat(sparseAccuracy).isGreaterThan(prunedAtOnceAccuracy + 0.05);
  }

  @Test
  void duringTheFineTuneEachLayersZerosFollowTheScheduleAndPrunedWeightsStayZero() {
    assertThat(zerosPerUpdate).isNotEmpty();
    int updates = stepsSeen.getFirst()[1];
    assertThat(zerosPerUpdate).hasSize(updates);
    List<Slot> slots = model.slots();
    for (int u = 0; u < updates; u++) {
      double scheduled = MagnitudeSparsity.scheduled(TARGET, u + 1, updates);
      for (int i = 0; i < slots.size(); i++) {
        Slot slot = slots.get(i);
        if (!MagnitudeSparsity.sparsifies(slot)) continue;
        int n = (int) slot.parameter().getArray().size();
        // the optimizer moved the masked weights; the hook put exactly them back to zero
        assertThat(zerosPerUpdate.get(u)[i])
            .as("%s after update %d of %d", slot.name(), u + 1, updates)
            .isEqualTo(MagnitudeSparsity.zerosFor(scheduled, n));
        if (u > 0)
          assertThat(zerosPerUpdate.get(u)[i]).isGreaterThanOrEqualTo(zerosPerUpdate.get(u - 1)[i]);
      }
    }
  }

  @Test
  void theExportedOnnxKeepsTheZerosAtFp32AndInt8AndStillComputesTheDjlNetwork() throws Exception {
    Map<String, Long> djlWeights =
        model.slots().stream()
            .filter(MagnitudeSparsity::sparsifies)
            .collect(Collectors.toMap(s -> layer(s), s -> (long) s.parameter().getArray().size()));
    OnnxEvaluation.Result fp32 = export(Precision.FP32);
    // batch norm folded into the conv weights scales each channel: zero stays zero
    Map<String, TensorProto> fp32Init = initializers(fp32.onnx());
    for (var e : djlWeights.entrySet()) {
      TensorProto t = fp32Init.get(e.getKey() + ".weight");
      assertThat(t).as(e.getKey()).isNotNull();
      assertThat(SparseStorage.zeros(t))
          .as(e.getKey())
          .isEqualTo((long) Math.ceil(TARGET * e.getValue()));
    }
    assertThat(fp32.fp32Parity().maxAbsDifference())
        .isLessThanOrEqualTo(ExportParity.FP32_TOLERANCE);
    assertThat(fp32.fp32Parity().images()).isEqualTo(OnnxEvaluation.PARITY_IMAGES);
    assertThat(fp32.accuracy()).isEqualTo(sparseAccuracy);

    // int8: zero quantises to zero (and tiny kept weights may round to it too); the default keeps
    // the stem and the classifier in fp32, so they carry float weights
    OnnxEvaluation.Result int8 = export(Precision.INT8);
    Map<String, TensorProto> int8Init = initializers(int8.onnx());
    int int8Layers = 0;
    for (var e : djlWeights.entrySet()) {
      TensorProto t = int8Init.get(e.getKey() + ".weight.q");
      if (t == null) t = int8Init.get(e.getKey() + ".weight");
      else int8Layers++;
      assertThat(SparseStorage.zeros(t))
          .as(e.getKey())
          .isGreaterThanOrEqualTo((long) Math.ceil(TARGET * e.getValue()));
    }
    assertThat(int8Layers).isEqualTo(3);

    // the file stays dense; a sparse format would save roughly the zeros' bytes
    SparseStorage.Estimate estimate = SparseStorage.of(fp32.onnx());
    assertThat(estimate.fileBytes()).isEqualTo(fp32.onnx().length);
    assertThat(estimate.sparseBytes()).isLessThan(estimate.fileBytes());
    assertThat(estimate.zeroWeights())
        .isGreaterThanOrEqualTo(
            djlWeights.values().stream().mapToLong(n -> (long) Math.ceil(TARGET * n)).sum());
    System.out.printf(
        "fp32 file %d bytes, sparse format %d; int8 file %d bytes, sparse format %d%n",
        estimate.fileBytes(),
        estimate.sparseBytes(),
        int8.onnx().length,
        SparseStorage.of(int8.onnx()).sparseBytes());
  }

  @Test
  void aRunWithoutUpdatesStillEndsAtTheTargetAndLeavesEverythingElseBitForBit() {
    Engine.getInstance().setRandomSeed(5);
    try (CandidateModel fresh = CandidateModel.create(spec, 3e-3)) {
      float[][] before = fresh.parameterValues();
      fresh.useTechniques(List.of(new MagnitudeSparsity(0.9)));
      fresh.train("fine-tune", train.first(64), data.validation().first(64), 0, 32, 1);
      float[][] after = fresh.parameterValues();
      List<Slot> slots = fresh.slots();
      for (int i = 0; i < slots.size(); i++) {
        Slot slot = slots.get(i);
        if (!MagnitudeSparsity.sparsifies(slot)) {
          assertThat(after[i]).as(slot.name()).containsExactly(before[i]);
          continue;
        }
        int n = before[i].length;
        assertThat(zeros(after[i])).as(slot.name()).isEqualTo((long) Math.ceil(0.9 * n));
        float smallestKept = Float.MAX_VALUE;
        float largestPruned = 0;
        for (int k = 0; k < n; k++) {
          if (after[i][k] == 0) {
            largestPruned = Math.max(largestPruned, Math.abs(before[i][k]));
          } else {
            // a kept weight is the weight it was
            assertThat(after[i][k]).isEqualTo(before[i][k]);
            smallestKept = Math.min(smallestKept, Math.abs(before[i][k]));
          }
        }
        assertThat(largestPruned).as(slot.name()).isLessThanOrEqualTo(smallestKept);
      }
    }
  }

  @Test
  void theScheduleRisesMonotonicallyFromZeroCubicallyAndEndsExactlyAtTheTarget() {
    for (double target : List.of(0.5, 0.75, 0.9)) {
      for (int steps : List.of(1, 2, 3, 7, 32, 100, 1000)) {
        assertThat(MagnitudeSparsity.scheduled(target, 0, steps)).isZero();
        double previous = 0;
        List<Double> distinct = new ArrayList<>();
        for (int step = 1; step <= steps; step++) {
          double s = MagnitudeSparsity.scheduled(target, step, steps);
          assertThat(s).as("step %d of %d", step, steps).isGreaterThanOrEqualTo(previous);
          assertThat(s).isLessThanOrEqualTo(target);
          if (s > previous) distinct.add(s - previous);
          previous = s;
        }
        assertThat(MagnitudeSparsity.scheduled(target, steps, steps)).isEqualTo(target);
        // reached at the end of the ramp, then held while the last updates fine-tune the mask
        int ramp = (int) Math.ceil(MagnitudeSparsity.RAMP * steps);
        assertThat(MagnitudeSparsity.scheduled(target, ramp, steps)).isEqualTo(target);
        assertThat(distinct).hasSizeLessThanOrEqualTo(MagnitudeSparsity.PRUNINGS);
        // cubic: each recomputation prunes less than the one before
        for (int k = 1; k < distinct.size(); k++)
          assertThat(distinct.get(k)).isLessThan(distinct.get(k - 1));
      }
    }
    // a run without updates prunes to the target at once
    assertThat(MagnitudeSparsity.scheduled(0.75, 0, 0)).isEqualTo(0.75);
  }

  @Test
  void theMaskZeroesExactlyTheSmallestMagnitudesAndBreaksTiesInOrder() {
    float[] w = {0.5f, -0.1f, 0.1f, -0.0f, 2f, 0.1f};
    assertThat(MagnitudeSparsity.keepMask(w, 0)).containsExactly(1, 1, 1, 1, 1, 1);
    assertThat(MagnitudeSparsity.keepMask(w, 1)).containsExactly(1, 1, 1, 0, 1, 1);
    assertThat(MagnitudeSparsity.keepMask(w, 3)).containsExactly(1, 0, 0, 0, 1, 1);
    assertThat(MagnitudeSparsity.keepMask(w, 6)).containsExactly(0, 0, 0, 0, 0, 0);
    assertThat(MagnitudeSparsity.zerosFor(0.75, 144)).isEqualTo(108);
    assertThat(MagnitudeSparsity.zerosFor(0.75, 10)).isEqualTo(8);
    assertThatThrownBy(() -> new MagnitudeSparsity(1.0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyASparsePlanAddsTheTechniqueToTheFineTune() {
    assertThat(PlannedTechniques.forFineTune(CompressionPlan.none())).isEmpty();
    assertThat(PlannedTechniques.forTraining(withSparsity(Precision.INT8, 0.5))).isEmpty();
    assertThat(PlannedTechniques.forFineTune(withSparsity(Precision.INT8, 0.5)))
        .singleElement()
        .isInstanceOfSatisfying(
            MagnitudeSparsity.class, t -> assertThat(t.target()).isEqualTo(0.5));
    assertThat(PlannedTechniques.needsFineTune(withSparsity(Precision.FP32, 0.5))).isTrue();
  }

  static CompressionPlan withSparsity(Precision precision, double sparsity) {
    return new CompressionPlan(precision, List.of(), sparsity, null, null, List.of(), null);
  }

  private static OnnxEvaluation.Result export(Precision precision) {
    return OnnxEvaluation.builder()
        .setModel(model)
        .setPrecision(precision)
        .setCalibrationImages(train)
        .setValidationImages(data.validation())
        .optLatencyRuns(1, 2)
        .build()
        .run();
  }

  private static Map<String, TensorProto> initializers(byte[] onnx) throws Exception {
    return ModelProto.parseFrom(onnx).getGraph().getInitializerList().stream()
        .collect(Collectors.toMap(TensorProto::getName, Function.identity()));
  }

  /** The layer name a parameter belongs to, as the exporter names its tensors. */
  private static String layer(Slot slot) {
    return slot.conv() != null ? slot.conv().name() : slot.dense().name();
  }

  private static float[] values(Slot slot) {
    return slot.parameter().getArray().toFloatArray();
  }

  private static long zeros(float[] values) {
    long n = 0;
    for (float v : values) if (v == 0) n++;
    return n;
  }
}
