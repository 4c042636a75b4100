package dev.sculptor.core.messaging;

import dev.sculptor.core.metrics.Metrics;
import dev.sculptor.core.metrics.Sensitivity;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Outcome of one evaluation, on {@link Topics#RESULTS} keyed by job id. A FAILED result carries an
 * {@link EvaluationError}; a bad candidate never stops the search. A SUCCEEDED result's {@code
 * artifact} is the deployable ONNX model ({@link ModelFormat#ONNX}) and {@code djlArtifact} the DJL
 * zip of the same attempt; results from evaluators before the ONNX export have only a zip, in
 * {@code artifact}, and no {@code djlArtifact}. {@code fidelity} labels the training the numbers
 * come from (epochs run, resumed or not); evaluators before multi-fidelity send none. {@code
 * sensitivity} is the per-layer sensitivity analysis of the trained float network, done for
 * final-phase results and as the whole answer to a request for the analysis only ({@link
 * EvaluationRequest#sensitivityOnly()}: no metrics, no artifacts); null otherwise and in results
 * from evaluators before it.
 */
public record EvaluationResult(
    UUID jobId,
    UUID candidateId,
    int attempt,
    Status status,
    Metrics metrics,
    ArtifactRef artifact,
    EvaluatorInfo evaluator,
    Timings timings,
    List<EpochStats> trainingCurve,
    EvaluationError error,
    Instant finishedAt,
    ArtifactRef djlArtifact,
    FidelityRun fidelity,
    Sensitivity sensitivity) {

  public enum Status {
    SUCCEEDED,
    FAILED
  }

  public EvaluationResult {
    trainingCurve = trainingCurve == null ? List.of() : List.copyOf(trainingCurve);
  }

  /** A result without a sensitivity analysis (every search evaluation). */
  public EvaluationResult(
      UUID jobId,
      UUID candidateId,
      int attempt,
      Status status,
      Metrics metrics,
      ArtifactRef artifact,
      EvaluatorInfo evaluator,
      Timings timings,
      List<EpochStats> trainingCurve,
      EvaluationError error,
      Instant finishedAt,
      ArtifactRef djlArtifact,
      FidelityRun fidelity) {
    this(
        jobId,
        candidateId,
        attempt,
        status,
        metrics,
        artifact,
        evaluator,
        timings,
        trainingCurve,
        error,
        finishedAt,
        djlArtifact,
        fidelity,
        null);
  }

  /** This result carrying {@code analysis} as its sensitivity. */
  public EvaluationResult withSensitivity(Sensitivity analysis) {
    return new EvaluationResult(
        jobId,
        candidateId,
        attempt,
        status,
        metrics,
        artifact,
        evaluator,
        timings,
        trainingCurve,
        error,
        finishedAt,
        djlArtifact,
        fidelity,
        analysis);
  }

  /**
   * A result without a DJL zip beside its artifact (failed, or from an evaluator before the ONNX
   * export).
   */
  public EvaluationResult(
      UUID jobId,
      UUID candidateId,
      int attempt,
      Status status,
      Metrics metrics,
      ArtifactRef artifact,
      EvaluatorInfo evaluator,
      Timings timings,
      List<EpochStats> trainingCurve,
      EvaluationError error,
      Instant finishedAt) {
    this(
        jobId,
        candidateId,
        attempt,
        status,
        metrics,
        artifact,
        evaluator,
        timings,
        trainingCurve,
        error,
        finishedAt,
        null,
        null,
        null);
  }

  /** A result without a {@link FidelityRun} (from an evaluator before multi-fidelity). */
  public EvaluationResult(
      UUID jobId,
      UUID candidateId,
      int attempt,
      Status status,
      Metrics metrics,
      ArtifactRef artifact,
      EvaluatorInfo evaluator,
      Timings timings,
      List<EpochStats> trainingCurve,
      EvaluationError error,
      Instant finishedAt,
      ArtifactRef djlArtifact) {
    this(
        jobId,
        candidateId,
        attempt,
        status,
        metrics,
        artifact,
        evaluator,
        timings,
        trainingCurve,
        error,
        finishedAt,
        djlArtifact,
        null,
        null);
  }

  /**
   * The successful evaluation of {@code request}: its deployable model, the DJL zip beside it, and
   * what was measured.
   */
  public static EvaluationResult succeeded(
      EvaluationRequest request,
      Metrics metrics,
      ArtifactRef artifact,
      ArtifactRef djlArtifact,
      EvaluatorInfo evaluator,
      Timings timings,
      List<EpochStats> trainingCurve) {
    return succeeded(
        request, metrics, artifact, djlArtifact, evaluator, timings, trainingCurve, null);
  }

  /** As above, labelled with the training actually run. */
  public static EvaluationResult succeeded(
      EvaluationRequest request,
      Metrics metrics,
      ArtifactRef artifact,
      ArtifactRef djlArtifact,
      EvaluatorInfo evaluator,
      Timings timings,
      List<EpochStats> trainingCurve,
      FidelityRun fidelity) {
    return new EvaluationResult(
        request.jobId(),
        request.candidateId(),
        request.attempt(),
        Status.SUCCEEDED,
        metrics,
        artifact,
        evaluator,
        timings,
        trainingCurve,
        null,
        Instant.now(),
        djlArtifact,
        fidelity,
        null);
  }

  /**
   * The answer to a request for a sensitivity analysis only: the analysis, and no model or metrics
   * (nothing was trained or measured).
   */
  public static EvaluationResult analysed(
      EvaluationRequest request, EvaluatorInfo evaluator, Timings timings, Sensitivity analysis) {
    return new EvaluationResult(
        request.jobId(),
        request.candidateId(),
        request.attempt(),
        Status.SUCCEEDED,
        null,
        null,
        evaluator,
        timings,
        List.of(),
        null,
        Instant.now(),
        null,
        null,
        analysis);
  }

  /** A failed evaluation of {@code request}; {@code timings} may be null when nothing ran. */
  public static EvaluationResult failed(
      EvaluationRequest request,
      EvaluatorInfo evaluator,
      Timings timings,
      String reason,
      boolean retriable) {
    return new EvaluationResult(
        request.jobId(),
        request.candidateId(),
        request.attempt(),
        Status.FAILED,
        null,
        null,
        evaluator,
        timings,
        List.of(),
        new EvaluationError(reason, retriable),
        Instant.now(),
        null,
        null,
        null);
  }

  /** Where the deployable artifact lives in the artifact store and what it weighs. */
  public record ArtifactRef(String uri, long bytes, String sha256) {}

  /** Which evaluator process produced this, on what hardware. */
  public record EvaluatorInfo(
      String id, String host, String hardwareTarget, int cores, String engine) {}

  /**
   * Wall time spent per phase, in milliseconds. {@code onnxMs} is the part of {@code measureMs}
   * spent exporting to ONNX and running the export in ONNX Runtime (fp32 parity with DJL,
   * calibration, validation and test accuracy, latency); the rest of {@code measureMs} stores the
   * artifacts. Results from evaluators before it was recorded read 0.
   */
  public record Timings(long trainMs, long compressMs, long measureMs, long onnxMs, long totalMs) {}

  /** One epoch of training (or fine-tuning when {@code phase} is "fine-tune"). */
  public record EpochStats(
      String phase, int epoch, double loss, double trainAccuracy, double validationAccuracy) {}

  /**
   * Why an evaluation failed. {@code retriable} says whether trying again can help (a lost
   * evaluator) or not (the candidate itself is bad: NaN loss, out of memory, cannot build).
   */
  public record EvaluationError(String reason, boolean retriable) {}
}
