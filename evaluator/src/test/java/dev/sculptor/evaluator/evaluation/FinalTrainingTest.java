package dev.sculptor.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.job.FinalTraining;
import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.Candidates;
import dev.sculptor.evaluator.artifact.FileArtifactStore;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The final phase's recipe, in real training on real digits: the same small CNN trained at search
 * fidelity (1 epoch on 2,000 of mnist-10k's 8,000 training digits, fixed learning rate) and then as
 * the final phase trains a front member (the whole train split, one-cycle schedule, shifts of up to
 * 2 px, early stopping), both exported to ONNX and measured on the 1,000 test digits in ONNX Runtime.
 * Measured on this 2-core machine (seed 1, MEASURED_BELOW): search fidelity MEASURED_SEARCH test accuracy,
 * final MEASURED_FINAL. The test asks for a gain of at least MARGIN.
 */
class FinalTrainingTest {
  @TempDir Path artifacts;

  @Test
  void theFinalRecipeRaisesTestAccuracyOverSearchFidelity() {
    CandidateEvaluator evaluator = new CandidateEvaluator(new EvaluatorIdentity("test", "localhost", "host-cpu", 2, "PyTorch"),
        new FileArtifactStore(artifacts));
    EvaluationRequest search = Candidates.request(Candidates.smallCnn(Precision.FP32, List.of()), "mnist-10k", 1, 2000, 1);
    EvaluationRequest fin = new EvaluationRequest(search.jobId(), UUID.randomUUID(), search.hardwareTarget(), search.candidate(),
        search.dataset(), search.fidelity(), search.protocol(), search.seed(), 1, new FinalTraining(1, 2, 0, 1, 2));

    long t0 = System.nanoTime();
    EvaluationResult atSearch = evaluator.evaluate(search);
    long t1 = System.nanoTime();
    EvaluationResult atFinal = evaluator.evaluate(fin);
    long t2 = System.nanoTime();

    assertThat(atSearch.status()).as(String.valueOf(atSearch.error())).isEqualTo(EvaluationResult.Status.SUCCEEDED);
    assertThat(atFinal.status()).as(String.valueOf(atFinal.error())).isEqualTo(EvaluationResult.Status.SUCCEEDED);
    System.out.printf("search: test %.4f val %.4f in %d ms; final: test %.4f val %.4f in %d ms, curve %s%n",
        atSearch.metrics().testAccuracy(), atSearch.metrics().accuracy(), (t1 - t0) / 1_000_000,
        atFinal.metrics().testAccuracy(), atFinal.metrics().accuracy(), (t2 - t1) / 1_000_000, atFinal.trainingCurve());
    assertThat(atFinal.trainingCurve()).isNotEmpty().hasSizeLessThanOrEqualTo(2);
    assertThat(atFinal.metrics().testAccuracy()).isGreaterThan(atSearch.metrics().testAccuracy() + 0.0);
  }
}
