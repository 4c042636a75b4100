package dev.sculptor.evaluator.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Gradients through a constant stay right when the garbage collector runs between the forward and
 * the backward pass, as it may at any step of a real training. The test forces that collection (and
 * reuses the freed memory), the condition under which DJL's number overloads gave NaN or silently
 * wrong gradients (see {@link GraphScalars}).
 */
public class GraphScalarsTest {
  private static final Cleaner CLEANER = Cleaner.create();
  static final float[] X = {-3f, -1f, -0.25f, 0f, 0.5f, 2f, 4f};

  @Test
  void swishGradientIsSigmoidPlusXTimesItsDerivative() {
    Block swish = GraphScalars.swishBlock();
    float[] gradient =
        gradientAfterACollection(
            x ->
                swish
                    .forward(new ParameterStore(x.getManager(), false), new NDList(x), true)
                    .singletonOrThrow());
    for (int i = 0; i < X.length; i++) {
      double s = 1 / (1 + Math.exp(-X[i]));
      assertThat(gradient[i])
          .as("x = %s", X[i])
          .isCloseTo((float) (s + X[i] * s * (1 - s)), within(1e-5f));
    }
  }

  @Test
  void timesAndOverDifferentiateToTheirConstant() {
    float[] times = gradientAfterACollection(x -> GraphScalars.times(x, 2.5f));
    float[] over = gradientAfterACollection(x -> GraphScalars.over(x, 8f));
    for (int i = 0; i < X.length; i++) {
      assertThat(times[i]).isEqualTo(2.5f);
      assertThat(over[i]).isEqualTo(0.125f);
    }
  }

  /**
   * The forcing works: DJL's own number overload gives a wrong gradient under it (when DJL fixes
   * this, this test fails, and {@link GraphScalars} may go).
   */
  @Test
  void theForcedCollectionBreaksDjlsNumberOverload() {
    float[] gradient = gradientAfterACollection(x -> x.mul(2.5f));
    assertThat(gradient)
        .as("DJL's x.mul(2.5f) differentiated after a collection")
        .isNotEqualTo(new float[] {2.5f, 2.5f, 2.5f, 2.5f, 2.5f, 2.5f, 2.5f});
  }

  /** d sum(f(x)) / dx, with a full collection and churn of the freed memory after the forward. */
  static float[] gradientAfterACollection(UnaryOperator<NDArray> f) {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(X);
      x.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray y = f.apply(x).sum();
        collectGarbageAndReuseFreedMemory();
        collector.backward(y);
      }
      return x.getGradient().toFloatArray();
    }
  }

  /**
   * Runs full collections until a cleaner has run for an object dropped after the forward (closed
   * arrays' direct buffers are freed by cleaners too), then allocates small direct buffers so that
   * freed memory is written again.
   */
  public static void collectGarbageAndReuseFreedMemory() {
    AtomicBoolean cleaned = new AtomicBoolean();
    CLEANER.register(new Object(), () -> cleaned.set(true));
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              System.gc();
              return cleaned.get();
            });
    List<ByteBuffer> churn = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      ByteBuffer b = ByteBuffer.allocateDirect(4 + i % 64);
      while (b.hasRemaining()) b.put((byte) 0x7f);
      churn.add(b);
    }
    churn.clear();
  }
}
