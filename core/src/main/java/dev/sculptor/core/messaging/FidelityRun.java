package dev.sculptor.core.messaging;

import java.util.UUID;

/**
 * The training a result's numbers come from, so a short-budget result is never mistaken for a full
 * one. {@code epochsRun} were trained by this evaluation, {@code totalEpochs} by the model in all
 * (more when it resumed from a checkpoint), on {@code trainSubset} examples (null: the whole train
 * split). {@code resumedFrom} names the evaluation whose checkpoint this one started from (null:
 * fresh weights); {@code note} says why a requested continuation trained from scratch instead (a
 * checkpoint missing or not matching), else null. {@code checkpointKept} says whether this
 * evaluation's own checkpoint was stored, so it can be continued later. Results from evaluators
 * before multi-fidelity have none.
 */
public record FidelityRun(
    int epochsRun,
    int totalEpochs,
    Integer trainSubset,
    UUID resumedFrom,
    String note,
    boolean checkpointKept) {

  public boolean resumed() {
    return resumedFrom != null;
  }
}
