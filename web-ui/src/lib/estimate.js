// What a budget roughly means, before submitting. An ESTIMATE: the per-candidate cost is a rough
// model of small CNNs trained on this machine class (2 CPU cores); real time depends on the
// architectures the search finds, on the evaluators attached and on their hardware.

/** Rough seconds to train, prune, fine-tune and time one candidate. */
export function secondsPerCandidate({ epochs = 2, fineTuneEpochs = 1, trainExamples = 8000 }) {
  const passes = Math.max(1, epochs) + Math.max(0, fineTuneEpochs);
  // ~2.5 ms per example-epoch for a mid-size candidate, plus build, validation and ~200 timed runs.
  return 4 + passes * trainExamples * 0.0025;
}

/**
 * @returns {{candidates, generations, population, perCandidateSeconds, totalSeconds, limitedByClock}}
 * candidates the budget allows, and roughly how long they take with `evaluators` in parallel.
 */
export function budgetPreview({ maxCandidates, maxWallClockMinutes, populationSize, generations, epochs, fineTuneEpochs,
  trainSubset, datasetTrainExamples = 8000, evaluators = 1 }) {
  const n = Math.max(0, Math.floor(Number(maxCandidates) || 0));
  const population = populationSize ? Math.floor(populationSize) : Math.max(4, Math.min(16, Math.floor(n / 4)));
  const trainExamples = Math.min(datasetTrainExamples, trainSubset ? Number(trainSubset) : datasetTrainExamples);
  const per = secondsPerCandidate({ epochs: Number(epochs) || 2, fineTuneEpochs: fineTuneEpochs === '' || fineTuneEpochs == null ? 1 : Number(fineTuneEpochs), trainExamples });
  let candidates = n;
  if (generations) candidates = Math.min(candidates, Math.floor(generations) * population);
  const parallel = Math.max(1, evaluators);
  const clock = (Number(maxWallClockMinutes) || 30) * 60;
  const natural = Math.ceil(candidates / parallel) * per;
  const limitedByClock = natural > clock;
  if (limitedByClock) candidates = Math.max(0, Math.floor((clock / per) * parallel));
  return {
    candidates,
    population,
    generations: population ? Math.ceil(candidates / population) : 0,
    perCandidateSeconds: per,
    totalSeconds: Math.min(natural, clock),
    limitedByClock,
  };
}
