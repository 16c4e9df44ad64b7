// A sweep as a folder a cluster runs unchanged: llm-compressor recipes per point, the KICK tasks for
// lm-evaluation-harness, run.sh and a README saying what runs where and what differs from the lab.
import { lmEvalTaskFiles, lmEvalTaskList, TASKS_WITHOUT_LM_EVAL } from './lm-eval-tasks.ts';
import { pointSlug, type ExportPoint, type ExportSweep } from './point.ts';
import { recipeFor } from './recipe.ts';
import { clusterReadme, COMPRESS_PY, runScript, type ScriptPoint } from './run-script.ts';
import { toYaml } from './yaml-text.ts';

export type PlannedPoint = Pick<ExportPoint, 'method' | 'sparsity' | 'pattern' | 'bits'>;

/**
 * The PyTorch checkpoints behind the lab's ONNX models (llm-compressor and vLLM load PyTorch
 * weights). kick-tiny lives only in the lab: its export asks for a model.
 */
const PYTORCH_ORIGINALS: Readonly<Record<string, string>> = {
  'onnx-community/Qwen2.5-0.5B-Instruct': 'Qwen/Qwen2.5-0.5B-Instruct',
  'onnx-community/Llama-3.2-1B-Instruct': 'meta-llama/Llama-3.2-1B-Instruct',
  'Xenova/TinyLlama-1.1B-Chat-v1.0': 'TinyLlama/TinyLlama-1.1B-Chat-v1.0',
};

export function pytorchModelOf(labModel: string): string | null {
  if (labModel === 'kick-tiny') return null;
  return PYTORCH_ORIGINALS[labModel] ?? labModel;
}

/** The folder's files (relative path -> text), for a sweep and the points it plans. */
export function clusterExportFiles(sweep: ExportSweep, points: readonly PlannedPoint[]): Record<string, string> {
  const files: Record<string, string> = {};
  const labTasks = sweep.config.tasks.map((t) => t.task);
  const gaps = new Map<string, string[]>();
  const scriptPoints: ScriptPoint[] = [];
  for (const p of points) {
    const params = sweep.config.methods.find((m) => m.id === p.method)?.params ?? {};
    const slug = pointSlug(p);
    const { recipe, gaps: pointGaps } = recipeFor({ ...p, params });
    if (pointGaps.length) gaps.set(slug, pointGaps);
    if (p.method === 'dense') scriptPoints.push({ slug, recipe: null, backend: 'vllm' });
    else if (recipe) {
      files[`recipes/${slug}.yaml`] = toYaml(recipe);
      const vllmServes = p.bits === null || p.bits === 4 || p.bits === 8;
      scriptPoints.push({ slug, recipe: `recipes/${slug}.yaml`, backend: vllmServes ? 'vllm' : 'hf' });
    }
  }
  for (const [path, text] of Object.entries(lmEvalTaskFiles(labTasks))) files[`tasks/kick/${path}`] = text;
  const limit = Math.max(0, ...sweep.config.tasks.map((t) => (t.size === 'full' ? 0 : t.size)));
  const fullRun = sweep.config.tasks.every((t) => t.size === 'full');
  const model = pytorchModelOf(sweep.config.model.id);
  const taskList = lmEvalTaskList(labTasks);
  files['compress.py'] = COMPRESS_PY;
  files['run.sh'] = runScript({ sweepId: sweep.id, model, calibration: sweep.config.calibration, tasks: taskList, limit: fullRun ? null : limit, points: scriptPoints });
  files['README.md'] = clusterReadme({
    sweep,
    model,
    points: scriptPoints,
    gaps,
    labOnlyTasks: labTasks.filter((t) => TASKS_WITHOUT_LM_EVAL.includes(t)),
    taskList,
  });
  return files;
}
