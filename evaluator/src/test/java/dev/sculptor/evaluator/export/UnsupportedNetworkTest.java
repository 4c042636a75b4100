package dev.sculptor.evaluator.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sculptor.core.network.BlockLayers;
import dev.sculptor.core.network.ConvLayer;
import dev.sculptor.core.network.DenseLayer;
import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.Activation;
import dev.sculptor.core.space.BlockType;
import dev.sculptor.core.space.HeadPooling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Networks the exporter cannot express fail with a reason, and no file appears. */
class UnsupportedNetworkTest {
  @TempDir Path dir;

  static final ConvLayer STEM = new ConvLayer("stem", 1, 8, 3, 1, 1, true, 28, 28, 28, 28, true);

  static NetworkSpec network(BlockLayers block, int features) {
    return new NetworkSpec(
        InputShape.MNIST,
        STEM,
        List.of(block),
        List.of(new DenseLayer("head.classes", features, 10, false)),
        Activation.RELU,
        10,
        HeadPooling.GLOBAL_AVERAGE);
  }

  @Test
  void aResidualOverUnequalShapesIsRefusedAndNothingIsWritten() {
    ConvLayer widening = new ConvLayer("s1.b1.conv", 8, 16, 3, 1, 1, true, 28, 28, 28, 28, false);
    NetworkSpec spec =
        network(new BlockLayers("s1.b1", 1, BlockType.CONV_BN_ACT, List.of(widening), true), 16);
    Path target = dir.resolve("model.onnx");

    assertThatThrownBy(
            () ->
                OnnxFiles.write(
                    target,
                    OnnxExporter.builder().build().export(spec, RandomWeights.of(spec, 1)).bytes()))
        .isInstanceOf(OnnxExportException.class)
        .hasMessageContaining(
            "residual block ending in s1.b1.conv adds a [8, 28, 28] input to a [16, 28, 28]"
                + " output");
    assertThat(target).doesNotExist();
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void aConvGroupedOtherThanPlainOrDepthwiseIsRefused() {
    ConvLayer grouped = new ConvLayer("s1.b1.conv", 8, 16, 3, 1, 2, true, 28, 28, 28, 28, false);
    NetworkSpec spec =
        network(new BlockLayers("s1.b1", 1, BlockType.CONV_BN_ACT, List.of(grouped), false), 16);

    assertThatThrownBy(() -> OnnxExporter.builder().build().export(spec, RandomWeights.of(spec, 1)))
        .isInstanceOf(OnnxExportException.class)
        .hasMessageContaining("s1.b1.conv is grouped (2 groups over 8 → 16 channels)");
  }

  @Test
  void weightsThatDoNotFitTheSpecAreRefused() throws Exception {
    ConvLayer conv = new ConvLayer("s1.b1.conv", 8, 16, 3, 2, 1, true, 28, 28, 14, 14, false);
    NetworkSpec spec =
        network(new BlockLayers("s1.b1", 1, BlockType.CONV_BN_ACT, List.of(conv), false), 16);
    NetworkWeights weights = RandomWeights.of(spec, 1);
    NetworkWeights.Conv c = weights.conv(conv);
    NetworkWeights wrong =
        weights.withConv(
            conv.name(),
            new NetworkWeights.Conv(new float[7], c.gamma(), c.beta(), c.mean(), c.variance()));

    assertThatThrownBy(() -> OnnxExporter.builder().build().export(spec, wrong))
        .isInstanceOf(OnnxExportException.class)
        .hasMessageContaining("s1.b1.conv weight has 7 values, the spec needs 1152");
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }
}
