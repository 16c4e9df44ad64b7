/** A data set that could not be fetched or no longer has the expected shape. */
export class DatasetLoadError extends Error {
  readonly dataset: string;
  constructor(dataset: string, message: string) {
    super(`data set "${dataset}": ${message}`);
    this.name = 'DatasetLoadError';
    this.dataset = dataset;
  }
}
