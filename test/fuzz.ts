// The differential test at length: `npm run fuzz -- --n 100000 [--seed S]`.
// Each stream i is made from the seed S + i, so a failure names the one seed that makes it again
// (`--seed that --n 1`). Prints every failure, then a count of what ended each comparison.
import { parseArgs } from 'node:util';
import { compare, generateStream, report } from './differential.ts';

const { values } = parseArgs({
  options: { n: { type: 'string', default: '10000' }, seed: { type: 'string' } },
});
const count = Number(values.n);
const first = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(first)) {
  console.error('usage: npm run fuzz -- [--n COUNT] [--seed S]   (whole numbers)');
  process.exit(2);
}

console.log(`fuzz: ${count} streams from seed ${first}`);
const started = performance.now();
const endings = new Map<string, number>();
let failures = 0;
for (let i = 0; i < count; i++) {
  const seed = first + i;
  const stream = generateStream(seed);
  const verdict = compare(stream);
  if (!verdict.ok) {
    failures++;
    console.log(report(seed, stream, verdict));
  } else {
    const ending = verdict.reason ?? 'read alike, to the end or to a refusal by House';
    endings.set(ending, (endings.get(ending) ?? 0) + 1);
  }
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`${count} streams in ${seconds} s: ${failures} disagreement(s)`);
for (const [ending, times] of [...endings].sort((a, b) => b[1] - a[1])) console.log(`  ${times}\t${ending}`);
process.exitCode = failures === 0 ? 0 : 1;
