// Build-time charts for "How fast is it?": Vega-Lite specs filled from the saved bench results, rendered to
// SVG strings by Vega (no browser, no canvas). Text and axes use currentColor, so they follow the theme.
import { readFileSync } from 'node:fs';
import { compile, type TopLevelSpec } from 'vega-lite';
import { parse, View } from 'vega';
import type { RedisFanoutResult } from '../test/bench/redis-fanout.ts';

interface Row { key: string; label: string; unit: string; house: number; node: number; ratio: number; goal: string; met: boolean }
interface Fanout {
  subscribers: number;
  burst: number;
  percentilesMs: number[];
  p50Ms: number;
  p99Ms: number;
  cpuUsPerDelivery: number;
  userUsPerDelivery: number;
  kernelUsPerDelivery: number;
  writesPerDelivery: number;
}
interface Results {
  date: string;
  seconds: number;
  machine: { cpu: string; cores: number; memoryGiB: number; kernel: string; node: string };
  load: { tool: string; version: string };
  settings: { rounds: number; warmUpMessages: number };
  summary: Row[];
  rounds: { round: number; server: string; fanout: Fanout[]; burst: Fanout[] }[];
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

/** The figures shown as ratios to node:http (lower is better everywhere but requests/s). */
const RATIO_ROWS = [
  'closingCpu', 'keepAliveRate', 'fanout1kCpu', 'fanout10kCpu', 'fanout10kP99',
  'burst1kCpu', 'burst10kCpu', 'burst10kP99',
];
const SHORT: Record<string, string> = {
  closingCpu: 'closing POST: CPU per request',
  keepAliveRate: 'keep-alive POST: requests/s',
  fanout1kCpu: 'fan-out 1k: CPU per delivery',
  fanout10kCpu: 'fan-out 10k: CPU per delivery',
  fanout10kP99: 'fan-out 10k: p99 latency',
  burst1kCpu: 'bursts 1k: CPU per delivery',
  burst10kCpu: 'bursts 10k: CPU per delivery',
  burst10kP99: 'bursts 10k: p99 latency',
};

function ratioChart(runs: [string, Results][]): TopLevelSpec {
  const values = runs.flatMap(([run, results]) => results.summary
    .filter((r) => RATIO_ROWS.includes(r.key))
    .map((r) => ({ run, metric: SHORT[r.key], ratio: Math.round(r.ratio * 100) / 100 })));
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
  const kinds = ['one at a time', 'bursts of 10'];
  const values = results.rounds.flatMap((r) => [...r.fanout, ...r.burst].flatMap((f) => points(f).map(([percentile, ms]) => ({
    server: r.server, line: `${r.server} ${r.round}`, subscribers: `${f.subscribers.toLocaleString('en')} subscribers`,
    kind: f.burst === 1 ? kinds[0] : kinds[1], percentile, ms: Math.round(ms! * 100) / 100,
  }))));
  return {
    data: { values },
    facet: {
      column: { field: 'subscribers', type: 'nominal', title: null, sort: ['1,000 subscribers', '10,000 subscribers'] },
      row: { field: 'kind', type: 'nominal', title: null, sort: kinds },
    },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 290,
      height: 170,
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

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** CPU per delivery, the server's own and the kernel's stacked, for each fan-out scenario: node:http,
 *  House writing every message on its own (`before`), and House writing a turn's messages at once. */
function writesChart(runs: [string, string, Results][]): TopLevelSpec {
  const values = runs.flatMap(([label, server, results]) => {
    const rounds = results.rounds.filter((r) => r.server === server);
    return [0, 1].flatMap((i) => (['fanout', 'burst'] as const).flatMap((kind) => {
      const runsOf = rounds.map((r) => r[kind][i]!);
      const { subscribers, burst } = runsOf[0]!;
      const scenario = `${subscribers / 1000}k, ${burst === 1 ? 'one at a time' : `bursts of ${burst}`}`;
      const writes = median(runsOf.map((f) => f.writesPerDelivery));
      return [
        { label, scenario, part: 'own code', us: median(runsOf.map((f) => f.userUsPerDelivery)), writes },
        { label, scenario, part: 'kernel', us: median(runsOf.map((f) => f.kernelUsPerDelivery)), writes },
      ];
    }));
  }).map((v) => ({ ...v, us: Math.round(v.us * 100) / 100 }));
  const labels = runs.map(([label]) => label);
  const scenarios = [...new Set(values.map((v) => v.scenario))]
    .sort((a, b) => parseInt(a) - parseInt(b) || Number(a.includes('bursts')) - Number(b.includes('bursts')));
  return {
    data: { values },
    facet: { row: { field: 'scenario', type: 'nominal', title: null, sort: scenarios, header: { labelAngle: 0, labelAlign: 'left' } } },
    spec: {
      width: 360,
      height: 60,
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'label', type: 'nominal', sort: labels, title: null },
        x: { field: 'us', type: 'quantitative', title: 'server CPU per delivery (µs)' },
        color: { field: 'part', type: 'nominal', sort: ['own code', 'kernel'], scale: { range: [HOUSE, '#a9c8ea'] }, title: null, legend: { orient: 'bottom' } },
        order: { field: 'part', sort: 'descending' },
        tooltip: [{ field: 'us' }, { field: 'writes', title: 'writes per delivery', format: '.2f' }],
      },
    },
  } as TopLevelSpec;
}

export interface SpeedData {
  results: Results;
  before: Results;
  ratios: string;
  latency: string;
  writes: string;
}

export default {
  watch: ['./data/bench.json', './data/bench-before.json'],
  async load(): Promise<SpeedData> {
    const results = read('bench.json');
    const before = read('bench-before.json');
    return {
      results,
      before,
      ratios: await svg(ratioChart([['one write per message', before], ['one write per turn', results]])),
      latency: await svg(latencyChart(results)),
      writes: await svg(writesChart([
        ['node:http', 'node:http', results],
        ['House, one write per message', 'House', before],
        ['House, one write per turn', 'House', results],
      ])),
    };
  },
};
