package dev.sculptor.evaluator.export;

import dev.sculptor.core.network.ConvLayer;
import dev.sculptor.core.network.DenseLayer;
import dev.sculptor.evaluator.network.ParameterLayout.Slot;
import dev.sculptor.evaluator.training.CandidateModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network's parameters as plain arrays, keyed by layer name, copied out of DJL so the exporter
 * never touches native memory. Conv weights are OIHW (O, I/groups, k, k); dense weights are (out,
 * in), as DJL's {@code Linear} stores them.
 */
public record NetworkWeights(Map<String, Conv> convs, Map<String, Dense> denses) {
  /** DJL's {@code BatchNorm} default epsilon; the exporter folds with the same value. */
  public static final float BATCH_NORM_EPSILON = 1e-5f;

  public NetworkWeights {
    convs = Map.copyOf(convs);
    denses = Map.copyOf(denses);
  }

  /**
   * One conv and the batch norm after it (running statistics, inference mode); the batch-norm
   * arrays are null for a conv without one (the first factor of a low-rank factorised conv).
   */
  public record Conv(float[] weight, float[] gamma, float[] beta, float[] mean, float[] variance) {
    public boolean batchNorm() {
      return gamma != null;
    }

    /** The same conv with another batch-norm scale (tests use it to break an export on purpose). */
    public Conv withGamma(float[] newGamma) {
      return new Conv(weight, newGamma, beta, mean, variance);
    }
  }

  /** A dense layer's weights and bias (null for the first factor of a factorised layer). */
  public record Dense(float[] weight, float[] bias) {}

  /** Copies the current parameters of a DJL candidate (trained, pruned or fresh). */
  public static NetworkWeights of(CandidateModel model) {
    Map<String, List<float[]>> conv = new LinkedHashMap<>();
    Map<String, List<float[]>> dense = new LinkedHashMap<>();
    for (Slot slot : model.slots()) {
      float[] values = slot.parameter().getArray().toFloatArray();
      if (slot.conv() != null) {
        conv.computeIfAbsent(slot.conv().name(), k -> new ArrayList<>()).add(values);
      } else {
        dense.computeIfAbsent(slot.dense().name(), k -> new ArrayList<>()).add(values);
      }
    }
    // ParameterLayout orders a conv's slots weight, gamma, beta, mean, var and a dense's weight,
    // bias; a first low-rank factor has its weight alone.
    Map<String, Conv> convs = new LinkedHashMap<>();
    conv.forEach(
        (name, v) ->
            convs.put(
                name,
                v.size() == 1
                    ? new Conv(v.get(0), null, null, null, null)
                    : new Conv(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4))));
    Map<String, Dense> denses = new LinkedHashMap<>();
    dense.forEach(
        (name, v) -> denses.put(name, new Dense(v.get(0), v.size() == 1 ? null : v.get(1))));
    return new NetworkWeights(convs, denses);
  }

  public Conv conv(ConvLayer layer) {
    Conv c = convs.get(layer.name());
    if (c == null) throw new OnnxExportException("no weights for conv " + layer.name());
    return c;
  }

  public Dense dense(DenseLayer layer) {
    Dense d = denses.get(layer.name());
    if (d == null) throw new OnnxExportException("no weights for dense layer " + layer.name());
    return d;
  }

  /** This network with one conv's parameters replaced. */
  public NetworkWeights withConv(String name, Conv replacement) {
    Map<String, Conv> copy = new LinkedHashMap<>(convs);
    copy.put(name, replacement);
    return new NetworkWeights(copy, denses);
  }
}
