package dev.sculptor.core.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How hard each candidate is trained: epochs over the train split, optionally only its first {@code
 * trainSubset} examples, and fine-tune epochs after pruning. {@code schedule} {@link
 * FidelitySchedule#SUCCESSIVE_HALVING} trains each new candidate for {@code firstEpochs} first and
 * continues only the best {@code keep} share of its generation, from its checkpoint, to {@code
 * epochs}; absent (or {@code fixed}), every candidate trains {@code epochs} at once.
 */
public record Fidelity(
    int epochs,
    Integer trainSubset,
    int fineTuneEpochs,
    @JsonInclude(JsonInclude.Include.NON_NULL) FidelitySchedule schedule,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer firstEpochs,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double keep) {

  public static final int DEFAULT_EPOCHS = 2;
  public static final int DEFAULT_FINE_TUNE_EPOCHS = 1;
  public static final int DEFAULT_FIRST_EPOCHS = 1;
  public static final double DEFAULT_KEEP = 0.5;

  /** One fidelity for every candidate. */
  public Fidelity(int epochs, Integer trainSubset, int fineTuneEpochs) {
    this(epochs, trainSubset, fineTuneEpochs, null, null, null);
  }

  /**
   * As read from a job spec: a number left out (or null) takes its default; the server owns them.
   * The halving numbers take theirs only when the schedule is successive halving.
   */
  @JsonCreator
  public static Fidelity of(
      @JsonProperty("epochs") Integer epochs,
      @JsonProperty("trainSubset") Integer trainSubset,
      @JsonProperty("fineTuneEpochs") Integer fineTuneEpochs,
      @JsonProperty("schedule") FidelitySchedule schedule,
      @JsonProperty("firstEpochs") Integer firstEpochs,
      @JsonProperty("keep") Double keep) {
    boolean halving = schedule == FidelitySchedule.SUCCESSIVE_HALVING;
    return new Fidelity(
        epochs == null ? DEFAULT_EPOCHS : epochs,
        trainSubset,
        fineTuneEpochs == null ? DEFAULT_FINE_TUNE_EPOCHS : fineTuneEpochs,
        schedule,
        halving && firstEpochs == null ? Integer.valueOf(DEFAULT_FIRST_EPOCHS) : firstEpochs,
        halving && keep == null ? Double.valueOf(DEFAULT_KEEP) : keep);
  }

  public static Fidelity of(Integer epochs, Integer trainSubset, Integer fineTuneEpochs) {
    return of(epochs, trainSubset, fineTuneEpochs, null, null, null);
  }

  public static Fidelity defaults() {
    return new Fidelity(DEFAULT_EPOCHS, null, DEFAULT_FINE_TUNE_EPOCHS);
  }

  public boolean successiveHalving() {
    return schedule == FidelitySchedule.SUCCESSIVE_HALVING;
  }

  /** The same fidelity trained for {@code epochs} (a stage of successive halving). */
  public Fidelity withEpochs(int epochs) {
    return new Fidelity(epochs, trainSubset, fineTuneEpochs, schedule, firstEpochs, keep);
  }
}
