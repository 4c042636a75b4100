package dev.sculptor.evaluator.compression;

import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.Teacher;
import dev.sculptor.core.space.Distillation;
import dev.sculptor.evaluator.artifact.ArtifactStore;
import dev.sculptor.evaluator.data.LabeledImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * What a request's distillation has to learn from: the teacher's logits for the training set, or
 * none, and a note for the result saying which teacher taught or why the candidate trained on
 * labels alone. A plan without distillation has neither.
 *
 * @param logits the teacher's logits, null when the training uses labels alone
 * @param note for a plan with distillation, the teacher used or why none was; else null
 */
public record Teaching(TeacherLogits logits, String note) {
  public static final Teaching NONE = new Teaching(null, null);

  /**
   * Reads the teacher {@code request} names from {@code artifacts} and computes its logits over
   * {@code train} (the examples the training indexes) with {@code threads} ONNX Runtime threads.
   * Never fails the evaluation: a missing, unreadable or unfit teacher means labels alone, said in
   * the note.
   */
  public static Teaching prepare(
      EvaluationRequest request, LabeledImages train, ArtifactStore artifacts, int threads) {
    Distillation distillation = request.candidate().compression().distillation();
    if (distillation == null) return NONE;
    Teacher teacher = request.teacher();
    if (teacher == null || teacher.onnx() == null)
      return labelsAlone("the request named no teacher (no candidate of the job had finished)");
    String from = "the teacher " + teacher.candidateId();
    if (!TeacherLogits.fits(train.size(), train.classes()))
      return labelsAlone(
          String.format(
              Locale.ROOT,
              "%s's logits for %d examples × %d classes would take %.0f MiB, above the %d MiB"
                  + " kept in memory",
              from,
              train.size(),
              train.classes(),
              train.size() * (double) train.classes() * Float.BYTES / (1 << 20),
              TeacherLogits.MAX_FLOATS * Float.BYTES >> 20));
    Optional<Path> file = artifacts.file(teacher.onnx());
    if (file.isEmpty())
      return labelsAlone(
          from
              + "'s ONNX model is not in this evaluator's artifact store with its reported digest");
    TeacherLogits logits;
    try {
      logits =
          TeacherLogits.compute(
              teacher.candidateId(), Files.readAllBytes(file.get()), train, threads);
    } catch (IOException | RuntimeException e) {
      return labelsAlone(from + "'s ONNX model could not be run: " + e.getMessage());
    }
    return new Teaching(
        logits,
        String.format(
            Locale.ROOT,
            "distilled from %s's ONNX model at temperature %s, weight %s",
            from,
            distillation.temperature(),
            distillation.weight()));
  }

  private static Teaching labelsAlone(String why) {
    return new Teaching(null, "distillation planned, but " + why + "; trained on labels alone");
  }

  /** The context the planned training hooks get. */
  public TechniqueContext context() {
    return new TechniqueContext(logits);
  }
}
