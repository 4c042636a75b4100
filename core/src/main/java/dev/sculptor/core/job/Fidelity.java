package dev.sculptor.core.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How hard each candidate is trained: epochs over the train split, optionally only its first {@code
 * trainSubset} examples, and fine-tune epochs after pruning.
 */
public record Fidelity(int epochs, Integer trainSubset, int fineTuneEpochs) {

  public static final int DEFAULT_EPOCHS = 2;
  public static final int DEFAULT_FINE_TUNE_EPOCHS = 1;

  /**
   * As read from a job spec: a number left out (or null) takes its default; the server owns them.
   */
  @JsonCreator
  public static Fidelity of(
      @JsonProperty("epochs") Integer epochs,
      @JsonProperty("trainSubset") Integer trainSubset,
      @JsonProperty("fineTuneEpochs") Integer fineTuneEpochs) {
    return new Fidelity(
        epochs == null ? DEFAULT_EPOCHS : epochs,
        trainSubset,
        fineTuneEpochs == null ? DEFAULT_FINE_TUNE_EPOCHS : fineTuneEpochs);
  }

  public static Fidelity defaults() {
    return new Fidelity(DEFAULT_EPOCHS, null, DEFAULT_FINE_TUNE_EPOCHS);
  }
}
