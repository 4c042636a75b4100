package dev.sculptor.evaluator.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.metrics.Sensitivity;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.Activation;
import dev.sculptor.core.space.ArchitectureSpec;
import dev.sculptor.core.space.BlockType;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.StageSpec;
import dev.sculptor.evaluator.cancel.Cancellation;
import dev.sculptor.evaluator.data.DatasetSplits;
import dev.sculptor.evaluator.data.Datasets;
import dev.sculptor.evaluator.data.LabeledImages;
import dev.sculptor.evaluator.training.CandidateModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The analysis on a really trained network (2,000 mnist-10k digits, 2 epochs). */
class LayerSensitivityTest {

  /**
   * Four prunable convs, 16 → 32 → 4 → 32 channels: the third is a 4-channel bottleneck, so every
   * channel it loses is a quarter of all the information reaching the rest of the network, while
   * the wide layers lose only their weakest filters. Pruning it alone must hurt most.
   */
  @Test
  void aNarrowBottleneckIsRankedMostSensitive() {
    ArchitectureSpec architecture =
        new ArchitectureSpec(
            16,
            List.of(
                new StageSpec(BlockType.CONV_BN_ACT, 3, 32, 1, 1),
                new StageSpec(BlockType.CONV_BN_ACT, 3, 4, 1, 1),
                new StageSpec(BlockType.CONV_BN_ACT, 3, 32, 1, 1)),
            Activation.RELU,
            0);
    DatasetSplits data = Datasets.load(DatasetRef.builtIn("mnist-10k"));
    LabeledImages train = data.train().first(2000);
    NetworkSpec spec =
        NetworkDecoder.decode(
            new CandidateSpec(architecture, CompressionPlan.none(), null), train.shape(), 10);
    Engine.getInstance().setRandomSeed(11);
    try (CandidateModel model = CandidateModel.create(spec, 3e-3)) {
      model.train("train", train, data.validation(), 2, 64, 11);
      int[] before = model.predict(data.validation());

      Sensitivity result =
          LayerSensitivity.analyse(architecture, model, data.validation(), Cancellation.none());

      System.out.println(
          "sensitivity: baseline "
              + result.baselineAccuracy()
              + " in "
              + result.elapsedMs()
              + " ms, "
              + result.ranked().stream()
                  .map(l -> l.name() + " " + l.prunedAccuracy() + " int8 " + l.int8Accuracy())
                  .toList());
      assertThat(result.sampleSize()).isEqualTo(LayerSensitivity.SAMPLE_SIZE);
      assertThat(result.pruningRatios()).containsExactly(0.25, 0.5, 0.75);
      assertThat(result.layers())
          .extracting(Sensitivity.Layer::name)
          .containsExactly("stem", "s1.b1.conv", "s2.b1.conv", "s3.b1.conv");
      assertThat(result.ranked().getFirst().name()).isEqualTo("s2.b1.conv");
      Sensitivity.Layer bottleneck = result.layers().get(2);
      // pruned to a single channel the bottleneck cannot separate ten digits
      assertThat(bottleneck.prunedAccuracy().getLast()).isLessThan(result.baselineAccuracy() - 0.3);
      // the network is left as it was trained
      assertThat(model.predict(data.validation())).containsExactly(before);
    }
  }
}
