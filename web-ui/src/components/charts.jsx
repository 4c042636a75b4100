// Hand-drawn SVG charts. Points are real DOM elements (links), so they take keyboard focus, open
// with Enter, show details on hover or focus, and can be clicked by tests.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { extent, logTicks, niceTicks, scale, sizeColour } from '../lib/scale.js';
import { plotAxes } from '../lib/axes.js';
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
 * The job's objectives (`objectives`, JobSpec.objectives; see lib/axes.js) as the axes: by default
 * accuracy (y) vs latency (x) coloured by model size; a two-objective job plots its two in one
 * colour. Ring: on the front. Grey hollow: misses a constraint. Dashed: the limits on the plotted
 * axes (and the accuracy goal when given and accuracy is plotted).
 */
export function ParetoPlot(props) {
  const [ref, width] = useWidth(720);
  const axes = plotAxes(props.objectives);
  return <div ref={ref} class="plot-wrap">{props.candidates.some(c => axes.x.get(c) != null && axes.y.get(c) != null)
    ? <Pareto {...props} axes={axes} width={width} height={Math.round(Math.min(480, Math.max(300, width * 0.58)))} />
    : <p class="muted empty-chart">No evaluated candidates yet: points appear here as evaluators report.</p>}</div>;
}

/** A minimised axis spanning more than 20× goes on a log scale. */
const wantsLog = (values, limit, axis) =>
  !axis.maximise && Math.max(...values, limit ?? 0) / Math.max(1e-6, Math.min(...values)) > 20;

function Pareto({ candidates, constraints, goal, band, href, axes, width, height }) {
  const [hover, setHover] = useState(null);
  const { x: ax, y: ay, colour: ac } = axes;
  const pts = candidates.filter(c => ax.get(c) != null && ay.get(c) != null);
  const xs = pts.map(ax.get), ys = pts.map(ay.get);
  const xLimit = ax.limit(constraints), yLimit = ay.limit(constraints);
  const showGoal = goal != null && ay.id === 'accuracy';
  const xLog = wantsLog(xs, xLimit, ax), yLog = wantsLog(ys, yLimit, ay);
  const [x0, x1] = extent(xs, { include: xLimit != null ? [xLimit] : [], log: xLog });
  const [y0raw, y1raw] = extent(ys, { include: [...(yLimit != null ? [yLimit] : []), ...(showGoal ? [goal] : [])], log: yLog });
  const [y0, y1] = ay.id === 'accuracy' ? [Math.max(0, y0raw), Math.min(1, y1raw)] : [y0raw, y1raw];
  const x = scale(Math.max(xLog ? 1e-6 : 0, x0), x1, M.l, width - M.r, { log: xLog });
  const y = scale(Math.max(yLog ? 1e-6 : 0, y0), y1, height - M.b, M.t, { log: yLog });
  const px = c => x(ax.get(c)), py = c => y(ay.get(c));
  const shades = ac ? pts.map(c => ac.get(c) ?? 0) : [];
  const cLimit = ac?.limit(constraints);
  const sMin = Math.min(...shades), sMax = Math.max(...shades, cLimit ?? 0);
  const t = b => (sMax > sMin ? Math.log(b / Math.max(1, sMin) + 1) / Math.log(sMax / Math.max(1, sMin) + 1) : 0.5);
  const fill = c => (ac ? sizeColour(t(ac.get(c) ?? 0)) : sizeColour(0.5));
  const xt = xLog ? logTicks(x.domain[0], x.domain[1]) : niceTicks(x.domain[0], x.domain[1], 6);
  const yt = yLog ? logTicks(y.domain[0], y.domain[1]) : niceTicks(y.domain[0], y.domain[1], 8);
  const yTick = ay.id === 'accuracy' ? v => (100 * v).toFixed(yt.length > 1 && yt[1] - yt[0] < 0.01 ? 1 : 0) + '%' : ay.tick;
  const order = [...pts].sort((a, b) => (a.feasible === b.feasible ? 0 : a.feasible ? 1 : -1)); // feasible drawn on top

  return (
    <>
      <svg class="chart pareto" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="group" aria-label={`Pareto plot: ${ay.name} against ${ax.name}; each point is a candidate and opens it`}>
        <g class="grid" aria-hidden="true">
          {xt.map(v => <line key={'x' + v} x1={x(v)} x2={x(v)} y1={M.t} y2={height - M.b} />)}
          {yt.map(v => <line key={'y' + v} x1={M.l} x2={width - M.r} y1={y(v)} y2={y(v)} />)}
        </g>
        <g class="axis" aria-hidden="true">
          {xt.map(v => <text key={'xl' + v} x={x(v)} y={height - M.b + 16} text-anchor="middle">{ax.tick(v)}</text>)}
          {yt.map(v => <text key={'yl' + v} x={M.l - 6} y={y(v) + 4} text-anchor="end">{yTick(v)}</text>)}
          <text x={(M.l + width - M.r) / 2} y={height - 6} text-anchor="middle" class="label">{ax.title}{xLog ? ' (log scale)' : ''} →</text>
          <text transform={`translate(14 ${(M.t + height - M.b) / 2}) rotate(-90)`} text-anchor="middle" class="label">{ay.title}{yLog ? ' (log scale)' : ''} →</text>
        </g>
        {xLimit != null && xLimit <= x.domain[1] && (
          <g class="limit" aria-hidden="true">
            <line x1={x(xLimit)} x2={x(xLimit)} y1={M.t} y2={height - M.b} />
            <text x={x(xLimit) - 4} y={M.t + 12} text-anchor="end">{ax.name} limit {ax.fmt(xLimit)}</text>
          </g>
        )}
        {yLimit != null && yLimit <= y.domain[1] && (
          <g class="limit" aria-hidden="true">
            <line x1={M.l} x2={width - M.r} y1={y(yLimit)} y2={y(yLimit)} />
            <text x={width - M.r - 4} y={y(yLimit) - 5} text-anchor="end">{ay.name} limit {ay.fmt(yLimit)}</text>
          </g>
        )}
        {showGoal && (
          <g class="goal" aria-hidden="true">
            <line x1={M.l} x2={width - M.r} y1={y(goal)} y2={y(goal)} />
            <text x={width - M.r - 4} y={y(goal) - 5} text-anchor="end">accuracy goal {fmtAcc(goal)}</text>
          </g>
        )}
        {band != null && ax.id === 'latency' && order.filter(c => c.latencySource === 'PREDICTED').map(c => (
          // a predicted latency's error band: the target's latency model's held-out median error
          <line key={'band-' + c.id} class="band" aria-hidden="true" y1={py(c)} y2={py(c)}
            x1={x(Math.max(xLog ? 1e-6 : 0, c.latencyMs * (1 - band / 100)))} x2={x(c.latencyMs * (1 + band / 100))} />
        ))}
        {order.map(c => (
          <a key={c.id} href={href(c)} class="point-link" aria-label={describe(c)}
            onMouseEnter={() => setHover(c)} onMouseLeave={() => setHover(null)} onFocus={() => setHover(c)} onBlur={() => setHover(null)}>
            <circle class={'point' + (c.feasible ? '' : ' infeasible') + (c.onFront ? ' front' : '')} data-cid={c.id}
              cx={px(c)} cy={py(c)} r={c.onFront ? 7.5 : 6}
              fill={c.feasible ? fill(c) : 'none'} />
          </a>
        ))}
      </svg>
      {hover && (
        <div class={'tooltip' + tipSide(px(hover) / width)} role="status" style={{ left: px(hover) + 'px', top: py(hover) + 'px' }}>
          <b>{fmtAcc(hover.accuracy)}</b> · {fmtMs(hover.latencyMs)} <span class="muted">({latencyProvenance(hover.metrics?.latency?.source, band)})</span> · {fmtBytes(hover.modelBytes)}
          <br />{hover.metrics ? `${fmtCount(hover.metrics.params)} params · ${fmtCount(hover.metrics.macs)} MACs · ` : ''}gen {hover.generation}
          <br />{hover.feasible ? (hover.onFront ? '★ on the Pareto front' : 'meets every constraint') : 'misses a constraint'} · {hover.id.slice(0, 8)}
        </div>
      )}
      <div class="legend" aria-hidden="true">
        {ac && <>
          <span><i class="dot" style={{ background: sizeColour(0) }} /> low</span>
          <span class="ramp" style={{ background: `linear-gradient(90deg, ${sizeColour(0)}, ${sizeColour(0.5)}, ${sizeColour(1)})` }} />
          <span><i class="dot" style={{ background: sizeColour(1) }} /> high {ac.name} ({ac.fmt(sMin)}–{ac.fmt(sMax)}{cLimit ? `, limit ${ac.fmt(cLimit)}` : ''})</span>
        </>}
        <span><i class="dot ring" /> on the front</span>
        <span><i class="dot hollow" /> misses a constraint</span>
        {(xLimit != null || yLimit != null) && <span><i class="dash" /> {[xLimit != null && ax.name, yLimit != null && ay.name].filter(Boolean).join(' and ')} limit</span>}
      </div>
    </>
  );
}

/** Keep the tooltip inside the plot: anchor it left or right near the edges. */
const tipSide = fx => (fx < 0.25 ? ' from-left' : fx > 0.75 ? ' from-right' : '');

function describe(c) {
  return `Candidate ${c.id.slice(0, 8)}: accuracy ${fmtAcc(c.accuracy)}, latency ${fmtMs(c.latencyMs)} ${(c.latencySource ?? '').toLowerCase()}, size ${fmtBytes(c.modelBytes)}`
    + (c.metrics ? `, ${fmtCount(c.metrics.params)} params, ${fmtCount(c.metrics.macs)} MACs` : '')
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
