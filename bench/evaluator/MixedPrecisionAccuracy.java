import ai.djl.engine.Engine;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.Precision;
import dev.sculptor.core.space.PrecisionMix;
import dev.sculptor.evaluator.data.DatasetSplits;
import dev.sculptor.evaluator.data.Datasets;
import dev.sculptor.evaluator.export.OnnxEvaluation;
import dev.sculptor.evaluator.training.CandidateModel;
import java.util.List;
import java.util.Locale;
import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.space.Activation;
import dev.sculptor.core.space.ArchitectureSpec;
import dev.sculptor.core.space.BlockType;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.StageSpec;
import dev.sculptor.core.space.TrainingRecipe;

/**
 * Accuracy of each PrecisionMix rule after real training: the evaluator tests' small CNN trained in
 * DJL on TRAIN digits of mnist-10k for EPOCHS epochs (seed SEED), then exported and measured through
 * OnnxEvaluation (the evaluator's own step) as fp32 and as an int8 plan under each rule: ONNX Runtime
 * accuracy on the 999 validation digits, top-1 agreement with the fp32 export, file size, median
 * latency (1 thread, 100 warm-ups, 300 timed runs).
 * Run: bench/evaluator/run.sh bench/evaluator/MixedPrecisionAccuracy.java [TRAIN] [EPOCHS] [SEED]
 */
public class MixedPrecisionAccuracy {
  public static void main(String[] args) {
    int train = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int seed = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    DatasetSplits data = Datasets.load(DatasetRef.builtIn("mnist-10k"));
    // the evaluator tests' small CNN: stem 16, conv 32, two depthwise-separable 32 blocks
    NetworkSpec spec = NetworkDecoder.decode(new CandidateSpec(new ArchitectureSpec(16, List.of(
        new StageSpec(BlockType.CONV_BN_ACT, 3, 32, 1, 1), new StageSpec(BlockType.DEPTHWISE_SEPARABLE, 3, 32, 2, 1)),
        Activation.RELU, 0), CompressionPlan.none(), TrainingRecipe.defaults()), InputShape.MNIST, 10);
    Engine.getInstance().setRandomSeed(seed);
    try (CandidateModel model = CandidateModel.create(spec, 3e-3)) {
      model.train("train", data.train().first(train), data.validation(), epochs, 64, seed);
      print("fp32", run(model, data, Precision.FP32, null));
      for (PrecisionMix mix : PrecisionMix.values())
        print("int8 " + mix, run(model, data, Precision.INT8, mix));
    }
  }

  static OnnxEvaluation.Result run(CandidateModel model, DatasetSplits data, Precision precision, PrecisionMix mix) {
    return OnnxEvaluation.builder().setModel(model).setPrecision(precision)
        .optLayerPrecisions(mix == null ? java.util.List.of() : mix.layers(model.spec(), precision))
        .setCalibrationImages(data.train()).setValidationImages(data.validation()).optLatencyRuns(100, 300).build().run();
  }

  static void print(String label, OnnxEvaluation.Result r) {
    System.out.printf(Locale.ROOT, "%s: accuracy %.4f, agreement with fp32 %s, %d bytes, median %.3f ms, computed %s%n", label, r.accuracy(),
        r.topOneAgreementWithFp32().map(a -> String.format(Locale.ROOT, "%.4f", a)).orElse("-"), r.onnx().length, r.latency().medianMs(),
        r.provenance().computedPrecision());
  }
}
