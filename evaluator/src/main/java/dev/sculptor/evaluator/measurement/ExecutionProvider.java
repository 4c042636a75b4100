package dev.sculptor.evaluator.measurement;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;

/**
 * The ONNX Runtime execution provider a model is timed with. The CPU provider is in every build;
 * the CUDA one only in the evaluator built with {@code -Pgpu} (the {@code onnxruntime_gpu}
 * artifact, which ships the same classes), and it runs only where a CUDA runtime and an NVIDIA GPU
 * are present. Nodes the CUDA provider has no kernel for run on the CPU inside the same session, as
 * they would for a deployed model.
 */
public enum ExecutionProvider {
  CPU("CPU execution provider", OrtProvider.CPU),
  CUDA("CUDA execution provider", OrtProvider.CUDA);

  private final String label;
  private final OrtProvider ort;

  ExecutionProvider(String label, OrtProvider ort) {
    this.label = label;
    this.ort = ort;
  }

  /** The provider that times a target's latency: CUDA for {@code nvidia-gpu}, else the CPU. */
  public static ExecutionProvider forTarget(String target) {
    return "nvidia-gpu".equals(target) ? CUDA : CPU;
  }

  /** As ONNX Runtime names it, e.g. "CUDA execution provider". */
  public String label() {
    return label;
  }

  /**
   * Whether this evaluator's ONNX Runtime build has the provider (not whether a GPU is present).
   */
  public boolean inThisBuild() {
    return OrtEnvironment.getAvailableProviders().contains(ort);
  }

  /** Asks a session for this provider; the CPU one is ONNX Runtime's default and always there. */
  void addTo(OrtSession.SessionOptions options) throws OrtException {
    if (this == CUDA) options.addCUDA(0);
  }
}
