package dev.sculptor.evaluator.calibration;

import ai.djl.engine.Engine;
import dev.sculptor.core.latency.FittedLatencyModel;
import dev.sculptor.core.latency.LatencyPredictor;
import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.MobileCnnSpace;
import dev.sculptor.evaluator.measurement.LatencyMeter;
import dev.sculptor.evaluator.training.CandidateModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Builds a target's latency model on the device itself: times random networks of the search space
 * (batch 1, fixed threads), fits {@link LatencyPredictor} on two thirds and reports its error on
 * the other third. Untrained weights time the same as trained ones.
 */
public final class Calibration {
  private Calibration() {}

  public static FittedLatencyModel run(String target, String host, int threads, int networks, long seed, Consumer<String> say) {
    Engine.getInstance().setRandomSeed((int) seed);
    SplittableRandom random = new SplittableRandom(seed);
    List<NetworkSpec> nets = new ArrayList<>();
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < networks; i++) {
      NetworkSpec net = NetworkDecoder.decodePruned(MobileCnnSpace.decode(MobileCnnSpace.random(random), null), InputShape.MNIST, 10);
      try (CandidateModel model = CandidateModel.create(net, 1e-3)) {
        double ms = LatencyMeter.measure(model, 10, 40, threads).medianMs();
        nets.add(net);
        millis.add(ms);
        say.accept(String.format(java.util.Locale.ROOT, "network %d/%d: %.3f ms, %.2f MMACs", i + 1, networks, ms, net.macs() / 1e6));
      }
    }
    int fit = networks * 2 / 3;
    double[] coefficients = LatencyPredictor.fit(nets.subList(0, fit).stream().map(LatencyPredictor::features).toList(), millis.subList(0, fit));
    FittedLatencyModel draft = new FittedLatencyModel(target, host, threads, Instant.now(), "", LatencyPredictor.FEATURES, coefficients, fit, null);
    List<Double> predicted = nets.subList(fit, networks).stream().map(n -> LatencyPredictor.predictMs(draft, n)).toList();
    var error = LatencyPredictor.error(predicted, millis.subList(fit, networks));
    String method = "least squares over " + fit + " random mobile-cnn networks timed at batch 1 (10 warm-up + 40 timed runs, median, "
        + threads + " thread(s)) with " + Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion()
        + "; error measured on " + (networks - fit) + " more";
    return new FittedLatencyModel(target, host, threads, Instant.now(), method, LatencyPredictor.FEATURES, coefficients, fit, error);
  }
}
