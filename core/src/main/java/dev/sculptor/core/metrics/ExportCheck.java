package dev.sculptor.core.metrics;

/**
 * How faithful the deployable file is to the trained network: {@code fp32MaxAbsDiff} is the largest
 * logit difference between the trained network and its fp32 export on {@code parityImages}
 * validation images; {@code topOneAgreementWithFp32} is the share of validation images on which the
 * exported precision (fp16 or int8) predicts the same class as the fp32 export ({@code null} for an
 * fp32 model).
 */
public record ExportCheck(
    String format,
    String precision,
    double fp32MaxAbsDiff,
    int parityImages,
    Double topOneAgreementWithFp32) {}
