package dev.sculptor.core.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.MobileCnnSpace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyPredictorTest {
  @Test
  void recoversAKnownLinearCostModelAndPredictsHeldOutNetworks() {
    Random random = new Random(4);
    double[] truth = random.doubles(LatencyPredictor.FEATURES.size(), 0.005, 0.5).toArray();
    List<double[]> features = new ArrayList<>();
    List<Double> millis = new ArrayList<>();
    List<NetworkSpec> heldOut = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      NetworkSpec net =
          NetworkDecoder.decodePruned(
              MobileCnnSpace.decode(MobileCnnSpace.random(random), null), InputShape.MNIST, 10);
      if (i >= 100) {
        heldOut.add(net);
        continue;
      }
      double[] f = LatencyPredictor.features(net, 16);
      features.add(f);
      millis.add(dot(truth, f));
    }
    double[] fitted = LatencyPredictor.fit(features, millis);
    FittedLatencyModel model =
        new FittedLatencyModel(
            "host-cpu",
            "test",
            1,
            16,
            Instant.EPOCH,
            "synthetic",
            LatencyPredictor.FEATURES,
            fitted,
            100,
            null);
    List<Double> predicted =
        heldOut.stream().map(n -> LatencyPredictor.predictMs(model, n)).toList();
    List<Double> measured =
        heldOut.stream().map(n -> dot(truth, LatencyPredictor.features(n, 16))).toList();
    var error = LatencyPredictor.error(predicted, measured);
    assertThat(error.shareWithin10Percent()).isEqualTo(1.0);
    assertThat(error.medianAbsPercent()).isCloseTo(0, within(0.5));
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }
}
