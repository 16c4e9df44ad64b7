/** A data set that could not be fetched or no longer has the expected shape. */
export class DatasetLoadError extends Error {
  readonly dataset: string;
  /** Every attempt failed on the network or on a busy server: the same request may work later. */
  readonly transient: boolean;
  constructor(dataset: string, message: string, transient = false) {
    super(`data set "${dataset}": ${message}`);
    this.name = 'DatasetLoadError';
    this.dataset = dataset;
    this.transient = transient;
  }
}
