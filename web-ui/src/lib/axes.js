// The Pareto plot's axes follow the job's objectives (JobSpec.objectives, core/job/Objective.java):
// a two-objective job plots exactly its two, a three-objective one puts the third in colour.
// Pure: unit-tested in test/axes.test.js.
import { fmtAcc, fmtBytes, fmtCount, fmtMs } from './format.js';
import { DEFAULT_OBJECTIVES } from './spec.js';

// shown for a job whose spec names fewer than two known objectives (none stored that way today)
export { DEFAULT_OBJECTIVES };

/**
 * One plottable objective: how to read it from a candidate view, format a value (`fmt`) and a tick
 * (`tick`, without the unit the axis title carries), and the job's limit on it (null: none).
 */
export const AXES = {
  MAXIMIZE_ACCURACY: {
    id: 'accuracy', name: 'accuracy', title: 'accuracy', maximise: true,
    get: c => c.accuracy, fmt: fmtAcc, tick: v => (100 * v).toFixed(0) + '%', limit: () => null,
  },
  MINIMIZE_LATENCY: {
    id: 'latency', name: 'latency', title: 'latency, ms', maximise: false,
    get: c => c.latencyMs, fmt: fmtMs, tick: v => fmtMs(v).replace(' ms', ''), limit: k => k?.maxLatencyMs ?? null,
  },
  MINIMIZE_SIZE: {
    id: 'size', name: 'model size', title: 'model size', maximise: false,
    get: c => c.modelBytes, fmt: fmtBytes, tick: fmtBytes, limit: k => k?.maxModelBytes ?? null,
  },
  MINIMIZE_PARAMS: {
    id: 'params', name: 'parameters', title: 'parameters', maximise: false,
    get: c => c.metrics?.params, fmt: v => `${fmtCount(v)} params`, tick: fmtCount, limit: k => k?.maxParams ?? null,
  },
  MINIMIZE_MACS: {
    id: 'macs', name: 'MACs', title: 'MACs per image', maximise: false,
    get: c => c.metrics?.macs, fmt: v => `${fmtCount(v)} MACs`, tick: fmtCount, limit: k => k?.maxMacs ?? null,
  },
};

/**
 * {x, y, colour} for a job's objectives: accuracy (when chosen) goes up the y axis and the other
 * objectives fill x then colour in the order above; without accuracy the first two are x and y.
 * colour is null for a two-objective job. Unknown names are skipped; fewer than two known ones
 * fall back to the default three.
 */
export function plotAxes(objectives) {
  const chosen = Object.keys(AXES).filter(k => (objectives ?? []).includes(k));
  const keys = chosen.length >= 2 ? chosen : DEFAULT_OBJECTIVES;
  const acc = keys.includes('MAXIMIZE_ACCURACY');
  const rest = keys.filter(k => k !== 'MAXIMIZE_ACCURACY');
  const [x, y, colour] = acc ? [rest[0], 'MAXIMIZE_ACCURACY', rest[1]] : rest;
  return { x: AXES[x], y: AXES[y], colour: colour ? AXES[colour] : null };
}

/** The plot's heading: "accuracy vs latency", "model size vs latency, coloured by MACs". */
export function plotTitle({ x, y, colour }) {
  return `${y.name} vs ${x.name}` + (colour ? `, coloured by ${colour.name}` : '');
}
