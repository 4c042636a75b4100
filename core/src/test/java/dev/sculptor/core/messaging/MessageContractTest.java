package dev.sculptor.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.job.Budget;
import dev.sculptor.core.job.Constraints;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.job.Strategy;
import dev.sculptor.core.metrics.ExportCheck;
import dev.sculptor.core.metrics.Latency;
import dev.sculptor.core.metrics.MetricSource;
import dev.sculptor.core.metrics.Metrics;
import dev.sculptor.core.metrics.RuntimeProvenance;
import dev.sculptor.core.space.Activation;
import dev.sculptor.core.space.ArchitectureSpec;
import dev.sculptor.core.space.BlockType;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.Fingerprint;
import dev.sculptor.core.space.Precision;
import dev.sculptor.core.space.StageSpec;
import dev.sculptor.core.space.TrainingRecipe;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageContractTest {

  @Test
  void jobMessagesRoundTripWithTheirTypeName() {
    JobSpec spec =
        new JobSpec(
                "digits",
                null,
                null,
                "arm-cortex-a72",
                new Constraints(10_000_000L, 50.0, null, null, null),
                null,
                new Budget(12, 10, null, null, 3),
                Strategy.RANDOM,
                null,
                7L)
            .withDefaults();
    JobMessage sent = new JobSubmitted(UUID.randomUUID(), UUID.randomUUID(), spec, Instant.now());

    String json = Json.write(sent);
    JobMessage back = Json.read(json, JobMessage.class);

    assertThat(json).contains("\"type\":\"JobSubmitted\"").contains("\"strategy\":\"random\"");
    assertThat(back).isEqualTo(sent);
    assertThat(((JobSubmitted) back).spec().dataset()).isEqualTo("mnist-10k");
  }

  @Test
  void theLatencyPolicyTravelsAsItsId() {
    JobSpec spec =
        new JobSpec(
                "gpu",
                null,
                null,
                "nvidia-gpu",
                null,
                null,
                null,
                null,
                null,
                null,
                dev.sculptor.core.job.LatencyPolicy.WAIT_FOR_DEVICE,
                null,
                null,
                null)
            .withDefaults();

    String json = Json.write(spec);

    assertThat(json).contains("\"latencyPolicy\":\"wait-for-device\"");
    assertThat(Json.read(json, JobSpec.class)).isEqualTo(spec);
  }

  @Test
  void aHeartbeatNamesTheEvaluatorsHardwareAndOneWithoutItStillReads() {
    EvaluatorHeartbeat beat =
        new EvaluatorHeartbeat(
            "e1",
            "arm-cortex-a72",
            "pi",
            4,
            "DJL",
            Instant.parse("2026-01-01T00:00:00Z"),
            "Cortex-A72",
            "aarch64",
            4,
            "onnxruntime 1.29.0",
            "0.1.0",
            null);

    String json = Json.write(beat);

    assertThat(json)
        .contains(
            "\"cpuModel\":\"Cortex-A72\"",
            "\"architecture\":\"aarch64\"",
            "\"threads\":4",
            "\"runtime\":\"onnxruntime 1.29.0\"",
            "\"version\":\"0.1.0\"");
    assertThat(Json.read(json, EvaluatorHeartbeat.class)).isEqualTo(beat);
    EvaluatorHeartbeat old =
        Json.read(
            "{\"evaluatorId\":\"e0\",\"hardwareTarget\":\"host-cpu\",\"host\":\"h\",\"cores\":2,"
                + "\"engine\":\"DJL\",\"at\":\"2026-01-01T00:00:00Z\"}",
            EvaluatorHeartbeat.class);
    assertThat(old.cpuModel()).isNull();
    assertThat(old.threads()).isZero();
  }

  @Test
  void fingerprintIsStableAndSeparatesDifferentCandidates() {
    CandidateSpec a = candidate(16);
    CandidateSpec b = candidate(24);

    assertThat(Fingerprint.of(a)).isEqualTo(Fingerprint.of(candidate(16))).hasSize(32);
    assertThat(Fingerprint.of(a)).isNotEqualTo(Fingerprint.of(b));
  }

  @Test
  void anOnnxResultCarriesItsRuntimeProvenanceExportCheckAndDjlZip() {
    Latency latency =
        new Latency(
            0.4,
            0.5,
            0.05,
            1,
            "int8",
            MetricSource.measured("host-cpu", 50, "batch 1"),
            new RuntimeProvenance("onnxruntime", "1.2.3", "int8", 1, "ALL_OPT"));
    Metrics metrics =
        new Metrics(
            0.9,
            "validation",
            MetricSource.measured("host-cpu", 1000, "share"),
            latency,
            12_345,
            100,
            200,
            300,
            0.88,
            new ExportCheck("onnx", "int8", 2e-7, 64, 0.99));
    var onnx = new EvaluationResult.ArtifactRef("file:///a/attempt-1/model.onnx", 12_345, "ab");
    var zip = new EvaluationResult.ArtifactRef("file:///a/attempt-1/model.zip", 23_456, "cd");
    EvaluationResult sent =
        new EvaluationResult(
            UUID.randomUUID(),
            UUID.randomUUID(),
            1,
            EvaluationResult.Status.SUCCEEDED,
            metrics,
            onnx,
            null,
            null,
            List.of(),
            null,
            Instant.parse("2026-01-01T00:00:00Z"),
            zip);

    String json = Json.write(sent);

    assertThat(json)
        .contains(
            "\"runtime\":{\"runtime\":\"onnxruntime\",\"version\":\"1.2.3\",\"computedPrecision\":\"int8\",\"threads\":1,"
                + "\"optimisationLevel\":\"ALL_OPT\"}")
        .contains(
            "\"export\":{\"format\":\"onnx\",\"precision\":\"int8\",\"fp32MaxAbsDiff\":2.0E-7,\"parityImages\":64,"
                + "\"topOneAgreementWithFp32\":0.99}")
        .contains(
            "\"djlArtifact\":{\"uri\":\"file:///a/attempt-1/model.zip\",\"bytes\":23456,\"sha256\":\"cd\"}");
    assertThat(Json.read(json, EvaluationResult.class)).isEqualTo(sent);
  }

  @Test
  void anExportCheckCarriesTheSparsityReachedOnlyForASparsePlan() {
    ExportCheck dense = new ExportCheck("onnx", "fp32", 1e-6, 64, null);
    ExportCheck sparse = dense.withSparsity(0.7512, 9_876);

    assertThat(Json.write(dense)).doesNotContain("weightSparsity").doesNotContain("sparseFormat");
    assertThat(Json.write(sparse)).contains("\"weightSparsity\":0.7512,\"sparseFormatBytes\":9876");
    assertThat(Json.read(Json.write(sparse), ExportCheck.class)).isEqualTo(sparse);
    assertThat(Json.read(Json.write(dense), ExportCheck.class)).isEqualTo(dense);
  }

  @Test
  void metricsStoredBeforeTheOnnxExportStillReadWithoutRuntimeOrExportCheck() {
    String stored =
        "{\"accuracy\":0.9,\"accuracySplit\":\"validation\",\"accuracySource\":{\"kind\":\"MEASURED\",\"hardware\":\"h\","
            + "\"runs\":10,\"method\":\"m\"},\"latency\":{\"medianMs\":1.0,\"p90Ms\":2.0,\"coefficientOfVariation\":0.1,\"threads\":1,"
            + "\"timedPrecision\":\"fp32\",\"source\":{\"kind\":\"MEASURED\",\"hardware\":\"h\",\"runs\":10,\"method\":\"m\"}},"
            + "\"modelBytes\":100,\"params\":1,\"macs\":2,\"peakActivationBytes\":3,\"testAccuracy\":null}";

    Metrics m = Json.read(stored, Metrics.class);

    assertThat(m.latency().runtime()).isNull();
    assertThat(m.export()).isNull();
    assertThat(m.modelBytes()).isEqualTo(100);
  }

  private static CandidateSpec candidate(int width) {
    return new CandidateSpec(
        new ArchitectureSpec(
            8, List.of(new StageSpec(BlockType.CONV_BN_ACT, 3, width, 1, 1)), Activation.RELU, 0),
        new CompressionPlan(Precision.INT8, List.of(0.0, 0.25)),
        TrainingRecipe.defaults());
  }
}
