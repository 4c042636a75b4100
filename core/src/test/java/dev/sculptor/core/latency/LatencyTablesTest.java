package dev.sculptor.core.latency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.metrics.Latency;
import dev.sculptor.core.metrics.MetricSource;
import dev.sculptor.core.metrics.Metrics;
import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.MobileCnnSpace;
import dev.sculptor.core.space.Precision;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyTablesTest {
  static final Metrics MEASURED_ON_HOST =
      new Metrics(
          0.9,
          "validation",
          MetricSource.measured("host-cpu (vm, 2 cores)", 999, "accuracy"),
          new Latency(
              1.5,
              1.7,
              0.1,
              1,
              "fp32",
              MetricSource.measured("host-cpu (vm, 2 cores)", 100, "timed")),
          40_000,
          10_000,
          2_000_000,
          50_000,
          0.88);
  static final NetworkSpec NETWORK =
      NetworkDecoder.decodePruned(
          MobileCnnSpace.decode(MobileCnnSpace.random(new SplittableRandom(3)), null),
          InputShape.MNIST,
          10);

  @Test
  void theCommittedHostCpuModelLoadsArmIsAnalyticalAndTheGpuHasNone() {
    assertThat(LatencyTables.forTarget("host-cpu"))
        .hasValueSatisfying(
            m -> {
              assertThat(m.hardwareTarget()).isEqualTo("host-cpu");
              assertThat(((FittedLatencyModel) m).coefficients())
                  .hasSize(LatencyPredictor.FEATURES.size());
            });
    assertThat(LatencyTables.forTarget("arm-cortex-a72")).containsSame(ArmCortexA72.MODEL);
    assertThat(LatencyTables.forTarget("nvidia-gpu")).isEmpty();
  }

  @Test
  void aModelCalibratedOnAPi4ReplacesTheAnalyticalOne() {
    LatencyModel onAPi = LatencyTables.forTarget("host-cpu").orElseThrow(); // any fitted model
    assertThat(
            LatencyTables.forTarget(
                "arm-cortex-a72",
                t -> t.equals("arm-cortex-a72") ? Optional.of(onAPi) : Optional.empty()))
        .containsSame(onAPi);
    assertThat(LatencyTables.forTarget("arm-cortex-a72", t -> Optional.empty()))
        .containsSame(ArmCortexA72.MODEL);
  }

  @Test
  void aCandidateMeasuredOnAnotherTargetGetsItsJobTargetsPredictionLabelledPredicted() {
    FittedLatencyModel model =
        (FittedLatencyModel) LatencyTables.forTarget("host-cpu").orElseThrow();
    Metrics m =
        LatencyTables.forJobTarget(
            MEASURED_ON_HOST, "host-cpu", "nvidia-gpu", NETWORK, Optional.of(model), 1);
    assertThat(m.latency().source().kind()).isEqualTo(MetricSource.Kind.PREDICTED);
    assertThat(m.latency().source().hardware()).isEqualTo("nvidia-gpu");
    assertThat(m.latency().medianMs()).isEqualTo(LatencyPredictor.predictMs(model, NETWORK));
    assertThat(m.latency().source().method())
        .contains("measured on host-cpu (vm, 2 cores)")
        .contains("1.500 ms");
    assertThat(m.accuracy()).isEqualTo(0.9);
    assertThat(m.modelBytes()).isEqualTo(40_000);
  }

  @Test
  void anArmJobGetsTheAnalyticalPredictionOfTheDeployedNetworkAtItsPrecisionAndFourThreads() {
    Metrics fp32 =
        LatencyTables.forJobTarget(
            MEASURED_ON_HOST,
            "host-cpu",
            "arm-cortex-a72",
            NETWORK,
            Precision.FP32,
            LatencyTables.forTarget("arm-cortex-a72"),
            4);
    Metrics int8 =
        LatencyTables.forJobTarget(
            MEASURED_ON_HOST,
            "host-cpu",
            "arm-cortex-a72",
            NETWORK,
            Precision.INT8,
            LatencyTables.forTarget("arm-cortex-a72"),
            4);
    assertThat(fp32.latency().medianMs())
        .isEqualTo(ArmCortexA72.MODEL.predictMs(NETWORK, Precision.FP32));
    assertThat(int8.latency().medianMs()).isLessThan(fp32.latency().medianMs());
    assertThat(int8.latency().timedPrecision()).isEqualTo("int8");
    assertThat(fp32.latency().threads()).isEqualTo(4);
    assertThat(fp32.latency().source().kind()).isEqualTo(MetricSource.Kind.PREDICTED);
    assertThat(fp32.latency().source().method())
        .contains(AnalyticalLatencyModel.PROVENANCE)
        .contains("1.500 ms")
        // a 28×28 network of the space is smaller than every published network the model knows
        .contains(
            "is smaller than every anchor (the smallest: BlazeFace, 29 M MACs), so its prediction"
                + " extrapolates");
  }

  @Test
  void onlyANetworkSmallerThanEveryAnchorIsSaidToExtrapolate() {
    assertThat(ArmCortexA72.MODEL.coverage(NcnnGraph.read("mobilenet_v2"))).isEmpty();
    assertThat(ArmCortexA72.MODEL.coverage(NcnnGraph.read("blazeface"))).isEmpty();
    assertThat(ArmCortexA72.MODEL.coverage(NETWORK))
        .startsWith(
            String.format(
                java.util.Locale.ROOT, "this network (%.2f M MACs)", NETWORK.macs() / 1e6));
    // a model fitted on timed networks has no such note
    assertThat(LatencyTables.forTarget("host-cpu").orElseThrow().coverage(NETWORK)).isEmpty();
  }

  @Test
  void measuredLatencyStaysWhenItIsFromTheTargetOrNoModelExists() {
    LatencyModel model = LatencyTables.forTarget("host-cpu").orElseThrow();
    assertThat(
            LatencyTables.forJobTarget(
                MEASURED_ON_HOST, "host-cpu", "host-cpu", NETWORK, Optional.of(model), 1))
        .isSameAs(MEASURED_ON_HOST);
    assertThat(
            LatencyTables.forJobTarget(
                MEASURED_ON_HOST, "host-cpu", "arm-cortex-a72", NETWORK, Optional.empty(), 4))
        .isSameAs(MEASURED_ON_HOST);
  }
}
