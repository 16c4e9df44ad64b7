// Errors of model resolution, each with a code the UI can switch on and a message that says what to do.

export type ModelErrorCode =
  | 'unknown-model'
  | 'gated'
  | 'no-onnx'
  | 'quantized-only'
  | 'unsupported-architecture'
  | 'missing-file'
  | 'network'
  | 'bad-config';

export class ModelResolveError extends Error {
  constructor(
    readonly code: ModelErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ModelResolveError';
  }
}

/** The hub's file listing answered an HTTP status that says nothing more specific (not 404, 401 or 403). */
export class HttpStatusError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
  ) {
    super(`GET ${url} answered HTTP ${status}`);
  }
}
