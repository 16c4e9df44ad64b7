/** WebGPU is missing from this browser, or no adapter could be obtained. */
export class GpuUnavailableError extends Error {
  override name = 'GpuUnavailableError';
}

/** The device went away (driver reset, tab in background, GPU removed). The next acquire gets a new one. */
export class GpuDeviceLostError extends Error {
  override name = 'GpuDeviceLostError';
  constructor(readonly reason: string, message: string) {
    super(message);
  }
}

/** The device loss behind `error`, following its causes (a layer's failure wraps the kernel's). */
export function deviceLossIn(error: unknown): GpuDeviceLostError | null {
  for (let e = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof GpuDeviceLostError) return e;
  }
  return null;
}

/** A job needs more than the adapter can give: a buffer too large, too many bindings. */
export class GpuLimitError extends Error {
  override name = 'GpuLimitError';
}

/** A WebGPU validation or out-of-memory error caught by an error scope. */
export class GpuValidationError extends Error {
  override name = 'GpuValidationError';
}
