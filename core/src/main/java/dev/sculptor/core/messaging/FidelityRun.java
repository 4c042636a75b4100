package dev.sculptor.core.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import java.util.UUID;

/**
 * The training a result's numbers come from, so a short-budget result is never mistaken for a full
 * one. {@code epochsRun} were trained by this evaluation, {@code totalEpochs} by the model in all
 * (more when it resumed from a checkpoint), on {@code trainSubset} examples (null: the whole train
 * split). {@code resumedFrom} names the evaluation whose checkpoint this one started from (null:
 * fresh weights); {@code note} says why a requested continuation trained from scratch instead (a
 * checkpoint missing or not matching), and where a run with early stopping (the final phase)
 * diverged and ended at its best epoch's weights instead of failing, else null. {@code
 * checkpointKept} says whether this evaluation's own checkpoint was stored, so it can be continued
 * later. {@code distillation} says, for a plan with distillation only, which teacher the training
 * learned from or why it trained on labels alone (no teacher named, its model unreadable here, its
 * logits too large to keep); null (left out of the JSON) for a plan without distillation and from
 * evaluators before it. Results from evaluators before multi-fidelity have none.
 */
public record FidelityRun(
    int epochsRun,
    int totalEpochs,
    Integer trainSubset,
    UUID resumedFrom,
    String note,
    boolean checkpointKept,
    @JsonInclude(Include.NON_NULL) String distillation) {

  /** A run without distillation. */
  public FidelityRun(
      int epochsRun,
      int totalEpochs,
      Integer trainSubset,
      UUID resumedFrom,
      String note,
      boolean checkpointKept) {
    this(epochsRun, totalEpochs, trainSubset, resumedFrom, note, checkpointKept, null);
  }

  public boolean resumed() {
    return resumedFrom != null;
  }
}
