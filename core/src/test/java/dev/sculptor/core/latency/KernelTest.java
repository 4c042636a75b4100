package dev.sculptor.core.latency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.latency.Kernel.Kind;
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

class KernelTest {
  static NetworkSpec net(Activation activation) {
    // stem 16 → inverted residual 16 (expansion 3, stride 2) → same again (stride 1, residual) →
    // hidden 64 → 10
    ArchitectureSpec arch =
        new ArchitectureSpec(
            16, List.of(new StageSpec(BlockType.INVERTED_RESIDUAL, 3, 16, 2, 3)), activation, 64);
    return NetworkDecoder.decodePruned(
        new CandidateSpec(arch, CompressionPlan.none(), TrainingRecipe.defaults()),
        InputShape.MNIST,
        10);
  }

  @Test
  void aReluNetworkIsOneKernelPerConvPlusItsAdditionsPoolingAndDenseLayers() {
    List<Kind> kinds = Kernel.of(net(Activation.RELU)).stream().map(Kernel::kind).toList();
    assertThat(kinds)
        .containsExactly(
            Kind.CONV,
            Kind.POINTWISE,
            Kind.DEPTHWISE,
            Kind.POINTWISE,
            Kind.POINTWISE,
            Kind.DEPTHWISE,
            Kind.POINTWISE,
            Kind.ADD,
            Kind.POOL,
            Kind.DENSE,
            Kind.DENSE);
  }

  @Test
  void geluIsAKernelOfItsOwnAfterEveryActivatedLayer() {
    List<Kind> kinds = Kernel.of(net(Activation.GELU)).stream().map(Kernel::kind).toList();
    // stem, expand, depthwise (twice) and the hidden dense layer are activated; projections are
    // linear
    assertThat(kinds.stream().filter(k -> k == Kind.ACTIVATION)).hasSize(6);
    assertThat(kinds.size()).isEqualTo(11 + 6);
  }

  @Test
  void kernelMacsAddUpToTheNetworksMacs() {
    NetworkSpec net = net(Activation.RELU);
    long convAndDense =
        Kernel.of(net).stream()
            .filter(k -> k.kind() != Kind.ADD && k.kind() != Kind.POOL)
            .mapToLong(Kernel::macs)
            .sum();
    assertThat(convAndDense).isEqualTo(net.macs());
  }
}
