package dev.sculptor.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.api.problem.Problem.FieldError;
import dev.sculptor.core.job.FinalTraining;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.messaging.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The final phase's augmentation: defaults when absent, each bad number named by its field. */
class FinalTrainingValidationTest {
  @Test
  void rotationsAndZoomsDefaultAndPassWithinTheirRanges() {
    FinalTraining absent = Json.read("{\"candidates\": 2}", FinalTraining.class).withDefaults();
    assertThat(absent.rotationDegrees()).isEqualTo(FinalTraining.DEFAULT_ROTATION_DEGREES);
    assertThat(absent.zoomPercent()).isEqualTo(FinalTraining.DEFAULT_ZOOM_PERCENT);
    assertThat(fields(new FinalTraining(2, 15, 15, 4, 2, 30, 30))).isEmpty();
    assertThat(fields(new FinalTraining(2, 15, 15, 4, 2, 0, 0))).isEmpty();
  }

  @Test
  void eachBadAugmentationNumberIsNamed() {
    assertThat(fields(new FinalTraining(2, 15, 15, 4, 2, 31, null)))
        .containsExactly("finalTraining.rotationDegrees");
    assertThat(fields(new FinalTraining(2, 15, 15, 4, 2, null, -1)))
        .containsExactly("finalTraining.zoomPercent");
    assertThat(fields(new FinalTraining(2, 15, 15, 4, 5, -3, 40)))
        .containsExactly(
            "finalTraining.shiftPixels",
            "finalTraining.rotationDegrees",
            "finalTraining.zoomPercent");
  }

  private static List<String> fields(FinalTraining f) {
    JobSpec spec = FidelityScheduleValidationTest.spec(null, f);
    return JobSpecValidator.validate(spec, FidelityScheduleValidationTest.LIMITS).stream()
        .map(FieldError::field)
        .toList();
  }
}
