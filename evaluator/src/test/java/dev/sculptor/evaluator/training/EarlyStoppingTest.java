package dev.sculptor.evaluator.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.messaging.EvaluationResult.EpochStats;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.Candidates;
import dev.sculptor.evaluator.cancel.Cancellation;
import dev.sculptor.evaluator.data.DatasetSplits;
import dev.sculptor.evaluator.data.Datasets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Early stopping counts its patience only in a run's last third: a dip while the one-cycle rate is
 * high (forced here: the weights are wiped during epoch 2) does not end the run, and the best
 * epoch's weights are still the ones kept.
 */
class EarlyStoppingTest {
  static final int BATCH = 64;
  static final int IMAGES = 256; // 4 updates per epoch

  /**
   * Sets every weight to zero at update {@code at}: the validation accuracy of that epoch drops.
   */
  record WipeAt(int at) implements TrainingTechnique {
    @Override
    public void afterUpdate(CandidateModel model, int step, int steps) {
      if (step != at) return;
      float[][] values = model.parameterValues();
      for (float[] v : values) java.util.Arrays.fill(v, 0f);
      model.setParameterValues(values);
    }
  }

  @Test
  void patienceCountsFromTheLastThirdOfTheRun() {
    assertThat(CandidateModel.patienceFrom(1)).isEqualTo(1);
    assertThat(CandidateModel.patienceFrom(3)).isEqualTo(2);
    assertThat(CandidateModel.patienceFrom(8)).isEqualTo(6);
    assertThat(CandidateModel.patienceFrom(15)).isEqualTo(10);
  }

  @Test
  void aDipEarlyInTheRunDoesNotEndItAndTheBestEpochIsKept() {
    DatasetSplits data = Datasets.load(DatasetRef.builtIn("synthetic"));
    NetworkSpec spec =
        NetworkDecoder.decode(
            Candidates.smallCnn(Precision.FP32, List.of()),
            data.train().shape(),
            data.train().classes());
    Engine.getInstance().setRandomSeed(5);
    try (CandidateModel model = CandidateModel.create(spec, 3e-3)) {
      model.useTechniques(List.of(new WipeAt(IMAGES / BATCH + 4))); // the end of epoch 2
      List<EpochStats> curve =
          model.train(
              "train",
              data.train().first(IMAGES),
              data.validation(),
              6,
              BATCH,
              9,
              Augmentation.NONE,
              1,
              Cancellation.none());

      assertThat(curve.get(1).validationAccuracy())
          .as("epoch 2, wiped")
          .isLessThan(curve.get(0).validationAccuracy());
      // patience 1 from epoch 4 on: the run goes on past the dip, to epoch 4 at least
      assertThat(curve).hasSizeGreaterThanOrEqualTo(4);
      double best = curve.stream().mapToDouble(EpochStats::validationAccuracy).max().orElseThrow();
      assertThat(model.accuracy(data.validation())).isEqualTo(best);
    }
  }
}
