package dev.sculptor.core.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * How faithful the deployable file is to the trained network: {@code fp32MaxAbsDiff} is the largest
 * logit difference between the trained network and its fp32 export on {@code parityImages}
 * validation images; {@code topOneAgreementWithFp32} is the share of validation images on which the
 * exported precision (fp16 or int8) predicts the same class as the fp32 export ({@code null} for an
 * fp32 model).
 *
 * <p>For a plan with unstructured sparsity only (otherwise {@code null} and left out of the JSON):
 * {@code weightSparsity} is the share of the sparsified layers' weights (conv and dense, depthwise
 * convs excepted) that are zero in the network the file was exported from; {@code
 * sparseFormatBytes} is what the file would take with its weights stored sparse (a bitmask and the
 * non-zero values), as information: the file is stored and measured dense, and {@code
 * Metrics.modelBytes} counts it so.
 */
public record ExportCheck(
    String format,
    String precision,
    double fp32MaxAbsDiff,
    int parityImages,
    Double topOneAgreementWithFp32,
    @JsonInclude(Include.NON_NULL) Double weightSparsity,
    @JsonInclude(Include.NON_NULL) Long sparseFormatBytes) {

  /** A check of a dense plan: no sparsity to report. */
  public ExportCheck(
      String format,
      String precision,
      double fp32MaxAbsDiff,
      int parityImages,
      Double topOneAgreementWithFp32) {
    this(format, precision, fp32MaxAbsDiff, parityImages, topOneAgreementWithFp32, null, null);
  }

  /** This check with the sparsity reached and the sparse-format size. */
  public ExportCheck withSparsity(double reached, long sparseBytes) {
    return new ExportCheck(
        format,
        precision,
        fp32MaxAbsDiff,
        parityImages,
        topOneAgreementWithFp32,
        reached,
        sparseBytes);
  }
}
