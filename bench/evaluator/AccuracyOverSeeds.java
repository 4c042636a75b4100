import dev.sculptor.core.job.Fidelity;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.MeasurementProtocol;
import dev.sculptor.core.space.Activation;
import dev.sculptor.core.space.ArchitectureSpec;
import dev.sculptor.core.space.BlockType;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.Precision;
import dev.sculptor.core.space.StageSpec;
import dev.sculptor.core.space.TrainingRecipe;
import dev.sculptor.evaluator.artifact.FileArtifactStore;
import dev.sculptor.evaluator.evaluation.CandidateEvaluator;
import dev.sculptor.evaluator.evaluation.EvaluatorIdentity;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Validation accuracy of the evaluator tests' small CNN (2 epochs on 2,000 mnist-10k digits) over
 * seeds, to state honestly the margin the training test asserts.
 * Run: bench/evaluator/run.sh bench/evaluator/AccuracyOverSeeds.java [SEEDS]
 */
public class AccuracyOverSeeds {
  public static void main(String[] args) throws Exception {
    int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    CandidateSpec spec = new CandidateSpec(
        new ArchitectureSpec(16, List.of(new StageSpec(BlockType.CONV_BN_ACT, 3, 32, 1, 1),
            new StageSpec(BlockType.DEPTHWISE_SEPARABLE, 3, 32, 2, 1)), Activation.RELU, 0),
        new CompressionPlan(Precision.FP32, List.of()), new TrainingRecipe(3e-3, 64));
    var evaluator = new CandidateEvaluator(new EvaluatorIdentity("bench", "localhost", "host-cpu", 2, "DJL"),
        new FileArtifactStore(Files.createTempDirectory("bench-artifacts")));
    double min = 1, max = 0, sum = 0;
    for (int seed = 1; seed <= seeds; seed++) {
      EvaluationResult r = evaluator.evaluate(new EvaluationRequest(UUID.randomUUID(), UUID.randomUUID(), "host-cpu", spec,
          DatasetRef.builtIn("mnist-10k"), new Fidelity(2, 2000, 1), new MeasurementProtocol(3, 10, 1, "validation"), seed, 1));
      double acc = r.metrics().accuracy();
      System.out.printf(Locale.ROOT, "seed %d: validation accuracy %.3f (%d ms)%n", seed, acc, r.timings().totalMs());
      min = Math.min(min, acc);
      max = Math.max(max, acc);
      sum += acc;
    }
    System.out.printf(Locale.ROOT, "over %d seeds: min %.3f, mean %.3f, max %.3f%n", seeds, min, sum / seeds, max);
  }
}
