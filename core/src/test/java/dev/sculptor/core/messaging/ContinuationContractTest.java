package dev.sculptor.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.job.Fidelity;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Multi-fidelity's message fields travel, and messages from before them still read. */
class ContinuationContractTest {

  @Test
  void aContinuedRequestRoundTripsAndAnOldRequestReadsWithoutContinuation() {
    UUID first = UUID.randomUUID();
    EvaluationRequest fresh =
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
    EvaluationRequest continued = fresh.continuing(new Continuation(first, 1));

    String json = Json.write(continued);
    assertThat(json).contains("\"continues\":{\"candidateId\":\"" + first + "\",\"epochsDone\":1}");
    assertThat(Json.read(json, EvaluationRequest.class)).isEqualTo(continued);
    assertThat(continued.isContinuation()).isTrue();

    // what a worker before multi-fidelity sends: no such field at all
    String old = Json.write(fresh).replace(",\"continues\":null", "");
    assertThat(old).doesNotContain("continues");
    EvaluationRequest read = Json.read(old, EvaluationRequest.class);
    assertThat(read.continues()).isNull();
    assertThat(read.isContinuation()).isFalse();
    assertThat(read).isEqualTo(fresh);
  }

  @Test
  void aResultCarriesTheFidelityItRanAndAnOldResultReadsWithoutIt() {
    UUID first = UUID.randomUUID();
    EvaluationResult sent =
        new EvaluationResult(
            UUID.randomUUID(),
            UUID.randomUUID(),
            1,
            EvaluationResult.Status.FAILED,
            null,
            null,
            null,
            null,
            List.of(),
            new EvaluationResult.EvaluationError("x", false),
            Instant.parse("2026-01-01T00:00:00Z"),
            null,
            new FidelityRun(2, 3, null, first, null, true));

    String json = Json.write(sent);
    assertThat(Json.read(json, EvaluationResult.class)).isEqualTo(sent);
    assertThat(sent.fidelity().resumed()).isTrue();

    String old = json.replaceAll(",\"fidelity\":\\{[^}]*}", "");
    assertThat(old).doesNotContain("fidelity");
    assertThat(Json.read(old, EvaluationResult.class).fidelity()).isNull();
  }
}
