// Uncertainty of every score and of every drop from dense; pure functions of per-example outcomes.
export * from './interval.ts';
export { bootstrapMean, bootstrapPerplexity, bootstrapReplicates, perplexityOf, type BootstrapOptions, type WindowNll } from './bootstrap.ts';
export { isBinary, wilsonInterval } from './proportion.ts';
export { mcnemarExact, signFlipTest } from './paired-tests.ts';
export { pairedDrop, pairedPerplexityDrop, verdictOf, type PairedOptions } from './paired.ts';
