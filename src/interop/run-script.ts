// run.sh, compress.py and the README of a cluster export. The upstream commits named here are the
// ones the recipes and task files were checked against (test/interop/fixtures/upstream-fields.json).
import type { ExportSweep } from './point.ts';

export const UPSTREAM = {
  llmCompressor: { repo: 'vllm-project/llm-compressor', commit: 'ab1ba3effcafc15746cd6d6ca24cba3f7bd7a582', version: '0.13.0 (+37 commits)' },
  compressedTensors: { repo: 'vllm-project/compressed-tensors', commit: 'ac8e2ba82f4e0d5eaa40069f8fc642738f124cd4' },
  lmEval: { repo: 'EleutherAI/lm-evaluation-harness', commit: '4e7e0d47f33bc71070c1d38394bafbb52b117163', version: '0.4.13.dev0' },
} as const;

export interface ScriptPoint {
  slug: string;
  /** Path of the point's recipe in the folder; null for the dense model. */
  recipe: string | null;
  /** vLLM serves 4- and 8-bit integer weights; other widths run on the hf backend. */
  backend: 'vllm' | 'hf';
}

export interface ScriptInput {
  sweepId: string;
  /** The PyTorch model to compress; null when the lab's model has none (kick-tiny). */
  model: string | null;
  calibration: ExportSweep['config']['calibration'];
  tasks: readonly string[];
  /** Examples per task (lm_eval --limit); null = every example. */
  limit: number | null;
  points: readonly ScriptPoint[];
}

/** llm-compressor's calibration sets for the lab's; anything else (built-in or pasted text) falls back to C4. */
function calibrationName(dataset: string | undefined): 'c4' | 'wikitext2' {
  return dataset === 'wikitext2' ? 'wikitext2' : 'c4';
}

function shellQuote(s: string): string {
  return `'${s.replaceAll("'", "'\\''")}'`;
}

export function runScript(input: ScriptInput): string {
  const cal = input.calibration;
  const lines = [
    '#!/usr/bin/env bash',
    `# Reproduces KICK Lab sweep ${input.sweepId} at scale: one-shot compression of each point with`,
    '# llm-compressor, then lm_eval on the compressed checkpoint. Every command is printed before it runs.',
    '# Settings come from the environment; see README.md.',
    'set -euo pipefail',
    'HERE="$(cd "$(dirname "$0")" && pwd)"',
    input.model ? `MODEL="\${MODEL:-${input.model}}"` : 'MODEL="${MODEL:?set MODEL to a PyTorch model id: the lab model has no PyTorch checkpoint}"',
    'OUT="${OUT:-$HERE/out}"',
    'GPUS="${GPUS:-1}"',
    'MAX_LEN="${MAX_LEN:-2048}"',
    `CALIBRATION="\${CALIBRATION:-${calibrationName(cal?.dataset)}}"`,
    `CALIB_SAMPLES="\${CALIB_SAMPLES:-${cal?.samples ?? 128}}"`,
    `CALIB_SEQ_LEN="\${CALIB_SEQ_LEN:-${cal?.seqLen ?? 2048}}"`,
    `SEED="\${SEED:-${cal?.seed ?? 0}}"`,
    `PIPELINE="\${PIPELINE:-${cal?.mode === 'one-shot' ? 'basic' : 'sequential'}}"`,
    `TASKS=${shellQuote(input.tasks.join(','))}`,
    input.limit === null ? 'LIMIT_ARGS=()' : `LIMIT_ARGS=(--limit "\${LIMIT:-${input.limit}}")`,
    '',
    'run() { printf "+ %s\\n" "$*" >&2; "$@"; }',
    '',
    'compress() { # slug recipe',
    '  [ -f "$OUT/models/$1/config.json" ] && { echo "# $1: compressed already" >&2; return; }',
    '  run python "$HERE/compress.py" --model "$MODEL" --recipe "$HERE/$2" --output "$OUT/models/$1" \\',
    '    --calibration "$CALIBRATION" --samples "$CALIB_SAMPLES" --seq-len "$CALIB_SEQ_LEN" --seed "$SEED" --pipeline "$PIPELINE"',
    '}',
    '',
    'evaluate() { # slug checkpoint backend',
    '  local args',
    '  if [ "$3" = vllm ]; then',
    '    args="pretrained=$2,tensor_parallel_size=$GPUS,max_model_len=$MAX_LEN,gpu_memory_utilization=0.85,dtype=auto,seed=$SEED"',
    '  else',
    '    args="pretrained=$2,dtype=auto,max_length=$MAX_LEN"',
    '  fi',
    '  run lm_eval --model "$3" --model_args "$args" --tasks "$TASKS" --include_path "$HERE/tasks" \\',
    '    --batch_size auto --seed "$SEED" "${LIMIT_ARGS[@]}" --log_samples --output_path "$OUT/results/$1"',
    '}',
    '',
  ];
  for (const p of input.points) {
    if (p.recipe === null) lines.push(`evaluate ${p.slug} "$MODEL" ${p.backend}`);
    else lines.push(`compress ${p.slug} ${p.recipe}`, `evaluate ${p.slug} "$OUT/models/${p.slug}" ${p.backend}`);
  }
  return lines.join('\n') + '\n';
}

export const COMPRESS_PY = `"""One-shot compression of one point with llm-compressor (written by KICK Lab's export)."""
import argparse

from datasets import load_dataset
from llmcompressor import oneshot

# The reference calibrates pruning on C4 (en, train shard 0) and GPTQ on WikiText-2 train.
CALIBRATION = {
    "c4": ("allenai/c4", {"data_files": {"train": "en/c4-train.00000-of-01024.json.gz"}}, "train"),
    "wikitext2": ("Salesforce/wikitext", {"name": "wikitext-2-raw-v1"}, "train"),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--recipe", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--calibration", choices=sorted(CALIBRATION), default="c4")
    parser.add_argument("--samples", type=int, default=128)
    parser.add_argument("--seq-len", type=int, default=2048)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--pipeline", choices=["sequential", "basic"], default="sequential")
    args = parser.parse_args()

    path, kwargs, split = CALIBRATION[args.calibration]
    data = load_dataset(path, split=split, **kwargs).filter(lambda row: row["text"].strip())
    data = data.shuffle(seed=args.seed).select(range(min(len(data), args.samples * 8)))
    oneshot(
        model=args.model,
        recipe=args.recipe,
        dataset=data,
        text_column="text",
        concatenate_data=True,
        num_calibration_samples=args.samples,
        max_seq_length=args.seq_len,
        pipeline=args.pipeline,
        output_dir=args.output,
    )


if __name__ == "__main__":
    main()
`;

export interface ReadmeInput {
  sweep: ExportSweep;
  model: string | null;
  points: readonly ScriptPoint[];
  gaps: ReadonlyMap<string, readonly string[]>;
  labOnlyTasks: readonly string[];
  taskList: readonly string[];
}

export function clusterReadme(r: ReadmeInput): string {
  const { llmCompressor: lc, compressedTensors: ct, lmEval: le } = UPSTREAM;
  const gapLines = [...r.gaps.entries()].flatMap(([slug, list]) => list.map((g) => `- \`${slug}\`: ${g}`));
  const hfPoints = r.points.filter((p) => p.backend === 'hf').map((p) => `\`${p.slug}\``);
  return [
    `# KICK Lab sweep ${r.sweep.id} on a cluster`,
    '',
    `${r.sweep.name ? `"${r.sweep.name}": ` : ''}the lab ran \`${r.sweep.config.model.id}\` (revision ${r.sweep.config.model.revision}) in a browser.`,
    r.model
      ? `This folder compresses \`${r.model}\`, its PyTorch checkpoint, with llm-compressor and evaluates every point with lm-evaluation-harness. Set \`MODEL\` to run the same sweep on a larger model (a 7B, a 70B).`
      : 'The lab model exists only in the lab: set `MODEL` to the PyTorch model to compress (e.g. `lmsys/vicuna-7b-v1.3`, the paper\'s).',
    '',
    '## What runs where',
    '',
    '- `run.sh`: for each point, `compress.py` (llm-compressor `oneshot` with `recipes/<point>.yaml`) writes a compressed-tensors checkpoint to `$OUT/models/<point>`; then `lm_eval` evaluates it with the vLLM backend (`--model vllm`) on the tasks in `tasks/kick/`, writing `results_*.json` and `samples_*.jsonl` to `$OUT/results/<point>`. The dense model is evaluated as it is. Each command is printed (`+ ...`) before it runs; a point already compressed is not compressed again.',
    `- GPUs: one GPU with room for the model in fp16/bf16 plus its calibration activations (a 7B model: one 40-80 GB GPU; a 70B model: set \`GPUS\` for vLLM's tensor parallelism, and llm-compressor's sequential pipeline offloads layer by layer). Compression runs on one GPU at a time.`,
    `- Points on lm_eval's \`hf\` backend (vLLM has no kernel for their weight width): ${hfPoints.length ? hfPoints.join(', ') : 'none'}.`,
    `- Tasks: \`${r.taskList.join(',')}\`. Import each point's results folder back into the lab (History, "Import lm-eval results") to see the points beside the browser's.`,
    ...(r.labOnlyTasks.length ? [`- Not exported: ${r.labOnlyTasks.join(', ')} (judged by a language model in the lab; lm-evaluation-harness has no pairwise judge).`] : []),
    '',
    '## Packages',
    '',
    'Python 3.10 or later, CUDA GPUs. Versions the recipes and task files were written against (checked by the lab\'s tests against these sources; the script itself was not run by the lab):',
    '',
    `- llm-compressor ${lc.version}, ${lc.repo}@${lc.commit} (it pins compressed-tensors 0.18, transformers 5.15, torch 2.10-2.13)`,
    `- compressed-tensors ${ct.repo}@${ct.commit}`,
    `- lm-evaluation-harness ${le.version}, ${le.repo}@${le.commit}, with its \`vllm\` extra (vllm 0.18 or later)`,
    '- `pip install "llmcompressor @ git+https://github.com/' + lc.repo + '@' + lc.commit + '" "lm_eval[vllm] @ git+https://github.com/' + le.repo + '@' + le.commit + '"`',
    '- Data: lm-eval loads the tasks\' data sets from the Hugging Face hub (`freebase_qa`, `cais/mmlu`, `mandarjoshi/trivia_qa`, `Salesforce/wikitext`) and compress.py its calibration text (`allenai/c4` or `Salesforce/wikitext`): the nodes need hub access or a filled `HF_HOME` cache. Should `datasets` refuse a repository that still ships a loading script, add `dataset_kwargs: {revision: refs/convert/parquet}` to that task\'s YAML (the hub\'s parquet copy).',
    '',
    'Settings (environment): `MODEL`, `OUT` (default `./out`), `GPUS`, `MAX_LEN` (2048, the paper\'s context), `CALIBRATION` (`c4` or `wikitext2`), `CALIB_SAMPLES`, `CALIB_SEQ_LEN`, `SEED`, `PIPELINE` (`sequential`: each block calibrated on the outputs of the compressed earlier blocks, the lab\'s "sequential"; `basic`: all from the dense model, the lab\'s "one-shot"), `LIMIT`.',
    '',
    '## Where this differs from the lab',
    '',
    '- Examples: `lm_eval --limit N` takes the first N examples of each task; the lab draws a seeded sample. Scores are comparable, not the same examples.',
    '- Factoid-QA: the reference generates up to 3 x the prompt\'s tokens; lm-eval takes one limit per task, so the task allows 64 new tokens. The kick rule\'s num_examples + 1 / num_examples quirk is not reproduced: lm-eval divides by the questions scored.',
    '- MMLU: the lab lowers the number of shots while a prompt exceeds the context; lm-eval keeps 5 shots (the vLLM backend cuts the prompt from the left). kick is `kick_mmlu_kick` (one greedy token, its last character), strict is `kick_mmlu_strict` (`acc`: log-likelihood of " A".." D").',
    '- TriviaQA open book: the lab cuts the evidence from its start when a prompt is too long; lm-eval cuts the prompt from the left.',
    '- Perplexity: lm-eval reports word and byte perplexity over rolling windows of the model\'s context; the lab reports token perplexity over full windows. They are different numbers on different scales.',
    '- Calibration: llm-compressor tokenizes and concatenates the calibration text into samples of `CALIB_SEQ_LEN` tokens; the reference takes random windows. A lab sweep calibrated on its built-in or pasted text calibrates on C4 here.',
    '',
    '## Methods and options llm-compressor does not have',
    '',
    ...(gapLines.length ? gapLines : ['None for this sweep.']),
    '',
  ].join('\n');
}
