package dev.sculptor.evaluator.compression;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.data.LabeledImages;
import dev.sculptor.evaluator.measurement.OnnxRuntimeModel;
import java.util.UUID;

/**
 * A teacher's logits for every training example, computed once in ONNX Runtime from the teacher's
 * exported model and kept in memory (examples × classes floats), so distillation costs one teacher
 * pass over the training set rather than one per epoch. They are the logits of the unshifted
 * images: where the final phase shifts training images at random, the student sees a shifted image
 * against its unshifted image's soft targets.
 */
public final class TeacherLogits {
  /** The most floats kept (64 MiB); a larger training set × class count trains on labels alone. */
  public static final long MAX_FLOATS = 16L << 20;

  private static final int BATCH = 250;

  private final UUID teacher;
  private final float[] logits;
  private final int classes;

  TeacherLogits(UUID teacher, float[] logits, int classes) {
    if (classes < 1 || logits.length % classes != 0)
      throw new IllegalArgumentException("logits do not divide into " + classes + " classes");
    this.teacher = teacher;
    this.logits = logits;
    this.classes = classes;
  }

  /** Whether the logits of {@code examples} examples of {@code classes} classes may be kept. */
  public static boolean fits(int examples, int classes) {
    return (long) examples * classes <= MAX_FLOATS;
  }

  /**
   * Runs the teacher's ONNX model over every example of {@code train} with {@code threads} intra-op
   * threads; refuses a model whose outputs are not one logit per class of {@code train}, or a
   * training set whose logits do not {@link #fits fit}.
   */
  public static TeacherLogits compute(UUID teacher, byte[] onnx, LabeledImages train, int threads) {
    if (!fits(train.size(), train.classes()))
      throw new IllegalArgumentException(
          "the teacher's logits would take "
              + train.size()
              + " × "
              + train.classes()
              + " floats, above the bound of "
              + MAX_FLOATS);
    float[] all = new float[train.size() * train.classes()];
    // the stored precision only labels the runtime's provenance, which is not used here
    try (OnnxRuntimeModel model =
        OnnxRuntimeModel.load(onnx, train.shape(), Precision.FP32, threads)) {
      for (int start = 0; start < train.size(); start += BATCH) {
        int b = Math.min(BATCH, train.size() - start);
        float[] out = model.logits(train.images(start, b), b);
        if (out.length != b * train.classes())
          throw new IllegalArgumentException(
              "the teacher gives "
                  + out.length / b
                  + " outputs per image, the dataset has "
                  + train.classes()
                  + " classes");
        System.arraycopy(out, 0, all, start * train.classes(), out.length);
      }
    }
    return new TeacherLogits(teacher, all, train.classes());
  }

  /** The candidate whose model gave these logits. */
  public UUID teacher() {
    return teacher;
  }

  public int classes() {
    return classes;
  }

  /** How many examples have logits. */
  public int examples() {
    return logits.length / classes;
  }

  /** The logits of {@code examples} (training-set indices), one row each, on {@code manager}. */
  public NDArray of(NDManager manager, int[] examples) {
    float[] rows = new float[examples.length * classes];
    for (int k = 0; k < examples.length; k++)
      System.arraycopy(logits, examples[k] * classes, rows, k * classes, classes);
    return manager.create(rows, new Shape(examples.length, classes));
  }
}
