package dev.sculptor.api.job;

import dev.sculptor.api.catalog.Catalog;
import dev.sculptor.api.problem.Problem.FieldError;
import dev.sculptor.core.dataset.DatasetCatalog;
import dev.sculptor.core.dataset.DatasetInfo;
import dev.sculptor.core.job.Budget;
import dev.sculptor.core.job.Constraints;
import dev.sculptor.core.job.Fidelity;
import dev.sculptor.core.job.HardwareTarget;
import dev.sculptor.core.job.HardwareTargets;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.job.Objective;
import dev.sculptor.core.space.CompressionTechnique;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Checks a submitted spec (defaults already filled in) and names every offending field. */
public final class JobSpecValidator {
  /** Server-side ceilings a job may ask for. */
  public record Limits(int maxCandidates, int maxWallClockMinutes) {}

  private JobSpecValidator() {}

  /** As {@link #validate(JobSpec, Limits, Predicate)} with only the built-in datasets known. */
  public static List<FieldError> validate(JobSpec spec, Limits limits) {
    return validate(spec, limits, id -> false);
  }

  /**
   * {@code uploaded}: whether an id that is not built in names one of the caller's team's uploaded
   * datasets.
   */
  public static List<FieldError> validate(JobSpec spec, Limits limits, Predicate<String> uploaded) {
    List<FieldError> errors = new ArrayList<>();
    if (spec.name().length() > 200)
      errors.add(new FieldError("name", "must be at most 200 characters"));
    plainText(errors, "name", spec.name());
    plainText(errors, "dataset", spec.dataset());
    plainText(errors, "searchSpace", spec.searchSpace());
    plainText(errors, "hardwareTarget", spec.hardwareTarget());
    if (DatasetCatalog.builtIn(spec.dataset()).isEmpty() && !uploaded.test(spec.dataset())) {
      errors.add(
          new FieldError(
              "dataset",
              "unknown dataset '"
                  + clip(spec.dataset())
                  + "'; known: "
                  + DatasetCatalog.builtIn().stream()
                      .map(DatasetInfo::id)
                      .collect(Collectors.joining(", "))
                  + " and the team's uploads (ds-<uuid>, GET /api/v1/datasets)"));
    }
    var space = Catalog.searchSpace(spec.searchSpace());
    if (space.isEmpty()) {
      errors.add(
          new FieldError(
              "searchSpace",
              "unknown search space '"
                  + clip(spec.searchSpace())
                  + "'; known: "
                  + Catalog.searchSpaces().stream()
                      .map(Catalog.SearchSpace::id)
                      .collect(Collectors.joining(", "))));
    }
    if (HardwareTargets.byId(spec.hardwareTarget()).isEmpty()) {
      errors.add(
          new FieldError(
              "hardwareTarget",
              "unknown hardware target '"
                  + clip(spec.hardwareTarget())
                  + "'; known: "
                  + HardwareTargets.all().stream()
                      .map(HardwareTarget::id)
                      .collect(Collectors.joining(", "))));
    }
    Constraints c = spec.constraints();
    positive(errors, "constraints.maxModelBytes", c.maxModelBytes());
    positive(errors, "constraints.maxParams", c.maxParams());
    positive(errors, "constraints.maxMacs", c.maxMacs());
    positive(errors, "constraints.maxPeakMemoryBytes", c.maxPeakMemoryBytes());
    if (c.minAccuracy() != null && !(c.minAccuracy() > 0 && c.minAccuracy() < 1)) {
      errors.add(
          new FieldError(
              "constraints.minAccuracy", "must be a fraction between 0 and 1 (0.98 for 98%)"));
    }
    if (c.maxLatencyMs() != null && !(c.maxLatencyMs() > 0 && c.maxLatencyMs() <= 3_600_000)) {
      errors.add(
          new FieldError(
              "constraints.maxLatencyMs", "must be greater than 0 and at most one hour"));
    }
    if (space.isPresent()
        && c.maxModelBytes() != null
        && c.maxModelBytes() > 0
        && c.maxModelBytes() < space.get().smallestModelBytes()) {
      errors.add(
          new FieldError(
              "constraints.maxModelBytes",
              "no network in "
                  + space.get().id()
                  + " fits: the smallest"
                  + " possible model needs at least "
                  + space.get().smallestModelBytes()
                  + " bytes"));
    }
    Budget b = spec.budget();
    if (b.maxCandidates() < 1 || b.maxCandidates() > limits.maxCandidates()) {
      errors.add(
          new FieldError(
              "budget.maxCandidates",
              "must be between 1 and " + limits.maxCandidates() + " (this server's maximum)"));
    }
    if (b.maxWallClockMinutes() < 1 || b.maxWallClockMinutes() > limits.maxWallClockMinutes()) {
      errors.add(
          new FieldError(
              "budget.maxWallClockMinutes",
              "must be between 1 and "
                  + limits.maxWallClockMinutes()
                  + " (this server's maximum)"));
    }
    if (b.generations() != null && (b.generations() < 1 || b.generations() > 10_000)) {
      errors.add(new FieldError("budget.generations", "must be between 1 and 10000"));
    }
    if (b.populationSize() != null && (b.populationSize() < 2 || b.populationSize() > 500)) {
      errors.add(new FieldError("budget.populationSize", "must be between 2 and 500"));
    }
    if (b.plateauGenerations() != null
        && (b.plateauGenerations() < 1 || b.plateauGenerations() > 1000)) {
      errors.add(
          new FieldError(
              "budget.plateauGenerations",
              "must be between 1 and 1000 generations without improvement"));
    }
    dev.sculptor.core.job.FinalTraining ft = spec.finalTraining();
    if (ft.candidates() < 0
        || ft.candidates() > dev.sculptor.core.job.FinalTraining.MAX_CANDIDATES) {
      errors.add(
          new FieldError(
              "finalTraining.candidates",
              "must be between 0 (no final phase) and "
                  + dev.sculptor.core.job.FinalTraining.MAX_CANDIDATES));
    }
    if (ft.epochs() < 1 || ft.epochs() > dev.sculptor.core.job.FinalTraining.MAX_EPOCHS) {
      errors.add(
          new FieldError(
              "finalTraining.epochs",
              "must be between 1 and " + dev.sculptor.core.job.FinalTraining.MAX_EPOCHS));
    }
    if (ft.fineTuneEpochs() < 0 || ft.fineTuneEpochs() > 20)
      errors.add(new FieldError("finalTraining.fineTuneEpochs", "must be between 0 and 20"));
    if (ft.patience() < 0 || ft.patience() > 100) {
      errors.add(
          new FieldError(
              "finalTraining.patience", "must be between 0 (no early stopping) and 100 epochs"));
    }
    if (ft.shiftPixels() < 0 || ft.shiftPixels() > 4)
      errors.add(
          new FieldError("finalTraining.shiftPixels", "must be between 0 (no shifts) and 4"));
    if (ft.rotationDegrees() < 0 || ft.rotationDegrees() > 30)
      errors.add(
          new FieldError(
              "finalTraining.rotationDegrees", "must be between 0 (no rotations) and 30"));
    if (ft.zoomPercent() < 0 || ft.zoomPercent() > 30)
      errors.add(new FieldError("finalTraining.zoomPercent", "must be between 0 (no zoom) and 30"));
    Fidelity f = spec.fidelity();
    if (f.epochs() < 1 || f.epochs() > 50)
      errors.add(new FieldError("fidelity.epochs", "must be between 1 and 50"));
    if (f.fineTuneEpochs() < 0 || f.fineTuneEpochs() > 10)
      errors.add(new FieldError("fidelity.fineTuneEpochs", "must be between 0 and 10"));
    if (f.trainSubset() != null && (f.trainSubset() < 100 || f.trainSubset() > 10_000_000)) {
      errors.add(new FieldError("fidelity.trainSubset", "must be at least 100 examples"));
    }
    fidelitySchedule(errors, f);
    objectives(errors, spec.objectives());
    compressionTechniques(errors, spec.compressionTechniques());
    teacher(errors, spec);
    return errors;
  }

  /**
   * A named teacher needs a candidate id and a job that distills; whether the candidate may teach
   * (the team's, finished, same dataset) is the database's question, asked by the service.
   */
  private static void teacher(List<FieldError> errors, JobSpec spec) {
    if (spec.teacher() == null) return;
    if (spec.teacher().candidateId() == null)
      errors.add(
          new FieldError("teacher.candidateId", "is required: the candidate whose model teaches"));
    if (spec.compressionTechniques() == null
        || !spec.compressionTechniques().contains(CompressionTechnique.DISTILLATION))
      errors.add(
          new FieldError(
              "teacher", "applies only when compressionTechniques includes DISTILLATION"));
  }

  /**
   * Successive halving needs a short first stage below the full epochs and a share to continue
   * strictly between none and all; its numbers mean nothing under the fixed schedule.
   */
  private static void fidelitySchedule(List<FieldError> errors, Fidelity f) {
    if (!f.successiveHalving()) {
      if (f.firstEpochs() != null)
        errors.add(
            new FieldError(
                "fidelity.firstEpochs", "applies only with fidelity.schedule successive-halving"));
      if (f.keep() != null)
        errors.add(
            new FieldError(
                "fidelity.keep", "applies only with fidelity.schedule successive-halving"));
      return;
    }
    if (f.firstEpochs() < 1 || f.firstEpochs() >= f.epochs())
      errors.add(
          new FieldError(
              "fidelity.firstEpochs",
              "must be at least 1 and below fidelity.epochs (" + f.epochs() + ")"));
    if (!(f.keep() > 0 && f.keep() < 1))
      errors.add(
          new FieldError(
              "fidelity.keep",
              "must be a share above 0 and below 1 of each generation to continue"));
  }

  /**
   * Two or three distinct objectives, no null (unknown names are already refused when the JSON is
   * read): the front and hypervolume are kept over exactly these.
   */
  private static void objectives(List<FieldError> errors, List<Objective> objectives) {
    String known = java.util.Arrays.toString(Objective.values());
    String howMany =
        "must name " + Objective.MIN_PER_JOB + " or " + Objective.MAX_PER_JOB + " objectives";
    if (objectives.isEmpty()) {
      errors.add(new FieldError("objectives", howMany + ", not none; known: " + known));
    } else if (objectives.stream().anyMatch(java.util.Objects::isNull)) {
      errors.add(new FieldError("objectives", "must not contain null; known: " + known));
    } else if (new java.util.HashSet<>(objectives).size() < objectives.size()) {
      errors.add(new FieldError("objectives", "names an objective more than once"));
    } else if (objectives.size() < Objective.MIN_PER_JOB
        || objectives.size() > Objective.MAX_PER_JOB) {
      errors.add(
          new FieldError(
              "objectives", howMany + ", not " + objectives.size() + "; known: " + known));
    }
  }

  /** Distinct techniques, no null (unknown names are refused when the JSON is read). */
  private static void compressionTechniques(
      List<FieldError> errors, List<CompressionTechnique> techniques) {
    if (techniques == null) return;
    String known = java.util.Arrays.toString(CompressionTechnique.values());
    if (techniques.stream().anyMatch(java.util.Objects::isNull)) {
      errors.add(new FieldError("compressionTechniques", "must not contain null; known: " + known));
    } else if (new java.util.HashSet<>(techniques).size() < techniques.size()) {
      errors.add(new FieldError("compressionTechniques", "names a technique more than once"));
    }
  }

  /**
   * Text a person typed: control characters (NUL above all, which PostgreSQL refuses in text) are
   * the sender's mistake, answered with the field's name rather than a database error.
   */
  private static void plainText(List<FieldError> errors, String field, String value) {
    if (value == null) return;
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (Character.isISOControl(ch)) {
        errors.add(
            new FieldError(
                field,
                String.format(
                    "contains the control character U+%04X at position %d", (int) ch, i)));
        return;
      }
    }
  }

  private static void positive(List<FieldError> errors, String field, Long value) {
    if (value != null && value <= 0) errors.add(new FieldError(field, "must be greater than 0"));
  }

  /** Echo user input back without letting it grow the response unbounded. */
  private static String clip(String value) {
    return value == null ? "" : value.length() > 60 ? value.substring(0, 60) + "…" : value;
  }
}
