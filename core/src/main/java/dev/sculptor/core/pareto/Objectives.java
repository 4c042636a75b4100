package dev.sculptor.core.pareto;

/**
 * One evaluated candidate in objective space: accuracy (higher is better), latency and size (lower
 * is better), and how far it misses the job's constraints (0 = feasible).
 */
public record Objectives(double accuracy, double latencyMs, double modelBytes, double violation) {
  public boolean feasible() {
    return violation <= 0;
  }
}
