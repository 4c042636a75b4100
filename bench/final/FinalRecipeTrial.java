import dev.sculptor.core.job.FinalTraining;
import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.evaluator.artifact.FileArtifactStore;
import dev.sculptor.evaluator.evaluation.CandidateEvaluator;
import dev.sculptor.evaluator.evaluation.EvaluatorIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Replays one final-training request (as the worker sent it, e.g. read from the evaluate topic)
 * with another recipe, to compare recipes on the same candidate without running a whole job.
 * Prints the learning curve and the final model's validation and test accuracy.
 * Run: bench/evaluator/run.sh bench/final/FinalRecipeTrial.java REQUEST.json EPOCHS PATIENCE
 *        FINE_TUNE_EPOCHS SHIFT_PIXELS [SEED] [ROTATION_DEGREES] [ZOOM_PERCENT]
 * e.g. with bench/final/requests/canonical-seed42-best-member.json, the final-training request of
 * the canonical job's best member (seed 42, 2026-12-03).
 */
public class FinalRecipeTrial {
  public static void main(String[] args) throws Exception {
    EvaluationRequest r = Json.read(Files.readString(Path.of(args[0])), EvaluationRequest.class);
    FinalTraining recipe = new FinalTraining(r.finalTraining().candidates(), Integer.parseInt(args[1]),
        Integer.parseInt(args[3]), Integer.parseInt(args[2]), Integer.parseInt(args[4]),
        args.length > 6 ? Integer.parseInt(args[6]) : 0, args.length > 7 ? Integer.parseInt(args[7]) : 0);
    long seed = args.length > 5 ? Long.parseLong(args[5]) : r.seed();
    EvaluationRequest trial = EvaluationRequest.finalTraining(r.jobId(), r.candidateId(), r.retrainsCandidateId(),
        r.hardwareTarget(), r.candidate(), r.dataset(), r.fidelity(), r.protocol(), seed, r.attempt(), recipe)
        .withTeacher(r.teacher());
    var evaluator = new CandidateEvaluator(new EvaluatorIdentity("trial", "localhost", "host-cpu", 2, "DJL"),
        new FileArtifactStore(Files.createTempDirectory("final-trial")));
    EvaluationResult result = evaluator.evaluate(trial);
    for (EvaluationResult.EpochStats e : result.trainingCurve())
      System.out.printf(Locale.ROOT, "  %-9s epoch %2d  loss %.4f  train %.4f  validation %.4f%n",
          e.phase(), e.epoch(), e.loss(), e.trainAccuracy(), e.validationAccuracy());
    if (result.status() != EvaluationResult.Status.SUCCEEDED) {
      System.out.println("FAILED: " + result.error());
      return;
    }
    System.out.printf(Locale.ROOT, "epochs %s patience %s fine-tune %s shift %s rotation %d zoom %d seed %d: validation %.4f test %.4f (%d s)%n",
        args[1], args[2], args[3], args[4], recipe.rotationDegrees(), recipe.zoomPercent(), seed, result.metrics().accuracy(), result.metrics().testAccuracy(),
        result.timings().totalMs() / 1000);
  }
}
