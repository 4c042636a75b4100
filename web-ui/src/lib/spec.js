// The New search form's model: every JobSpec field (core/job/JobSpec.java) with its unit, the
// presets, form values → request body, and problem-details errors → the field they belong to.

/** JobSpec.objectives (core/job/Objective.java): a job names two or three; the first three are the default. */
export const OBJECTIVES = [
  ['MAXIMIZE_ACCURACY', 'maximise accuracy'],
  ['MINIMIZE_LATENCY', 'minimise latency'],
  ['MINIMIZE_SIZE', 'minimise model size'],
  ['MINIMIZE_PARAMS', 'minimise parameters'],
  ['MINIMIZE_MACS', 'minimise MACs'],
];

/** The objectives a new job starts with: the api's default. */
export const DEFAULT_OBJECTIVES = OBJECTIVES.slice(0, 3).map(o => o[0]);

/**
 * JobSpec.compressionTechniques (core/space/CompressionTechnique.java): what the search may choose
 * beyond channel pruning and one precision; none is the default.
 */
export const COMPRESSION_TECHNIQUES = [
  ['SPARSITY', 'magnitude sparsity (zeros in the weights; the file stays dense)'],
  ['LOW_RANK', 'low-rank factorisation of dense and 1×1 layers'],
  ['DISTILLATION', 'distillation from the most accurate candidate so far, or a teacher you name'],
  ['QUANTISATION_AWARE_TRAINING', 'quantisation-aware training of int8 candidates'],
  ['MIXED_PRECISION', 'per-layer precision for int8 candidates'],
];

/** JobSpec.latencyPolicy (core/job/LatencyPolicy.java). */
export const LATENCY_POLICIES = [
  ['predict-or-refuse', 'predict latency from its latency model (refused without one)'],
  ['wait-for-device', 'wait for a device: start only when an evaluator of it is attached'],
];

export const STRATEGIES = [
  ['genetic', 'genetic (NSGA-II style, constrained dominance)'],
  ['random', 'random search (baseline)'],
  ['regularized-evolution', 'regularized evolution (baseline)'],
];

/**
 * id (also the input's DOM id), JSON path in the spec, label, unit shown beside the input, kind
 * (text | int | size | ms | select), placeholder, help.
 */
export const FIELDS = [
  { id: 'name', path: 'name', label: 'Name', kind: 'text', placeholder: 'digits under 10MB / 50ms on ARM' },
  { id: 'dataset', path: 'dataset', label: 'Dataset', kind: 'select' },
  { id: 'searchSpace', path: 'searchSpace', label: 'Search space', kind: 'select' },
  { id: 'hardwareTarget', path: 'hardwareTarget', label: 'Hardware target', kind: 'select' },
  { id: 'latencyPolicy', path: 'latencyPolicy', label: 'Without an evaluator of the target', kind: 'select' },
  { id: 'maxModelBytes', path: 'constraints.maxModelBytes', label: 'Max model size', kind: 'size', unit: 'bytes; or 10MB, 512KiB', placeholder: 'no limit' },
  { id: 'maxLatencyMs', path: 'constraints.maxLatencyMs', label: 'Max latency (batch 1)', kind: 'ms', unit: 'ms; or 0.2s, 800us', placeholder: 'no limit' },
  { id: 'maxParams', path: 'constraints.maxParams', label: 'Max parameters', kind: 'int', unit: 'parameters', placeholder: 'no limit' },
  { id: 'maxMacs', path: 'constraints.maxMacs', label: 'Max MACs', kind: 'int', unit: 'multiply-accumulates per image', placeholder: 'no limit' },
  { id: 'maxPeakMemoryBytes', path: 'constraints.maxPeakMemoryBytes', label: 'Max peak activation memory', kind: 'size', unit: 'bytes; or 2MB', placeholder: 'no limit' },
  { id: 'minAccuracy', path: 'constraints.minAccuracy', label: 'Min accuracy', kind: 'fraction', unit: 'fraction of the validation split (0.98 = 98%)', placeholder: 'no floor' },
  { id: 'strategy', path: 'strategy', label: 'Strategy', kind: 'select' },
  { id: 'maxCandidates', path: 'budget.maxCandidates', label: 'Candidates to evaluate', kind: 'int', unit: 'candidates' },
  { id: 'maxWallClockMinutes', path: 'budget.maxWallClockMinutes', label: 'Wall-clock limit', kind: 'int', unit: 'minutes' },
  { id: 'populationSize', path: 'budget.populationSize', label: 'Population size', kind: 'int', unit: 'candidates per generation', placeholder: 'automatic' },
  { id: 'generations', path: 'budget.generations', label: 'Generations', kind: 'int', unit: 'generations', placeholder: 'as the budget allows' },
  { id: 'plateauGenerations', path: 'budget.plateauGenerations', label: 'Stop early after', kind: 'int', unit: 'generations without hypervolume gain', placeholder: 'never' },
  { id: 'epochs', path: 'fidelity.epochs', label: 'Training epochs', kind: 'int', unit: 'epochs per candidate' },
  { id: 'fineTuneEpochs', path: 'fidelity.fineTuneEpochs', label: 'Fine-tune after pruning', kind: 'int', unit: 'epochs' },
  { id: 'trainSubset', path: 'fidelity.trainSubset', label: 'Training subset', kind: 'int', unit: 'examples (first N of the train split)', placeholder: 'whole train split' },
  { id: 'seed', path: 'seed', label: 'Seed', kind: 'int', unit: 'for reproducible runs' },
  { id: 'finalCandidates', path: 'finalTraining.candidates', label: 'Front members to train fully', kind: 'int', unit: 'after the search (0: none)' },
  { id: 'teacher', path: 'teacher.candidateId', label: 'Teacher', kind: 'text', unit: 'candidate id from an earlier job on this dataset', placeholder: 'the job\'s most accurate candidate so far' },
  { id: 'finalEpochs', path: 'finalTraining.epochs', label: 'Final training', kind: 'int', unit: 'epochs at most (stops early)' },
];

export const DEFAULTS = {
  name: '', dataset: 'mnist-10k', searchSpace: 'mobile-cnn', hardwareTarget: 'host-cpu', latencyPolicy: 'predict-or-refuse',
  maxModelBytes: '2MB', maxLatencyMs: '20ms', maxParams: '', maxMacs: '', maxPeakMemoryBytes: '', minAccuracy: '',
  strategy: 'genetic', maxCandidates: '24', maxWallClockMinutes: '30', populationSize: '', generations: '', plateauGenerations: '',
  epochs: '2', fineTuneEpochs: '1', trainSubset: '', seed: '42', finalCandidates: '3', finalEpochs: '15',
  objectives: [...DEFAULT_OBJECTIVES],
  compressionTechniques: [],
  teacher: '',
};

export const PRESETS = [
  {
    title: 'Best model under 10 MB / 50 ms on ARM Cortex-A72',
    values: { name: 'Best model under 10 MB / 50 ms on ARM Cortex-A72', hardwareTarget: 'arm-cortex-a72', maxModelBytes: '10MB', maxLatencyMs: '50ms',
      maxParams: '', maxMacs: '', maxPeakMemoryBytes: '', minAccuracy: '', strategy: 'genetic', maxCandidates: '32', maxWallClockMinutes: '60', epochs: '2',
      objectives: [...DEFAULT_OBJECTIVES] },
  },
  {
    // 98% is a hard floor (constraints.minAccuracy): candidates below it are infeasible, and the
    // job page draws it as the goal line and names the fastest feasible model above it.
    title: 'Fastest model above 98% accuracy on host CPU',
    values: { name: 'Fastest model above 98% accuracy on host CPU', hardwareTarget: 'host-cpu', maxModelBytes: '', maxLatencyMs: '10ms',
      maxParams: '', maxMacs: '', maxPeakMemoryBytes: '', minAccuracy: '0.98', strategy: 'genetic', maxCandidates: '48', maxWallClockMinutes: '120', epochs: '5',
      objectives: [...DEFAULT_OBJECTIVES], accuracyGoal: 0.98 },
  },
];

const INT = /^-?\d+$/;
const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** A value as the API should see it: absent when blank; a number when numeric; else the text. */
function value(kind, raw) {
  const t = String(raw ?? '').trim();
  if (t === '') return undefined;
  if (kind === 'int') return INT.test(t) ? Number(t) : t; // the API names the field if it is not an integer
  if (kind === 'size' || kind === 'ms' || kind === 'fraction') return NUMBER.test(t) ? Number(t) : t; // "10MB", "50ms" go as text
  return t;
}

function setPath(target, path, v) {
  if (v === undefined) return;
  const parts = path.split('.');
  let o = target;
  for (const p of parts.slice(0, -1)) o = o[p] ??= {};
  o[parts[parts.length - 1]] = v;
}

/**
 * Form values → the JobSpec request body. A blank field is left out and the api applies its
 * default (it owns them), so a blank never turns into a 0.
 */
export function toJobSpec(values) {
  const spec = {};
  for (const f of FIELDS) setPath(spec, f.path, value(f.kind, values[f.id]));
  spec.constraints ??= {};
  // Blank numbers are left out: the api fills in its defaults (budget, fidelity, objectives).
  if (values.objectives?.length) spec.objectives = [...values.objectives];
  if (values.compressionTechniques?.length) spec.compressionTechniques = [...values.compressionTechniques];
  // A teacher means something only to a job that distills: the field is hidden, and left out, otherwise.
  if (!spec.compressionTechniques?.includes('DISTILLATION')) delete spec.teacher;
  return spec;
}

/**
 * Problem details' `errors` ({field, reason}) → {byField: {inputId: [reasons]}, other: [{field, reason}]}.
 * Paths like "objectives[1]" belong to "objectives"; unknown paths go to `other`.
 */
export function fieldErrors(problem) {
  const byField = {};
  const other = [];
  for (const e of problem?.errors ?? []) {
    const path = String(e.field ?? '').replace(/\[\d+\]/g, '');
    const f = FIELDS.find(x => x.path === path || x.path === path.replace(/^\$\.?/, ''));
    const id = f ? f.id : ['objectives', 'compressionTechniques', 'teacher'].includes(path) ? path : null;
    if (id) (byField[id] ??= []).push(e.reason);
    else other.push(e);
  }
  return { byField, other };
}
