package dev.sculptor.core.job;

/**
 * What a job's budget roughly means before it runs: how many candidates it allows, in how many
 * generations, how much training that is, and about how long it takes with the evaluators that
 * would serve it. An estimate, always labelled so: the per-candidate cost is fitted to candidates
 * measured on a small development machine, and the real time depends on the architectures found and
 * on the evaluators' hardware.
 *
 * @param candidates candidates the budget lets the search evaluate (fewer than asked when the
 *     generations or the wall clock end the search first)
 * @param populationSize candidates per generation ({@link Budget#effectivePopulationSize()})
 * @param generations generations those candidates take
 * @param trainExamples training examples each candidate trains on (the dataset's train split, or
 *     the fidelity's subset of it)
 * @param epochsPerCandidate training plus fine-tuning epochs of one candidate
 * @param candidateEpochs {@code maxCandidates × epochsPerCandidate}: the training a job asks for,
 *     which the per-job quota bounds
 * @param evaluators evaluators working in parallel (at least one)
 * @param secondsPerCandidate rough seconds to train, prune, fine-tune and time one candidate
 * @param totalSeconds rough seconds for the search, at most the wall-clock limit
 * @param limitedByWallClock whether the wall-clock limit ends the search before its candidates
 */
public record BudgetEstimate(
    int candidates,
    int populationSize,
    int generations,
    int trainExamples,
    int epochsPerCandidate,
    long candidateEpochs,
    int evaluators,
    double secondsPerCandidate,
    double totalSeconds,
    boolean limitedByWallClock) {

  // Fitted to candidates measured on the 2-core development machine (mnist-10k subsets, one
  // training and one fine-tune epoch): a fixed cost for building, validation, timing, packaging and
  // the round trip through Kafka, plus a cost per example-epoch for a mid-size candidate.
  static final double FIXED_SECONDS = 4;
  static final double SECONDS_PER_EXAMPLE_EPOCH = 0.0013;

  /** Training plus fine-tuning epochs per candidate, times the candidates the budget asks for. */
  public static long candidateEpochs(JobSpec spec) {
    return (long) spec.budget().maxCandidates() * epochsPerCandidate(spec.fidelity());
  }

  /** Training plus fine-tuning epochs of one candidate. */
  public static int epochsPerCandidate(Fidelity fidelity) {
    return fidelity.epochs() + fidelity.fineTuneEpochs();
  }

  /**
   * Rough seconds to train, prune, fine-tune and time one candidate. Under successive halving, the
   * expected cost: every candidate's short first stage, plus the {@code keep} share's continued
   * stage (the remaining epochs from the checkpoint, then its own pruning, fine-tuning and timing).
   */
  public static double secondsPerCandidate(Fidelity fidelity, int trainExamples) {
    int fineTune = Math.max(0, fidelity.fineTuneEpochs());
    int epochs = Math.max(1, fidelity.epochs());
    if (!fidelity.successiveHalving())
      return FIXED_SECONDS + (epochs + fineTune) * trainExamples * SECONDS_PER_EXAMPLE_EPOCH;
    int first = Math.clamp(fidelity.firstEpochs(), 1, epochs);
    double firstStage =
        FIXED_SECONDS + (first + fineTune) * trainExamples * SECONDS_PER_EXAMPLE_EPOCH;
    double continued =
        FIXED_SECONDS + (epochs - first + fineTune) * trainExamples * SECONDS_PER_EXAMPLE_EPOCH;
    return firstStage + Math.clamp(fidelity.keep(), 0.0, 1.0) * continued;
  }

  /**
   * The estimate for a spec whose defaults are filled in, on a dataset with {@code
   * datasetTrainExamples} in its train split, with {@code evaluators} evaluators working in
   * parallel.
   */
  public static BudgetEstimate of(JobSpec spec, int datasetTrainExamples, int evaluators) {
    Budget budget = spec.budget();
    Fidelity fidelity = spec.fidelity();
    int population = budget.effectivePopulationSize();
    int trainExamples =
        fidelity.trainSubset() == null
            ? datasetTrainExamples
            : Math.min(datasetTrainExamples, fidelity.trainSubset());
    double perCandidate = secondsPerCandidate(fidelity, trainExamples);
    int parallel = Math.max(1, evaluators);
    int candidates = Math.max(0, budget.maxCandidates());
    if (budget.generations() != null)
      candidates = (int) Math.min(candidates, (long) budget.generations() * population);
    double clock = budget.maxWallClockMinutes() * 60.0;
    double natural = Math.ceil((double) candidates / parallel) * perCandidate;
    boolean limited = natural > clock;
    if (limited)
      candidates = Math.min(candidates, (int) Math.floor(clock / perCandidate * parallel));
    int generations = population > 0 ? (int) Math.ceil((double) candidates / population) : 0;
    return new BudgetEstimate(
        candidates,
        population,
        generations,
        trainExamples,
        epochsPerCandidate(fidelity),
        candidateEpochs(spec),
        parallel,
        perCandidate,
        Math.min(natural, clock),
        limited);
  }
}
