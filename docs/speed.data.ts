// Build-time charts for "How fast is it?": Vega-Lite specs filled from the saved bench results, rendered to
// SVG strings by Vega (no browser, no canvas). Text and axes use currentColor, so they follow the theme.
import { readFileSync } from 'node:fs';
import { compile, type TopLevelSpec } from 'vega-lite';
import { parse, View } from 'vega';
import type { RedisFanoutResult } from '../test/bench/redis-fanout.ts';

interface Row { key: string; label: string; unit: string; house: number; node: number; ratio: number; goal: string; met: boolean }
interface Fanout { subscribers: number; percentilesMs: number[]; p99Ms: number }
interface Results {
  date: string;
  seconds: number;
  machine: { cpu: string; cores: number; memoryGiB: number; kernel: string; node: string };
  load: { tool: string; version: string };
  settings: { rounds: number };
  summary: Row[];
  rounds: { round: number; server: string; fanout: Fanout[] }[];
  /** test/bench/redis-fanout.ts's rows, or why they were skipped. */
  redis: RedisFanoutResult[] | string;
}


const read = (file: string): Results =>
  JSON.parse(readFileSync(new URL(`./data/${file}`, import.meta.url), 'utf8')) as Results;

const HOUSE = '#2f7fd6';
const NODE = '#9a9a9a';
const THEME = {
  background: null,
  font: 'Inter, ui-sans-serif, system-ui, sans-serif',
  view: { stroke: null },
  axis: {
    labelColor: 'currentColor', titleColor: 'currentColor', domainColor: 'currentColor',
    tickColor: 'currentColor', gridColor: 'currentColor', gridOpacity: 0.15, labelFontSize: 12, titleFontSize: 12,
    labelLimit: 280,
  },
  legend: { labelColor: 'currentColor', titleColor: 'currentColor', labelFontSize: 12 },
  header: { labelColor: 'currentColor', titleColor: 'currentColor', labelFontSize: 12 },
  text: { color: 'currentColor' },
};

async function svg(spec: TopLevelSpec): Promise<string> {
  const vega = compile({ ...spec, config: THEME } as TopLevelSpec).spec;
  const view = new View(parse(vega), { renderer: 'none' });
  const out = await view.toSVG();
  view.finalize();
  // Vega writes a viewBox too, so the chart scales with the column instead of overflowing it on a phone.
  return out.replace(/^<svg /, '<svg role="img" style="max-width:100%;height:auto" ');
}

/** The goals the issue set, as ratios to node:http (lower is better everywhere but requests/s). */
const RATIO_ROWS = ['closingCpu', 'keepAliveRate', 'fanout1kCpu', 'fanout10kCpu', 'fanout10kP99'];
const SHORT: Record<string, string> = {
  closingCpu: 'closing POST: CPU per request',
  keepAliveRate: 'keep-alive POST: requests/s',
  fanout1kCpu: 'fan-out 1k: CPU per delivery',
  fanout10kCpu: 'fan-out 10k: CPU per delivery',
  fanout10kP99: 'fan-out 10k: p99 latency',
};

function ratioChart(runs: [string, Results][]): TopLevelSpec {
  const values = runs.flatMap(([run, results]) => results.summary
    .filter((r) => RATIO_ROWS.includes(r.key))
    .map((r) => ({ run, metric: SHORT[r.key], ratio: Math.round(r.ratio * 100) / 100, goal: Number(r.goal.replace(/[^\d.]/g, '')) })));
  const y = { field: 'metric', type: 'nominal', sort: null, title: null };
  return {
    width: 420,
    data: { values },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y,
          x: { field: 'ratio', type: 'quantitative', title: 'House ÷ node:http (node:http = 1)' },
          yOffset: { field: 'run', sort: runs.map(([run]) => run) },
          color: { field: 'run', type: 'nominal', sort: runs.map(([run]) => run), scale: { range: ['#a9c8ea', HOUSE] }, title: null, legend: { orient: 'bottom' } },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 3, fontSize: 10 },
        encoding: {
          y,
          x: { field: 'ratio', type: 'quantitative' },
          yOffset: { field: 'run', sort: runs.map(([run]) => run) },
          text: { field: 'ratio', type: 'quantitative', format: '.2f' },
        },
      },
      { mark: { type: 'tick', color: '#d64545', thickness: 2 }, encoding: { y, x: { field: 'goal', type: 'quantitative' } } },
      {
        data: { values: [{ one: 1 }] },
        mark: { type: 'rule', strokeDash: [4, 3], color: 'currentColor' },
        encoding: { x: { field: 'one', type: 'quantitative' } },
      },
    ],
  } as TopLevelSpec;
}

function latencyChart(results: Results): TopLevelSpec {
  // Every 5th percentile up to the 95th, then the 99th: the maximum is one unlucky delivery, not a distribution.
  const points = (f: Fanout) => [...f.percentilesMs.slice(0, 20).map((ms, i) => [i * 5, ms]), [99, f.p99Ms]];
  const values = results.rounds.flatMap((r) => r.fanout.flatMap((f) => points(f).map(([percentile, ms]) => ({
    server: r.server, line: `${r.server} ${r.round}`, subscribers: `${f.subscribers.toLocaleString('en')} subscribers`,
    percentile, ms: Math.round(ms! * 100) / 100,
  }))));
  return {
    data: { values },
    facet: { column: { field: 'subscribers', type: 'nominal', title: null, sort: 'descending' } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 220,
      height: 180,
      mark: { type: 'line', point: { size: 12 }, strokeWidth: 1.5 },
      encoding: {
        x: { field: 'percentile', type: 'quantitative', title: 'percentile of deliveries' },
        y: { field: 'ms', type: 'quantitative', title: 'ms from POST to arrival' },
        detail: { field: 'line' },
        color: { field: 'server', type: 'nominal', scale: { domain: ['House', 'node:http'], range: [HOUSE, NODE] }, title: null, legend: { orient: 'bottom' } },
      },
    },
  } as TopLevelSpec;
}

export interface SpeedData {
  results: Results;
  before: Results;
  ratios: string;
  latency: string;
}

export default {
  watch: ['./data/bench.json', './data/bench-before.json'],
  async load(): Promise<SpeedData> {
    const results = read('bench.json');
    const before = read('bench-before.json');
    return {
      results,
      before,
      ratios: await svg(ratioChart([['before', before], ['after', results]])),
      latency: await svg(latencyChart(results)),
    };
  },
};
