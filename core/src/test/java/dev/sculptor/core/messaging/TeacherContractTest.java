package dev.sculptor.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.job.Fidelity;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Distillation's message fields travel, and are left out of the JSON when absent. */
class TeacherContractTest {

  @Test
  void aRequestNamingATeacherRoundTripsAndOneWithoutLeavesTheFieldOut() {
    EvaluationRequest plain =
        new EvaluationRequest(
            UUID.randomUUID(),
            UUID.randomUUID(),
            "host-cpu",
            null,
            DatasetRef.builtIn("synthetic"),
            new Fidelity(3, 500, 1),
            new MeasurementProtocol(1, 5, 1, "validation"),
            7,
            1);
    Teacher teacher =
        new Teacher(
            UUID.randomUUID(),
            new EvaluationResult.ArtifactRef("file:///a/model.onnx", 1234, "ab".repeat(32)));
    EvaluationRequest taught = plain.withTeacher(teacher);

    String json = Json.write(taught);
    assertThat(json).contains("\"teacher\":{\"candidateId\":\"" + teacher.candidateId() + "\"");
    assertThat(Json.read(json, EvaluationRequest.class)).isEqualTo(taught);
    // continuing keeps the teacher
    assertThat(taught.continuing(new Continuation(plain.candidateId(), 1)).teacher())
        .isEqualTo(teacher);

    assertThat(Json.write(plain)).doesNotContain("teacher");
    assertThat(Json.read(Json.write(plain), EvaluationRequest.class)).isEqualTo(plain);
  }

  @Test
  void theDistillationNoteTravelsAndIsLeftOutWhenAbsent() {
    FidelityRun taught = new FidelityRun(2, 2, 500, null, null, true, "distilled from x");
    assertThat(Json.read(Json.write(taught), FidelityRun.class)).isEqualTo(taught);
    FidelityRun plain = new FidelityRun(2, 2, 500, null, null, true);
    assertThat(Json.write(plain)).doesNotContain("distillation");
    assertThat(Json.read(Json.write(plain), FidelityRun.class)).isEqualTo(plain);
  }
}
