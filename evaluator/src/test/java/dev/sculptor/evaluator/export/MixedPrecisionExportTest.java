package dev.sculptor.evaluator.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.onnx.proto.OnnxMl.ModelProto;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.Activation;
import dev.sculptor.core.space.ArchitectureSpec;
import dev.sculptor.core.space.BlockType;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.Precision;
import dev.sculptor.core.space.PrecisionMix;
import dev.sculptor.core.space.StageSpec;
import dev.sculptor.core.space.TrainingRecipe;
import dev.sculptor.evaluator.Candidates;
import dev.sculptor.evaluator.data.DatasetSplits;
import dev.sculptor.evaluator.data.Datasets;
import dev.sculptor.evaluator.data.LabeledImages;
import dev.sculptor.evaluator.measurement.ComputePrecision;
import dev.sculptor.evaluator.measurement.OnnxRuntimeModel;
import dev.sculptor.evaluator.network.ActivationRanges;
import dev.sculptor.evaluator.training.CandidateModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Per-layer mixed precision: the exported model has the planned precision per layer, read back from
 * the ONNX graph, and runs in ONNX Runtime with the mix it was given.
 */
class MixedPrecisionExportTest {
  // stem, a depthwise-separable stage (the second block residual), an inverted-residual stage and a
  // hidden dense layer: depthwise convs, full convs and two dense layers to mix
  private static final NetworkSpec SPEC =
      NetworkDecoder.decode(
          new CandidateSpec(
              new ArchitectureSpec(
                  16,
                  List.of(
                      new StageSpec(BlockType.DEPTHWISE_SEPARABLE, 3, 32, 2, 1),
                      new StageSpec(BlockType.INVERTED_RESIDUAL, 3, 32, 2, 2)),
                  Activation.RELU,
                  32),
              CompressionPlan.none(),
              TrainingRecipe.defaults()),
          InputShape.MNIST,
          10);
  private static final NetworkWeights WEIGHTS = RandomWeights.of(SPEC, 7);
  private static final LabeledImages IMAGES = RandomImages.images(SPEC.input(), 16, 10, 5);
  private static final ActivationRanges RANGES =
      ActivationCalibrator.calibrate(SPEC, WEIGHTS, IMAGES, 16, CalibrationMethod.minMax());

  @Test
  void depthwiseFp16OverAnInt8PlanStoresEachLayerAtItsPlannedPrecision() throws Exception {
    List<Precision> planned = PrecisionMix.DEPTHWISE_FP16.layers(SPEC, Precision.INT8);
    assertThat(planned).contains(Precision.FP32, Precision.FP16, Precision.INT8);

    ModelProto m = ModelProto.parseFrom(export(Precision.INT8, planned));

    assertThat(StoredLayers.weightPrecisions(m)).containsExactlyElementsOf(planned);
    assertThat(StoredLayers.metadata(m, "sculptor.layer_precisions")).isEqualTo(described(planned));
    assertThat(StoredLayers.metadata(m, "sculptor.precision")).isEqualTo("int8");
    assertThat(StoredLayers.metadata(m, "sculptor.int8"))
        .contains("int8 layers as sculptor.layer_precisions");
    assertThat(StoredLayers.metadata(m, "sculptor.fp16")).contains("compute fp32");
  }

  @Test
  void anExplicitListMixingAllThreePrecisionsIsWrittenLayerByLayer() throws Exception {
    List<Precision> planned = new ArrayList<>();
    for (int i = 0; i < LayerPrecisions.layers(SPEC).size(); i++)
      planned.add(Precision.values()[i % 3]);
    List<Precision> allInt8 = PrecisionMix.ALL_INT8.layers(SPEC, Precision.INT8);

    ModelProto mixed = ModelProto.parseFrom(export(Precision.INT8, planned));
    ModelProto everyLayerInt8 = ModelProto.parseFrom(export(Precision.INT8, allInt8));

    assertThat(StoredLayers.weightPrecisions(mixed)).containsExactlyElementsOf(planned);
    assertThat(StoredLayers.metadata(mixed, "sculptor.layer_precisions"))
        .isEqualTo(described(planned));
    assertThat(StoredLayers.weightPrecisions(everyLayerInt8))
        .hasSize(allInt8.size())
        .containsOnly(Precision.INT8);
  }

  @Test
  void aUniformExportIsTheSameWalkAsAListNamingItsLayers() throws Exception {
    // the int8 default as a list (stem and classifier fp32) and fp16 everywhere: the same graph as
    // the uniform export, which only lacks the per-layer metadata
    List<Precision> int8Default =
        LayerPrecisions.uniform(SPEC, Precision.INT8, Int8Layers.defaults()).layers();
    assertThat(int8Default.getFirst()).isEqualTo(Precision.FP32);
    assertThat(int8Default.getLast()).isEqualTo(Precision.FP32);
    List<Precision> fp16 =
        PrecisionMix.ALL_INT8.layers(SPEC, Precision.INT8).stream()
            .map(p -> Precision.FP16)
            .toList();

    assertThat(ModelProto.parseFrom(export(Precision.INT8, int8Default)).getGraph())
        .isEqualTo(ModelProto.parseFrom(export(Precision.INT8, List.of())).getGraph());
    assertThat(ModelProto.parseFrom(export(Precision.FP16, fp16)).getGraph())
        .isEqualTo(ModelProto.parseFrom(export(Precision.FP16, List.of())).getGraph());
  }

  @Test
  void aListThatDoesNotNameEveryLayerIsRefused() {
    List<Precision> short1 = PrecisionMix.ALL_INT8.layers(SPEC, Precision.INT8).subList(0, 3);
    assertThatThrownBy(() -> export(Precision.INT8, short1))
        .isInstanceOf(OnnxExportException.class)
        .hasMessageContaining("3 layer precisions for");
  }

  @Test
  void onnxRuntimeRunsTheInt8LayersAsIntegerKernelsAndLeavesTheOthersInFloat() {
    List<Precision> cyclic = new ArrayList<>();
    for (int i = 0; i < LayerPrecisions.layers(SPEC).size(); i++)
      cyclic.add(Precision.values()[i % 3]);
    // the hidden dense layer float between int8 convs and an int8 classifier
    List<Precision> floatHidden =
        new ArrayList<>(PrecisionMix.ALL_INT8.layers(SPEC, Precision.INT8));
    floatHidden.set(floatHidden.size() - 2, Precision.FP32);
    for (List<Precision> planned :
        List.of(PrecisionMix.DEPTHWISE_FP16.layers(SPEC, Precision.INT8), cyclic, floatHidden)) {
      byte[] onnx = export(Precision.INT8, planned);
      int convs = (int) SPEC.convs().count();
      int int8Convs = count(planned.subList(0, convs), Precision.INT8);
      int int8Dense = count(planned.subList(convs, planned.size()), Precision.INT8);

      try (OnnxRuntimeModel ort = OnnxRuntimeModel.load(onnx, SPEC.input(), Precision.INT8, 1)) {
        Map<String, Integer> kernels = ort.provenance().kernels();
        // ONNX Runtime quantises a float conv or Gemm between DequantizeLinear and QuantizeLinear
        // itself unless the export prevents it: every layer planned fp16 or fp32 must still run
        // as a float kernel
        assertThat(kernels.getOrDefault("com.microsoft:QLinearConv", 0))
            .as("%s: %s", planned, kernels)
            .isEqualTo(int8Convs);
        assertThat(sum(kernels, k -> k.endsWith("Conv") && !k.contains("QLinear")))
            .as("%s: float convs in %s", planned, kernels)
            .isEqualTo(convs - int8Convs);
        // an int8 dense layer whose output is not quantised (the next layer is float, or it
        // writes the logits) may run as a float Gemm on its dequantised weights: at most the int8
        // ones are integer, at least the float ones are float
        assertThat(kernels.getOrDefault("com.microsoft:QGemm", 0))
            .as("%s: %s", planned, kernels)
            .isLessThanOrEqualTo(int8Dense);
        assertThat(sum(kernels, k -> k.endsWith("Gemm") && !k.contains("QGemm")))
            .as("%s: float Gemms in %s", planned, kernels)
            .isGreaterThanOrEqualTo(planned.size() - convs - int8Dense);
        assertThat(ort.provenance().computedPrecision()).isEqualTo(ComputePrecision.INT8_AND_FP32);
        float[] logits = ort.logits(IMAGES.images(0, IMAGES.size()), IMAGES.size());
        assertThat(logits).hasSize(IMAGES.size() * 10);
        for (float v : logits) assertThat(v).isFinite();
      }
    }
  }

  private static int count(List<Precision> layers, Precision p) {
    return (int) layers.stream().filter(l -> l == p).count();
  }

  private static int sum(Map<String, Integer> kernels, java.util.function.Predicate<String> key) {
    return kernels.entrySet().stream()
        .filter(e -> key.test(e.getKey()))
        .mapToInt(Map.Entry::getValue)
        .sum();
  }

  @Test
  void mixedFilesPassTheOfficialChecker() throws Exception {
    OnnxChecker.assumeInstalled();
    Path dir = Files.createTempDirectory("mixed-precision");
    List<Precision> cyclic = new ArrayList<>();
    for (int i = 0; i < LayerPrecisions.layers(SPEC).size(); i++)
      cyclic.add(Precision.values()[(i + 1) % 3]);
    Files.write(
        dir.resolve("depthwise-fp16.onnx"),
        export(Precision.INT8, PrecisionMix.DEPTHWISE_FP16.layers(SPEC, Precision.INT8)));
    Files.write(
        dir.resolve("all-int8.onnx"),
        export(Precision.INT8, PrecisionMix.ALL_INT8.layers(SPEC, Precision.INT8)));
    Files.write(dir.resolve("cyclic.onnx"), export(Precision.INT8, cyclic));

    OnnxChecker.Run checker = OnnxChecker.check(dir);

    assertThat(checker.exitCode()).as(checker.output()).isZero();
    assertThat(checker.output()).contains("checked 3 failed 0");
  }

  /**
   * After real training (1,000 digits, one epoch): the mixed file is measured in ONNX Runtime
   * beside the fp32 export that matched DJL, and predicts as it does on most digits.
   */
  @Test
  void aTrainedMixedModelIsMeasuredBesideItsFp32ExportAndAgreesWithIt() throws Exception {
    DatasetSplits data = Datasets.load(DatasetRef.builtIn("mnist-10k"));
    NetworkSpec spec =
        NetworkDecoder.decode(Candidates.smallCnn(Precision.INT8, List.of()), InputShape.MNIST, 10);
    List<Precision> planned = PrecisionMix.DEPTHWISE_FP16.layers(spec, Precision.INT8);
    Engine.getInstance().setRandomSeed(2);
    try (CandidateModel model = CandidateModel.create(spec, 3e-3)) {
      model.train("train", data.train().first(1000), data.validation(), 1, 64, 2);

      OnnxEvaluation.Result r =
          OnnxEvaluation.builder()
              .setModel(model)
              .setPrecision(Precision.INT8)
              .optLayerPrecisions(planned)
              .setCalibrationImages(data.train())
              .setValidationImages(data.validation())
              .optLatencyRuns(3, 10)
              .build()
              .run();

      System.out.printf(
          "depthwise fp16 over int8: accuracy %.4f, agreement with fp32 %.4f, %d bytes, parity"
              + " %.3g, %s%n",
          r.accuracy(),
          r.topOneAgreementWithFp32().orElseThrow(),
          r.onnx().length,
          r.fp32Parity().maxAbsDifference(),
          r.provenance().kernels());
      assertThat(StoredLayers.weightPrecisions(ModelProto.parseFrom(r.onnx())))
          .containsExactlyElementsOf(planned);
      assertThat(r.fp32Parity().maxAbsDifference())
          .isLessThanOrEqualTo(ExportParity.FP32_TOLERANCE);
      assertThat(r.fp32Parity().images()).isEqualTo(OnnxEvaluation.PARITY_IMAGES);
      assertThat(r.topOneAgreementWithFp32().orElseThrow()).isGreaterThan(0.9);
      assertThat(r.provenance().computedPrecision()).isEqualTo(ComputePrecision.INT8_AND_FP32);
      assertThat(r.latency().medianMs()).isPositive();
    }
  }

  @Test
  void bothFactorsOfAFactorisedLayerTakeThatLayersPlannedPrecision() throws Exception {
    List<Precision> planned = PrecisionMix.DEPTHWISE_FP16.layers(SPEC, Precision.INT8);
    CandidateSpec candidate =
        new CandidateSpec(
            new ArchitectureSpec(
                16,
                List.of(
                    new StageSpec(BlockType.DEPTHWISE_SEPARABLE, 3, 32, 2, 1),
                    new StageSpec(BlockType.INVERTED_RESIDUAL, 3, 32, 2, 2)),
                Activation.RELU,
                32),
            new CompressionPlan(Precision.INT8, List.of(), null, 0.25, null, planned, null),
            TrainingRecipe.defaults());
    NetworkSpec factorised = NetworkDecoder.decodePruned(candidate, InputShape.MNIST, 10);
    long factors = factorised.convs().filter(c -> c.factor() != null).count();
    assertThat(factors).as("the 1x1 convs are split in two").isPositive();
    NetworkWeights weights = RandomWeights.of(factorised, 7);
    byte[] bytes =
        OnnxExporter.builder()
            .setPrecision(Precision.INT8)
            .optLayerPrecisions(planned)
            .optActivationRanges(
                ActivationCalibrator.calibrate(
                    factorised, weights, IMAGES, 16, CalibrationMethod.minMax()))
            .build()
            .export(factorised, weights)
            .bytes();

    // the planned list, with each factorised layer's entry repeated for its two factors
    List<Precision> expected = new ArrayList<>();
    int layer = 0;
    for (var c : factorised.convs().toList()) {
      expected.add(planned.get(layer));
      if (c.factor() == null || !c.factor().first()) layer++;
    }
    for (var d : factorised.head()) {
      expected.add(planned.get(layer));
      if (d.factor() == null || !d.factor().first()) layer++;
    }
    assertThat(layer).isEqualTo(planned.size());
    assertThat(StoredLayers.weightPrecisions(ModelProto.parseFrom(bytes)))
        .containsExactlyElementsOf(expected);
    assertThat((long) bytes.length)
        .isGreaterThanOrEqualTo(factorised.modelBytesAtLeast(candidate.compression()));
  }

  private static byte[] export(Precision precision, List<Precision> layers) {
    return OnnxExporter.builder()
        .setPrecision(precision)
        .optLayerPrecisions(layers)
        .optActivationRanges(RANGES)
        .build()
        .export(SPEC, WEIGHTS)
        .bytes();
  }

  private static String described(List<Precision> layers) {
    List<String> names = new ArrayList<>(SPEC.convs().map(c -> c.name()).toList());
    SPEC.head().forEach(d -> names.add(d.name()));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++)
      out.add(names.get(i) + ":" + layers.get(i).name().toLowerCase(Locale.ROOT));
    return String.join(",", out);
  }
}
