package dev.sculptor.evaluator.measurement;

import dev.sculptor.core.space.Precision;
import java.util.Map;

/**
 * How an ONNX model was run: runtime and version, its execution provider, the precision its weights
 * are stored in, the precision its heavy layers were computed in (read back from the session's
 * optimised graph), intra-op threads, graph optimisation level, and the count of each kernel ONNX
 * Runtime chose.
 */
public record OrtProvenance(
    String runtime,
    String version,
    ExecutionProvider provider,
    Precision storedPrecision,
    ComputePrecision computedPrecision,
    int threads,
    String optimisationLevel,
    Map<String, Integer> kernels) {
  public OrtProvenance {
    kernels = Map.copyOf(kernels);
  }
}
