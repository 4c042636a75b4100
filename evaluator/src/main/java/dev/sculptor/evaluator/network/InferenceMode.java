package dev.sculptor.evaluator.network;

import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * Runs DJL forward passes without recording an autograd graph. libtorch's grad mode is per thread
 * and on by default; DJL turns it off only on the thread that loads the engine, and a gradient
 * collector restores whatever it found. Each evaluation runs on a thread of its own, so without
 * this every validation pass, parity check and timed forward pass there built a graph it never
 * used.
 */
public final class InferenceMode {
  private InferenceMode() {}

  /** {@code work} with grad mode off on this thread, then the mode it had before. */
  public static <T> T run(Supplier<T> work) {
    boolean previous = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      return work.get();
    } finally {
      JniUtils.setGradMode(previous);
    }
  }
}
