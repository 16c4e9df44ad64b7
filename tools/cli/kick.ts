// npm run kick: the lab's whole pipeline (resolve, calibrate, compress on WebGPU, evaluate the KICK
// tasks) in headless Chromium, the same code the lab worker runs; prints one JSON results record.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type * as ParamsModule from '../../src/compress/params.ts';
import type * as RegistryModule from '../../src/compress/registry.ts';
import type { RecordedDrop, RecordedScore } from '../../src/tasks/record.ts';
import { labRunConfigSchema, type LabEvent, type LabRunSummary } from '../../src/worker/lab-protocol.ts';
import { LabHarness } from '../lab/harness.ts';
import { DATASET_EXIT_CODE, datasetFailureMessages } from './dataset-failure.ts';
import type { GenerateCheckReport, KickRunner } from '../lab/runner-protocol.ts';
import { failureSummary } from './kick-failures.ts';
import { KICK_COMMAND, parseKickArgs, type KickCli } from './kick-args.ts';
import { writeClusterExport } from './kick-export.ts';
import { refuseUntakenParams } from './method-options.ts';
import { CliInputError, helpText, usageLine } from './parse-cli.ts';

function fail(message: string, code: number): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(code);
}

// Wide enough for any N:M with M <= 16, so that parameters are checked before the model's shapes are known.
const ANY_WIDTH = 720_720;

function scoreText(s: RecordedScore): string {
  if (s.value === null) return '-';
  const digits = s.value >= 10 ? 2 : 3;
  return s.interval ? `${s.value.toFixed(digits)} [${s.interval.low.toFixed(digits)}, ${s.interval.high.toFixed(digits)}]` : s.value.toFixed(digits);
}

/** The strict rule's paired drop from dense and its verdict, as a reader of the log wants it. */
function dropText(d: RecordedDrop | null | undefined): string {
  if (!d) return '';
  return ` (strict drop ${d.drop.toFixed(3)} [${d.low.toFixed(3)}, ${d.high.toFixed(3)}], p = ${d.p.toPrecision(2)}, ${d.verdict})`;
}

function describe(e: LabEvent): string {
  if (e.type === 'progress') {
    const p = e.progress;
    const eta = p.etaMs === null ? '' : `, ${Math.ceil(p.etaMs / 1000)} s left`;
    return `[${p.label}] ${p.stage} ${p.detail} ${p.percent.toFixed(0)}%${eta}`;
  }
  if (e.type === 'point') {
    const scores = e.result.record.scores.map((s) => `${s.task} ${scoreText(s.kick)} / ${scoreText(s.strict)}${dropText(s.drop?.strict)}`).join('; ');
    return `[${e.result.label}] done (kick / strict): ${scores}`;
  }
  const err = e.error;
  return `[point ${err.point}] ${err.cancelled ? 'cancelled' : 'failed'} in ${err.stage}${err.where ? ` at ${err.where}` : ''}: ${err.message}`;
}

async function main(): Promise<void> {
  let cli: KickCli;
  try {
    const parsed = parseKickArgs(process.argv.slice(2));
    if (parsed === 'help') {
      process.stdout.write(`${helpText(KICK_COMMAND)}\n`);
      return;
    }
    cli = parsed;
    if (cli.calibTextFile) cli.config.calibration = { ...cli.config.calibration, text: readFileSync(cli.calibTextFile, 'utf8') };
    if (cli.out) checkOutPath(cli.out);
    const checked = cli.generate ? labRunConfigSchema.omit({ tasks: true }).safeParse(cli.config) : labRunConfigSchema.safeParse(cli.config);
    if (!checked.success) throw new CliInputError(checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    if (cli.exportDir) {
      const written = writeClusterExport(labRunConfigSchema.parse(cli.config), cli.exportDir);
      process.stdout.write(`wrote ${written.length} files to ${cli.exportDir}: run.sh, README.md, recipes/, tasks/kick/\n`);
      return;
    }
  } catch (error) {
    if (error instanceof CliInputError || (error as NodeJS.ErrnoException).code === 'ENOENT') fail(`${(error as Error).message}\n${usageLine(KICK_COMMAND)}`, 2);
    throw error;
  }

  const harness = await LabHarness.start();
  let summary: LabRunSummary;
  const corsRefusals = new Set<string>();
  try {
    const registry = await harness.ssr<typeof RegistryModule>('/src/compress/registry.ts');
    const params = await harness.ssr<typeof ParamsModule>('/src/compress/params.ts');
    for (const point of cli.config.points) {
      const recipe = registry.resolveRecipe(point.spec);
      refuseUntakenParams(recipe.id, point.params, recipe.steps.flatMap((step) => step.params));
      const full = registry.recipeParams(recipe, point.params);
      for (const step of recipe.steps) params.checkParams(step.params, full, { data: new Float32Array(0), rows: 0, cols: ANY_WIDTH });
    }
    const page = await harness.page();
    if (cli.generate) {
      const { prompt, maxNewTokens } = cli.generate;
      const report = await page.evaluate(([config, p, n]) => (window as unknown as { kickRunner: KickRunner }).kickRunner.runGenerateCheck(config, p, n), [cli.config, prompt, maxNewTokens] as const);
      await harness.close();
      printGenerated(cli, report);
      return;
    }
    await page.exposeFunction('kickLabEvent', (e: LabEvent) => process.stderr.write(`${describe(e)}\n`));
    // The page cannot tell a CORS refusal from an unreachable server (src/net/fetch-failure.ts);
    // Chromium's console can, so its word goes into the failure summary.
    page.on('console', (m) => {
      if (m.text().includes('blocked by CORS policy')) corsRefusals.add(m.text());
    });
    summary = await page.evaluate((config) => (window as unknown as { kickRunner: KickRunner }).kickRunner.runLab(config), cli.config);
  } catch (error) {
    await harness.close();
    const err = error as Error;
    if (error instanceof CliInputError) fail(`${err.message}\n${usageLine(KICK_COMMAND)}`, 2);
    const message = err.message.replace(/^page\.evaluate: (Error: )?/, '').split('\n')[0];
    fail(message.replace(/^\w*Error: /, ''), err.name === 'CompressInputError' || message.startsWith('CompressInputError') ? 2 : 1);
  }
  await harness.close();

  const output = {
    config: cli.config,
    device: summary.device,
    cancelled: summary.cancelled,
    totalMs: summary.totalMs,
    // Compressed points' records carry their paired drop from the run's dense baseline (the worker adds it).
    points: summary.points.map((p) => ({ label: p.label, spec: p.spec, record: p.record, layers: p.layers, failures: p.failures })),
    errors: summary.errors,
  };
  const text = JSON.stringify(output, null, cli.json ? undefined : 2);
  if (cli.out) writeFileSync(cli.out, `${text}\n`);
  process.stdout.write(`${text}\n`);
  // Any failed point or task fails the command: the JSON above keeps what finished. A data set
  // that could not be loaded gets its own lines and exit status.
  if (summary.errors.length > 0 || summary.cancelled) {
    process.stderr.write(`${failureSummary(summary, cli.config, [...corsRefusals])}\n`);
    const dataFailures = datasetFailureMessages(summary.errors, cli.config);
    for (const message of dataFailures) process.stderr.write(`error: ${message}\n`);
    process.exit(dataFailures.length > 0 ? DATASET_EXIT_CODE : 1);
  }
}

/** The output's folder must exist before the run, not be found missing after an hour of it. */
function checkOutPath(path: string): void {
  const folder = dirname(resolve(path));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new CliInputError(`--out ${path}: folder ${folder} does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new CliInputError(`--out ${path} is a folder; give a file name`);
}

function printGenerated(cli: KickCli, report: GenerateCheckReport): void {
  const text = cli.json
    ? JSON.stringify(report)
    : [
        `model       ${report.model} (${report.device})`,
        `prompt      ${JSON.stringify(report.prompt)}`,
        `prompt ids  ${report.promptIds.join(' ')}`,
        ...report.texts.flatMap((t) => [`${t.label}`, `  text      ${JSON.stringify(t.text)}`, `  ids       ${t.ids.join(' ')}`]),
      ].join('\n');
  if (cli.out) writeFileSync(cli.out, `${cli.json ? text : JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${text}\n`);
}

await main();
