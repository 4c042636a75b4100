import dev.sculptor.core.job.Fidelity;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.MeasurementProtocol;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.MobileCnnSpace;
import dev.sculptor.evaluator.artifact.FileArtifactStore;
import dev.sculptor.evaluator.evaluation.CandidateEvaluator;
import dev.sculptor.evaluator.evaluation.EvaluatorIdentity;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Candidates per hour at the product's default fidelity (2 epochs on all 8,002 mnist-10k training
 * digits, 1 fine-tune epoch when pruned; the product's latency protocol): N random
 * mobile-cnn candidates (seeded, as a search's first generation would draw them), each through the
 * evaluator's whole pipeline, with the share of each candidate's time spent in ONNX export and ONNX
 * Runtime (parity, calibration, accuracy, latency: {@code Timings.onnxMs}). Run: bench/evaluator/run.sh bench/evaluator/CandidatesPerHour.java [N]
 */
public class CandidatesPerHour {
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    var evaluator = new CandidateEvaluator(new EvaluatorIdentity("bench", "localhost", "host-cpu", Runtime.getRuntime().availableProcessors(), "DJL"),
        new FileArtifactStore(Files.createTempDirectory("bench-artifacts")));
    SplittableRandom random = new SplittableRandom(2026);
    double[] seconds = new double[n];
    double train = 0;
    double onnx = 0;
    double[] onnxShare = new double[n];
    for (int i = 0; i < n; i++) {
      CandidateSpec spec = MobileCnnSpace.decode(MobileCnnSpace.random(random), null);
      EvaluationResult r = evaluator.evaluate(new EvaluationRequest(UUID.randomUUID(), UUID.randomUUID(), "host-cpu", spec,
          DatasetRef.builtIn("mnist-10k"), Fidelity.defaults(), MeasurementProtocol.defaults(1), 42, 1));
      seconds[i] = r.timings().totalMs() / 1000.0;
      train += r.timings().trainMs() / 1000.0;
      onnx += r.timings().onnxMs() / 1000.0;
      onnxShare[i] = r.timings().onnxMs() / (double) Math.max(1, r.timings().totalMs());
      System.out.printf(Locale.ROOT, "candidate %d: %s, %.1f s (train %.1f s, compress %.1f s, measure %.1f s of which ONNX %.2f s = %.1f%%),"
          + " accuracy %s, %d stages, %s%n", i + 1, r.status(), seconds[i], r.timings().trainMs() / 1000.0,
          r.timings().compressMs() / 1000.0, r.timings().measureMs() / 1000.0, r.timings().onnxMs() / 1000.0, 100 * onnxShare[i], r.metrics() == null ? r.error().reason() : String.format(Locale.ROOT, "%.3f", r.metrics().accuracy()),
          spec.architecture().stages().size(), r.metrics() == null ? "" : String.format(Locale.ROOT, "%.2f MMACs", r.metrics().macs() / 1e6));
    }
    double mean = Arrays.stream(seconds).average().orElse(0);
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    double[] shares = onnxShare.clone();
    Arrays.sort(shares);
    double total = Arrays.stream(seconds).sum();
    System.out.printf(Locale.ROOT, "%d candidates: mean %.1f s, median %.1f s, min %.1f s, max %.1f s, training %.0f%% of the time,"
            + " ONNX export + ONNX Runtime %.1f%% of the time (per candidate %.1f%%–%.1f%%, median %.1f%%) -> %.0f candidates per hour%n",
        n, mean, sorted[n / 2], sorted[0], sorted[n - 1], 100 * train / total, 100 * onnx / total, 100 * shares[0], 100 * shares[n - 1],
        100 * shares[n / 2], 3600 / mean);
  }
}
