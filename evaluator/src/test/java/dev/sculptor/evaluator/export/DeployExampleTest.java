package dev.sculptor.evaluator.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.sculptor.core.dataset.DatasetInfo;
import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.Candidates;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java example of docs/deploy.md, compiled and run: only the ONNX Runtime API and the model
 * file, nothing of Sculptor, as a user's service would run it.
 */
class DeployExampleTest {
  @TempDir Path dir;

  /** docs/deploy.md: "Run it from Java". */
  static String classify(Path modelFile, byte[] grayscale28x28) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      try (OrtSession session = env.createSession(modelFile.toString(), options)) {
        Map<String, String> meta = session.getMetadata().getCustomMetadata();
        String[] classNames = meta.get("class_names").split(",");
        // input.normalisation: x = pixel / 255, NCHW, no mean or std
        float[] x = new float[grayscale28x28.length];
        for (int i = 0; i < x.length; i++) x[i] = (grayscale28x28[i] & 0xff) / 255f;
        try (OnnxTensor image =
                OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {1, 1, 28, 28});
            OrtSession.Result result = session.run(Map.of("image", image))) {
          float[] logits = ((float[][]) result.get("logits").orElseThrow().getValue())[0];
          int best = 0;
          for (int k = 1; k < logits.length; k++) if (logits[k] > logits[best]) best = k;
          return classNames[best];
        }
      }
    }
  }

  @Test
  void anExportedModelRunsWithPlainOnnxRuntimeAndNamesAClass() throws Exception {
    NetworkSpec spec =
        NetworkDecoder.decode(Candidates.smallCnn(Precision.FP32, List.of()), InputShape.MNIST, 10);
    List<String> names =
        List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
    ExportMetadata metadata =
        new ExportMetadata("test", "job-1", "candidate-1", "fingerprint", names);
    Path file =
        OnnxFiles.write(
            dir.resolve("candidate.onnx"),
            OnnxExporter.builder()
                .optMetadata(metadata)
                .build()
                .export(spec, RandomWeights.of(spec, 1))
                .bytes());
    byte[] digit = new byte[28 * 28];
    for (int i = 0; i < digit.length; i++) digit[i] = (byte) (i % 28 == 14 ? 255 : 0);

    assertThat(names).contains(classify(file, digit));
  }

  @Test
  void anExportedModelSaysWhereItCameFromAndHowToFeedIt() throws Exception {
    NetworkSpec spec =
        NetworkDecoder.decode(Candidates.smallCnn(Precision.FP32, List.of()), InputShape.MNIST, 10);
    ExportMetadata metadata =
        new ExportMetadata("0.1.0", "job-7", "candidate-9", "abc123", DatasetInfo.numbered(10));
    byte[] onnx =
        OnnxExporter.builder()
            .optMetadata(metadata)
            .build()
            .export(spec, RandomWeights.of(spec, 1))
            .bytes();

    var model = ai.onnx.proto.OnnxMl.ModelProto.parseFrom(onnx);
    Map<String, String> props = new java.util.HashMap<>();
    model.getMetadataPropsList().forEach(e -> props.put(e.getKey(), e.getValue()));

    assertThat(model.getOpsetImport(0).getVersion()).isEqualTo(17);
    assertThat(
            model
                .getGraph()
                .getInput(0)
                .getType()
                .getTensorType()
                .getShape()
                .getDim(0)
                .getDimParam())
        .isEqualTo("batch");
    assertThat(props)
        .containsEntry("sculptor.version", "0.1.0")
        .containsEntry("sculptor.job_id", "job-7")
        .containsEntry("sculptor.candidate_id", "candidate-9")
        .containsEntry("sculptor.spec_fingerprint", "abc123")
        .containsEntry("input.shape", "batch,1,28,28")
        .containsEntry("input.normalisation", OnnxExporter.NORMALISATION)
        .containsEntry("class_names", "0,1,2,3,4,5,6,7,8,9")
        .containsEntry("sculptor.precision", "fp32")
        .containsEntry("sculptor.stage", "search")
        .doesNotContainKey("sculptor.final_training_id");
  }
}
