import ai.djl.engine.Engine;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.Activation;
import dev.sculptor.core.space.ArchitectureSpec;
import dev.sculptor.core.space.BlockType;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.StageSpec;
import dev.sculptor.core.space.TrainingRecipe;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.compression.MagnitudeSparsity;
import dev.sculptor.evaluator.data.DatasetSplits;
import dev.sculptor.evaluator.data.Datasets;
import dev.sculptor.evaluator.export.NetworkWeights;
import dev.sculptor.evaluator.export.OnnxEvaluation;
import dev.sculptor.evaluator.export.OnnxExporter;
import dev.sculptor.evaluator.measurement.OnnxRuntimeMeter;
import dev.sculptor.evaluator.measurement.OnnxRuntimeModel;
import dev.sculptor.evaluator.export.SparseStorage;
import dev.sculptor.evaluator.training.CandidateModel;
import java.util.List;
import java.util.Locale;

/**
 * One network at several unstructured sparsities, as the evaluator does it in search: a dense
 * training, then a fresh model with the trained weights fine-tuned 1 epoch with magnitude sparsity
 * (the same fine-tune at sparsity 0 is the dense reference, so every row has had the same updates),
 * exported to ONNX and measured in ONNX Runtime: validation accuracy, file size (dense, as stored),
 * what a sparse format would take, latency at batch 1. Also the accuracy right after pruning to the
 * target at once, before any fine-tune, to show what the fine-tune recovers.
 * Run: bench/evaluator/run.sh bench/evaluator/SparsityLevels.java [EPOCHS] [SEED] [LEARNING_RATE]
 * Latency alone, the four levels' files timed in interleaved rounds (so order and warm-up do not
 * pass for an effect), on the same weights pruned at once (no training needed for timing):
 * bench/evaluator/run.sh bench/evaluator/SparsityLevels.java latency [ROUNDS]
 */
public class SparsityLevels {
  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("latency")) {
      latencyInterleaved(args.length > 1 ? Integer.parseInt(args[1]) : 5);
      return;
    }
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
    double lr = args.length > 2 ? Double.parseDouble(args[2]) : 3e-3;
    // the evaluator tests' small CNN: stem 16, conv 32, two depthwise-separable 32 blocks
    NetworkSpec spec = smallCnn();
    DatasetSplits data = Datasets.load(DatasetRef.builtIn("mnist-10k"));
    System.out.printf(Locale.ROOT, "small CNN (%.2f MMACs, %d params); dense training %d epochs on %d digits, batch 64, Adam"
        + " %.0e, seed %d%n", spec.macs() / 1e6, spec.params(), epochs, data.train().size(), lr, seed);
    Engine.getInstance().setRandomSeed((int) seed);
    float[][] trained;
    try (CandidateModel dense = CandidateModel.create(spec, lr)) {
      long t = System.nanoTime();
      dense.train("train", data.train(), data.validation(), epochs, 64, seed);
      System.out.printf(Locale.ROOT, "dense: validation %.4f (%.0f s)%n", dense.accuracy(data.validation()),
          (System.nanoTime() - t) / 1e9);
      trained = dense.parameterValues();
    }
    System.out.println("| sparsity | reached | pruned at once | after 1 fine-tune epoch (ONNX fp32) | fp32 file | fp32 sparse format | int8 file | int8 sparse format | int8 accuracy | fp32 latency median / p90 | int8 latency median |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (double s : List.of(0.0, 0.5, 0.75, 0.9)) {
      double atOnce;
      try (CandidateModel oneShot = CandidateModel.create(spec, lr)) {
        oneShot.setParameterValues(trained);
        new MagnitudeSparsity(s).afterRun(oneShot);
        atOnce = oneShot.accuracy(data.validation());
      }
      Engine.getInstance().setRandomSeed((int) seed + 1);
      try (CandidateModel model = CandidateModel.create(spec, lr)) {
        model.setParameterValues(trained);
        model.useTechniques(List.of(new MagnitudeSparsity(s)));
        model.train("fine-tune", data.train(), data.validation(), 1, 64, seed + 1);
        double reached = MagnitudeSparsity.reached(model.slots());
        OnnxEvaluation.Result fp32 = run(model, data, Precision.FP32);
        OnnxEvaluation.Result int8 = run(model, data, Precision.INT8);
        System.out.printf(Locale.ROOT, "| %.2f | %.4f | %.4f | %.4f | %,d | %,d | %,d | %,d | %.4f | %.3f / %.3f ms | %.3f ms |%n",
            s, reached, atOnce, fp32.accuracy(), fp32.onnx().length, SparseStorage.of(fp32.onnx()).sparseBytes(),
            int8.onnx().length, SparseStorage.of(int8.onnx()).sparseBytes(), int8.accuracy(),
            fp32.latency().medianMs(), fp32.latency().p90Ms(), int8.latency().medianMs());
      }
    }
  }

  private static NetworkSpec smallCnn() {
    return NetworkDecoder.decode(new CandidateSpec(
        new ArchitectureSpec(16, List.of(new StageSpec(BlockType.CONV_BN_ACT, 3, 32, 1, 1),
            new StageSpec(BlockType.DEPTHWISE_SEPARABLE, 3, 32, 2, 1)), Activation.RELU, 0),
        CompressionPlan.none(), new TrainingRecipe(3e-3, 64)), InputShape.MNIST, 10);
  }

  private static void latencyInterleaved(int rounds) {
    NetworkSpec spec = smallCnn();
    List<Double> levels = List.of(0.0, 0.5, 0.75, 0.9);
    List<OnnxRuntimeModel> models = new java.util.ArrayList<>();
    try {
      for (double s : levels) {
        Engine.getInstance().setRandomSeed(1);
        try (CandidateModel m = CandidateModel.create(spec, 3e-3)) {
          new MagnitudeSparsity(s).afterRun(m);
          byte[] onnx = OnnxExporter.builder().build().export(spec, NetworkWeights.of(m)).bytes();
          models.add(OnnxRuntimeModel.load(onnx, spec.input(), Precision.FP32, 1));
        }
      }
      double[][] medians = new double[levels.size()][rounds];
      for (int r = 0; r < rounds; r++)
        for (int i = 0; i < levels.size(); i++)
          medians[i][r] = OnnxRuntimeMeter.measure(models.get(i), 50, 300).timing().medianMs();
      for (int i = 0; i < levels.size(); i++) {
        double[] m = medians[i].clone();
        java.util.Arrays.sort(m);
        System.out.printf(Locale.ROOT, "sparsity %.2f: fp32 median of %d interleaved rounds %.4f ms (rounds %s)%n",
            levels.get(i), rounds, m[rounds / 2], java.util.Arrays.toString(medians[i]));
      }
    } finally {
      models.forEach(OnnxRuntimeModel::close);
    }
  }

  private static OnnxEvaluation.Result run(CandidateModel model, DatasetSplits data, Precision precision) {
    return OnnxEvaluation.builder().setModel(model).setPrecision(precision).setCalibrationImages(data.train())
        .setValidationImages(data.validation()).optThreads(1).optLatencyRuns(50, 300).build().run();
  }
}
