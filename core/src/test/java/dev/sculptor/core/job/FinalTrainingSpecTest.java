package dev.sculptor.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.JobProgress;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.MeasurementProtocol;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FinalTrainingSpecTest {
  @Test
  void aSpecWithoutAFinalTrainingSectionGetsTheDefaultPhaseAndAPartialOneIsFilledIn() {
    JobSpec none = Json.read("{\"name\": \"x\"}", JobSpec.class).withDefaults();
    assertThat(none.finalTraining()).isEqualTo(FinalTraining.defaults());
    assertThat(none.finalTraining().enabled()).isTrue();

    JobSpec off =
        Json.read("{\"finalTraining\": {\"candidates\": 0}}", JobSpec.class).withDefaults();
    assertThat(off.finalTraining().enabled()).isFalse();
    assertThat(off.finalTraining().epochs()).isEqualTo(FinalTraining.DEFAULT_EPOCHS);
  }

  @Test
  void fineTuningLastsAsLongAsTheTrainingUnlessToldOtherwise() {
    assertThat(FinalTraining.defaults().fineTuneEpochs()).isEqualTo(FinalTraining.DEFAULT_EPOCHS);
    assertThat(
            new FinalTraining(1, 9, null, null, null, null, null).withDefaults().fineTuneEpochs())
        .isEqualTo(9);
    assertThat(new FinalTraining(1, 9, 2, null, null, null, null).withDefaults().fineTuneEpochs())
        .isEqualTo(2);
    assertThat(
            new FinalTraining(1, null, 0, null, null, null, null).withDefaults().fineTuneEpochs())
        .isZero();
  }

  @Test
  void aFinalRequestCarriesItsRecipeAndASearchRequestNone() {
    UUID finalId = UUID.randomUUID();
    UUID candidate = UUID.randomUUID();
    EvaluationRequest request =
        EvaluationRequest.finalTraining(
            UUID.randomUUID(),
            finalId,
            candidate,
            "host-cpu",
            null,
            DatasetRef.builtIn("mnist-10k"),
            Fidelity.defaults(),
            MeasurementProtocol.defaults(1),
            7,
            1,
            new FinalTraining(2, 10, 1, 3, 2, null, null));
    EvaluationRequest back = Json.read(Json.write(request), EvaluationRequest.class);
    assertThat(back).isEqualTo(request);
    assertThat(back.isFinal()).isTrue();
    // keyed by the final training, its model is the candidate's
    assertThat(back.candidateId()).isEqualTo(finalId);
    assertThat(back.modelCandidateId()).isEqualTo(candidate);
    // a final request from a worker that did not name the candidate yet: the model falls back to
    // the request's id
    String unnamed =
        Json.write(request).replace(",\"retrainsCandidateId\":\"" + candidate + "\"", "");
    assertThat(unnamed).doesNotContain("retrainsCandidateId");
    assertThat(Json.read(unnamed, EvaluationRequest.class).modelCandidateId()).isEqualTo(finalId);
    // a request from a worker before the final phase has no such field
    String old =
        unnamed.replace(
            ",\"finalTraining\":{\"candidates\":2,\"epochs\":10,\"fineTuneEpochs\":1,\"patience\":3,\"shiftPixels\":2,\"rotationDegrees\":null,\"zoomPercent\":null}",
            "");
    assertThat(old).doesNotContain("finalTraining");
    assertThat(Json.read(old, EvaluationRequest.class).isFinal()).isFalse();
    assertThat(Json.read(old, EvaluationRequest.class).modelCandidateId()).isEqualTo(finalId);

    JobProgress p = new JobProgress(3, 12, 12, 0.9, 0.5, null, "FINALIZING", 1, 3);
    assertThat(Json.read(Json.write(p), JobProgress.class)).isEqualTo(p);
  }
}
