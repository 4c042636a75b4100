// Hand-drawn SVG charts. Points are real DOM elements (links), so they take keyboard focus, open
// with Enter, show details on hover or focus, and can be clicked by tests.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { extent, logTicks, niceTicks, scale, sizeColour } from '../lib/scale.js';
import { fmtAcc, fmtBytes, fmtCount, fmtMs, latencyProvenance } from '../lib/format.js';

const M = { l: 58, r: 16, t: 14, b: 44 };

/**
 * The container's width in CSS pixels, so each chart draws at 1:1 scale (text stays at its font
 * size on laptop and wide screens alike, instead of growing with a scaled viewBox).
 */
function useWidth(fallback) {
  const ref = useRef(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const measure = () => setWidth(Math.max(240, Math.round(el.clientWidth)) || fallback);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

/**
 * Accuracy (y) vs latency (x) for evaluated candidates. Colour: model size. Ring: on the front.
 * Grey hollow: misses a constraint. Dashed: latency limit (and the accuracy goal when given).
 */
export function ParetoPlot(props) {
  const [ref, width] = useWidth(720);
  return <div ref={ref} class="plot-wrap">{props.candidates.some(c => c.accuracy != null && c.latencyMs != null)
    ? <Pareto {...props} width={width} height={Math.round(Math.min(480, Math.max(300, width * 0.58)))} />
    : <p class="muted empty-chart">No evaluated candidates yet: points appear here as evaluators report.</p>}</div>;
}

function Pareto({ candidates, constraints, goal, band, href, width, height }) {
  const [hover, setHover] = useState(null);
  const pts = candidates.filter(c => c.accuracy != null && c.latencyMs != null);
  const lats = pts.map(c => c.latencyMs);
  const limit = constraints?.maxLatencyMs;
  const log = Math.max(...lats, limit ?? 0) / Math.max(1e-6, Math.min(...lats)) > 20;
  const [x0, x1] = extent(lats, { include: limit != null ? [limit] : [], log });
  const [y0raw, y1raw] = extent(pts.map(c => c.accuracy), { include: goal ? [goal] : [] });
  const y0 = Math.max(0, y0raw), y1 = Math.min(1, y1raw);
  const x = scale(Math.max(log ? 1e-6 : 0, x0), x1, M.l, width - M.r, { log });
  const y = scale(y0, y1, height - M.b, M.t);
  const sizes = pts.map(c => c.modelBytes ?? 0);
  const sMin = Math.min(...sizes), sMax = Math.max(...sizes, constraints?.maxModelBytes ?? 0);
  const t = b => (sMax > sMin ? Math.log(b / Math.max(1, sMin) + 1) / Math.log(sMax / Math.max(1, sMin) + 1) : 0.5);
  const xt = log ? logTicks(x.domain[0], x.domain[1]) : niceTicks(x.domain[0], x.domain[1], 6);
  const yt = niceTicks(y.domain[0], y.domain[1], 8);
  const order = [...pts].sort((a, b) => (a.feasible === b.feasible ? 0 : a.feasible ? 1 : -1)); // feasible drawn on top

  return (
    <>
      <svg class="chart pareto" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="group" aria-label="Pareto plot: accuracy against latency; each point is a candidate and opens it">
        <g class="grid" aria-hidden="true">
          {xt.map(v => <line key={'x' + v} x1={x(v)} x2={x(v)} y1={M.t} y2={height - M.b} />)}
          {yt.map(v => <line key={'y' + v} x1={M.l} x2={width - M.r} y1={y(v)} y2={y(v)} />)}
        </g>
        <g class="axis" aria-hidden="true">
          {xt.map(v => <text key={'xl' + v} x={x(v)} y={height - M.b + 16} text-anchor="middle">{fmtMs(v).replace(' ms', '')}</text>)}
          {yt.map(v => <text key={'yl' + v} x={M.l - 6} y={y(v) + 4} text-anchor="end">{(100 * v).toFixed(yt.length > 1 && yt[1] - yt[0] < 0.01 ? 1 : 0)}%</text>)}
          <text x={(M.l + width - M.r) / 2} y={height - 6} text-anchor="middle" class="label">latency, ms{log ? ' (log scale)' : ''} →</text>
          <text transform={`translate(14 ${(M.t + height - M.b) / 2}) rotate(-90)`} text-anchor="middle" class="label">accuracy →</text>
        </g>
        {limit != null && limit <= x.domain[1] && (
          <g class="limit" aria-hidden="true">
            <line x1={x(limit)} x2={x(limit)} y1={M.t} y2={height - M.b} />
            <text x={x(limit) - 4} y={M.t + 12} text-anchor="end">latency limit {fmtMs(limit)}</text>
          </g>
        )}
        {goal != null && (
          <g class="goal" aria-hidden="true">
            <line x1={M.l} x2={width - M.r} y1={y(goal)} y2={y(goal)} />
            <text x={width - M.r - 4} y={y(goal) - 5} text-anchor="end">accuracy goal {fmtAcc(goal)}</text>
          </g>
        )}
        {band != null && order.filter(c => c.latencySource === 'PREDICTED').map(c => (
          // a predicted latency's error band: the target's latency model's held-out median error
          <line key={'band-' + c.id} class="band" aria-hidden="true" y1={y(c.accuracy)} y2={y(c.accuracy)}
            x1={x(Math.max(log ? 1e-6 : 0, c.latencyMs * (1 - band / 100)))} x2={x(c.latencyMs * (1 + band / 100))} />
        ))}
        {order.map(c => (
          <a key={c.id} href={href(c)} class="point-link" aria-label={describe(c)}
            onMouseEnter={() => setHover(c)} onMouseLeave={() => setHover(null)} onFocus={() => setHover(c)} onBlur={() => setHover(null)}>
            <circle class={'point' + (c.feasible ? '' : ' infeasible') + (c.onFront ? ' front' : '')} data-cid={c.id}
              cx={x(c.latencyMs)} cy={y(c.accuracy)} r={c.onFront ? 7.5 : 6}
              fill={c.feasible ? sizeColour(t(c.modelBytes ?? 0)) : 'none'} />
          </a>
        ))}
      </svg>
      {hover && (
        <div class={'tooltip' + tipSide(x(hover.latencyMs) / width)} role="status" style={{ left: x(hover.latencyMs) + 'px', top: y(hover.accuracy) + 'px' }}>
          <b>{fmtAcc(hover.accuracy)}</b> · {fmtMs(hover.latencyMs)} <span class="muted">({latencyProvenance(hover.metrics?.latency?.source, band)})</span> · {fmtBytes(hover.modelBytes)}
          <br />{hover.metrics ? `${fmtCount(hover.metrics.params)} params · ${fmtCount(hover.metrics.macs)} MACs · ` : ''}gen {hover.generation}
          <br />{hover.feasible ? (hover.onFront ? '★ on the Pareto front' : 'meets every constraint') : 'misses a constraint'} · {hover.id.slice(0, 8)}
        </div>
      )}
      <div class="legend" aria-hidden="true">
        <span><i class="dot" style={{ background: sizeColour(0) }} /> small</span>
        <span class="ramp" style={{ background: `linear-gradient(90deg, ${sizeColour(0)}, ${sizeColour(0.5)}, ${sizeColour(1)})` }} />
        <span><i class="dot" style={{ background: sizeColour(1) }} /> large model ({fmtBytes(sMin)}–{fmtBytes(sMax)}{constraints?.maxModelBytes ? `, limit ${fmtBytes(constraints.maxModelBytes)}` : ''})</span>
        <span><i class="dot ring" /> on the front</span>
        <span><i class="dot hollow" /> misses a constraint</span>
        {limit != null && <span><i class="dash" /> latency limit</span>}
      </div>
    </>
  );
}

/** Keep the tooltip inside the plot: anchor it left or right near the edges. */
const tipSide = fx => (fx < 0.25 ? ' from-left' : fx > 0.75 ? ' from-right' : '');

function describe(c) {
  return `Candidate ${c.id.slice(0, 8)}: accuracy ${fmtAcc(c.accuracy)}, latency ${fmtMs(c.latencyMs)} ${(c.latencySource ?? '').toLowerCase()}, size ${fmtBytes(c.modelBytes)}`
    + (c.feasible ? '' : ', misses a constraint') + (c.onFront ? ', on the Pareto front' : '');
}

/** Line chart of one or more series [{name, points: [[x, y]], className}], with hover values. */
export function LineChart(props) {
  const [ref, width] = useWidth(460);
  return <div ref={ref}>{props.series.some(s => s.points.length) ? <Lines {...props} width={width} /> : <p class="muted empty-chart">Nothing recorded yet.</p>}</div>;
}

function Lines({ series, xLabel, yLabel, yFormat = v => String(Number(v.toPrecision(3))), width, height = 200, label }) {
  const all = series.flatMap(s => s.points);
  const [xa, xb] = [Math.min(...all.map(p => p[0])), Math.max(...all.map(p => p[0]))];
  const [ya, yb] = extent(all.map(p => p[1]), { pad: 0.08 });
  const x = scale(xa, xb, M.l, width - M.r);
  const y = scale(ya, yb, height - M.b, M.t);
  const xt = niceTicks(x.domain[0], x.domain[1], 6).filter(v => Number.isInteger(v) || xb - xa > 6);
  const yt = niceTicks(y.domain[0], y.domain[1], 4);
  return (
    <figure class="line-chart">
      <svg class="chart" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label ?? `${yLabel} by ${xLabel}`}>
        <g class="grid">{yt.map(v => <line key={v} x1={M.l} x2={width - M.r} y1={y(v)} y2={y(v)} />)}</g>
        <g class="axis">
          {xt.map(v => <text key={'x' + v} x={x(v)} y={height - M.b + 16} text-anchor="middle">{v}</text>)}
          {yt.map(v => <text key={'y' + v} x={M.l - 6} y={y(v) + 4} text-anchor="end">{yFormat(v)}</text>)}
          <text x={(M.l + width - M.r) / 2} y={height - 6} text-anchor="middle" class="label">{xLabel}</text>
          <text transform={`translate(13 ${(M.t + height - M.b) / 2}) rotate(-90)`} text-anchor="middle" class="label">{yLabel}</text>
        </g>
        {series.map((s, i) => (
          <g key={s.name} class={'series s' + i}>
            {s.points.length > 1 && <polyline points={s.points.map(p => `${x(p[0])},${y(p[1])}`).join(' ')} />}
            {s.points.map(p => <circle key={p[0]} cx={x(p[0])} cy={y(p[1])} r="3.5"><title>{`${s.name}, ${xLabel} ${p[0]}: ${yFormat(p[1])}`}</title></circle>)}
          </g>
        ))}
      </svg>
      {series.length > 1 && <figcaption class="legend">{series.map((s, i) => <span key={s.name}><i class={'swatch s' + i} /> {s.name}</span>)}</figcaption>}
    </figure>
  );
}
