package dev.sculptor.evaluator.training;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.sculptor.core.messaging.EvaluationResult.EpochStats;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.evaluator.cancel.Cancellation;
import dev.sculptor.evaluator.data.LabeledImages;
import dev.sculptor.evaluator.network.DjlBlocks;
import dev.sculptor.evaluator.network.ParameterLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One candidate network in DJL: built from its spec, trained with Adam, evaluated in batches.
 * Owns native memory: always use in try-with-resources.
 */
public final class CandidateModel implements AutoCloseable {
  private static final int EVAL_BATCH = 250;

  private final NetworkSpec spec;
  private final Model model;
  private final Trainer trainer;
  private final List<ParameterLayout.Slot> slots;

  private CandidateModel(NetworkSpec spec, Model model, Trainer trainer) {
    this.spec = spec;
    this.model = model;
    this.trainer = trainer;
    this.slots = ParameterLayout.of(spec, model.getBlock());
  }

  /** Builds the network and initialises its parameters (seeded through the engine's seed). */
  public static CandidateModel create(NetworkSpec spec, double learningRate) {
    Block block = DjlBlocks.build(spec);
    Model model = Model.newInstance("candidate");
    model.setBlock(block);
    DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
        .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) learningRate)).build());
    Trainer trainer = model.newTrainer(config);
    trainer.initialize(new Shape(1, spec.input().channels(), spec.input().height(), spec.input().width()));
    return new CandidateModel(spec, model, trainer);
  }

  public NetworkSpec spec() {
    return spec;
  }

  public Block block() {
    return model.getBlock();
  }

  public Model model() {
    return model;
  }

  public List<ParameterLayout.Slot> slots() {
    return slots;
  }

  public NDManager manager() {
    return model.getNDManager();
  }

  /** Trains for {@code epochs} over {@code train}, shuffled by {@code seed}; stops on a NaN/Inf loss. */
  public List<EpochStats> train(String phase, LabeledImages train, LabeledImages validation, int epochs, int batchSize, long seed) {
    return train(phase, train, validation, epochs, batchSize, seed, Cancellation.none());
  }

  /** As above, and stops before the next batch once {@code cancellation} is cancelled. */
  public List<EpochStats> train(String phase, LabeledImages train, LabeledImages validation, int epochs, int batchSize, long seed,
      Cancellation cancellation) {
    List<EpochStats> curve = new ArrayList<>();
    Random random = new Random(seed);
    int n = train.size();
    int size = train.imageSize();
    int[] order = java.util.stream.IntStream.range(0, n).toArray();
    for (int epoch = 1; epoch <= epochs; epoch++) {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      double lossSum = 0;
      int correct = 0;
      for (int start = 0; start < n; start += batchSize) {
        cancellation.check();
        int b = Math.min(batchSize, n - start);
        float[] x = new float[b * size];
        float[] y = new float[b];
        for (int k = 0; k < b; k++) {
          int idx = order[start + k];
          System.arraycopy(train.pixels(), idx * size, x, k * size, size);
          y[k] = train.labels()[idx];
        }
        try (NDManager batch = manager().newSubManager()) {
          NDArray input = batch.create(x, shape(b));
          NDArray labels = batch.create(y);
          try (GradientCollector collector = trainer.newGradientCollector()) {
            NDList predictions = trainer.forward(new NDList(input));
            NDArray loss = trainer.getLoss().evaluate(new NDList(labels), predictions);
            collector.backward(loss);
            float value = loss.getFloat();
            if (!Float.isFinite(value)) throw new NonFiniteLossException(phase, epoch, value);
            lossSum += value * b;
            correct += (int) predictions.singletonOrThrow().argMax(1).toType(DataType.FLOAT32, false)
                .eq(labels).toType(DataType.FLOAT32, false).sum().getFloat();
          }
          trainer.step();
        }
      }
      curve.add(new EpochStats(phase, epoch, lossSum / n, (double) correct / n, accuracy(validation, cancellation)));
    }
    return curve;
  }

  /** Share of {@code data} classified correctly, in inference mode. */
  public double accuracy(LabeledImages data) {
    return accuracy(data, Cancellation.none());
  }

  public double accuracy(LabeledImages data, Cancellation cancellation) {
    int[] predicted = predict(data, cancellation);
    int correct = 0;
    for (int i = 0; i < predicted.length; i++) if (predicted[i] == data.labels()[i]) correct++;
    return data.size() == 0 ? 0 : (double) correct / data.size();
  }

  /** Predicted class of every example, in inference mode. */
  public int[] predict(LabeledImages data) {
    return predict(data, Cancellation.none());
  }

  public int[] predict(LabeledImages data, Cancellation cancellation) {
    int[] out = new int[data.size()];
    int size = data.imageSize();
    ParameterStore store = new ParameterStore(manager(), false);
    for (int start = 0; start < data.size(); start += EVAL_BATCH) {
      cancellation.check();
      int b = Math.min(EVAL_BATCH, data.size() - start);
      float[] x = java.util.Arrays.copyOfRange(data.pixels(), start * size, (start + b) * size);
      try (NDManager batch = manager().newSubManager()) {
        NDArray logits = block().forward(store, new NDList(batch.create(x, shape(b))), false).singletonOrThrow();
        long[] classes = logits.argMax(1).toLongArray();
        for (int k = 0; k < b; k++) out[start + k] = (int) classes[k];
      }
    }
    return out;
  }

  public Shape shape(int batch) {
    return new Shape(batch, spec.input().channels(), spec.input().height(), spec.input().width());
  }

  @Override
  public void close() {
    trainer.close();
    model.close();
  }
}
