package dev.sculptor.worker.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.space.MobileCnnSpace;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GenotypesTest {
  @Test
  void aGenomeSurvivesTheTripThroughAJeneticsGenotype() {
    Random random = new Random(3);
    for (int i = 0; i < 1000; i++) {
      int[] genes = MobileCnnSpace.random(random);
      assertThat(Genotypes.genes(Genotypes.of(genes))).containsExactly(genes);
    }
  }

  @Test
  void randomGenotypesReadAsValidOptionIndices() {
    int[] genes = Genotypes.genes(Genotypes.factory().newInstance());
    assertThat(genes).hasSize(MobileCnnSpace.genomeLength());
    for (int i = 0; i < genes.length; i++)
      assertThat(genes[i]).isBetween(0, MobileCnnSpace.options(i) - 1);
  }
}
