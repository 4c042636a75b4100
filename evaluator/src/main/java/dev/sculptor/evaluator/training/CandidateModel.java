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
import dev.sculptor.evaluator.network.ActivationQuantiser;
import dev.sculptor.evaluator.network.DjlBlocks;
import dev.sculptor.evaluator.network.InferenceMode;
import dev.sculptor.evaluator.network.ParameterLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One candidate network in DJL: built from its spec, trained with Adam, evaluated in batches. Owns
 * native memory: always use in try-with-resources.
 */
public final class CandidateModel implements AutoCloseable {
  private static final int EVAL_BATCH = 250;

  private final NetworkSpec spec;
  private final Model model;
  private final Trainer trainer;
  private final List<ParameterLayout.Slot> slots;
  private final List<ActivationQuantiser> activationQuantisers;
  private List<TrainingTechnique> techniques = List.of();

  /** Set when a run with early stopping diverged and ended at its best epoch (null otherwise). */
  private String divergence;

  private CandidateModel(NetworkSpec spec, Model model, Trainer trainer) {
    this.spec = spec;
    this.model = model;
    this.trainer = trainer;
    this.slots = ParameterLayout.of(spec, model.getBlock());
    List<ActivationQuantiser> points = new ArrayList<>();
    collect(model.getBlock(), points);
    this.activationQuantisers = List.copyOf(points);
  }

  private static void collect(Block block, List<ActivationQuantiser> points) {
    if (block instanceof ActivationQuantiser q) points.add(q);
    for (Block child : block.getChildren().values()) collect(child, points);
  }

  /** Builds the network and initialises its parameters (seeded through the engine's seed). */
  public static CandidateModel create(NetworkSpec spec, double learningRate) {
    return create(spec, Tracker.fixed((float) learningRate));
  }

  /**
   * As above, with Adam's learning rate following {@code learningRate} per update (a schedule such
   * as {@link OneCycle}).
   */
  public static CandidateModel create(NetworkSpec spec, Tracker learningRate) {
    Block block = DjlBlocks.build(spec);
    Model model = Model.newInstance("candidate");
    model.setBlock(block);
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
            .optOptimizer(Optimizer.adam().optLearningRateTracker(learningRate).build());
    Trainer trainer = model.newTrainer(config);
    trainer.initialize(
        new Shape(1, spec.input().channels(), spec.input().height(), spec.input().width()));
    return new CandidateModel(spec, model, trainer);
  }

  /**
   * The compression techniques every later {@link #train} run applies, in order (none by default).
   */
  public void useTechniques(List<TrainingTechnique> techniques) {
    this.techniques = List.copyOf(techniques);
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

  /**
   * The network's activation quantisation points, in forward order (see {@link DjlBlocks#build}).
   */
  public List<ActivationQuantiser> activationQuantisers() {
    return activationQuantisers;
  }

  public NDManager manager() {
    return model.getNDManager();
  }

  /**
   * Trains for {@code epochs} over {@code train}, shuffled by {@code seed}; stops on a NaN/Inf
   * loss.
   */
  public List<EpochStats> train(
      String phase,
      LabeledImages train,
      LabeledImages validation,
      int epochs,
      int batchSize,
      long seed) {
    return train(phase, train, validation, epochs, batchSize, seed, Cancellation.none());
  }

  /** As above, and stops before the next batch once {@code cancellation} is cancelled. */
  public List<EpochStats> train(
      String phase,
      LabeledImages train,
      LabeledImages validation,
      int epochs,
      int batchSize,
      long seed,
      Cancellation cancellation) {
    return train(
        phase, train, validation, epochs, batchSize, seed, Augmentation.NONE, 0, cancellation);
  }

  /**
   * The final phase's training: as above, with every training image augmented at random by {@code
   * augmentation} ({@link Augmentation#NONE}: none), and, when {@code patience} is positive, early
   * stopping: training ends once validation accuracy has not improved for {@code patience} epochs
   * counted in the run's last third ({@link #patienceFrom}), and the weights of the best epoch are
   * restored. The curve has one point per epoch run.
   */
  public List<EpochStats> train(
      String phase,
      LabeledImages train,
      LabeledImages validation,
      int epochs,
      int batchSize,
      long seed,
      Augmentation augmentation,
      int patience,
      Cancellation cancellation) {
    return train(
        phase, train, validation, epochs, batchSize, seed, augmentation, patience, 0, cancellation);
  }

  /**
   * As above, continuing a training that already ran {@code epochsDone} epochs with the same seed
   * (its weights restored with {@link #setParameterValues}): the shuffles and shifts of those
   * epochs are drawn and skipped, so epoch {@code epochsDone + 1} sees the order a training run
   * through would have shown it, and the curve numbers epochs from there.
   */
  public List<EpochStats> train(
      String phase,
      LabeledImages train,
      LabeledImages validation,
      int epochs,
      int batchSize,
      long seed,
      Augmentation augmentation,
      int patience,
      int epochsDone,
      Cancellation cancellation) {
    if (epochsDone < 0) throw new IllegalArgumentException("epochs done cannot be negative");
    List<EpochStats> curve = new ArrayList<>();
    Random random = new Random(seed);
    Random shifts = new Random(seed ^ 0x5_41f7L);
    double bestAccuracy = -1;
    float[][] best = null;
    int sinceBest = 0;
    int n = train.size();
    int size = train.imageSize();
    float[] image = new float[size]; // one example before its shift
    int[] order = java.util.stream.IntStream.range(0, n).toArray();
    int steps = epochs * ((n + batchSize - 1) / batchSize);
    int step = 0;
    run:
    for (int epoch = 1; epoch <= epochsDone + epochs; epoch++) {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      if (epoch <= epochsDone) {
        if (augmentation.any()) augmentation.skip(shifts, n);
        continue;
      }
      double lossSum = 0;
      int correct = 0;
      for (int start = 0; start < n; start += batchSize) {
        cancellation.check();
        int b = Math.min(batchSize, n - start);
        float[] x = new float[b * size];
        float[] y = new float[b];
        int[] examples = java.util.Arrays.copyOfRange(order, start, start + b);
        for (int k = 0; k < b; k++) {
          int idx = order[start + k];
          if (augmentation.any()) {
            train.image(idx, image, 0);
            augmentation.apply(
                shifts,
                image,
                0,
                x,
                k * size,
                spec.input().channels(),
                spec.input().height(),
                spec.input().width());
          } else {
            train.image(idx, x, k * size);
          }
          y[k] = train.labels()[idx];
        }
        try (NDManager batch = manager().newSubManager()) {
          NDArray input = batch.create(x, shape(b));
          NDArray labels = batch.create(y);
          for (TrainingTechnique t : techniques) t.beforeForward(this);
          try (GradientCollector collector = trainer.newGradientCollector()) {
            NDList predictions = trainer.forward(new NDList(input));
            NDArray loss = trainer.getLoss().evaluate(new NDList(labels), predictions);
            for (TrainingTechnique t : techniques)
              loss = t.loss(loss, predictions.singletonOrThrow(), examples);
            collector.backward(loss);
            float value = loss.getFloat();
            if (!Float.isFinite(value)) {
              // with early stopping a best epoch is kept: a late divergence ends the run there
              // instead of discarding every epoch before it
              if (best == null) throw new NonFiniteLossException(phase, epoch, value);
              divergence =
                  String.format(
                      java.util.Locale.ROOT,
                      "%s diverged in epoch %d (loss %s) and ended there with the weights of its"
                          + " best epoch (validation accuracy %.4f)",
                      phase,
                      epoch,
                      value,
                      bestAccuracy);
              break run;
            }
            lossSum += value * b;
            correct +=
                (int)
                    predictions
                        .singletonOrThrow()
                        .argMax(1)
                        .toType(DataType.FLOAT32, false)
                        .eq(labels)
                        .toType(DataType.FLOAT32, false)
                        .sum()
                        .getFloat();
          }
          for (TrainingTechnique t : techniques) t.beforeUpdate(this);
          trainer.step();
          step++;
          for (TrainingTechnique t : techniques) t.afterUpdate(this, step, steps);
        }
      }
      double validationAccuracy = accuracy(validation, cancellation);
      curve.add(
          new EpochStats(phase, epoch, lossSum / n, (double) correct / n, validationAccuracy));
      if (patience <= 0) continue;
      if (validationAccuracy > bestAccuracy) {
        bestAccuracy = validationAccuracy;
        best = weights();
        sinceBest = 0;
      } else if (epoch >= patienceFrom(epochsDone + epochs) && ++sinceBest >= patience) {
        break;
      }
    }
    if (best != null && (divergence != null || bestAccuracy > curve.getLast().validationAccuracy()))
      restore(best);
    for (TrainingTechnique t : techniques) t.afterRun(this);
    return curve;
  }

  /**
   * The first epoch that counts towards early stopping's patience: the run's last third, where the
   * one-cycle rate has fallen well below its peak. Before that, validation accuracy dips while the
   * rate is high and says nothing about where the run will end; a fine-tune stopped there kept an
   * early epoch's weights, worse than running through would have given. The best epoch is tracked
   * from the first.
   */
  static int patienceFrom(int epochs) {
    return Math.max(1, (int) Math.ceil(epochs * 2 / 3.0));
  }

  /**
   * What a run with early stopping did when its loss stopped being finite after a best epoch (it
   * ended there, with that epoch's weights), or null if none did; a run without a best epoch throws
   * {@link NonFiniteLossException} instead.
   */
  public String divergence() {
    return divergence;
  }

  /** Every parameter's values (running statistics included), in block order: a checkpoint. */
  public float[][] parameterValues() {
    return weights();
  }

  /**
   * Replaces every parameter's values with {@code values} (as {@link #parameterValues} gave them),
   * refusing values that do not fit this network.
   */
  public void setParameterValues(float[][] values) {
    var params = model.getBlock().getParameters().values();
    if (values.length != params.size())
      throw new IllegalArgumentException(
          "checkpoint has " + values.length + " parameters, the network " + params.size());
    for (int i = 0; i < values.length; i++) {
      long size = params.get(i).getArray().size();
      if (values[i].length != size)
        throw new IllegalArgumentException(
            "checkpoint parameter " + i + " has " + values[i].length + " values, needs " + size);
    }
    restore(values);
  }

  private float[][] weights() {
    var params = model.getBlock().getParameters().values();
    float[][] out = new float[params.size()][];
    for (int i = 0; i < out.length; i++) out[i] = params.get(i).getArray().toFloatArray();
    return out;
  }

  private void restore(float[][] values) {
    var params = model.getBlock().getParameters().values();
    for (int i = 0; i < values.length; i++)
      params.get(i).getArray().set(java.nio.FloatBuffer.wrap(values[i]));
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
    return InferenceMode.run(() -> predictWithoutGradients(data, cancellation));
  }

  private int[] predictWithoutGradients(LabeledImages data, Cancellation cancellation) {
    int[] out = new int[data.size()];
    ParameterStore store = new ParameterStore(manager(), false);
    for (int start = 0; start < data.size(); start += EVAL_BATCH) {
      cancellation.check();
      int b = Math.min(EVAL_BATCH, data.size() - start);
      float[] x = data.images(start, b);
      try (NDManager batch = manager().newSubManager()) {
        NDArray logits =
            block().forward(store, new NDList(batch.create(x, shape(b))), false).singletonOrThrow();
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
