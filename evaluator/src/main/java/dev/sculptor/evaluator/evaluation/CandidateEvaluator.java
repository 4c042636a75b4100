package dev.sculptor.evaluator.evaluation;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.EvaluationResult.EpochStats;
import dev.sculptor.core.messaging.EvaluationResult.EvaluationError;
import dev.sculptor.core.metrics.Latency;
import dev.sculptor.core.metrics.MetricSource;
import dev.sculptor.core.metrics.Metrics;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.evaluator.artifact.ArtifactStore;
import dev.sculptor.evaluator.artifact.ModelArchive;
import dev.sculptor.evaluator.cancel.Cancellation;
import dev.sculptor.evaluator.cancel.EvaluationCancelledException;
import dev.sculptor.evaluator.compression.ChannelPruning;
import dev.sculptor.evaluator.compression.WeightQuantization;
import dev.sculptor.evaluator.data.DatasetSplits;
import dev.sculptor.evaluator.data.Datasets;
import dev.sculptor.evaluator.data.LabeledImages;
import dev.sculptor.evaluator.measurement.LatencyMeter;
import dev.sculptor.evaluator.training.CandidateModel;
import dev.sculptor.evaluator.training.NonFiniteLossException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The evaluation protocol for one candidate (DESIGN §4): build, train, prune and fine-tune,
 * quantise, measure, save. A bad candidate becomes a FAILED result with the reason, never an
 * exception out of here. A cancelled evaluation (its time limit passed) stops at the next training
 * batch or timed run and stores no model.
 */
public final class CandidateEvaluator implements Evaluation {
  private final EvaluatorIdentity identity;
  private final ArtifactStore artifacts;

  public CandidateEvaluator(EvaluatorIdentity identity, ArtifactStore artifacts) {
    this.identity = identity;
    this.artifacts = artifacts;
  }

  public EvaluationResult evaluate(EvaluationRequest request) {
    return evaluate(request, Cancellation.none());
  }

  @Override
  public EvaluationResult evaluate(EvaluationRequest request, Cancellation cancellation) {
    long started = System.nanoTime();
    try {
      return run(request, cancellation, started);
    } catch (EvaluationCancelledException e) {
      return failed(request, e.getMessage(), false, started);
    } catch (FileAlreadyExistsException e) {
      // never replaced: the model of this attempt was already stored (and perhaps reported)
      return failed(request, "the model of attempt " + request.attempt() + " is stored already; not overwritten", true, started);
    } catch (IOException e) {
      // A full or failing disk is the evaluator's trouble, not the candidate's: the worker tries again (bounded).
      return failed(request, "could not store the model file: " + e, true, started);
    } catch (NonFiniteLossException e) {
      return failed(request, e.getMessage(), false, started);
    } catch (IllegalArgumentException | IllegalStateException e) {
      return failed(request, "candidate cannot be evaluated: " + e.getMessage(), false, started);
    } catch (OutOfMemoryError e) {
      return failed(request, "out of memory while evaluating the candidate", false, started);
    } catch (EngineException e) {
      return failed(request, "the PyTorch engine failed: " + e.getMessage(), false, started);
    } catch (Exception e) {
      return failed(request, "evaluation failed: " + e, true, started);
    }
  }

  private EvaluationResult run(EvaluationRequest request, Cancellation cancellation, long started) throws Exception {
    CandidateSpec candidate = request.candidate();
    if (candidate == null || candidate.architecture() == null || candidate.compression() == null || candidate.training() == null) {
      throw new IllegalArgumentException("the request has no complete candidate spec");
    }
    if (request.dataset() == null || request.fidelity() == null || request.protocol() == null) {
      throw new IllegalArgumentException("the request has no dataset, fidelity or measurement protocol");
    }
    DatasetSplits data = Datasets.load(request.dataset());
    LabeledImages train = request.fidelity().trainSubset() == null ? data.train() : data.train().first(request.fidelity().trainSubset());
    LabeledImages validation = data.validation();
    NetworkSpec fullSpec = NetworkDecoder.decode(candidate, train.shape(), train.classes());
    NetworkSpec prunedSpec = NetworkDecoder.decodePruned(candidate, train.shape(), train.classes());
    Engine.getInstance().setRandomSeed((int) request.seed());
    int batch = Math.clamp(candidate.training().batchSize(), 8, 512);
    double lr = candidate.training().learningRate();

    List<EpochStats> curve = new ArrayList<>();
    long trainStart = System.nanoTime();
    CandidateModel model = CandidateModel.create(fullSpec, lr);
    long trainMs;
    long compressStart;
    try {
      curve.addAll(model.train("train", train, validation, request.fidelity().epochs(), batch, request.seed(), cancellation));
      trainMs = (System.nanoTime() - trainStart) / 1_000_000;
      compressStart = System.nanoTime();
      if (!prunedSpec.equals(fullSpec)) {
        CandidateModel pruned = CandidateModel.create(prunedSpec, lr);
        try {
          ChannelPruning.copyKeptWeights(model, pruned);
        } catch (RuntimeException e) {
          pruned.close();
          throw e;
        }
        model.close();
        model = pruned;
        curve.addAll(model.train("fine-tune", train, validation, request.fidelity().fineTuneEpochs(), batch, request.seed() + 1, cancellation));
      }
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    try (CandidateModel finished = model) {
      WeightQuantization.apply(finished.slots(), candidate.compression().precision());
      long compressMs = (System.nanoTime() - compressStart) / 1_000_000;

      long measureStart = System.nanoTime();
      String split = request.protocol().accuracySplit();
      double accuracy = finished.accuracy(data.split(split), cancellation);
      // the held-out number for the final front; inference only, so it costs a fraction of a second
      double testAccuracy = "test".equals(split) ? accuracy : finished.accuracy(data.split("test"), cancellation);
      int threads = Math.clamp(request.protocol().threads(), 1, Runtime.getRuntime().availableProcessors());
      LatencyMeter.Timing timing = LatencyMeter.measure(finished, request.protocol().warmupRuns(), request.protocol().timedRuns(), threads,
          cancellation);
      Path file = artifacts.newTempFile();
      EvaluationResult.ArtifactRef artifact;
      long bytes;
      try {
        ModelArchive.write(file, candidate, finished, candidate.compression().precision());
        bytes = Files.size(file);
        cancellation.check(); // a cancelled evaluation stores nothing
        artifact = artifacts.put(request.jobId(), request.candidateId(), request.attempt(), file);
      } finally {
        Files.deleteIfExists(file);
      }
      long measureMs = (System.nanoTime() - measureStart) / 1_000_000;

      String hardware = identity.hardwareTarget() + " (" + identity.host() + ", " + identity.cores() + " cores)";
      Latency latency = new Latency(timing.medianMs(), timing.p90Ms(), timing.coefficientOfVariation(), threads, "fp32",
          MetricSource.measured(hardware, timing.runs(), String.format(Locale.ROOT,
              "batch 1, %d warm-up + %d timed forward passes, %d intra-op thread(s), %s; weights at %s, computed in fp32",
              request.protocol().warmupRuns(), timing.runs(), threads, identity.engine(),
              candidate.compression().precision().name().toLowerCase(Locale.ROOT))));
      Metrics metrics = new Metrics(accuracy, split,
          MetricSource.measured(hardware, data.split(split).size(), "share of " + data.split(split).size() + " " + split
              + " examples of " + data.id() + " classified correctly with the quantised weights"),
          latency, bytes, prunedSpec.params(), prunedSpec.macs(), prunedSpec.peakActivationBytes(), testAccuracy);
      long totalMs = (System.nanoTime() - started) / 1_000_000;
      return new EvaluationResult(request.jobId(), request.candidateId(), request.attempt(), EvaluationResult.Status.SUCCEEDED,
          metrics, artifact, identity.info(), new EvaluationResult.Timings(trainMs, compressMs, measureMs, totalMs), curve, null,
          Instant.now());
    }
  }

  private EvaluationResult failed(EvaluationRequest request, String reason, boolean retriable, long started) {
    long totalMs = (System.nanoTime() - started) / 1_000_000;
    return new EvaluationResult(request.jobId(), request.candidateId(), request.attempt(), EvaluationResult.Status.FAILED,
        null, null, identity.info(), new EvaluationResult.Timings(0, 0, 0, totalMs), List.of(),
        new EvaluationError(reason, retriable), Instant.now());
  }
}
