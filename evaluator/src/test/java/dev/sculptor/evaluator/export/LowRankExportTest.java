package dev.sculptor.evaluator.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.network.ConvLayer;
import dev.sculptor.core.network.DenseLayer;
import dev.sculptor.core.network.LowRankFactor;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.Activation;
import dev.sculptor.core.space.ArchitectureSpec;
import dev.sculptor.core.space.BlockType;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.Precision;
import dev.sculptor.core.space.StageSpec;
import dev.sculptor.core.space.TrainingRecipe;
import dev.sculptor.evaluator.compression.ChannelPruning;
import dev.sculptor.evaluator.compression.Svd;
import dev.sculptor.evaluator.data.Datasets;
import dev.sculptor.evaluator.data.LabeledImages;
import dev.sculptor.evaluator.measurement.OnnxRuntimeModel;
import dev.sculptor.evaluator.network.ActivationRanges;
import dev.sculptor.evaluator.network.ParameterLayout.Slot;
import dev.sculptor.evaluator.training.CandidateModel;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Low-rank factorised networks in DJL and ONNX: the SVD split of a trained layer's weights into two
 * factors, and the export of each factorised layer as two nodes at every precision.
 */
class LowRankExportTest {
  static LabeledImages images;

  @BeforeAll
  static void load() {
    images =
        Datasets.load(DatasetRef.builtIn("mnist-10k"))
            .validation()
            .first(OnnxEvaluation.PARITY_IMAGES);
  }

  /**
   * Inverted residuals (expansion and projection 1×1 convs), a depthwise-separable block (its
   * pointwise conv) and a hidden dense layer: every kind of layer factorisation applies to.
   */
  static CandidateSpec candidate(List<Double> pruning, Double lowRank) {
    return new CandidateSpec(
        new ArchitectureSpec(
            8,
            List.of(
                new StageSpec(BlockType.INVERTED_RESIDUAL, 3, 16, 2, 4),
                new StageSpec(BlockType.DEPTHWISE_SEPARABLE, 3, 32, 1, 1)),
            Activation.RELU,
            32),
        new CompressionPlan(Precision.FP32, pruning, null, lowRank, null, List.of(), null),
        new TrainingRecipe(1e-3, 64));
  }

  @Test
  void whereTheTrainedWeightsHaveTheKeptRankTheFactorisedNetworkComputesTheWholeOne() {
    CandidateSpec candidate = candidate(List.of(), 0.25);
    NetworkSpec whole = NetworkDecoder.decode(candidate, images.shape(), 10);
    NetworkSpec factorised = NetworkDecoder.decodePruned(candidate, images.shape(), 10);
    Map<String, Integer> ranks = ranks(factorised);
    assertThat(ranks)
        .containsOnlyKeys(
            "s1.b1.expand",
            "s1.b1.project",
            "s1.b2.expand",
            "s1.b2.project",
            "s2.b1.pw",
            "head.hidden");
    assertThat(factorised.params()).isLessThan(whole.params());
    Engine.getInstance().setRandomSeed(21);
    try (CandidateModel full = CandidateModel.create(whole, 1e-3);
        CandidateModel small = CandidateModel.create(factorised, 1e-3)) {
      OnnxParityTest.randomiseBatchNorm(full, 22);
      // make each layer to be factorised exactly of the rank kept: its factors then lose nothing
      for (Slot slot : full.slots()) {
        String layer = slot.conv() != null ? slot.conv().name() : slot.dense().name();
        if (!slot.isWeight() || !ranks.containsKey(layer)) continue;
        long[] shape = slot.parameter().getArray().getShape().getShape();
        int rows = (int) shape[0];
        int cols = (int) (slot.parameter().getArray().size() / rows);
        double[] truncated =
            Svd.of(slot.parameter().getArray().toFloatArray(), rows, cols)
                .reconstruct(ranks.get(layer));
        float[] values = new float[truncated.length];
        for (int i = 0; i < values.length; i++) values[i] = (float) truncated[i];
        slot.parameter().getArray().set(FloatBuffer.wrap(values));
      }

      ChannelPruning.copyKeptWeights(full, small);

      float[] expected = ExportParity.djlLogits(full, images);
      float[] actual = ExportParity.djlLogits(small, images);
      double max = 0;
      for (int i = 0; i < expected.length; i++)
        max = Math.max(max, Math.abs(expected[i] - actual[i]));
      System.out.printf("rank-exact factorisation: max |Δlogit| whole vs factorised = %.3g%n", max);
      assertThat(max).isLessThan(1e-4);
    }
  }

  @Test
  void eachFactorisedLayerIsTwoNodesAtEveryPrecisionAndTheFp32ExportMatchesDjl() throws Exception {
    // pruned first, then factorised
    CandidateSpec candidate = candidate(List.of(0.5, 0.5, 0.5, 0.5), 0.25);
    NetworkSpec whole = NetworkDecoder.decode(candidate, images.shape(), 10);
    NetworkSpec compressed = NetworkDecoder.decodePruned(candidate, images.shape(), 10);
    assertThat(compressed.prunableLayers()).hasSameSizeAs(whole.prunableLayers());
    Engine.getInstance().setRandomSeed(23);
    try (CandidateModel full = CandidateModel.create(whole, 1e-3);
        CandidateModel small = CandidateModel.create(compressed, 1e-3)) {
      OnnxParityTest.randomiseBatchNorm(full, 24);
      ChannelPruning.copyKeptWeights(full, small);
      NetworkWeights weights = NetworkWeights.of(small);
      assertThat(weights.conv(compressed.blocks().getFirst().convs().getFirst()).batchNorm())
          .as("the first factor of s1.b1.expand")
          .isFalse();

      byte[] fp32 = OnnxExporter.builder().build().export(compressed, weights).bytes();
      try (OnnxRuntimeModel ort =
          OnnxRuntimeModel.load(fp32, compressed.input(), Precision.FP32, 1)) {
        ExportParity.Fp32Parity parity = ExportParity.checkFp32(small, ort, images);
        System.out.printf(
            "pruned and factorised: max |Δlogit| ORT vs DJL = %.3g%n", parity.maxAbsDifference());
        assertThat(parity.maxAbsDifference()).isLessThanOrEqualTo(ExportParity.FP32_TOLERANCE);
      }

      ActivationRanges ranges =
          ActivationCalibrator.calibrate(
              compressed, weights, images, images.size(), CalibrationMethod.minMax());
      int[] fp32Predictions;
      try (OnnxRuntimeModel ort =
          OnnxRuntimeModel.load(fp32, compressed.input(), Precision.FP32, 1)) {
        fp32Predictions = ort.predict(images);
      }
      for (Precision precision : Precision.values()) {
        for (Int8Layers layers :
            precision == Precision.INT8
                ? List.of(Int8Layers.defaults(), Int8Layers.all())
                : List.of(Int8Layers.defaults())) {
          byte[] bytes =
              OnnxExporter.builder()
                  .setPrecision(precision)
                  .optInt8Layers(layers)
                  .optActivationRanges(ranges)
                  .build()
                  .export(compressed, weights)
                  .bytes();
          String what = precision + " " + layers.describe();
          ModelProto model = ModelProto.parseFrom(bytes);
          List<NodeProto> nodes = model.getGraph().getNodeList();
          // read back from the file: one Conv per conv of the compressed spec, two per factorised
          assertThat(count(nodes, "Conv")).as(what).isEqualTo(compressed.convs().count());
          assertThat(count(nodes, "Gemm")).as(what).isEqualTo(3);
          assertThat(count(nodes, "Conv")).as(what).isEqualTo(whole.convs().count() + 5);
          for (String layer : List.of("s1.b1.expand", "s1.b2.project", "s2.b1.pw")) {
            assertThat(output(nodes, layer + ".factor1.conv").getInputCount())
                .as("%s %s: no bias on the first factor", what, layer)
                .isEqualTo(2);
            assertThat(output(nodes, layer + ".factor2.conv").getInputCount()).isEqualTo(3);
          }
          assertThat(output(nodes, "head.hidden.factor1.gemm").getInputCount()).isEqualTo(2);
          assertThat(output(nodes, "head.hidden.factor2.gemm").getInputCount()).isEqualTo(3);
          assertThat(bytes.length)
              .as("%s: the file is at least the size bound", what)
              .isGreaterThanOrEqualTo((int) compressed.modelBytesAtLeast(precision));
          assertThat(bytes.length - compressed.modelBytesAtLeast(precision))
              .isLessThanOrEqualTo(ModelSizeBoundTest.MAX_OVERHEAD_BYTES);
          try (OnnxRuntimeModel ort =
              OnnxRuntimeModel.load(bytes, compressed.input(), precision, 1)) {
            double agreement = ExportParity.topOneAgreement(ort.predict(images), fp32Predictions);
            System.out.printf("%s: top-1 agreement with fp32 %.3f%n", what, agreement);
            assertThat(agreement).as(what).isGreaterThanOrEqualTo(0.9);
          }
        }
      }
    }
  }

  /** The rank of each factorised layer, by its whole name. */
  static Map<String, Integer> ranks(NetworkSpec spec) {
    return java.util.stream.Stream.concat(
            spec.convs().map(ConvLayer::factor), spec.head().stream().map(DenseLayer::factor))
        .filter(f -> f != null && f.first())
        .collect(Collectors.toMap(LowRankFactor::layer, LowRankFactor::rank));
  }

  static long count(List<NodeProto> nodes, String op) {
    return nodes.stream().filter(n -> n.getOpType().equals(op)).count();
  }

  static NodeProto output(List<NodeProto> nodes, String tensor) {
    return nodes.stream()
        .filter(n -> Set.copyOf(n.getOutputList()).contains(tensor))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no node writes " + tensor));
  }
}
