import dev.sculptor.core.messaging.MeasurementProtocol;
import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.space.Activation;
import dev.sculptor.core.space.ArchitectureSpec;
import dev.sculptor.core.space.BlockType;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.StageSpec;
import dev.sculptor.core.space.TrainingRecipe;
import dev.sculptor.evaluator.measurement.LatencyMeter;
import dev.sculptor.evaluator.training.CandidateModel;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How repeatable the evaluator's latency is: the product's protocol (MeasurementProtocol.defaults: warm-up, then 100 timed batch-1
 * runs, median, 1 intra-op thread) applied R times to the same model, for three model sizes. The
 * spread of those medians across repetitions (their CV) is what a user comparing two candidates'
 * latencies must beat; the CV within one measurement is what the product records per candidate.
 * Run: bench/evaluator/run.sh bench/evaluator/LatencyRepeatability.java [R]
 */
public class LatencyRepeatability {
  public static void main(String[] args) throws Exception {
    int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    List<StageSpec> small = List.of(new StageSpec(BlockType.DEPTHWISE_SEPARABLE, 3, 16, 1, 1));
    List<StageSpec> medium = List.of(new StageSpec(BlockType.CONV_BN_ACT, 3, 32, 1, 1), new StageSpec(BlockType.DEPTHWISE_SEPARABLE, 3, 32, 2, 1));
    List<StageSpec> large = List.of(new StageSpec(BlockType.CONV_BN_ACT, 3, 64, 2, 1), new StageSpec(BlockType.INVERTED_RESIDUAL, 5, 96, 2, 6),
        new StageSpec(BlockType.INVERTED_RESIDUAL, 3, 128, 2, 6));
    System.out.println("model, MMACs, median of medians ms, min, max, CV of the median across repeats, mean CV within one measurement");
    for (var entry : List.of(List.of("small", small), List.of("medium", medium), List.of("large", large))) {
      @SuppressWarnings("unchecked") List<StageSpec> stages = (List<StageSpec>) entry.get(1);
      CandidateSpec spec = new CandidateSpec(new ArchitectureSpec(16, stages, Activation.RELU, 0), CompressionPlan.none(), TrainingRecipe.defaults());
      var net = NetworkDecoder.decode(spec, InputShape.MNIST, 10);
      try (CandidateModel model = CandidateModel.create(net, 1e-3)) {
        double[] medians = new double[repeats];
        double withinCv = 0;
        for (int r = 0; r < repeats; r++) {
          var protocol = MeasurementProtocol.defaults(1);
          LatencyMeter.Timing t = LatencyMeter.measure(model, protocol.warmupRuns(), protocol.timedRuns(), 1);
          medians[r] = t.medianMs();
          withinCv += t.coefficientOfVariation() / repeats;
        }
        double mean = Arrays.stream(medians).average().orElse(0);
        double sd = Math.sqrt(Arrays.stream(medians).map(m -> (m - mean) * (m - mean)).sum() / (repeats - 1));
        double[] sorted = medians.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%s, %.2f, %.4f, %.4f, %.4f, %.3f, %.3f%n", entry.get(0), net.macs() / 1e6, sorted[repeats / 2],
            sorted[0], sorted[repeats - 1], sd / mean, withinCv);
      }
    }
  }
}
