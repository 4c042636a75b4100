package dev.sculptor.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.job.Fidelity;
import dev.sculptor.core.metrics.Sensitivity;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The messages of a sensitivity analysis on request travel, and every other message reads and
 * writes as before (the request's new field is left out of the JSON when absent).
 */
class SensitivityOnRequestContractTest {
  private static final EvaluationRequest PLAIN =
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

  @Test
  void anAnalysisRequestRoundTripsAndEveryOtherRequestLeavesTheFieldOut() {
    UUID candidate = UUID.randomUUID();
    EvaluationRequest analysis = PLAIN.withSensitivityOnly(new SensitivityOnly(candidate));

    String json = Json.write(analysis);
    assertThat(json).contains("\"sensitivityOnly\":{\"candidateId\":\"" + candidate + "\"}");
    assertThat(Json.read(json, EvaluationRequest.class)).isEqualTo(analysis);
    assertThat(analysis.isSensitivityOnly()).isTrue();
    // the other with… methods keep it
    assertThat(analysis.continuing(null).sensitivityOnly()).isEqualTo(analysis.sensitivityOnly());
    assertThat(analysis.withTeacher(null).sensitivityOnly()).isEqualTo(analysis.sensitivityOnly());

    assertThat(Json.write(PLAIN)).doesNotContain("sensitivityOnly").doesNotContain("Only");
    assertThat(Json.read(Json.write(PLAIN), EvaluationRequest.class)).isEqualTo(PLAIN);
    assertThat(PLAIN.isSensitivityOnly()).isFalse();
  }

  @Test
  void theRequestOnTheJobsTopicRoundTripsWithItsTypeName() {
    JobMessage sent =
        new SensitivityRequested(
            UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Instant.now());

    String json = Json.write(sent);

    assertThat(json).contains("\"type\":\"SensitivityRequested\"");
    assertThat(Json.read(json, JobMessage.class)).isEqualTo(sent);
  }

  @Test
  void theAnswerCarriesTheAnalysisAndNoModel() {
    EvaluationRequest request = PLAIN.withSensitivityOnly(new SensitivityOnly(UUID.randomUUID()));
    Sensitivity s =
        new Sensitivity(
            0.9,
            List.of(0.25, 0.5, 0.75),
            List.of(new Sensitivity.Layer(0, "stem", "conv", 16, List.of(0.9, 0.8, 0.5), 0.9)),
            500,
            "validation",
            "test",
            10);

    EvaluationResult answer =
        EvaluationResult.analysed(request, null, new EvaluationResult.Timings(0, 0, 0, 0, 10), s);

    assertThat(answer.candidateId()).isEqualTo(request.candidateId());
    assertThat(answer.status()).isEqualTo(EvaluationResult.Status.SUCCEEDED);
    assertThat(answer.metrics()).isNull();
    assertThat(answer.artifact()).isNull();
    assertThat(Json.read(Json.write(answer), EvaluationResult.class).sensitivity()).isEqualTo(s);
  }
}
