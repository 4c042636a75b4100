package dev.sculptor.worker.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.space.CompressionTechnique;
import dev.sculptor.core.space.GenomeLayout;
import dev.sculptor.core.space.MobileCnnSpace;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GenotypesTest {
  private static final List<GenomeLayout> LAYOUTS =
      List.of(
          MobileCnnSpace.layout(List.of()),
          MobileCnnSpace.layout(List.of(CompressionTechnique.SPARSITY)),
          MobileCnnSpace.layout(CompressionTechnique.ALL));

  @Test
  void aGenomeSurvivesTheTripThroughAJeneticsGenotype() {
    Random random = new Random(3);
    for (GenomeLayout layout : LAYOUTS)
      for (int i = 0; i < 1000; i++) {
        int[] genes = layout.random(random);
        assertThat(Genotypes.genes(Genotypes.of(genes, layout), layout)).containsExactly(genes);
      }
  }

  @Test
  void randomGenotypesReadAsValidOptionIndices() {
    for (GenomeLayout layout : LAYOUTS) {
      int[] genes = Genotypes.genes(Genotypes.factory(layout).newInstance(), layout);
      assertThat(genes).hasSize(layout.length());
      for (int i = 0; i < genes.length; i++)
        assertThat(genes[i]).isBetween(0, layout.options(i) - 1);
    }
  }

  @Test
  void aJobWithoutTechniquesEvolvesTheBasicGenomeAndGenesOfLeftOutTechniquesStayFixed() {
    assertThat(MobileCnnSpace.layout(List.of()).length())
        .isEqualTo(MobileCnnSpace.genomeLength())
        .isLessThan(MobileCnnSpace.layout(CompressionTechnique.ALL).length());
    GenomeLayout sparsityOnly = MobileCnnSpace.layout(List.of(CompressionTechnique.SPARSITY));
    Random random = new Random(5);
    int[] genes = sparsityOnly.random(random);
    for (int n = 0; n < 500; n++) {
      genes = sparsityOnly.mutate(genes, 0.1, random);
      var plan = MobileCnnSpace.decode(genes, null).compression();
      assertThat(plan.lowRankRatio()).isNull();
      assertThat(plan.distillation()).isNull();
      assertThat(plan.layerPrecisions()).isEmpty();
    }
  }
}
