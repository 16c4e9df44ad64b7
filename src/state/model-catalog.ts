// The models the setup offers: the built-in kick-tiny and a few small hub models known to run in
// a browser tab. Sizes are the fp32 ONNX downloads (the lab compresses fp32 weights) and the peak
// memory of a run, from `npm run bench:eval -- --memory` (tools/bench/eval-memory.ts, 2026-12-06,
// headless Chromium, the lab in its worker, evaluation on ORT's wasm EP): the resident memory of
// the tab's renderer process, which holds the JS heaps, the ArrayBuffers and ORT's wasm memory. On
// a random model of SmolLM2-360M's shapes it rose by 2.85x the fp32 weight bytes (one patched copy
// in the heap, the dense bytes in the origin-private file system, the session's copy in ORT's wasm
// memory, memory freed but not yet handed back); kick-tiny's whole run peaked at 880 MB, most of it
// the tab and ORT themselves. A model's figure is that ratio times its download plus what
// kick-tiny's run holds beside its weights. Browsers without OPFS keep the dense bytes in memory
// too (1x more).

/** Rise of a run's resident memory over its fp32 weight bytes (SmolLM2-360M's shapes, measured). */
const PEAK_OVER_WEIGHTS = 2.85;
/** What a run's tab holds beside the weights (kick-tiny's 880 MB less 2.85x its 17 MB). */
const RUN_OVERHEAD_MB = 830;

function runMemoryMb(downloadMb: number): number {
  return Math.round((PEAK_OVER_WEIGHTS * downloadMb + RUN_OVERHEAD_MB) / 10) * 10;
}

export interface CatalogModel {
  id: string;
  label: string;
  /** Approximate download, in MB. */
  downloadMb: number;
  /** Approximate peak memory of a run, in MB. */
  memoryMb: number;
  note: string;
}

export const BUILTIN_MODEL_ID = 'kick-tiny';

export const MODEL_CATALOG: readonly CatalogModel[] = [
  { id: BUILTIN_MODEL_ID, label: 'kick-tiny (built in, offline)', downloadMb: 17, memoryMb: runMemoryMb(17), note: 'A 4-layer Llama trained on the built-in KICK world; runs in seconds on any machine.' },
  { id: 'HuggingFaceTB/SmolLM2-135M-Instruct', label: 'SmolLM2 135M Instruct', downloadMb: 540, memoryMb: runMemoryMb(540), note: 'Smallest real chat model here; minutes per point on a laptop GPU.' },
  { id: 'HuggingFaceTB/SmolLM2-360M-Instruct', label: 'SmolLM2 360M Instruct', downloadMb: 1450, memoryMb: runMemoryMb(1450), note: 'Needs a GPU with 4 GB or more.' },
  { id: 'onnx-community/Qwen2.5-0.5B-Instruct', label: 'Qwen2.5 0.5B Instruct', downloadMb: 2000, memoryMb: runMemoryMb(2000), note: 'Needs a GPU with 6 GB or more.' },
  { id: 'onnx-community/Llama-3.2-1B-Instruct', label: 'Llama 3.2 1B Instruct', downloadMb: 4900, memoryMb: runMemoryMb(4900), note: 'Desktop GPU; the 2 GB buffer limit of some browsers may refuse it.' },
  { id: 'Xenova/TinyLlama-1.1B-Chat-v1.0', label: 'TinyLlama 1.1B Chat', downloadMb: 4400, memoryMb: runMemoryMb(4400), note: 'Desktop GPU; an older chat model, a useful contrast to Llama 3.2.' },
];

/** A Hugging Face repository id: owner/name, letters, digits, '.', '_' and '-'. */
export const HUB_ID_PATTERN = /^[\w.-]+\/[\w.-]+$/;

/** Why a typed model id cannot be used, or null when it can. */
export function hubIdProblem(id: string): string | null {
  const t = id.trim();
  if (!t) return 'type a model id such as HuggingFaceTB/SmolLM2-135M-Instruct';
  if (t === BUILTIN_MODEL_ID) return null;
  if (!HUB_ID_PATTERN.test(t)) return 'a hub id looks like owner/name (letters, digits, ".", "_" and "-")';
  if (t.includes('..')) return 'a hub id cannot contain ".."';
  if (t.length > 96) return 'a hub id has at most 96 characters';
  return null;
}

export function catalogEntry(id: string): CatalogModel | null {
  return MODEL_CATALOG.find((m) => m.id === id) ?? null;
}
