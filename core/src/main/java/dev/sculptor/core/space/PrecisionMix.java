package dev.sculptor.core.space;

import dev.sculptor.core.network.NetworkSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * How an int8 plan mixes precisions across layers: the genome's per-layer precision gene. Each rule
 * yields one precision per conv and dense layer in network order (stem, block convs, head), or an
 * empty list for the export's own int8 defaults. A plan of another precision is never mixed.
 */
public enum PrecisionMix {
  /** The int8 export's defaults: stem and classifier fp32, every block conv int8. */
  UNIFORM,
  /** Every layer int8, the stem and the classifier included: the smallest file. */
  ALL_INT8,
  /**
   * Depthwise convs fp16 (few weights, and the layers post-training int8 hurts most), stem and
   * classifier fp32, the other block convs int8.
   */
  DEPTHWISE_FP16;

  /** The per-layer precisions of {@code network} under this rule, for a plan at {@code plan}. */
  public List<Precision> layers(NetworkSpec network, Precision plan) {
    if (this == UNIFORM || plan != Precision.INT8) return List.of();
    List<Precision> out = new ArrayList<>();
    network
        .convs()
        .forEach(
            c -> {
              if (this == ALL_INT8) out.add(Precision.INT8);
              else if (c == network.stem()) out.add(Precision.FP32);
              else out.add(c.depthwise() ? Precision.FP16 : Precision.INT8);
            });
    for (int d = 0; d < network.head().size(); d++) {
      boolean classifier = d == network.head().size() - 1;
      out.add(this == ALL_INT8 || !classifier ? Precision.INT8 : Precision.FP32);
    }
    return List.copyOf(out);
  }
}
