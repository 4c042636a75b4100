// What a budget roughly means, before submitting. An ESTIMATE: the per-candidate cost is fitted to
// candidates measured on a 2-core development machine (mnist-10k, 500-1500 training examples, one
// training and one fine-tune epoch: 2-11 s each, about 10 s of job wall time per candidate with
// the worker's overhead); real time depends on the architectures found, the evaluators attached
// and their hardware, so the UI always labels it an estimate.

/** Rough seconds to train, prune, fine-tune and time one candidate. */
export function secondsPerCandidate({ epochs = 2, fineTuneEpochs = 1, trainExamples = 8000 }) {
  const passes = Math.max(1, epochs) + Math.max(0, fineTuneEpochs);
  // ~1.3 ms per example-epoch for a mid-size candidate, plus ~4 s for build, validation, timing
  // (300 warm-up + 100 timed runs), packaging and the round trip through Kafka.
  return 4 + passes * trainExamples * 0.0013;
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
