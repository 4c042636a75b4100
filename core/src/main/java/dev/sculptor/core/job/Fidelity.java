package dev.sculptor.core.job;

/**
 * How hard each candidate is trained: epochs over the train split, optionally only its first
 * {@code trainSubset} examples, and fine-tune epochs after pruning.
 */
public record Fidelity(int epochs, Integer trainSubset, int fineTuneEpochs) {

  public static Fidelity defaults() {
    return new Fidelity(2, null, 1);
  }
}
