package dev.sculptor.api.candidate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.messaging.FidelityRun;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.store.candidate.EarlierStage;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A candidate's view says which fidelity its numbers come from and keeps a first stage's. */
class CandidateFidelityViewTest {

  @Test
  void aContinuedCandidateShowsItsEpochsItsTrainingAndItsFirstStage() {
    Candidate c = new Candidate();
    c.id = UUID.randomUUID();
    c.jobId = UUID.randomUUID();
    c.status = CandidateStatus.SUCCEEDED;
    c.metrics = "{\"accuracy\":0.8,\"testAccuracy\":0.79}";
    c.accuracy = 0.8;
    c.fidelityEpochs = 3;
    c.fidelityRun = Json.write(new FidelityRun(2, 3, null, c.id, null, true));
    c.earlierStage =
        Json.write(
            new EarlierStage(
                1,
                1,
                "{\"accuracy\":0.4,\"testAccuracy\":0.39}",
                0.4,
                1.0,
                10L,
                true,
                null,
                null,
                null));

    CandidateView view = CandidateView.of(c, false);

    assertThat(view.fidelityEpochs()).isEqualTo(3);
    assertThat(view.fidelity().get("epochsRun").asInt()).isEqualTo(2);
    assertThat(view.fidelity().get("resumedFrom").asText()).isEqualTo(c.id.toString());
    assertThat(view.firstStage().get("epochs").asInt()).isEqualTo(1);
    assertThat(view.firstStage().get("accuracy").asDouble()).isEqualTo(0.4);
    assertThat(view.firstStage().get("metrics").get("accuracy").asDouble()).isEqualTo(0.4);
    assertThat(view.firstStage().get("metrics").get("testAccuracy").isNull())
        .as("held out like the metrics above")
        .isTrue();
  }

  @Test
  void aCandidateFromBeforeMultiFidelityShowsNone() {
    Candidate c = new Candidate();
    c.id = UUID.randomUUID();
    c.status = CandidateStatus.SUCCEEDED;
    c.metrics = "{\"accuracy\":0.8}";

    CandidateView view = CandidateView.of(c, false);

    assertThat(view.fidelityEpochs()).isNull();
    assertThat(view.fidelity()).isNull();
    assertThat(view.firstStage()).isNull();
  }
}
