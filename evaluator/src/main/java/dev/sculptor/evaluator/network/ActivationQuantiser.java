package dev.sculptor.evaluator.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sculptor.evaluator.network.ActivationRanges.Range;
import java.util.Optional;

/**
 * A point in the DJL network where the int8 export may quantise an activation, named as the export
 * names that tensor ({@link TensorNames}). Without parameters, and passes its input through
 * unchanged unless quantisation-aware training {@link #start starts} it; then each training forward
 * pass tracks the tensor's range and replaces the tensor by its uint8 quantise-dequantise at that
 * range, with the straight-through estimator. Inference passes (validation, export parity) always
 * see the float tensor.
 */
public final class ActivationQuantiser extends AbstractBlock {
  private final String tensor;
  private double momentum;
  private boolean on;
  private Range range;
  private long images;

  public ActivationQuantiser(String tensor) {
    this.tensor = tensor;
  }

  /** The tensor's name in the ONNX graph. */
  public String tensor() {
    return tensor;
  }

  /**
   * From the next training pass on, fake-quantises the tensor at a range tracked from scratch: the
   * first batch's min and max, then an exponential moving average of each batch's (see {@link
   * #update}).
   */
  public void start(double momentum) {
    if (!(momentum >= 0 && momentum < 1))
      throw new IllegalArgumentException("momentum must be in [0, 1): " + momentum);
    this.momentum = momentum;
    this.on = true;
    this.range = null;
    this.images = 0;
  }

  /** Passes the tensor through again; the range tracked so far is kept. */
  public void stop() {
    on = false;
  }

  /** The momentum the range was last tracked with. */
  public double momentum() {
    return momentum;
  }

  public boolean started() {
    return on;
  }

  /** The range tracked while started: empty before the first training pass. */
  public Optional<Range> range() {
    return Optional.ofNullable(range);
  }

  /** How many images the range was tracked over, counting an image once per training pass. */
  public long images() {
    return images;
  }

  /**
   * The range after a batch whose values span [{@code lo}, {@code hi}]: the batch's own when there
   * is none yet, else {@code momentum · range + (1 − momentum) · batch}, each end on its own.
   */
  public static Range update(Range range, float lo, float hi, double momentum) {
    if (range == null) return new Range(lo, hi);
    return new Range(
        (float) (momentum * range.min() + (1 - momentum) * lo),
        (float) (momentum * range.max() + (1 - momentum) * hi));
  }

  /**
   * The export's uint8 quantise-dequantise of {@code x} at {@code range} (its scale and zero point,
   * and ONNX QuantizeLinear's rule: x / scale rounded half to even, plus the zero point, saturated
   * to [0, 255]; then (q − zero point) · scale), with the straight-through estimator: the value is
   * exactly the quantised one and the gradient passes to {@code x} unchanged. Written as {@code
   * fq(x) + (x − x)} with both {@code fq(x)} and the second {@code x} cut from the gradient, which
   * is {@code x + stopGradient(fq(x) − x)} without that sum's rounding.
   */
  public static NDArray fakeQuantise(NDArray x, Range range) {
    float scale = range.scale();
    float zeroPoint = range.zeroPoint();
    NDArray dequantised =
        x.div(scale).round().add(zeroPoint).clip(0, 255).sub(zeroPoint).mul(scale);
    return dequantised.stopGradient().add(x.sub(x.stopGradient()));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    if (!on || !training) return inputs;
    NDArray x = inputs.singletonOrThrow();
    range = update(range, x.min().getFloat(), x.max().getFloat(), momentum);
    images += x.getShape().get(0);
    return new NDList(fakeQuantise(x, range));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }

  @Override
  public String toString() {
    return "ActivationQuantiser(" + tensor + ")";
  }
}
