package dev.sculptor.evaluator.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
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
import dev.sculptor.core.space.StageSpec;
import dev.sculptor.core.space.TrainingRecipe;
import dev.sculptor.evaluator.Candidates;
import dev.sculptor.evaluator.data.DatasetSplits;
import dev.sculptor.evaluator.data.Datasets;
import dev.sculptor.evaluator.measurement.ComputePrecision;
import dev.sculptor.evaluator.measurement.OnnxRuntimeModel;
import dev.sculptor.evaluator.network.ActivationRanges;
import dev.sculptor.evaluator.training.CandidateModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * int8 QDQ and fp16 exports: size, accuracy against fp32 after real training, and what ONNX Runtime
 * computed.
 */
class QuantizedExportTest {

  @Test
  void int8ModelIsAtLeastThreeAndAHalfTimesSmallerThanFp32ForAWideDenseHead() {
    // Weights are mostly the 512 → 1024 hidden layer: fixed costs (scales, int32 biases, graph)
    // weigh little.
    CandidateSpec candidate =
        new CandidateSpec(
            new ArchitectureSpec(
                8,
                List.of(new StageSpec(BlockType.CONV_BN_ACT, 3, 512, 1, 1)),
                Activation.RELU,
                1024),
            CompressionPlan.none(),
            TrainingRecipe.defaults());
    NetworkSpec spec = NetworkDecoder.decode(candidate, InputShape.MNIST, 10);
    NetworkWeights weights = RandomWeights.of(spec, 3);
    ActivationRanges ranges =
        ActivationCalibrator.calibrate(
            spec,
            weights,
            RandomImages.images(spec.input(), 8, 10, 4),
            8,
            CalibrationMethod.minMax());

    int fp32 = OnnxExporter.builder().build().export(spec, weights).bytes().length;
    int fp16 =
        OnnxExporter.builder()
            .setPrecision(Precision.FP16)
            .build()
            .export(spec, weights)
            .bytes()
            .length;
    int int8 =
        OnnxExporter.builder()
            .setPrecision(Precision.INT8)
            .optActivationRanges(ranges)
            .build()
            .export(spec, weights)
            .bytes()
            .length;

    System.out.printf(
        "sizes: fp32 %d, fp16 %d, int8 %d bytes (fp32/int8 %.2f)%n",
        fp32, fp16, int8, (double) fp32 / int8);
    assertThat((double) fp32 / int8).isGreaterThanOrEqualTo(3.5);
    assertThat((double) fp32 / fp16).isGreaterThan(1.9);
  }

  @Test
  void int8KeepsTheFp32AccuracyOnMnistWithinOnePointAndItsProvenanceSaysInt8() {
    DatasetSplits data = Datasets.load(DatasetRef.builtIn("mnist-10k"));
    NetworkSpec spec =
        NetworkDecoder.decode(Candidates.smallCnn(Precision.FP32, List.of()), InputShape.MNIST, 10);
    Engine.getInstance().setRandomSeed(1);
    try (CandidateModel model = CandidateModel.create(spec, 3e-3)) {
      model.train("train", data.train().first(2000), data.validation(), 2, 64, 1);
      double djl = model.accuracy(data.validation());
      OnnxEvaluation.Result fp32 = evaluate(model, data, Precision.FP32);
      OnnxEvaluation.Result fp16 = evaluate(model, data, Precision.FP16);
      OnnxEvaluation.Result int8 = evaluate(model, data, Precision.INT8);
      for (OnnxEvaluation.Result r : List.of(fp32, fp16, int8)) {
        System.out.printf(
            "%s: accuracy %.4f (DJL %.4f), agreement with fp32 %s, %d bytes, median %.3f ms p90"
                + " %.3f ms CV %.3f, parity %.3g, %s%n",
            r.precision(),
            r.accuracy(),
            djl,
            r.topOneAgreementWithFp32().orElse(1.0),
            r.onnx().length,
            r.latency().medianMs(),
            r.latency().p90Ms(),
            r.latency().coefficientOfVariation(),
            r.fp32Parity().maxAbsDifference(),
            r.provenance());
      }

      int[] fused;
      int[] reference;
      try (OnnxRuntimeModel optimised =
              OnnxRuntimeModel.load(int8.onnx(), spec.input(), Precision.INT8, 1);
          OnnxRuntimeModel literal =
              OnnxRuntimeModel.load(
                  int8.onnx(), spec.input(), Precision.INT8, 1, OptLevel.NO_OPT)) {
        fused = optimised.predict(data.validation());
        reference = literal.predict(data.validation());
      }
      System.out.printf(
          "int8 fused kernels vs literal QDQ graph: top-1 agreement %.4f%n",
          ExportParity.topOneAgreement(fused, reference));

      // The fp32 export is the DJL network: the same predictions on the whole split.
      assertThat(fp32.accuracy()).isEqualTo(djl);
      // Measured: int8 0.5385 vs fp32 0.5325 on the 999 validation digits (0.6 points; 0.5365 when
      // the stem and
      // classifier were int8 too); the issue asks for 1 point.
      assertThat(Math.abs(int8.accuracy() - fp32.accuracy())).isLessThanOrEqualTo(0.01);
      // Measured (this seed, AVX2 without VNNI): 0.976 agreement with fp32 (0.980 with the stem and
      // classifier
      // int8 too), and the fused integer kernels
      // agree with the literal QDQ graph on every digit with 7-bit weights (0.854 with full-range
      // weights, which saturate there). The margins leave room for other CPUs' rounding.
      assertThat(int8.topOneAgreementWithFp32().orElseThrow()).isGreaterThan(0.96);
      assertThat(ExportParity.topOneAgreement(fused, reference)).isGreaterThan(0.99);
      assertThat(int8.provenance().storedPrecision()).isEqualTo(Precision.INT8);
      // the default keeps the stem conv and the classifier in fp32 (Int8Layers.defaults()), and
      // says so
      assertThat(int8.provenance().computedPrecision()).isEqualTo(ComputePrecision.INT8_AND_FP32);
      assertThat(int8.provenance().kernels())
          .containsKeys(
              "com.microsoft:QLinearConv",
              "com.microsoft:QLinearAdd",
              "com.microsoft:QLinearGlobalAveragePool");
      // ONNX Runtime's CPU provider has no fp16 conv on this machine: fp16 is storage only and says
      // so.
      assertThat(fp16.provenance().storedPrecision()).isEqualTo(Precision.FP16);
      assertThat(fp16.provenance().computedPrecision()).isEqualTo(ComputePrecision.FP32);
      assertThat(fp16.topOneAgreementWithFp32().orElseThrow()).isGreaterThan(0.99);
      assertThat(fp32.provenance().runtime()).isEqualTo("onnxruntime");
      assertThat(fp32.provenance().version()).isNotBlank();
    }
  }

  private static OnnxEvaluation.Result evaluate(
      CandidateModel model, DatasetSplits data, Precision precision) {
    return OnnxEvaluation.builder()
        .setModel(model)
        .setPrecision(precision)
        .setCalibrationImages(data.train())
        .setValidationImages(data.validation())
        .optLatencyRuns(5, 30)
        .build()
        .run();
  }
}
