package dev.sculptor.api.candidate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.metrics.MetricSource;
import dev.sculptor.core.metrics.Sensitivity;
import dev.sculptor.core.metrics.SensitivityStatus;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.store.candidate.CandidateSensitivity;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One candidate: its decoded spec (architecture, compression plan, training recipe), the metrics
 * with where each came from (measured on which hardware and how often, or predicted), training
 * curve.
 */
@Schema(name = "Candidate")
public record CandidateView(
    UUID id,
    UUID jobId,
    String fingerprint,
    int generation,
    @Schema(
            example = "SUCCEEDED",
            description =
                "PENDING (sent, awaiting its result), SUCCEEDED, FAILED (failureReason says why),"
                    + " or INFEASIBLE: infeasible by construction, never sent for evaluation,"
                    + " because what its decoded spec settles (size, parameters, MACs, peak"
                    + " memory) already misses a limit of the job; failureReason names the limit."
                    + " INFEASIBLE candidates do not count against the budget")
        CandidateStatus status,
    @Schema(description = "CandidateSpec: architecture, compression plan, training recipe")
        JsonNode spec,
    @Schema(
            description =
                "Metrics: accuracy, latency (median, p90, CV, source), size, params, MACs, peak"
                    + " memory. For an INFEASIBLE candidate the computed numbers instead (nothing"
                    + " was measured): source, modelBytesAtLeast (a lower bound of the .onnx file:"
                    + " weights and biases at its precision), params, macs, peakActivationBytes")
        JsonNode metrics,
    Double accuracy,
    @Schema(
            description =
                "Accuracy on the held-out test split: only for the final Pareto front of a finished"
                    + " job (the search selects on validation accuracy and never sees it); null"
                    + " otherwise")
        Double testAccuracy,
    Double latencyMs,
    @Schema(example = "MEASURED") MetricSource.Kind latencySource,
    Long modelBytes,
    @Schema(description = "Meets every constraint of the job") Boolean feasible,
    @Schema(
            description =
                "On the job's Pareto front: feasible, and no candidate beats it on the job's"
                    + " objectives")
        boolean onFront,
    @Schema(
            description =
                "Why a FAILED candidate has no result, or which limits an INFEASIBLE one misses"
                    + " (e.g. \"infeasible by construction: computed size at least 1.20 MB"
                    + " exceeds maxModelBytes 1.00 MB\")")
        String failureReason,
    String evaluatorId,
    JsonNode trainingCurve,
    JsonNode timings,
    @Schema(description = "A model file can be downloaded") boolean hasModel,
    @Schema(
            description =
                "The model can be downloaded as ONNX (the default format); false for candidates"
                    + " evaluated before the ONNX export, whose only download is format=djl")
        boolean hasOnnxModel,
    Instant createdAt,
    Instant finishedAt,
    @Schema(
            description =
                "The final phase's full-fidelity training of this front member, when the job chose"
                    + " it (finalTraining in the spec); null otherwise. The fields above stay the"
                    + " search-fidelity ones")
        Final finalTraining,
    @Schema(
            description =
                "Epochs the metrics above were trained for: under fidelity.schedule"
                    + " successive-halving a candidate not continued keeps its short first stage"
                    + " (fidelity.firstEpochs); null: the job's fidelity.epochs")
        Integer fidelityEpochs,
    @Schema(
            description =
                "The training behind the metrics as the evaluator reports it: epochsRun,"
                    + " totalEpochs, trainSubset, resumedFrom (the checkpoint it continued),"
                    + " note (why a continuation trained from scratch instead), checkpointKept;"
                    + " null for results from evaluators before multi-fidelity")
        JsonNode fidelity,
    @Schema(
            description =
                "A continued candidate's first-stage result as it stood (epochs, accuracy,"
                    + " metrics); null unless it was continued")
        JsonNode firstStage,
    @Schema(
            description =
                "Per-layer sensitivity of this candidate's trained full-width network (its"
                    + " training checkpoint, before its own pruning), asked for with POST"
                    + " .../candidates/{cid}/sensitivity: the same analysis and shape as"
                    + " finalTraining.sensitivity. Null until sensitivityAnalysis.status is DONE")
        Sensitivity sensitivity,
    @Schema(
            description =
                "Where the sensitivity analysis asked for on request stands; null when none was"
                    + " asked for")
        SensitivityAnalysis sensitivityAnalysis) {

  /** Where a sensitivity analysis asked for on request stands (the analysis itself aside). */
  @Schema(name = "SensitivityAnalysis")
  public record SensitivityAnalysis(
      @Schema(
              example = "REQUESTED",
              description =
                  "REQUESTED (waiting for an evaluator of the job's target), DONE (the candidate's"
                      + " sensitivity is there), FAILED (failureReason says why; asking again"
                      + " queues a new analysis)")
          SensitivityStatus status,
      Instant requestedAt,
      @Schema(description = "When the worker sent it to the evaluators; null until then")
          Instant sentAt,
      Instant finishedAt,
      @Schema(
              description =
                  "Why a FAILED analysis has no result, e.g. the candidate's checkpoint is not on"
                      + " the evaluator that took it")
          String failureReason,
      String evaluatorId) {

    static SensitivityAnalysis of(CandidateSensitivity s) {
      return s == null
          ? null
          : new SensitivityAnalysis(
              s.status, s.requestedAt, s.sentAt, s.finishedAt, s.failureReason, s.evaluatorId);
    }
  }

  /**
   * A front member trained again at full fidelity, re-compressed and re-measured as the search
   * measured it.
   */
  @Schema(name = "CandidateFinalTraining")
  public record Final(
      @Schema(description = "1 = the most accurate feasible front member at search fidelity")
          int rank,
      @Schema(example = "SUCCEEDED") CandidateStatus status,
      @Schema(
              description =
                  "Final metrics, measured as the search's are (ONNX Runtime, same protocol)")
          JsonNode metrics,
      @Schema(description = "Final validation accuracy") Double accuracy,
      @Schema(description = "Final test accuracy, evaluated once; shown once the job has finished")
          Double testAccuracy,
      Double latencyMs,
      Long modelBytes,
      Boolean feasible,
      String failureReason,
      JsonNode trainingCurve,
      JsonNode timings,
      @Schema(
              description =
                  "The final training as the evaluator reports it: epochsRun, totalEpochs and"
                      + " note, which says when a run ended early (e.g. it diverged after its best"
                      + " epoch and kept that epoch's weights); null for trainings from before"
                      + " it was kept")
          JsonNode fidelity,
      @Schema(
              description =
                  "Per-layer sensitivity of the finally trained network, before its own pruning:"
                      + " validation accuracy (on the first sampleSize validation examples, no"
                      + " fine-tuning) after pruning each prunable layer alone at each of"
                      + " pruningRatios (prunedAccuracy, same order) and after quantising that"
                      + " layer's weights alone to int8 (int8Accuracy), beside the unmodified"
                      + " baselineAccuracy; elapsedMs is what it cost. Null before the training"
                      + " succeeded and for trainings from before the analysis")
          Sensitivity sensitivity,
      @Schema(description = "The final model can be downloaded: it is then the default download")
          boolean hasModel) {

    static Final of(dev.sculptor.store.candidate.FinalTraining f, boolean jobFinished) {
      JsonNode metrics = tree(f.metrics);
      if (!jobFinished && metrics instanceof com.fasterxml.jackson.databind.node.ObjectNode m)
        m.putNull("testAccuracy");
      return new Final(
          f.rank,
          f.status,
          metrics,
          f.accuracy,
          jobFinished ? f.testAccuracy : null,
          f.latencyMs,
          f.modelBytes,
          f.feasible,
          f.failureReason,
          tree(f.trainingCurve),
          tree(f.timings),
          tree(f.fidelityRun),
          f.sensitivity == null ? null : Json.read(f.sensitivity, Sensitivity.class),
          f.artifactId != null);
    }
  }

  static CandidateView of(Candidate c, boolean jobFinished) {
    return of(c, jobFinished, null, null);
  }

  /**
   * {@code jobFinished}: whether the job has ended, so its front is final and may show test
   * accuracy; {@code f} its final training and {@code analysis} its sensitivity analysis on
   * request, if any.
   */
  static CandidateView of(
      Candidate c,
      boolean jobFinished,
      dev.sculptor.store.candidate.FinalTraining f,
      CandidateSensitivity analysis) {
    JsonNode metrics = tree(c.metrics);
    Double test = null;
    if (metrics instanceof com.fasterxml.jackson.databind.node.ObjectNode m) {
      JsonNode t = m.get("testAccuracy");
      if (jobFinished && c.onFront && t != null && t.isNumber()) test = t.asDouble();
      else m.putNull("testAccuracy"); // held out until the front is final
    }
    return new CandidateView(
        c.id,
        c.jobId,
        c.fingerprint,
        c.generation,
        c.status,
        tree(c.spec),
        metrics,
        c.accuracy,
        test,
        c.latencyMs,
        c.latencySource,
        c.modelBytes,
        c.feasible,
        c.onFront,
        c.failureReason,
        c.evaluatorId,
        tree(c.trainingCurve),
        tree(c.timings),
        c.artifactId != null,
        c.djlArtifactId != null,
        c.createdAt,
        c.finishedAt,
        f == null ? null : Final.of(f, jobFinished),
        c.fidelityEpochs,
        tree(c.fidelityRun),
        firstStage(c),
        analysis == null || analysis.sensitivity == null
            ? null
            : Json.read(analysis.sensitivity, Sensitivity.class),
        SensitivityAnalysis.of(analysis));
  }

  private static JsonNode firstStage(Candidate c) {
    if (c.earlierStage == null) return null;
    var first = Json.read(c.earlierStage, dev.sculptor.store.candidate.EarlierStage.class);
    var node = Json.mapper().createObjectNode();
    node.put("epochs", first.epochs());
    node.put("accuracy", first.accuracy());
    node.set("metrics", tree(first.metrics()));
    if (node.get("metrics") instanceof com.fasterxml.jackson.databind.node.ObjectNode m)
      m.putNull("testAccuracy"); // held out, as above
    return node;
  }

  private static JsonNode tree(String json) {
    if (json == null) return null;
    try {
      return Json.mapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
