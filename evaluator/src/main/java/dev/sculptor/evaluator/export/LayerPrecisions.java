package dev.sculptor.evaluator.export;

import dev.sculptor.core.network.ConvLayer;
import dev.sculptor.core.network.DenseLayer;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.Precision;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The precision each conv and dense layer of one export is written in, in network order (stem, each
 * block's convs, head: the order of {@link dev.sculptor.core.space.CompressionPlan#layerPrecisions
 * the plan's layer precisions}), and whether the residual {@code Add} and the pooling join the int8
 * graph. A uniform export is the special case where every layer takes the model's precision, except
 * what {@link Int8Layers} keeps in fp32 in an int8 one.
 *
 * @param quantisedJoins residual {@code Add} and {@code GlobalAveragePool} get Q/DQ on their output
 *     (only with int8 layers in the graph)
 */
record LayerPrecisions(List<Precision> layers, boolean quantisedJoins) {
  LayerPrecisions {
    layers = List.copyOf(layers);
  }

  /**
   * Every layer at {@code precision}; an int8 export quantises what {@code int8} says (fp32 and
   * fp16 ignore it).
   */
  static LayerPrecisions uniform(NetworkSpec spec, Precision precision, Int8Layers int8) {
    if (precision != Precision.INT8)
      return new LayerPrecisions(Collections.nCopies(layers(spec).size(), precision), false);
    List<Precision> out = new ArrayList<>();
    out.add(int8.stem() ? Precision.INT8 : Precision.FP32);
    spec.blocks().stream()
        .flatMap(b -> b.convs().stream())
        .forEach(
            c -> out.add(c.groups() > 1 && !int8.depthwise() ? Precision.FP32 : Precision.INT8));
    for (int i = 0; i < spec.head().size(); i++) {
      boolean classifier = i == spec.head().size() - 1;
      out.add(classifier && !int8.classifier() ? Precision.FP32 : Precision.INT8);
    }
    return new LayerPrecisions(out, int8.residualAndPool());
  }

  /**
   * One precision per layer as a plan lists them; with any int8 layer the joins follow {@code
   * int8}'s {@code residualAndPool}, as in a uniform int8 export.
   */
  static LayerPrecisions mixed(NetworkSpec spec, List<Precision> layers, Int8Layers int8) {
    int count = spec.plannedLayers();
    if (layers.size() != count) {
      throw new OnnxExportException(
          layers.size() + " layer precisions for " + count + " conv and dense layers");
    }
    // the plan lists layers before low-rank factorisation: both factors take their layer's entry
    return new LayerPrecisions(
        spec.layerPrecisions(layers, null),
        layers.contains(Precision.INT8) && int8.residualAndPool());
  }

  /** Every layer and join quantised: the tensors a calibration run taps. */
  static LayerPrecisions everything(NetworkSpec spec) {
    return new LayerPrecisions(Collections.nCopies(layers(spec).size(), Precision.INT8), true);
  }

  /** The {@code index}-th conv or dense layer's precision. */
  Precision at(int index) {
    return layers.get(index);
  }

  boolean contains(Precision precision) {
    return layers.contains(precision);
  }

  /** {@code name:precision} per layer, comma-separated, for the model's metadata. */
  String describe(NetworkSpec spec) {
    List<String> names = layers(spec);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++)
      out.add(names.get(i) + ":" + layers.get(i).name().toLowerCase(Locale.ROOT));
    return String.join(",", out);
  }

  /** The names of the conv and dense layers in network order. */
  static List<String> layers(NetworkSpec spec) {
    List<String> names = new ArrayList<>(spec.convs().map(ConvLayer::name).toList());
    spec.head().stream().map(DenseLayer::name).forEach(names::add);
    return names;
  }
}
