package dev.sculptor.evaluator.export;

import dev.sculptor.core.dataset.DatasetInfo;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.messaging.EvaluationRequest;
import java.util.List;

/**
 * What a deployed model says about itself in its {@code metadata_props}: who made it, from which
 * candidate, at which stage (the search's evaluation or the final phase's training, which also
 * names its final training), what its classes are called, and whether its int8 layers were trained
 * quantised.
 */
public record ExportMetadata(
    String sculptorVersion,
    String jobId,
    String candidateId,
    String specFingerprint,
    List<String> classNames,
    Stage stage,
    String finalTrainingId,
    boolean quantisationAware) {

  /** Which training made the model: the search's evaluation or the final phase's. */
  public enum Stage {
    SEARCH,
    FINAL;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public ExportMetadata {
    classNames = classNames == null ? List.of() : List.copyOf(classNames);
    if (stage == null) stage = Stage.SEARCH;
    if (stage == Stage.SEARCH) finalTrainingId = null;
  }

  /** A model whose int8 layers, if any, were quantised after training. */
  public ExportMetadata(
      String sculptorVersion,
      String jobId,
      String candidateId,
      String specFingerprint,
      List<String> classNames,
      Stage stage,
      String finalTrainingId) {
    this(
        sculptorVersion,
        jobId,
        candidateId,
        specFingerprint,
        classNames,
        stage,
        finalTrainingId,
        false);
  }

  /** A search-stage model. */
  public ExportMetadata(
      String sculptorVersion,
      String jobId,
      String candidateId,
      String specFingerprint,
      List<String> classNames) {
    this(sculptorVersion, jobId, candidateId, specFingerprint, classNames, Stage.SEARCH, null);
  }

  /**
   * The metadata of the model a request makes: a final training's names the candidate it retrains
   * (the request's own id is the final training's) and says it is the final training; a plan that
   * trains quantised says so (the evaluator fine-tunes it with {@link QuantisationAwareTraining}).
   */
  public static ExportMetadata of(
      EvaluationRequest request, String specFingerprint, List<String> classNames) {
    String job = request.jobId() == null ? "" : request.jobId().toString();
    boolean quantisationAware =
        request.candidate() != null
            && request.candidate().compression() != null
            && request.candidate().compression().trainsInt8LayersQuantised();
    return request.isFinal()
        ? new ExportMetadata(
            runningVersion(),
            job,
            request.modelCandidateId().toString(),
            specFingerprint,
            classNames,
            Stage.FINAL,
            request.candidateId().toString(),
            quantisationAware)
        : new ExportMetadata(
            runningVersion(),
            job,
            request.candidateId().toString(),
            specFingerprint,
            classNames,
            Stage.SEARCH,
            null,
            quantisationAware);
  }

  /**
   * The names a request's dataset gives its {@code classes} classes (an upload's folder names), or
   * numbers where it gives none or a different count.
   */
  public static List<String> classNames(DatasetRef dataset, int classes) {
    List<String> names = dataset == null ? null : dataset.classNames();
    return names != null && names.size() == classes ? names : DatasetInfo.numbered(classes);
  }

  /** The running build's version (from the jar manifest), or "development" outside a jar. */
  public static String runningVersion() {
    String v = ExportMetadata.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }
}
