package dev.sculptor.core.job;

import dev.sculptor.core.space.CompressionTechnique;
import java.util.List;

/**
 * What a user asks for: "the most accurate model on this dataset, under these limits, on this
 * hardware, within this budget". {@code latencyPolicy} says what happens when no evaluator of the
 * target is attached ({@link DeviceRule}). {@code compressionTechniques} are the techniques the
 * search may choose beyond channel pruning and one precision (none unless named); {@code teacher}
 * names the model distilled candidates learn from (null: the job's own most accurate candidate so
 * far). Immutable; {@link #withDefaults()} fills every optional field.
 */
public record JobSpec(
    String name,
    String dataset,
    String searchSpace,
    String hardwareTarget,
    Constraints constraints,
    List<Objective> objectives,
    Budget budget,
    Strategy strategy,
    Fidelity fidelity,
    Long seed,
    LatencyPolicy latencyPolicy,
    FinalTraining finalTraining,
    List<CompressionTechnique> compressionTechniques,
    NamedTeacher teacher) {

  public static final String DEFAULT_SEARCH_SPACE = "mobile-cnn";
  public static final String DEFAULT_DATASET = "mnist-10k";
  public static final String DEFAULT_TARGET = "host-cpu";

  /**
   * A spec of the fields every job has had: no latency policy, final-training section or
   * compression techniques (their defaults once {@link #withDefaults()} fills them).
   */
  public JobSpec(
      String name,
      String dataset,
      String searchSpace,
      String hardwareTarget,
      Constraints constraints,
      List<Objective> objectives,
      Budget budget,
      Strategy strategy,
      Fidelity fidelity,
      Long seed) {
    this(
        name,
        dataset,
        searchSpace,
        hardwareTarget,
        constraints,
        objectives,
        budget,
        strategy,
        fidelity,
        seed,
        null,
        null,
        null,
        null);
  }

  public JobSpec {
    objectives = objectives == null ? null : List.copyOf(objectives);
    compressionTechniques =
        compressionTechniques == null ? null : List.copyOf(compressionTechniques);
  }

  public JobSpec withDefaults() {
    return new JobSpec(
        name == null || name.isBlank() ? "search on " + orElse(dataset, DEFAULT_DATASET) : name,
        orElse(dataset, DEFAULT_DATASET),
        orElse(searchSpace, DEFAULT_SEARCH_SPACE),
        orElse(hardwareTarget, DEFAULT_TARGET),
        constraints == null ? Constraints.none() : constraints,
        objectives == null ? Objective.DEFAULTS : objectives,
        budget == null ? Budget.defaults() : budget,
        strategy == null ? Strategy.GENETIC : strategy,
        fidelity == null ? Fidelity.defaults() : fidelity,
        seed == null ? 42L : seed,
        latencyPolicy == null ? LatencyPolicy.PREDICT_OR_REFUSE : latencyPolicy,
        finalTraining == null ? FinalTraining.defaults() : finalTraining.withDefaults(),
        compressionTechniques == null ? List.of() : compressionTechniques,
        teacher);
  }

  private static String orElse(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
