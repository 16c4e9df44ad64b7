// Why a download failed, for callers to turn into their own errors (a model that cannot be
// resolved, a data set that cannot be loaded). Aborts are not DownloadErrors: they reject with the
// signal's reason, so an AbortError stays an AbortError.

/**
 * 'http': the server answered a status that retrying would not change (404, 401, 403...).
 * 'network': every attempt failed: no answer, a connection dropped part-way, or a busy server
 * (408, 429, 5xx) each time.
 * 'cors': the server answered, but without the CORS headers that let the page read the answer.
 */
export type DownloadErrorKind = 'http' | 'network' | 'cors';

export class DownloadError extends Error {
  private constructor(
    readonly kind: DownloadErrorKind,
    readonly url: string,
    /** The last HTTP status answered; null when the last attempt got no answer or lost its connection. */
    readonly status: number | null,
    /** Requests made, the first one included. */
    readonly attempts: number,
    message: string,
  ) {
    super(message);
    this.name = 'DownloadError';
  }

  static http(url: string, status: number, attempts: number): DownloadError {
    return new DownloadError('http', url, status, attempts, `GET ${url} answered HTTP ${status}`);
  }

  /** `why` says what the server lacks and how to fix it (fetch-failure.ts). */
  static cors(url: string, file: string, attempts: number, why: string): DownloadError {
    return new DownloadError('cors', url, null, attempts, `download of ${file} was refused by the browser: ${why}`);
  }

  /** `file` names the download in the message (a repo-relative name, or the URL). */
  static gaveUp(url: string, file: string, attempts: number, lastFailure: string, lastStatus: number | null): DownloadError {
    return new DownloadError('network', url, lastStatus, attempts, `download of ${file} failed after ${attempts} attempts (${lastFailure})`);
  }
}
