// SHA-256 of a data set file's bytes, as recorded with every result read from it.

/** Where a data set's rows were read from and the SHA-256 (hex) of that file's uncompressed bytes. */
export interface FileHash {
  path: string;
  sha256: string;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
