package dev.sculptor.evaluator.network;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.Activation;
import dev.sculptor.core.space.ArchitectureSpec;
import dev.sculptor.core.space.BlockType;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionPlan;
import dev.sculptor.core.space.StageSpec;
import dev.sculptor.core.space.TrainingRecipe;
import java.util.List;
import org.junit.jupiter.api.Test;

class DjlBlocksTest {
  /**
   * The quantisation points add no parameters and leave every parameter's name as it was without
   * them: the names below are those DJL gave this network before the points existed (its model
   * archive's manifest lists them).
   */
  @Test
  void quantisationPointsLeaveTheParametersAndTheirNamesAsTheyWere() {
    CandidateSpec candidate =
        new CandidateSpec(
            new ArchitectureSpec(
                8,
                List.of(
                    new StageSpec(BlockType.INVERTED_RESIDUAL, 3, 8, 2, 2),
                    new StageSpec(BlockType.DEPTHWISE_SEPARABLE, 3, 16, 2, 1)),
                Activation.GELU,
                16),
            CompressionPlan.none(),
            TrainingRecipe.defaults());
    NetworkSpec spec = NetworkDecoder.decode(candidate, InputShape.MNIST, 10);
    Block block = DjlBlocks.build(spec);
    try (NDManager manager = NDManager.newBaseManager()) {
      block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
      // read from DJL's build of this network before the points existed
      String before =
          """
          01Conv2d_weight
          02BatchNorm_gamma
          02BatchNorm_beta
          02BatchNorm_runningMean
          02BatchNorm_runningVar
          04SequentialBlock_01Conv2d_weight
          04SequentialBlock_02BatchNorm_gamma
          04SequentialBlock_02BatchNorm_beta
          04SequentialBlock_02BatchNorm_runningMean
          04SequentialBlock_02BatchNorm_runningVar
          04SequentialBlock_04Conv2d_weight
          04SequentialBlock_05BatchNorm_gamma
          04SequentialBlock_05BatchNorm_beta
          04SequentialBlock_05BatchNorm_runningMean
          04SequentialBlock_05BatchNorm_runningVar
          04SequentialBlock_07Conv2d_weight
          04SequentialBlock_08BatchNorm_gamma
          04SequentialBlock_08BatchNorm_beta
          04SequentialBlock_08BatchNorm_runningMean
          04SequentialBlock_08BatchNorm_runningVar
          05ParallelBlock_01SequentialBlock_01Conv2d_weight
          05ParallelBlock_01SequentialBlock_02BatchNorm_gamma
          05ParallelBlock_01SequentialBlock_02BatchNorm_beta
          05ParallelBlock_01SequentialBlock_02BatchNorm_runningMean
          05ParallelBlock_01SequentialBlock_02BatchNorm_runningVar
          05ParallelBlock_01SequentialBlock_04Conv2d_weight
          05ParallelBlock_01SequentialBlock_05BatchNorm_gamma
          05ParallelBlock_01SequentialBlock_05BatchNorm_beta
          05ParallelBlock_01SequentialBlock_05BatchNorm_runningMean
          05ParallelBlock_01SequentialBlock_05BatchNorm_runningVar
          05ParallelBlock_01SequentialBlock_07Conv2d_weight
          05ParallelBlock_01SequentialBlock_08BatchNorm_gamma
          05ParallelBlock_01SequentialBlock_08BatchNorm_beta
          05ParallelBlock_01SequentialBlock_08BatchNorm_runningMean
          05ParallelBlock_01SequentialBlock_08BatchNorm_runningVar
          06SequentialBlock_01Conv2d_weight
          06SequentialBlock_02BatchNorm_gamma
          06SequentialBlock_02BatchNorm_beta
          06SequentialBlock_02BatchNorm_runningMean
          06SequentialBlock_02BatchNorm_runningVar
          06SequentialBlock_04Conv2d_weight
          06SequentialBlock_05BatchNorm_gamma
          06SequentialBlock_05BatchNorm_beta
          06SequentialBlock_05BatchNorm_runningMean
          06SequentialBlock_05BatchNorm_runningVar
          07ParallelBlock_01SequentialBlock_01Conv2d_weight
          07ParallelBlock_01SequentialBlock_02BatchNorm_gamma
          07ParallelBlock_01SequentialBlock_02BatchNorm_beta
          07ParallelBlock_01SequentialBlock_02BatchNorm_runningMean
          07ParallelBlock_01SequentialBlock_02BatchNorm_runningVar
          07ParallelBlock_01SequentialBlock_04Conv2d_weight
          07ParallelBlock_01SequentialBlock_05BatchNorm_gamma
          07ParallelBlock_01SequentialBlock_05BatchNorm_beta
          07ParallelBlock_01SequentialBlock_05BatchNorm_runningMean
          07ParallelBlock_01SequentialBlock_05BatchNorm_runningVar
          10Linear_weight
          10Linear_bias
          12Linear_weight
          12Linear_bias
          """;
      assertThat(block.getParameters().keys())
          .containsExactlyElementsOf(before.lines().map(String::strip).toList());
      assertThat(ParameterLayout.of(spec, block)).hasSize(59);
    }
  }
}
