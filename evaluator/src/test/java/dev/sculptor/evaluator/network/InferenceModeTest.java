package dev.sculptor.evaluator.network;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * On a thread of its own, as each evaluation runs, libtorch records a graph for every op on a
 * trainable parameter unless grad mode is turned off; {@link InferenceMode} turns it off and puts
 * back what it found.
 */
class InferenceModeTest {
  record Observed(boolean modeBefore, String tracked, boolean modeInside, boolean modeAfter) {}

  /**
   * The autograd functions recorded for {@code output}. (DJL's JNI aborts the process when asked
   * this of an output without a graph, so inside inference mode the test reads the mode instead.)
   */
  private static String recorded(NDArray output) {
    return JniUtils.getGradientFunctionNames((PtNDArray) output);
  }

  @Test
  void aFreshThreadRecordsGraphsUntilInferenceModeTurnsGradModeOff() throws Exception {
    Engine.getInstance(); // loaded here, as the evaluator loads it before its evaluation threads
    CompletableFuture<Observed> observed = new CompletableFuture<>();
    Thread.ofPlatform()
        .start(
            () -> {
              try (NDManager m = NDManager.newBaseManager()) {
                NDArray weight = m.ones(new Shape(4, 3));
                weight.setRequiresGradient(true);
                NDArray input = m.ones(new Shape(2, 4));
                boolean before = JniUtils.isGradMode();
                String tracked = recorded(input.matMul(weight));
                boolean inside = InferenceMode.run(JniUtils::isGradMode);
                observed.complete(new Observed(before, tracked, inside, JniUtils.isGradMode()));
              } catch (Throwable t) {
                observed.completeExceptionally(t);
              }
            });
    Observed o = observed.get();
    assertThat(o.modeBefore()).as("grad mode on a new thread (libtorch's default)").isTrue();
    assertThat(o.tracked()).as("graph recorded outside inference mode").contains("MmBackward");
    assertThat(o.modeInside()).as("grad mode inside inference mode").isFalse();
    assertThat(o.modeAfter()).as("grad mode put back").isTrue();
  }
}
