// The example sweeps the Results page offers before any run exists: real runs of the lab on
// kick-tiny, recorded by tools/examples/record.ts into public/examples/ and fetched from the app's
// own base URL, so that no number shown as an example is made up.
import { SweepFormatError, validateSweep, type Sweep } from './sweep.ts';

export interface ExampleSweep {
  /** Names the button (data-testid `example-<id>`) and the file. */
  id: 'paper' | 'quant';
  /** Path under the app's base URL (public/ in the checkout). */
  file: string;
  label: string;
}

export const EXAMPLE_SWEEPS: readonly ExampleSweep[] = [
  { id: 'paper', file: 'examples/paper-finding.json', label: 'Example: magnitude vs wanda on kick-tiny' },
  { id: 'quant', file: 'examples/quant.json', label: 'Example: rtn vs gptq, wanda 2:4' },
];

export class ExampleLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExampleLoadError';
  }
}

type Fetch = (url: string) => Promise<Pick<Response, 'ok' | 'status' | 'statusText' | 'text'>>;

/** Fetches and validates one example; every failure is one `ExampleLoadError` line naming the file. */
export async function loadExampleSweep(example: ExampleSweep, baseUrl: string, fetchFile: Fetch = (u) => fetch(u)): Promise<Sweep> {
  const url = `${baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`}${example.file}`;
  let text: string;
  try {
    const response = await fetchFile(url);
    if (!response.ok) throw new ExampleLoadError(`could not load the example ${example.file}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    text = await response.text();
  } catch (e) {
    if (e instanceof ExampleLoadError) throw e;
    throw new ExampleLoadError(`could not load the example ${example.file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ExampleLoadError(`the example ${example.file} is not JSON`);
  }
  try {
    return validateSweep(value);
  } catch (e) {
    if (e instanceof SweepFormatError) throw new ExampleLoadError(`the example ${example.file} is not a sweep this app reads: ${e.message}`);
    throw e;
  }
}
