package dev.sculptor.core.space;

/** Adam with this learning rate and batch size; epochs come from the job's fidelity. */
public record TrainingRecipe(double learningRate, int batchSize) {

  public static TrainingRecipe defaults() {
    return new TrainingRecipe(1e-3, 64);
  }
}
