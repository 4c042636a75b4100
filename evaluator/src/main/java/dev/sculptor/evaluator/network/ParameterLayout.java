package dev.sculptor.evaluator.network;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.sculptor.core.network.ConvLayer;
import dev.sculptor.core.network.DenseLayer;
import dev.sculptor.core.network.NetworkSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Which DJL parameter belongs to which layer of the spec, and in what role. The full and the pruned
 * network have the same layout, so their parameters pair up one to one, except where the compressed
 * one factorises a layer (low rank): its first factor has weights only, no batch norm or bias.
 */
public final class ParameterLayout {
  public enum Role {
    CONV_WEIGHT,
    BN_GAMMA,
    BN_BETA,
    BN_MEAN,
    BN_VAR,
    DENSE_WEIGHT,
    DENSE_BIAS
  }

  /** One parameter: its role, the conv (or dense) layer it belongs to, and the DJL parameter. */
  public record Slot(
      Role role, ConvLayer conv, DenseLayer dense, String name, Parameter parameter) {
    /** Weights that int8 quantises per output channel. */
    public boolean isWeight() {
      return role == Role.CONV_WEIGHT || role == Role.DENSE_WEIGHT;
    }
  }

  private ParameterLayout() {}

  public static List<Slot> of(NetworkSpec spec, Block block) {
    List<Pair<String, Parameter>> params = block.getParameters().stream().toList();
    List<Slot> slots = new ArrayList<>();
    int i = 0;
    for (ConvLayer conv : spec.convs().toList()) {
      for (Role role :
          conv.batchNorm()
              ? List.of(Role.CONV_WEIGHT, Role.BN_GAMMA, Role.BN_BETA, Role.BN_MEAN, Role.BN_VAR)
              : List.of(Role.CONV_WEIGHT)) {
        slots.add(slot(role, conv, null, params, i++));
      }
    }
    for (DenseLayer dense : spec.head()) {
      slots.add(slot(Role.DENSE_WEIGHT, null, dense, params, i++));
      if (dense.bias()) slots.add(slot(Role.DENSE_BIAS, null, dense, params, i++));
    }
    if (i != params.size()) {
      throw new IllegalStateException(
          "network has " + params.size() + " parameters, the spec explains " + i);
    }
    return slots;
  }

  private static Slot slot(
      Role role, ConvLayer conv, DenseLayer dense, List<Pair<String, Parameter>> params, int i) {
    if (i >= params.size())
      throw new IllegalStateException("network has fewer parameters than the spec needs");
    Pair<String, Parameter> p = params.get(i);
    String expected =
        switch (role) {
          case CONV_WEIGHT, DENSE_WEIGHT -> "weight";
          case BN_GAMMA -> "gamma";
          case BN_BETA -> "beta";
          case BN_MEAN -> "runningMean";
          case BN_VAR -> "runningVar";
          case DENSE_BIAS -> "bias";
        };
    if (!p.getKey().endsWith(expected)) {
      throw new IllegalStateException(
          "parameter " + i + " is " + p.getKey() + ", expected a " + expected);
    }
    return new Slot(role, conv, dense, p.getKey(), p.getValue());
  }
}
