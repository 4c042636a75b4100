package dev.sculptor.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.job.Fidelity;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An evaluation split between a training evaluator and a time-only one travels with both halves,
 * and every other request and heartbeat reads and writes as before (the new fields are left out of
 * the JSON when absent).
 */
class SplitEvaluationContractTest {
  private static final EvaluationRequest PLAIN =
      new EvaluationRequest(
          UUID.randomUUID(),
          UUID.randomUUID(),
          "arm-cortex-a72",
          null,
          DatasetRef.builtIn("synthetic"),
          new Fidelity(1, 300, 1),
          new MeasurementProtocol(1, 5, 4, "validation"),
          7,
          2);

  @Test
  void aRequestSentOnForTrainingAndBackForTimingKeepsEverythingElse() {
    EvaluationRequest forTraining = PLAIN.timedOn("arm-cortex-a72");
    EvaluationResult trained =
        EvaluationResult.failed(forTraining, null, null, "a stand-in result", false);
    EvaluationRequest forTiming = forTraining.withTrained(trained);

    assertThat(Json.write(forTraining))
        .contains("\"timedOn\":\"arm-cortex-a72\"")
        .doesNotContain("trained");
    assertThat(Json.read(Json.write(forTiming), EvaluationRequest.class)).isEqualTo(forTiming);
    assertThat(forTiming.trained()).isEqualTo(trained);
    assertThat(forTiming.timedOn()).isEqualTo("arm-cortex-a72");
    assertThat(forTiming.isTrained()).isTrue();
    assertThat(forTraining.isTrained()).isFalse();
    // what the worker asked is unchanged through both hops
    assertThat(forTiming.candidateId()).isEqualTo(PLAIN.candidateId());
    assertThat(forTiming.attempt()).isEqualTo(2);
    assertThat(forTiming.protocol()).isEqualTo(PLAIN.protocol());
    // the other with… methods keep the split
    assertThat(forTiming.withTeacher(null).trained()).isEqualTo(trained);
    assertThat(forTiming.continuing(null).timedOn()).isEqualTo("arm-cortex-a72");

    assertThat(Json.write(PLAIN)).doesNotContain("timedOn").doesNotContain("trained");
    assertThat(Json.read(Json.write(PLAIN), EvaluationRequest.class)).isEqualTo(PLAIN);
  }

  @Test
  void aTimeOnlyEvaluatorsHeartbeatNamesWhereItsCandidatesTrainAndOthersLeaveItOut() {
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    EvaluatorHeartbeat timeOnly =
        new EvaluatorHeartbeat(
            "pi",
            "arm-cortex-a72",
            "pi",
            4,
            "none (times ONNX models only)",
            at,
            "Cortex-A72 (Raspberry Pi 4 Model B Rev 1.1)",
            "aarch64",
            4,
            "onnxruntime 1.29.0 (CPU execution provider)",
            "0.1.0",
            "host-cpu");
    EvaluatorHeartbeat trains =
        new EvaluatorHeartbeat(
            "x", "host-cpu", "x", 2, "DJL", at, "EPYC", "amd64", 1, "onnxruntime", "0.1.0", null);

    assertThat(Json.write(timeOnly)).contains("\"trainsOn\":\"host-cpu\"");
    assertThat(Json.read(Json.write(timeOnly), EvaluatorHeartbeat.class)).isEqualTo(timeOnly);
    assertThat(Json.read(Json.write(trains), EvaluatorHeartbeat.class).trainsOn()).isNull();
    assertThat(Json.write(trains)).doesNotContain("trainsOn");
  }
}
