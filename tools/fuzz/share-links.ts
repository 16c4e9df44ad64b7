// npx tsx tools/fuzz/share-links.ts [--count 10000] [--seed 31]
//
// Opens thousands of hostile share links with the app's decoder and input limits in Node, and
// does to each accepted one what the app does next (plans its points, builds the re-run's worker
// input with a judge key typed for another origin). Reports crashes (anything but a clean
// ShareLinkError, or a message longer than one bounded line), the slowest decodes, hangs over 1 s
// (the fastest of three tries), rejections by reason and key leaks. Exits non-zero on any crash,
// hang or leak.
import { parseArgs } from 'node:util';
import { setJudgeKey } from '../../src/state/judge-key.ts';
import { decodeShare, ShareLinkError } from '../../src/state/share.ts';
import { runInputFor } from '../../src/state/sweep-runner.ts';
import { planPoints } from '../../src/state/sweep.ts';
import { mulberry32 } from '../../src/util/mulberry32.ts';
import { fuzzCase, seeds, type FuzzCase } from './link-mutations.ts';

const HANG_MS = 1000;
const MAX_MESSAGE_CHARS = 400;
const READER_KEY = 'sk-reader-only-for-my-judge';

interface Outcome {
  c: FuzzCase;
  ms: number;
  result: 'accepted' | 'rejected' | 'crash';
  detail: string;
}

/** The reason of a rejection without its numbers, so that alike rejections count together. */
function reasonOf(message: string): string {
  return message
    .replace(/\d+/g, 'N')
    .replace(/at [^:]+:/, 'at …:')
    .slice(0, 90);
}

/**
 * Opens a case; one slower than HANG_MS is opened twice more and timed by its fastest try, so that
 * a pause of the shared machine (or of the collector, after the generator's large values) is not
 * counted as a hang, while a decode that is slow every time still is.
 */
async function openTimed(c: FuzzCase): Promise<Outcome> {
  let best = await open(c);
  for (let retry = 0; retry < 2 && best.ms > HANG_MS; retry++) {
    const again = await open(c);
    if (again.ms < best.ms) best = again;
  }
  return best;
}

async function open(c: FuzzCase): Promise<Outcome> {
  const t0 = performance.now();
  try {
    const { sweep } = await decodeShare(c.text);
    // What the app does with an accepted link: plan it, and build the Reproduce worker input.
    const plan = planPoints(sweep.config);
    const input = runInputFor(sweep.config, plan, null);
    const ms = performance.now() - t0;
    const judgeUrl = sweep.config.judge?.url ?? '';
    if (input.judge?.apiKey) return { c, ms, result: 'crash', detail: `KEY LEAK: the reader's key would go to ${judgeUrl}` };
    if (/@|[?&](api_?key|key|token|access_token|auth)=/i.test(judgeUrl)) return { c, ms, result: 'crash', detail: `credentials kept in the judge URL ${judgeUrl.slice(0, 80)}` };
    return { c, ms, result: 'accepted', detail: `${plan.length} points` };
  } catch (e) {
    const ms = performance.now() - t0;
    if (!(e instanceof ShareLinkError)) return { c, ms, result: 'crash', detail: `${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`.slice(0, 300) };
    if (e.message.length > MAX_MESSAGE_CHARS) return { c, ms, result: 'crash', detail: `message of ${e.message.length} characters` };
    return { c, ms, result: 'rejected', detail: e.message };
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { count: { type: 'string', default: '10000' }, seed: { type: 'string', default: '31' } } });
  const count = Number(values.count);
  const rng = mulberry32(Number(values.seed));
  // The reader's key, typed for their own judge: no link may make the lab send it elsewhere.
  setJudgeKey(READER_KEY, 'https://my-judge.example/v1');
  const s = await seeds();
  const outcomes: Outcome[] = [];
  const started = performance.now();
  let generatorErrors = 0;
  for (let i = 0; i < count; i++) {
    let c: FuzzCase;
    try {
      c = await fuzzCase(rng, i, s);
    } catch {
      // The generator's own failure (a mutation it could not pack) is no finding about the app.
      generatorErrors++;
      continue;
    }
    outcomes.push(await openTimed(c));
    if ((i + 1) % 1000 === 0) process.stderr.write(`${i + 1} of ${count} links\n`);
  }
  const total = (performance.now() - started) / 1000;

  const by = (r: Outcome['result']) => outcomes.filter((o) => o.result === r);
  const crashes = by('crash');
  const hangs = outcomes.filter((o) => o.ms > HANG_MS);
  const sorted = [...outcomes].sort((a, b) => b.ms - a.ms);
  const ms = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const reasons = new Map<string, number>();
  for (const o of by('rejected')) reasons.set(reasonOf(o.detail), (reasons.get(reasonOf(o.detail)) ?? 0) + 1);
  const lengths = outcomes.map((o) => o.c.text.length);

  console.log(`share-link fuzz: ${outcomes.length} links opened of ${count} made (seed ${values.seed}; ${generatorErrors} the generator could not make), ${total.toFixed(1)} s in all`);
  console.log(`link text: ${Math.min(...lengths)} to ${Math.max(...lengths)} characters`);
  console.log(`accepted ${by('accepted').length}, rejected ${by('rejected').length}, crashes ${crashes.length}, hangs over ${HANG_MS} ms ${hangs.length}`);
  console.log(`decode time: median ${ms[Math.floor(ms.length / 2)].toFixed(1)} ms, p99 ${ms[Math.floor(ms.length * 0.99)].toFixed(1)} ms, max ${ms[ms.length - 1].toFixed(1)} ms`);
  console.log('slowest:');
  for (const o of sorted.slice(0, 5)) console.log(`  ${o.ms.toFixed(1)} ms  ${o.result}  ${o.c.kind.slice(0, 100)} (${o.c.text.length} characters)`);
  console.log('rejections by reason:');
  for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${String(n).padStart(5)}  ${reason}`);
  const longest = Math.max(0, ...by('rejected').map((o) => o.detail.length));
  console.log(`longest rejection message: ${longest} characters`);
  if (crashes.length) {
    console.log('crashes:');
    for (const o of crashes.slice(0, 20)) console.log(`  ${o.c.kind.slice(0, 100)}: ${o.detail}`);
  }
  if (crashes.length || hangs.length) process.exitCode = 1;
}

await main();
