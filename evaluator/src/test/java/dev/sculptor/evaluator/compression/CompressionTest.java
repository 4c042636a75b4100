package dev.sculptor.evaluator.compression;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.network.ConvLayer;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.Candidates;
import dev.sculptor.evaluator.artifact.ModelArchive;
import dev.sculptor.evaluator.data.DatasetSplits;
import dev.sculptor.evaluator.data.Datasets;
import dev.sculptor.evaluator.data.LabeledImages;
import dev.sculptor.evaluator.network.WeightQuantization;
import dev.sculptor.evaluator.training.CandidateModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pruning and quantisation on a really trained network (2,000 mnist-10k digits, 2 epochs). */
class CompressionTest {
  static DatasetSplits data;
  static LabeledImages train;
  @TempDir Path dir;

  @BeforeAll
  static void load() {
    data = Datasets.load(DatasetRef.builtIn("mnist-10k"));
    train = data.train().first(2000);
  }

  @Test
  void prunedNetworkHasExactlyThePlannedChannelsAndRecoversAfterFineTuning() {
    CandidateSpec spec = Candidates.smallCnn(Precision.FP32, List.of(0.5, 0.5, 0.5));
    NetworkSpec fullSpec = NetworkDecoder.decode(spec, train.shape(), 10);
    NetworkSpec prunedSpec = NetworkDecoder.decodePruned(spec, train.shape(), 10);
    Engine.getInstance().setRandomSeed(3);
    try (CandidateModel full = CandidateModel.create(fullSpec, 3e-3)) {
      full.train("train", train, data.validation(), 2, 64, 3);
      double fullAccuracy = full.accuracy(data.validation());
      try (CandidateModel pruned = CandidateModel.create(prunedSpec, 3e-3)) {
        ChannelPruning.copyKeptWeights(full, pruned);
        pruned.train("fine-tune", train, data.validation(), 1, 64, 4);
        double prunedAccuracy = pruned.accuracy(data.validation());

        // stem 16→8, first stage 32→16; the second stage's outputs feed a residual and stay whole
        assertThat(prunedSpec.stem().out()).isEqualTo(8);
        List<ConvLayer> convs = prunedSpec.convs().toList();
        assertThat(convs.get(1).out()).isEqualTo(16);
        assertThat(pruned.slots().getFirst().parameter().getArray().getShape().get(0)).isEqualTo(8);
        assertThat(prunedSpec.params()).isLessThan(fullSpec.params());
        assertThat(prunedSpec.macs()).isLessThan(fullSpec.macs());
        // Stated margin: within 0.10 of the unpruned network after one fine-tune epoch.
        assertThat(prunedAccuracy).isGreaterThan(fullAccuracy - 0.10);
      }
    }
  }

  @Test
  void int8ArtifactIsAboutFourTimesSmallerAndKeepsAccuracy() throws Exception {
    CandidateSpec small = Candidates.smallCnn(Precision.FP32, List.of());
    // Twice the widths, so fixed overhead (spec JSON, batch-norm values, scales) weighs little.
    CandidateSpec spec =
        new CandidateSpec(
            new dev.sculptor.core.space.ArchitectureSpec(
                32,
                small.architecture().stages().stream()
                    .map(
                        s ->
                            new dev.sculptor.core.space.StageSpec(
                                s.block(), s.kernel(), 64, s.depth(), s.expansion()))
                    .toList(),
                small.architecture().activation(),
                0),
            small.compression(),
            small.training());
    NetworkSpec net = NetworkDecoder.decode(spec, train.shape(), 10);
    Engine.getInstance().setRandomSeed(5);
    try (CandidateModel model = CandidateModel.create(net, 3e-3)) {
      model.train("train", train, data.validation(), 2, 64, 5);
      double fp32Accuracy = model.accuracy(data.validation());
      Path fp32 = dir.resolve("fp32.zip");
      Path int8 = dir.resolve("int8.zip");
      ModelArchive.write(fp32, spec, model, Precision.FP32);
      ModelArchive.write(int8, spec, model, Precision.INT8);
      WeightQuantization.apply(model.slots(), Precision.INT8);
      double int8Accuracy = model.accuracy(data.validation());

      double ratio = (double) Files.size(fp32) / Files.size(int8);
      assertThat(ratio).as("fp32/int8 artifact size").isBetween(3.2, 4.2);
      // Stated margin: int8 weights lose at most 0.02 accuracy.
      assertThat(int8Accuracy).isGreaterThan(fp32Accuracy - 0.02);
      try (CandidateModel loaded = ModelArchive.load(int8)) {
        assertThat(loaded.predict(data.validation()))
            .containsExactly(model.predict(data.validation()));
      }
    }
  }
}
