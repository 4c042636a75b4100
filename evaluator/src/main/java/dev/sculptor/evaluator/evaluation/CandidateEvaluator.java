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
import dev.sculptor.core.metrics.MetricSource;
import dev.sculptor.core.metrics.Metrics;
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
import dev.sculptor.evaluator.measurement.OnnxRuntimeModel;
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
import java.util.function.DoubleFunction;
import java.util.function.Supplier;
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
  private final ModelTiming timing;

  public CandidateEvaluator(EvaluatorIdentity identity, ArtifactStore artifacts) {
    this(identity, artifacts, DeployableExport.ONNX);
  }

  /** With another export step: tests use it to make the export fail. */
  CandidateEvaluator(EvaluatorIdentity identity, ArtifactStore artifacts, DeployableExport export) {
    this.identity = identity;
    this.artifacts = artifacts;
    this.export = export;
    this.analyses = new CheckpointSensitivity(identity, artifacts);
    this.timing = new ModelTiming(identity, artifacts);
  }

  public EvaluationResult evaluate(EvaluationRequest request) {
    return evaluate(request, Cancellation.none());
  }

  @Override
  public EvaluationResult evaluate(EvaluationRequest request, Cancellation cancellation) {
    // a model another evaluator trained is only timed, as a time-only evaluator would
    if (request.isTrained()) return timing.evaluate(request, cancellation);
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
    long trainMs;
    long compressStart;
    int epochsRun;
    TrainingCheckpoint checkpoint;
    Sensitivity sensitivity = null;
    List<String> notes = new ArrayList<>();
    if (start.note() != null) notes.add(start.note());
    TrainingRun trained =
        trainWithRetry(
            rate -> {
              CandidateModel m =
                  CandidateModel.create(
                      fullSpec, recipe.schedule(rate, recipe.epochs(), train.size(), batch));
              return attempt(
                  m,
                  () -> {
                    if (start.checkpoint() != null)
                      m.setParameterValues(start.checkpoint().values());
                    m.useTechniques(PlannedTechniques.forTraining(plan, teaching.context()));
                    return m.train(
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
                  });
            },
            lr,
            recipe.isFinal(),
            request.seed(),
            validation,
            cancellation);
    CandidateModel model = trained.model();
    try {
      curve.addAll(trained.curve());
      epochsRun = trained.curve().size();
      if (trained.note() != null) notes.add(trained.note());
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
        CandidateModel full = model;
        TrainingRun tuned =
            trainWithRetry(
                rate -> {
                  CandidateModel p =
                      CandidateModel.create(
                          prunedSpec,
                          recipe.schedule(rate, recipe.fineTuneEpochs(), train.size(), batch));
                  return attempt(
                      p,
                      () -> {
                        ChannelPruning.copyKeptWeights(full, p);
                        p.useTechniques(PlannedTechniques.forFineTune(plan, teaching.context()));
                        return p.train(
                            "fine-tune",
                            train,
                            validation,
                            recipe.fineTuneEpochs(),
                            batch,
                            request.seed() + 1,
                            recipe.augmentation(),
                            recipe.patience(),
                            cancellation);
                      });
                },
                lr,
                recipe.isFinal(),
                request.seed() + 1,
                validation,
                cancellation);
        full.close();
        model = tuned.model();
        curve.addAll(tuned.curve());
        if (tuned.note() != null) notes.add(tuned.note());
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
                  .optExecutionProvider(identity.timing())
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
                      + MeasuredLatency.lower(precision)
                      + (plan.trainsInt8LayersQuantised() ? " (quantisation-aware trained)" : "")
                      + " ONNX model in ONNX Runtime "
                      + onnx.provenance().version()),
              MeasuredLatency.of(
                  onnx.latency(),
                  onnx.provenance(),
                  request.protocol().warmupRuns(),
                  hardware,
                  plan),
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
            MeasuredLatency.lower(precision),
            onnx.fp32Parity().maxAbsDifference(),
            onnx.fp32Parity().images(),
            onnx.topOneAgreementWithFp32().orElse(null));
    if (sparsity == null) return check;
    return check.withSparsity(sparsity, SparseStorage.of(onnx.onnx()).sparseBytes());
  }

  /** One training run: the model it left (null when it failed), its curve and its note. */
  private record TrainingRun(CandidateModel model, List<EpochStats> curve, String note) {
    boolean diverged() {
      return model == null || note != null;
    }

    void close() {
      if (model != null) model.close();
    }
  }

  /** Trains {@code model}; the model is closed if training throws. */
  private static TrainingRun attempt(CandidateModel model, Supplier<List<EpochStats>> training) {
    try {
      List<EpochStats> curve = training.get();
      return new TrainingRun(model, curve, model.divergence());
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * Runs one training phase (a fresh model trained with a schedule peaking at the given rate) at
   * {@code lr}. In the final phase ({@code retry}) a run that diverged (its loss stopped being
   * finite, so it failed or ended at an early best epoch) is run once more, from the same seed, at
   * a lower peak rate ({@link FinalRecipe#retryRate}); the run whose weights classify more
   * validation images correctly is kept, and the note says what happened to both. Neither run sees
   * the test split.
   */
  private static TrainingRun trainWithRetry(
      DoubleFunction<TrainingRun> phase,
      double lr,
      boolean retry,
      long seed,
      LabeledImages validation,
      Cancellation cancellation) {
    TrainingRun first;
    try {
      first = phase.apply(lr);
    } catch (NonFiniteLossException e) {
      if (!retry) throw e;
      first = new TrainingRun(null, List.of(), e.getMessage());
    }
    if (!retry || !first.diverged()) return first;
    double rate = FinalRecipe.retryRate(lr);
    String retried = String.format(Locale.ROOT, "trained again at peak rate %.1e", rate);
    Engine.getInstance().setRandomSeed((int) seed);
    TrainingRun second;
    try {
      second = phase.apply(rate);
    } catch (NonFiniteLossException e) {
      if (first.model() != null)
        return new TrainingRun(
            first.model(),
            first.curve(),
            first.note() + "; " + retried + ", which diverged too: " + e.getMessage());
      throw new NonFiniteLossException(first.note() + "; " + retried + ": " + e.getMessage());
    } catch (RuntimeException e) {
      if (first.model() != null) first.model().close();
      throw e;
    }
    double again;
    double before;
    try {
      again = second.model().accuracy(validation, cancellation);
      before = first.model() == null ? -1 : first.model().accuracy(validation, cancellation);
    } catch (RuntimeException e) {
      second.close();
      first.close();
      throw e;
    }
    TrainingRun kept = again >= before ? second : first;
    (kept == second ? first : second).close();
    String outcome =
        kept == second
            ? String.format(Locale.ROOT, ": validation accuracy %.4f, kept", again)
            : String.format(
                Locale.ROOT,
                ": validation accuracy %.4f, below the first run's %.4f, which was kept",
                again,
                before);
    return new TrainingRun(
        kept.model(),
        kept.curve(),
        String.format(Locale.ROOT, "%s (peak rate %.1e); %s", first.note(), lr, retried)
            + (second.note() == null ? "" : " (" + second.note() + ")")
            + outcome);
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
