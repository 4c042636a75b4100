package dev.sculptor.bench.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.Fingerprint;
import dev.sculptor.core.space.MobileCnnSpace;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The compression slice is closed under the genomes a search proposes: any full or basic genome
 * decodes to one of its candidates, every technique reaches the decoded plan, and a basic genome
 * reaches only the candidates without the later techniques.
 */
class CompressionSliceTest {
  static final Set<String> SLICE =
      CompressionSlice.all().stream()
          .map(e -> Fingerprint.of(e.candidate()))
          .collect(Collectors.toSet());

  @Test
  void theSliceHasItsCountedCandidatesEachOnce() {
    assertThat(CompressionSlice.all()).hasSize(384);
    assertThat(SLICE).hasSize(384);
    CandidateSpec teacher = CompressionSlice.teacher().candidate();
    assertThat(teacher.architecture().stages().getFirst().width()).isEqualTo(128);
    assertThat(teacher.compression().pruningRatios()).isEmpty();
    assertThat(teacher.compression().distillation()).isNull();
  }

  @Test
  void everyProposedGenomeDecodesIntoTheSliceAndTheTechniquesReachThePlan() {
    Random random = new Random(1);
    var full = CompressionSlice.fullLayout();
    boolean sparse = false, lowRank = false, distilled = false, aware = false;
    for (int i = 0; i < 2000; i++) {
      int[] genes = full.random(random);
      CandidateSpec c =
          CompressionSlice.INSTANCE.decode(genes, i % 4 == 0 ? List.of(0.75, 0.75, 0.0) : null);
      assertThat(SLICE).contains(Fingerprint.of(c));
      var plan = c.compression();
      sparse |= plan.sparsity() != null && plan.sparsity() == 0.75;
      lowRank |= plan.lowRankRatio() != null && plan.lowRankRatio() == 0.25;
      distilled |= plan.distillation() != null;
      aware |= Boolean.TRUE.equals(plan.quantisationAware());
    }
    assertThat(List.of(sparse, lowRank, distilled, aware)).containsOnly(true);
  }

  @Test
  void aBasicGenomeReachesOnlyTheEighteenCandidatesWithoutTheLaterTechniques() {
    Random random = new Random(2);
    Set<String> reached = new java.util.HashSet<>();
    for (int i = 0; i < 3000; i++) {
      CandidateSpec c = CompressionSlice.INSTANCE.decode(MobileCnnSpace.random(random), null);
      var plan = c.compression();
      assertThat(plan.distillation()).isNull();
      assertThat(plan.layerPrecisions()).isEmpty();
      assertThat(plan.quantisationAware()).isNotEqualTo(Boolean.TRUE);
      reached.add(Fingerprint.of(c));
    }
    assertThat(reached).hasSize(18);
  }
}
