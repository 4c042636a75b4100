import ai.djl.engine.Engine;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.compression.PlannedTechniques;
import dev.sculptor.evaluator.data.DatasetSplits;
import dev.sculptor.evaluator.data.Datasets;
import dev.sculptor.evaluator.data.LabeledImages;
import dev.sculptor.evaluator.export.OnnxEvaluation;
import dev.sculptor.evaluator.measurement.OnnxRuntimeModel;
import dev.sculptor.evaluator.training.CandidateModel;
import dev.sculptor.evaluator.training.TrainingTechnique;
import java.util.List;

/**
 * Post-training quantisation against quantisation-aware training, int8, on BenchNetworks' networks:
 * each network trained on mnist-10k, then fine-tuned twice from the same weights with the same seed
 * (without, then with QuantisationAwareTraining), each exported at int8 through the product's
 * OnnxEvaluation and measured in ONNX Runtime on the validation and test splits (validation also on
 * the literal QDQ graph, without ONNX Runtime's fused integer kernels).
 * Run: SKIP_BUILD=1 bench/evaluator/run.sh bench/evaluator/QatVsPtq.java [nets] [images] [epochs] [fineTuneEpochs] [seeds]
 *   e.g. small,medium 9000 2 1 1,2
 */
public class QatVsPtq {
  public static void main(String[] args) {
    List<String> nets = List.of((args.length > 0 ? args[0] : "small,medium").split(","));
    int images = args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
    int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int fineTune = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    List<Long> seeds =
        java.util.Arrays.stream((args.length > 4 ? args[4] : "1").split(",")).map(Long::parseLong).toList();
    DatasetSplits data = Datasets.load(DatasetRef.builtIn("mnist-10k"));
    LabeledImages train = data.train().first(Math.min(images, data.train().size()));
    CompressionPlan qatPlan = new CompressionPlan(Precision.INT8, List.of(), null, null, null, List.of(), true);
    List<TrainingTechnique> qat = PlannedTechniques.forFineTune(qatPlan);
    System.out.printf("mnist-10k: %d training images, %d epochs + %d fine-tune, validation %d, test %d%n",
        train.size(), epochs, fineTune, data.validation().size(), data.test().size());
    for (BenchNetworks.Net net : BenchNetworks.three()) {
      if (!nets.contains(net.name())) continue;
      for (long seed : seeds) {
        Engine.getInstance().setRandomSeed((int) seed);
        float[][] trained;
        long t0 = System.nanoTime();
        try (CandidateModel full = CandidateModel.create(net.spec(), 3e-3)) {
          full.train("train", train, data.validation(), epochs, 64, seed);
          trained = full.parameterValues();
        }
        long trainS = (System.nanoTime() - t0) / 1_000_000_000;
        for (boolean aware : List.of(false, true)) {
          try (CandidateModel model = CandidateModel.create(net.spec(), 3e-3)) {
            model.setParameterValues(trained);
            if (aware) model.useTechniques(qat);
            long t1 = System.nanoTime();
            model.train("fine-tune", train, data.validation(), fineTune, 64, seed + 1);
            long fineS = (System.nanoTime() - t1) / 1_000_000_000;
            double djl = model.accuracy(data.validation());
            // the network with its int8 layers' weights fake-quantised as QAT trains them: tells weight
            // quantisation's share of the int8 loss from the activations'
            // (off unless FAKE_QUANTISED_ACCURACY is set, so the PTQ run touches nothing of QAT's)
            double djlFakeQuantised = Double.NaN;
            if (System.getenv("FAKE_QUANTISED_ACCURACY") != null) {
              TrainingTechnique fake = PlannedTechniques.forFineTune(qatPlan).getFirst();
              fake.beforeForward(model);
              djlFakeQuantised = model.accuracy(data.validation());
              fake.afterRun(model);
            }
            OnnxEvaluation.Result r = OnnxEvaluation.builder().setModel(model).setPrecision(Precision.INT8)
                .setCalibrationImages(data.train()).setValidationImages(data.validation()).optLatencyRuns(1, 1)
                .build().run();
            double test;
            try (OnnxRuntimeModel ort = OnnxRuntimeModel.load(r.onnx(), net.spec().input(), Precision.INT8, 1)) {
              test = ort.accuracy(data.test());
            }
            double literal;
            try (OnnxRuntimeModel ort = OnnxRuntimeModel.load(r.onnx(), net.spec().input(), Precision.INT8, 1,
                ai.onnxruntime.OrtSession.SessionOptions.OptLevel.NO_OPT)) {
              literal = ort.accuracy(data.validation());
            }
            System.out.printf(
                "%s (%.1f MMACs) seed %d %s: int8 validation %.4f (literal QDQ graph %.4f), int8 test %.4f,"
                    + " DJL validation fp32 %.4f, with int8 weights fake-quantised %.4f, int8 agreement with"
                    + " the fp32 export %.4f (training %d s, fine-tune %d s)%n",
                net.name(), net.mmacs(), seed, aware ? "QAT" : "PTQ", r.accuracy(), literal, test, djl,
                djlFakeQuantised, r.topOneAgreementWithFp32().orElseThrow(), trainS, fineS);
          }
        }
      }
    }
  }
}
