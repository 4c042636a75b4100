package dev.sculptor.evaluator.evaluation;

import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.EvaluationResult.Timings;
import dev.sculptor.core.metrics.Latency;
import dev.sculptor.evaluator.artifact.ArtifactStore;
import dev.sculptor.evaluator.cancel.Cancellation;
import dev.sculptor.evaluator.cancel.EvaluationCancelledException;
import dev.sculptor.evaluator.measurement.OnnxRuntimeMeter;
import dev.sculptor.evaluator.measurement.OnnxRuntimeModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The evaluation of a time-only evaluator (a device that cannot train: a Raspberry Pi 4 with this
 * build's libtorch). The request carries the result of the candidate's training on another
 * evaluator ({@link EvaluationRequest#trained()}); this times that result's ONNX model here in ONNX
 * Runtime with the request's protocol and answers the same result with this latency, labelled with
 * this machine, and this evaluator's name. Accuracy, size and the model stay the training's,
 * labelled with the hardware they were measured on. Nothing here loads libtorch.
 */
public final class ModelTiming implements Evaluation {
  private final EvaluatorIdentity identity;
  private final ArtifactStore artifacts;

  public ModelTiming(EvaluatorIdentity identity, ArtifactStore artifacts) {
    this.identity = identity;
    this.artifacts = artifacts;
  }

  @Override
  public EvaluationResult evaluate(EvaluationRequest request, Cancellation cancellation) {
    try {
      return timed(request, cancellation);
    } catch (EvaluationCancelledException e) {
      return failed(request, e.getMessage(), false);
    }
  }

  private EvaluationResult timed(EvaluationRequest request, Cancellation cancellation) {
    long started = System.nanoTime();
    EvaluationResult trained = request.trained();
    if (trained == null
        || trained.status() != EvaluationResult.Status.SUCCEEDED
        || trained.metrics() == null
        || trained.artifact() == null)
      return failed(request, "nothing to time: the request carries no trained model", false);
    if (request.candidate() == null || request.protocol() == null)
      return failed(request, "the request has no candidate or protocol", false);
    Optional<Path> file = artifacts.file(trained.artifact());
    if (file.isEmpty())
      return failed(
          request,
          "the trained model "
              + trained.artifact().uri()
              + " is not in this evaluator's artifact store (or differs from what was reported):"
              + " SCULPTOR_ARTIFACT_DIR must be the store the training evaluator wrote to",
          false);
    cancellation.check();
    byte[] onnx;
    try {
      onnx = Files.readAllBytes(file.get());
    } catch (IOException e) {
      return failed(request, "could not read the trained model: " + e, true);
    }
    int threads =
        Math.clamp(request.protocol().threads(), 1, Runtime.getRuntime().availableProcessors());
    Latency latency;
    try (OnnxRuntimeModel model =
        OnnxRuntimeModel.load(
            onnx,
            OnnxRuntimeModel.declaredInput(onnx),
            request.candidate().compression().precision(),
            threads,
            identity.timing())) {
      OnnxRuntimeMeter.Measurement m =
          OnnxRuntimeMeter.measure(
              model, request.protocol().warmupRuns(), request.protocol().timedRuns());
      latency =
          MeasuredLatency.of(
              m.timing(),
              m.provenance(),
              request.protocol().warmupRuns(),
              identity.hardware(),
              request.candidate().compression());
    } catch (IllegalArgumentException | IllegalStateException e) {
      return failed(request, "could not time the trained model: " + e, false);
    }
    cancellation.check();
    long ms = (System.nanoTime() - started) / 1_000_000;
    Timings t = trained.timings() == null ? new Timings(0, 0, 0, 0, 0) : trained.timings();
    return new EvaluationResult(
        trained.jobId(),
        trained.candidateId(),
        trained.attempt(),
        trained.status(),
        trained.metrics().withLatency(latency),
        trained.artifact(),
        identity.info(),
        new Timings(
            t.trainMs(), t.compressMs(), t.measureMs() + ms, t.onnxMs() + ms, t.totalMs() + ms),
        trained.trainingCurve(),
        null,
        Instant.now(),
        trained.djlArtifact(),
        trained.fidelity(),
        trained.sensitivity());
  }

  private EvaluationResult failed(EvaluationRequest request, String reason, boolean retriable) {
    return EvaluationResult.failed(request, identity.info(), null, reason, retriable);
  }
}
