package dev.sculptor.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.api.problem.Problem.FieldError;
import dev.sculptor.core.job.Budget;
import dev.sculptor.core.job.Constraints;
import dev.sculptor.core.job.Fidelity;
import dev.sculptor.core.job.FidelitySchedule;
import dev.sculptor.core.job.FinalTraining;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.messaging.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The opt-in successive-halving schedule: its numbers take defaults, are checked by name, and a job
 * without it reads and validates as before.
 */
class FidelityScheduleValidationTest {
  static final JobSpecValidator.Limits LIMITS = new JobSpecValidator.Limits(1000, 600);

  @Test
  void successiveHalvingTakesItsDefaultsAndPasses() {
    Fidelity f = Json.read("{\"epochs\": 4, \"schedule\": \"successive-halving\"}", Fidelity.class);

    assertThat(f.schedule()).isEqualTo(FidelitySchedule.SUCCESSIVE_HALVING);
    assertThat(f.firstEpochs()).isEqualTo(Fidelity.DEFAULT_FIRST_EPOCHS);
    assertThat(f.keep()).isEqualTo(Fidelity.DEFAULT_KEEP);
    assertThat(JobSpecValidator.validate(spec(f), LIMITS)).isEmpty();
  }

  @Test
  void aJobWithoutAScheduleReadsAsBeforeAndWritesNoScheduleFields() {
    Fidelity f = Json.read("{\"epochs\": 3}", Fidelity.class);

    assertThat(f.successiveHalving()).isFalse();
    assertThat(f.firstEpochs()).isNull();
    assertThat(f.keep()).isNull();
    assertThat(Json.write(f)).isEqualTo("{\"epochs\":3,\"trainSubset\":null,\"fineTuneEpochs\":1}");
    assertThat(JobSpecValidator.validate(spec(f), LIMITS)).isEmpty();
  }

  @Test
  void eachBadHalvingNumberIsNamed() {
    assertThat(fields(Fidelity.of(2, null, 1, FidelitySchedule.SUCCESSIVE_HALVING, 2, 0.5)))
        .containsExactly("fidelity.firstEpochs");
    assertThat(fields(Fidelity.of(3, null, 1, FidelitySchedule.SUCCESSIVE_HALVING, 0, 1.0)))
        .containsExactly("fidelity.firstEpochs", "fidelity.keep");
    assertThat(fields(Fidelity.of(3, null, 1, null, 1, 0.5)))
        .containsExactly("fidelity.firstEpochs", "fidelity.keep");
  }

  private static List<String> fields(Fidelity f) {
    return JobSpecValidator.validate(spec(f), LIMITS).stream().map(FieldError::field).toList();
  }

  private static JobSpec spec(Fidelity f) {
    return spec(f, null);
  }

  /** A valid small job with this fidelity and final phase (null: the defaults), defaults filled. */
  static JobSpec spec(Fidelity f, FinalTraining finalTraining) {
    return new JobSpec(
            "halving",
            "synthetic",
            "mobile-cnn",
            "host-cpu",
            new Constraints(10_000_000L, 50.0, null, null, null),
            null,
            new Budget(12, 10, null, null, null),
            null,
            f,
            1L,
            null,
            finalTraining,
            null,
            null)
        .withDefaults();
  }
}
