package dev.sculptor.evaluator.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.messaging.EvaluationResult.EpochStats;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.Candidates;
import dev.sculptor.evaluator.cancel.Cancellation;
import dev.sculptor.evaluator.data.DatasetSplits;
import dev.sculptor.evaluator.data.Datasets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A run with early stopping whose loss turns NaN (forced: a technique poisons the loss from a
 * chosen step on) ends at its best epoch's weights instead of failing; without a best epoch it
 * still fails.
 */
class LateDivergenceTest {
  static final int BATCH = 64;
  static final int IMAGES = 256; // 4 updates per epoch

  /** Makes the loss NaN from update {@code from} on (counted from 1). */
  record PoisonFrom(int from) implements TrainingTechnique {
    static int seen;

    @Override
    public NDArray loss(NDArray hardLoss, NDArray logits, int[] examples) {
      return ++seen >= from ? hardLoss.mul(Float.NaN) : hardLoss;
    }
  }

  @Test
  void aLateDivergenceEndsTheRunWithTheBestEpochsWeights() {
    DatasetSplits data = Datasets.load(DatasetRef.builtIn("synthetic"));
    CandidateSpec candidate = Candidates.smallCnn(Precision.FP32, List.of());
    NetworkSpec spec =
        NetworkDecoder.decode(candidate, data.train().shape(), data.train().classes());
    float[][] afterTwoEpochs;
    Engine.getInstance().setRandomSeed(5);
    try (CandidateModel plain = CandidateModel.create(spec, 3e-3)) {
      plain.train("train", data.train().first(IMAGES), data.validation(), 2, BATCH, 9);
      afterTwoEpochs = plain.parameterValues();
    }

    Engine.getInstance().setRandomSeed(5);
    try (CandidateModel model = CandidateModel.create(spec, 3e-3)) {
      PoisonFrom.seen = 0;
      model.useTechniques(List.of(new PoisonFrom(2 * IMAGES / BATCH + 2))); // epoch 3
      List<EpochStats> curve =
          model.train(
              "train",
              data.train().first(IMAGES),
              data.validation(),
              5,
              BATCH,
              9,
              Augmentation.NONE,
              5,
              Cancellation.none());

      assertThat(curve).extracting(EpochStats::epoch).containsExactly(1, 2);
      assertThat(model.divergence()).contains("train diverged in epoch 3", "best epoch");
      double best = curve.stream().mapToDouble(EpochStats::validationAccuracy).max().orElseThrow();
      // the weights are a finished epoch's (the best of the two), never the diverging one's
      if (curve.get(1).validationAccuracy() == best)
        assertThat(model.parameterValues()).isDeepEqualTo(afterTwoEpochs);
      assertThat(model.accuracy(data.validation())).isEqualTo(best);
    }
  }

  @Test
  void aDivergenceBeforeAnyBestEpochStillFails() {
    DatasetSplits data = Datasets.load(DatasetRef.builtIn("synthetic"));
    NetworkSpec spec =
        NetworkDecoder.decode(
            Candidates.smallCnn(Precision.FP32, List.of()),
            data.train().shape(),
            data.train().classes());
    try (CandidateModel model = CandidateModel.create(spec, 3e-3)) {
      PoisonFrom.seen = 0;
      model.useTechniques(List.of(new PoisonFrom(2)));
      assertThatThrownBy(
              () ->
                  model.train(
                      "train",
                      data.train().first(IMAGES),
                      data.validation(),
                      3,
                      BATCH,
                      9,
                      Augmentation.NONE,
                      5,
                      Cancellation.none()))
          .isInstanceOf(NonFiniteLossException.class)
          .hasMessageContaining("epoch 1");
    }
  }
}
