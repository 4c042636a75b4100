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

/** The three networks the ONNX benchmarks time (≈0.2, ≈2 and ≈30 MMACs on MNIST), shared by OnnxVsDjl and Int8Variants. */
final class BenchNetworks {
  record Net(String name, NetworkSpec spec) {
    double mmacs() {
      return spec.macs() / 1e6;
    }
  }

  private BenchNetworks() {}

  static List<Net> three() {
    var small = List.of(new StageSpec(BlockType.DEPTHWISE_SEPARABLE, 3, 16, 1, 1));
    var medium = List.of(new StageSpec(BlockType.CONV_BN_ACT, 3, 48, 1, 1), new StageSpec(BlockType.DEPTHWISE_SEPARABLE, 3, 48, 2, 1));
    var large = List.of(new StageSpec(BlockType.CONV_BN_ACT, 3, 64, 2, 1), new StageSpec(BlockType.INVERTED_RESIDUAL, 5, 96, 2, 6),
        new StageSpec(BlockType.INVERTED_RESIDUAL, 3, 128, 2, 6));
    return List.of(net("small", 16, small), net("medium", 20, medium), net("large", 16, large));
  }

  private static Net net(String name, int stem, List<StageSpec> stages) {
    CandidateSpec candidate = new CandidateSpec(new ArchitectureSpec(stem, stages, Activation.RELU, 0), CompressionPlan.none(),
        TrainingRecipe.defaults());
    return new Net(name, NetworkDecoder.decode(candidate, InputShape.MNIST, 10));
  }
}
