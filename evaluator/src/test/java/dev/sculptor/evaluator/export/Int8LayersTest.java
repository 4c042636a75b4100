package dev.sculptor.evaluator.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.sculptor.core.network.InputShape;
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
import dev.sculptor.evaluator.data.LabeledImages;
import dev.sculptor.evaluator.measurement.OnnxRuntimeModel;
import dev.sculptor.evaluator.network.ActivationRanges;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What each {@link Int8Layers} setting changes in the int8 graph, and what ONNX Runtime makes of
 * it.
 */
class Int8LayersTest {
  // stem 16, conv 32, two depthwise-separable 32 blocks (the second one residual), pooled head
  private static final NetworkSpec SPEC =
      NetworkDecoder.decode(
          new CandidateSpec(
              new ArchitectureSpec(
                  16,
                  List.of(
                      new StageSpec(BlockType.CONV_BN_ACT, 3, 32, 1, 1),
                      new StageSpec(BlockType.DEPTHWISE_SEPARABLE, 3, 32, 2, 2)),
                  Activation.RELU,
                  0),
              CompressionPlan.none(),
              TrainingRecipe.defaults()),
          InputShape.MNIST,
          10);
  private static final NetworkWeights WEIGHTS = RandomWeights.of(SPEC, 5);
  private static final LabeledImages CALIBRATION = RandomImages.images(SPEC.input(), 8, 10, 3);
  private static final ActivationRanges RANGES =
      ActivationCalibrator.calibrate(SPEC, WEIGHTS, CALIBRATION, 8, CalibrationMethod.minMax());

  @Test
  void aStemLeftInFp32ReadsTheImageDirectlyWithFloatWeightsWhileTheBlocksStayInt8()
      throws Exception {
    ModelProto m = export(new Int8Layers(false, true, true, false));

    NodeProto stem = consumersOf(m, OnnxExporter.INPUT).getFirst();
    assertThat(consumersOf(m, OnnxExporter.INPUT)).hasSize(1);
    assertThat(stem.getOpType()).isEqualTo("Conv");
    assertThat(initializer(m, stem.getInput(1)).orElseThrow().getDataType())
        .isEqualTo(TensorProto.DataType.FLOAT_VALUE);
    // every other conv reads int8 weights through DequantizeLinear
    List<NodeProto> convs =
        m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Conv")).toList();
    assertThat(convs).hasSize(SPEC.blocks().stream().mapToInt(b -> b.convs().size()).sum() + 1);
    for (NodeProto conv : convs.subList(1, convs.size()))
      assertThat(producer(m, conv.getInput(1)).getOpType()).isEqualTo("DequantizeLinear");
    assertThat(metadata(m, "sculptor.int8")).contains("fp32: stem conv");
  }

  @Test
  void depthwiseConvsLeftInFp32KeepFloatWeightsAndTheOtherConvsStayInt8() throws Exception {
    ModelProto m = export(new Int8Layers(true, false, true, false));

    List<NodeProto> convs =
        m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Conv")).toList();
    long grouped =
        convs.stream()
            .filter(
                c ->
                    c.getAttributeList().stream()
                        .anyMatch(a -> a.getName().equals("group") && a.getI() > 1))
            .count();
    assertThat(grouped).isEqualTo(2);
    for (NodeProto conv : convs) {
      boolean depthwise =
          conv.getAttributeList().stream()
              .anyMatch(a -> a.getName().equals("group") && a.getI() > 1);
      if (depthwise) {
        assertThat(initializer(m, conv.getInput(1)).orElseThrow().getDataType())
            .isEqualTo(TensorProto.DataType.FLOAT_VALUE);
      } else {
        assertThat(producer(m, conv.getInput(1)).getOpType()).isEqualTo("DequantizeLinear");
      }
    }
  }

  @Test
  void aClassifierLeftInFp32IsAPlainGemmOnTheFloatFeatures() throws Exception {
    ModelProto m = export(new Int8Layers(true, true, false, false));

    NodeProto gemm =
        m.getGraph().getNodeList().stream()
            .filter(n -> n.getOpType().equals("Gemm"))
            .findFirst()
            .orElseThrow();
    assertThat(producer(m, gemm.getInput(0)).getOpType()).isEqualTo("Flatten");
    assertThat(initializer(m, gemm.getInput(1)).orElseThrow().getDataType())
        .isEqualTo(TensorProto.DataType.FLOAT_VALUE);
    assertThat(consumersOf(m, OnnxExporter.INPUT).getFirst().getOpType())
        .isEqualTo("QuantizeLinear");
  }

  @Test
  void theDefaultKeepsStemAndClassifierInFp32AndQuantisesTheBlocksResidualAndPooling()
      throws Exception {
    ModelProto m =
        ModelProto.parseFrom(
            OnnxExporter.builder()
                .setPrecision(Precision.INT8)
                .optActivationRanges(RANGES)
                .build()
                .export(SPEC, WEIGHTS)
                .bytes());

    NodeProto stem = consumersOf(m, OnnxExporter.INPUT).getFirst();
    assertThat(stem.getOpType()).isEqualTo("Conv");
    assertThat(initializer(m, stem.getInput(1)).orElseThrow().getDataType())
        .isEqualTo(TensorProto.DataType.FLOAT_VALUE);
    NodeProto gemm =
        m.getGraph().getNodeList().stream()
            .filter(n -> n.getOpType().equals("Gemm"))
            .findFirst()
            .orElseThrow();
    assertThat(initializer(m, gemm.getInput(1)).orElseThrow().getDataType())
        .isEqualTo(TensorProto.DataType.FLOAT_VALUE);
    long int8Convs =
        m.getGraph().getNodeList().stream()
            .filter(n -> n.getOpType().equals("Conv"))
            .filter(
                c ->
                    initializer(m, c.getInput(1)).isEmpty()
                        && producer(m, c.getInput(1)).getOpType().equals("DequantizeLinear"))
            .count();
    assertThat(int8Convs).isEqualTo(SPEC.blocks().stream().mapToInt(b -> b.convs().size()).sum());
    assertThat(metadata(m, "sculptor.int8"))
        .contains("fp32: stem conv, classifier (last dense layer)");
    assertThat(Int8Layers.defaults()).isEqualTo(new Int8Layers(false, true, false, true));
  }

  @Test
  void quantisedResidualAndPoolingRunAsIntegerKernelsInOnnxRuntime() throws Exception {
    byte[] onnx =
        OnnxExporter.builder()
            .setPrecision(Precision.INT8)
            .optActivationRanges(RANGES)
            .optInt8Layers(new Int8Layers(true, true, true, true))
            .build()
            .export(SPEC, WEIGHTS)
            .bytes();
    ModelProto m = ModelProto.parseFrom(onnx);
    for (String op : List.of("Add", "GlobalAveragePool")) {
      NodeProto node =
          m.getGraph().getNodeList().stream()
              .filter(n -> n.getOpType().equals(op))
              .findFirst()
              .orElseThrow();
      assertThat(consumersOf(m, node.getOutput(0)))
          .extracting(NodeProto::getOpType)
          .containsExactly("QuantizeLinear");
    }

    try (OnnxRuntimeModel ort = OnnxRuntimeModel.load(onnx, SPEC.input(), Precision.INT8, 1)) {
      Map<String, Integer> kernels = ort.provenance().kernels();
      assertThat(kernels)
          .containsKeys("com.microsoft:QLinearAdd", "com.microsoft:QLinearGlobalAveragePool");
      assertThat(kernels).doesNotContainKeys("Add", "GlobalAveragePool");
    }
  }

  @Test
  void everySettingPassesTheOfficialChecker() throws Exception {
    OnnxChecker.assumeInstalled();
    Path dir = Files.createTempDirectory("int8-layers");
    int i = 0;
    for (int bits = 0; bits < 16; bits++) {
      Int8Layers layers =
          new Int8Layers((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0);
      Files.write(
          dir.resolve("m" + i++ + ".onnx"),
          OnnxExporter.builder()
              .setPrecision(Precision.INT8)
              .optActivationRanges(RANGES)
              .optInt8Layers(layers)
              .build()
              .export(SPEC, WEIGHTS)
              .bytes());
    }

    OnnxChecker.Run checker = OnnxChecker.check(dir);

    assertThat(checker.exitCode()).as(checker.output()).isZero();
    assertThat(checker.output()).contains("checked 16 failed 0");
  }

  private static ModelProto export(Int8Layers layers) throws Exception {
    return ModelProto.parseFrom(
        OnnxExporter.builder()
            .setPrecision(Precision.INT8)
            .optActivationRanges(RANGES)
            .optInt8Layers(layers)
            .build()
            .export(SPEC, WEIGHTS)
            .bytes());
  }

  private static List<NodeProto> consumersOf(ModelProto m, String tensor) {
    return m.getGraph().getNodeList().stream()
        .filter(n -> n.getInputList().contains(tensor))
        .toList();
  }

  private static NodeProto producer(ModelProto m, String tensor) {
    return m.getGraph().getNodeList().stream()
        .filter(n -> n.getOutputList().contains(tensor))
        .findFirst()
        .orElseThrow();
  }

  private static Optional<TensorProto> initializer(ModelProto m, String name) {
    return m.getGraph().getInitializerList().stream()
        .filter(t -> t.getName().equals(name))
        .findFirst();
  }

  private static String metadata(ModelProto m, String key) {
    return m.getMetadataPropsList().stream()
        .filter(p -> p.getKey().equals(key))
        .findFirst()
        .orElseThrow()
        .getValue();
  }
}
