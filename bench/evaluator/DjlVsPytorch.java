import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.space.Activation;
import dev.sculptor.core.space.ArchitectureSpec;
import dev.sculptor.core.space.BlockType;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.Precision;
import dev.sculptor.core.space.StageSpec;
import dev.sculptor.core.space.TrainingRecipe;
import dev.sculptor.evaluator.data.LabeledImages;
import dev.sculptor.evaluator.measurement.LatencyMeter;
import dev.sculptor.evaluator.training.CandidateModel;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The DJL side of the DJL vs native PyTorch comparison (torch_cnn.py is the other): the evaluator
 * tests' small CNN built by the product's own code (NetworkDecoder + DjlBlocks), trained by the
 * product's own loop (CandidateModel.train: batches of 64, Adam 3e-3) and timed by the product's
 * LatencyMeter (batch 1). Training step = wall time of STEPS batches / STEPS, after 20 warm-up
 * batches. Usage: bench/evaluator/djl-vs-pytorch.sh
 */
public class DjlVsPytorch {
  public static void main(String[] args) {
    int trainThreads = Integer.parseInt(args[0]);
    int latencyThreads = Integer.parseInt(args[1]);
    int steps = Integer.parseInt(args[2]);
    int runs = Integer.parseInt(args[3]);
    CandidateSpec spec = new CandidateSpec(
        new ArchitectureSpec(16, List.of(new StageSpec(BlockType.CONV_BN_ACT, 3, 32, 1, 1),
            new StageSpec(BlockType.DEPTHWISE_SEPARABLE, 3, 32, 2, 1)), Activation.RELU, 0),
        new CompressionPlan(Precision.FP32, List.of()), new TrainingRecipe(3e-3, 64));
    var net = NetworkDecoder.decode(spec, InputShape.MNIST, 10);
    Engine.getInstance().setRandomSeed(1);
    SplittableRandom random = new SplittableRandom(1);
    int n = 64 * steps;
    float[] pixels = new float[n * 28 * 28];
    for (int i = 0; i < pixels.length; i++) pixels[i] = (float) random.nextDouble();
    int[] labels = random.ints(n, 0, 10).toArray();
    LabeledImages train = new LabeledImages(InputShape.MNIST, pixels, labels, 10);
    LabeledImages validation = train.first(10); // the loop scores a validation set per epoch: keep it negligible

    try (CandidateModel model = CandidateModel.create(net, 3e-3)) {
      JniUtils.setNumThreads(trainThreads);
      model.train("warm-up", train.first(64 * 20), validation, 1, 64, 1);
      long start = System.nanoTime();
      model.train("timed", train, validation, 1, 64, 2);
      double stepMs = (System.nanoTime() - start) / 1e6 / steps;
      // first after 20 warm-up runs (the product's protocol until 2026-11-26), then again after 1,000 more (the JIT keeps compiling the Java side)
      LatencyMeter.Timing t = LatencyMeter.measure(model, 20, runs, latencyThreads);
      LatencyMeter.Timing warm = LatencyMeter.measure(model, 1000, runs, latencyThreads);
      System.out.printf(Locale.ROOT, "{\"side\": \"DJL\", \"version\": \"DJL %s / PyTorch %s\", \"trainThreads\": %d, \"latencyThreads\": %d, "
          + "\"trainStepMeanMs\": %.3f, \"latencyMedianMs\": %.4f, \"latencyP90Ms\": %.4f, \"latencyCv\": %.3f, \"latencyAfter1000WarmupMedianMs\": %.4f}%n",
          Engine.getDjlVersion(), Engine.getInstance().getVersion(), trainThreads, latencyThreads, stepMs, t.medianMs(), t.p90Ms(),
          t.coefficientOfVariation(), warm.medianMs());
    }
  }
}
