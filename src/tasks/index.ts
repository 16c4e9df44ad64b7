// The tasks layer's public surface, for the worker and the headless runner.
export type { GenerateOptions, LanguageModel } from './model.ts';
export { applyChatTemplate, vicunaTemplate } from './model.ts';
export type { ExampleRecord, GroupScore, Score, SkipCounts, TaskId, TaskResult } from './result.ts';
export { runFactoid, factoidPrompt } from './factoid.ts';
export { runMcr } from './mcr.ts';
export { runIcr } from './icr.ts';
export { runSummarization } from './summarization.ts';
export { runInstruction } from './instruction.ts';
export { runPerplexity } from './perplexity.ts';
export { buildRunRecord, FULL_SIZES, runSuite, TASK_DATASET, type LoadedSets, type SuiteConfig, type SuiteRun, type SuiteSizes } from './suite.ts';
export { loadC4, loadCnnStories, loadFreebaseQA, loadMany, loadMmlu, loadTriviaQA, loadVicunaBench, loadWikitext2, type Loaded } from './datasets/loaders.ts';
export { DATASET_NAMES, HUB_SPLITS, type DataSource, type DatasetName } from './datasets/sources.ts';
export { folderSource, folderSourceFromFiles } from './datasets/folderSource.ts';
export { defaultTextCache, MemoryTextCache, type TextCache } from './datasets/cache.ts';
export { DatasetLoadError } from './datasets/errors.ts';
export { LAPTOP_SIZES, type SampleSize } from './datasets/sampling.ts';
export { OpenAiJudgeClient, type JudgeEndpointConfig } from './judge/openaiClient.ts';
export { recordFromJson, recordToCsv, recordToJson, RECORD_VERSION, runRecordSchema, type RunRecord } from './record.ts';
