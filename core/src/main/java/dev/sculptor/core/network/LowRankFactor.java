package dev.sculptor.core.network;

/**
 * Marks one of the two thinner layers a low-rank factorisation splits a dense layer or 1×1 conv
 * into: {@code in → rank} (part 1: no bias, batch norm or activation) then {@code rank → out} (part
 * 2: the whole layer's bias or batch norm, activation and prunability). The product of the two
 * weight matrices stands for the whole layer's weights.
 *
 * @param layer the name of the layer factorised, as the unfactorised network calls it
 * @param part 1 or 2, in the order the input flows through them
 * @param rank the width between the two factors
 */
public record LowRankFactor(String layer, int part, int rank) {
  public LowRankFactor {
    if (part != 1 && part != 2) throw new IllegalArgumentException("part is 1 or 2, not " + part);
    if (rank < 1) throw new IllegalArgumentException("rank " + rank + " < 1");
  }

  public boolean first() {
    return part == 1;
  }

  /** The factor's own layer name: the factorised layer's name with {@code .factor1} or 2. */
  public String name() {
    return layer + ".factor" + part;
  }
}
