package dev.sculptor.evaluator.evaluation;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import dev.sculptor.core.messaging.Continuation;
import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.EvaluationResult.EpochStats;
import dev.sculptor.core.messaging.FidelityRun;
import dev.sculptor.core.messaging.ModelFormat;
import dev.sculptor.core.metrics.ExportCheck;
import dev.sculptor.core.metrics.Latency;
import dev.sculptor.core.metrics.MetricSource;
import dev.sculptor.core.metrics.Metrics;
import dev.sculptor.core.metrics.RuntimeProvenance;
import dev.sculptor.core.metrics.Sensitivity;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.Fingerprint;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.artifact.ArtifactStore;
import dev.sculptor.evaluator.artifact.ModelArchive;
import dev.sculptor.evaluator.artifact.TrainingCheckpoint;
import dev.sculptor.evaluator.cancel.Cancellation;
import dev.sculptor.evaluator.cancel.EvaluationCancelledException;
import dev.sculptor.evaluator.compression.ChannelPruning;
import dev.sculptor.evaluator.compression.MagnitudeSparsity;
import dev.sculptor.evaluator.compression.PlannedTechniques;
import dev.sculptor.evaluator.compression.Teaching;
import dev.sculptor.evaluator.data.DatasetSplits;
import dev.sculptor.evaluator.data.Datasets;
import dev.sculptor.evaluator.data.LabeledImages;
import dev.sculptor.evaluator.export.ExportMetadata;
import dev.sculptor.evaluator.export.ExportParityException;
import dev.sculptor.evaluator.export.OnnxEvaluation;
import dev.sculptor.evaluator.export.OnnxExportException;
import dev.sculptor.evaluator.export.SparseStorage;
import dev.sculptor.evaluator.measurement.LatencyMeter;
import dev.sculptor.evaluator.measurement.OnnxRuntimeModel;
import dev.sculptor.evaluator.measurement.OrtProvenance;
import dev.sculptor.evaluator.network.WeightQuantization;
import dev.sculptor.evaluator.sensitivity.LayerSensitivity;
import dev.sculptor.evaluator.training.CandidateModel;
import dev.sculptor.evaluator.training.NonFiniteLossException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * The evaluation protocol for one candidate: build, train, prune and fine-tune in DJL, export to
 * ONNX at the planned precision, measure accuracy and latency of that file in ONNX Runtime, save;
 * or, for a request that asks only for it, the sensitivity analysis of an evaluated candidate's
 * checkpoint ({@link CheckpointSensitivity}). A bad candidate becomes a FAILED result with the
 * reason, never an exception out of here. A cancelled evaluation (its time limit passed) stops at
 * the next training batch or timed run and stores no model.
 */
public final class CandidateEvaluator implements Evaluation {
  private static final Logger LOG = Logger.getLogger(CandidateEvaluator.class.getName());
  private final EvaluatorIdentity identity;
  private final ArtifactStore artifacts;

  private final DeployableExport export;
  private final CheckpointSensitivity analyses;

  public CandidateEvaluator(EvaluatorIdentity identity, ArtifactStore artifacts) {
    this(identity, artifacts, DeployableExport.ONNX);
  }

  /** With another export step: tests use it to make the export fail. */
  CandidateEvaluator(EvaluatorIdentity identity, ArtifactStore artifacts, DeployableExport export) {
    this.identity = identity;
    this.artifacts = artifacts;
    this.export = export;
    this.analyses = new CheckpointSensitivity(identity, artifacts);
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
      return failed(
          request,
          "the model of attempt " + request.attempt() + " is stored already; not overwritten",
          true,
          started);
    } catch (IOException e) {
      // A full or failing disk is the evaluator's trouble, not the candidate's: the worker tries
      // again (bounded).
      return failed(request, "could not store the model file: " + e, true, started);
    } catch (OnnxExportException | ExportParityException e) {
      // the candidate cannot be deployed as measured: trying again gives the same network and the
      // same refusal
      return failed(request, "ONNX export failed: " + e.getMessage(), false, started);
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

  private EvaluationResult run(EvaluationRequest request, Cancellation cancellation, long started)
      throws Exception {
    CandidateSpec candidate = request.candidate();
    if (candidate == null
        || candidate.architecture() == null
        || candidate.compression() == null
        || candidate.training() == null) {
      throw new IllegalArgumentException("the request has no complete candidate spec");
    }
    if (request.dataset() == null || request.fidelity() == null || request.protocol() == null) {
      throw new IllegalArgumentException(
          "the request has no dataset, fidelity or measurement protocol");
    }
    if (request.isSensitivityOnly()) return analyses.analyse(request, cancellation, started);
    DatasetSplits data = Datasets.load(request.dataset());
    FinalRecipe recipe = FinalRecipe.of(request);
    CompressionPlan plan = candidate.compression();
    LabeledImages train = recipe.trainOn(data.train());
    LabeledImages validation = data.validation();
    NetworkSpec fullSpec = NetworkDecoder.decode(candidate, train.shape(), train.classes());
    NetworkSpec prunedSpec = NetworkDecoder.decodePruned(candidate, train.shape(), train.classes());
    Engine.getInstance().setRandomSeed((int) request.seed());
    int batch = Math.clamp(candidate.training().batchSize(), 8, 512);
    double lr = candidate.training().learningRate();

    List<EpochStats> curve = new ArrayList<>();
    long trainStart = System.nanoTime();
    int threads =
        Math.clamp(request.protocol().threads(), 1, Runtime.getRuntime().availableProcessors());
    // the teacher's pass over the training set counts as training time
    Teaching teaching = Teaching.prepare(request, train, artifacts, threads);
    String fingerprint = Fingerprint.of(candidate);
    Start start = start(request, fingerprint, data.id(), recipe.epochs());
    CandidateModel model =
        CandidateModel.create(fullSpec, recipe.schedule(lr, recipe.epochs(), train.size(), batch));
    long trainMs;
    long compressStart;
    int epochsRun;
    TrainingCheckpoint checkpoint;
    Sensitivity sensitivity = null;
    List<String> notes = new ArrayList<>();
    if (start.note() != null) notes.add(start.note());
    try {
      if (start.checkpoint() != null) model.setParameterValues(start.checkpoint().values());
      model.useTechniques(PlannedTechniques.forTraining(plan, teaching.context()));
      List<EpochStats> trained =
          model.train(
              "train",
              train,
              validation,
              recipe.epochs() - start.epochsDone(),
              batch,
              request.seed(),
              recipe.augmentation(),
              recipe.patience(),
              start.epochsDone(),
              cancellation);
      curve.addAll(trained);
      epochsRun = trained.size();
      if (model.divergence() != null) notes.add(model.divergence());
      // taken before pruning and quantisation: a later stage continues the float network; stored
      // only once the evaluation has succeeded, so a failed one stores nothing
      checkpoint =
          request.isFinal()
              ? null
              : TrainingCheckpoint.of(
                  fingerprint,
                  data.id(),
                  start.epochsDone() + epochsRun,
                  recipe.trainSubset(),
                  request.seed(),
                  model.parameterValues());
      trainMs = (System.nanoTime() - trainStart) / 1_000_000;
      // the final front's analysis, on the trained network before its own pruning (own timing)
      if (recipe.isFinal())
        sensitivity =
            LayerSensitivity.analyse(candidate.architecture(), model, validation, cancellation);
      compressStart = System.nanoTime();
      if (!prunedSpec.equals(fullSpec) || PlannedTechniques.needsFineTune(plan)) {
        CandidateModel pruned =
            CandidateModel.create(
                prunedSpec, recipe.schedule(lr, recipe.fineTuneEpochs(), train.size(), batch));
        try {
          ChannelPruning.copyKeptWeights(model, pruned);
        } catch (RuntimeException e) {
          pruned.close();
          throw e;
        }
        model.close();
        model = pruned;
        model.useTechniques(PlannedTechniques.forFineTune(plan, teaching.context()));
        curve.addAll(
            model.train(
                "fine-tune",
                train,
                validation,
                recipe.fineTuneEpochs(),
                batch,
                request.seed() + 1,
                recipe.augmentation(),
                recipe.patience(),
                cancellation));
        if (model.divergence() != null) notes.add(model.divergence());
      }
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    try (CandidateModel finished = model) {
      long compressMs = (System.nanoTime() - compressStart) / 1_000_000;

      long measureStart = System.nanoTime();
      String split = request.protocol().accuracySplit();
      LabeledImages measured = data.split(split);
      Precision precision = candidate.compression().precision();
      cancellation.check();
      long onnxStart = System.nanoTime();
      // The exporter quantises itself (per-channel int8 QDQ, fp16 storage), so it reads the trained
      // float weights: exported before the DJL weights are fake-quantised for the zip below.
      OnnxEvaluation.Result onnx =
          export.run(
              OnnxEvaluation.builder()
                  .setModel(finished)
                  .setPrecision(precision)
                  .optLayerPrecisions(plan.layerPrecisions())
                  .setCalibrationImages(data.train())
                  .setValidationImages(measured)
                  .optMetadata(
                      ExportMetadata.of(
                          request,
                          Fingerprint.of(candidate),
                          ExportMetadata.classNames(request.dataset(), train.classes())))
                  .optThreads(threads)
                  .optLatencyRuns(request.protocol().warmupRuns(), request.protocol().timedRuns()));
      cancellation.check();
      double accuracy = onnx.accuracy();
      // the held-out number for the final front, from the same file in ONNX Runtime
      double testAccuracy;
      if ("test".equals(split)) {
        testAccuracy = accuracy;
      } else {
        try (OnnxRuntimeModel ort =
            OnnxRuntimeModel.load(onnx.onnx(), finished.spec().input(), precision, threads)) {
          testAccuracy = ort.accuracy(data.split("test"));
        }
      }
      long onnxMs = (System.nanoTime() - onnxStart) / 1_000_000;
      cancellation.check();
      // read before the DJL weights are quantised for the zip (int8 rounds tiny weights to zero)
      Double sparsityReached =
          plan.sparsity() == null ? null : MagnitudeSparsity.reached(finished.slots());
      WeightQuantization.apply(
          finished.spec(), finished.slots(), precision, plan.layerPrecisions());
      Path zip = artifacts.newTempFile();
      Path onnxFile = artifacts.newTempFile();
      EvaluationResult.ArtifactRef onnxArtifact;
      EvaluationResult.ArtifactRef djlArtifact;
      try {
        ModelArchive.write(zip, candidate, finished, precision);
        Files.write(onnxFile, onnx.onnx());
        cancellation.check(); // a cancelled evaluation stores nothing
        // zip first: a stored .onnx is what a result reports, so it goes in last
        djlArtifact =
            artifacts.put(
                request.jobId(), request.candidateId(), request.attempt(), ModelFormat.DJL, zip);
        onnxArtifact =
            artifacts.put(
                request.jobId(),
                request.candidateId(),
                request.attempt(),
                ModelFormat.ONNX,
                onnxFile);
      } finally {
        Files.deleteIfExists(zip);
        Files.deleteIfExists(onnxFile);
      }
      boolean kept = checkpoint != null && keepCheckpoint(request, checkpoint);
      FidelityRun fidelity =
          new FidelityRun(
              epochsRun,
              start.epochsDone() + epochsRun,
              recipe.trainSubset(),
              start.checkpoint() == null ? null : request.continues().candidateId(),
              notes.isEmpty() ? null : String.join("; ", notes),
              kept,
              teaching.note());
      long measureMs = (System.nanoTime() - measureStart) / 1_000_000;

      String hardware = identity.hardware();
      Metrics metrics =
          new Metrics(
              accuracy,
              split,
              MetricSource.measured(
                  hardware,
                  measured.size(),
                  "share of "
                      + measured.size()
                      + " "
                      + split
                      + " examples of "
                      + data.id()
                      + " classified correctly by the exported "
                      + lower(precision)
                      + (plan.trainsInt8LayersQuantised() ? " (quantisation-aware trained)" : "")
                      + " ONNX model in ONNX Runtime "
                      + onnx.provenance().version()),
              latency(onnx, request, hardware, plan),
              onnxArtifact.bytes(),
              prunedSpec.params(),
              prunedSpec.macs(),
              prunedSpec.peakActivationBytes(),
              testAccuracy,
              exportCheck(onnx, precision, sparsityReached));
      long totalMs = (System.nanoTime() - started) / 1_000_000;
      return EvaluationResult.succeeded(
              request,
              metrics,
              onnxArtifact,
              djlArtifact,
              identity.info(),
              new EvaluationResult.Timings(trainMs, compressMs, measureMs, onnxMs, totalMs),
              curve,
              fidelity)
          .withSensitivity(sensitivity);
    }
  }

  /**
   * Where training starts: fresh weights, or the checkpoint a continuation names and the epochs it
   * holds. A checkpoint that is missing (another evaluator's disk, deleted), unreadable or not of
   * this network and dataset, or already past the epochs asked, means a fresh training, and the
   * note says why.
   */
  private record Start(TrainingCheckpoint checkpoint, int epochsDone, String note) {
    static Start fresh(String note) {
      return new Start(null, 0, note);
    }
  }

  private Start start(EvaluationRequest request, String fingerprint, String dataset, int epochs) {
    Continuation continues = request.continues();
    if (continues == null) return Start.fresh(null);
    if (request.isFinal()) {
      throw new IllegalArgumentException(
          "a final training starts from fresh weights; it cannot continue a checkpoint");
    }
    if (continues.candidateId() == null) {
      throw new IllegalArgumentException("the continuation names no candidate to continue");
    }
    String from = "the checkpoint of " + continues.candidateId();
    TrainingCheckpoint checkpoint;
    switch (TrainingCheckpoint.lookup(
        artifacts, request.jobId(), continues.candidateId(), fingerprint, dataset)) {
      case TrainingCheckpoint.Unusable u -> {
        return Start.fresh(u.why() + "; trained from scratch");
      }
      case TrainingCheckpoint.Found f -> checkpoint = f.checkpoint();
    }
    TrainingCheckpoint.Header h = checkpoint.header();
    if (h.epochsDone() > epochs) {
      return Start.fresh(
          from
              + " holds "
              + h.epochsDone()
              + " epochs, more than the "
              + epochs
              + " asked; trained from scratch");
    }
    // the checkpoint's own count is the truth; a differing claim (a stage repeated after a later
    // one replaced the checkpoint) is said, not trusted
    String note =
        h.epochsDone() == continues.epochsDone()
            ? null
            : from
                + " holds "
                + h.epochsDone()
                + " epochs, not the "
                + continues.epochsDone()
                + " the request said; continued from "
                + h.epochsDone();
    return new Start(checkpoint, h.epochsDone(), note);
  }

  /**
   * Stores this evaluation's checkpoint. Failing to is not the candidate's failure: a later stage
   * then trains from scratch and says so.
   */
  private boolean keepCheckpoint(EvaluationRequest request, TrainingCheckpoint checkpoint) {
    Path file = null;
    try {
      file = artifacts.newTempFile();
      checkpoint.write(file);
      artifacts.putCheckpoint(request.jobId(), request.candidateId(), file);
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.warning(
          "no training checkpoint kept for " + request.candidateId() + ": " + e.getMessage());
      return false;
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // only a scratch file under .incoming; the evaluation's outcome does not depend on it
          LOG.fine("scratch checkpoint " + file + " left behind: " + e.getMessage());
        }
      }
    }
  }

  /** The export's check; with the sparsity reached and the sparse-format size for a sparse plan. */
  private static ExportCheck exportCheck(
      OnnxEvaluation.Result onnx, Precision precision, Double sparsity) {
    ExportCheck check =
        new ExportCheck(
            "onnx",
            lower(precision),
            onnx.fp32Parity().maxAbsDifference(),
            onnx.fp32Parity().images(),
            onnx.topOneAgreementWithFp32().orElse(null));
    if (sparsity == null) return check;
    return check.withSparsity(sparsity, SparseStorage.of(onnx.onnx()).sparseBytes());
  }

  private static Latency latency(
      OnnxEvaluation.Result onnx,
      EvaluationRequest request,
      String hardware,
      CompressionPlan plan) {
    LatencyMeter.Timing timing = onnx.latency();
    OrtProvenance p = onnx.provenance();
    String computed = lower(p.computedPrecision());
    return new Latency(
        timing.medianMs(),
        timing.p90Ms(),
        timing.coefficientOfVariation(),
        p.threads(),
        computed,
        MetricSource.measured(
            hardware,
            timing.runs(),
            String.format(
                Locale.ROOT,
                "batch 1, %d warm-up + %d timed runs of the exported ONNX model in %s %s (%s graph"
                    + " optimisation), %d intra-op thread(s); weights stored at %s, computed in %s",
                request.protocol().warmupRuns(),
                timing.runs(),
                p.runtime(),
                p.version(),
                p.optimisationLevel(),
                p.threads(),
                stored(p.storedPrecision(), plan),
                computed)),
        new RuntimeProvenance(
            p.runtime(), p.version(), computed, p.threads(), p.optimisationLevel()));
  }

  /** The stored precision as a label; a mixed plan's says its layers differ. */
  private static String stored(Precision precision, CompressionPlan plan) {
    return plan.layerPrecisions().isEmpty()
        ? lower(precision)
        : "each layer's precision (sculptor.layer_precisions; " + lower(precision) + " plan)";
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  private EvaluationResult failed(
      EvaluationRequest request, String reason, boolean retriable, long started) {
    long totalMs = (System.nanoTime() - started) / 1_000_000;
    return EvaluationResult.failed(
        request,
        identity.info(),
        new EvaluationResult.Timings(0, 0, 0, 0, totalMs),
        reason,
        retriable);
  }
}
