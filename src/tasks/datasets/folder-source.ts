// A folder the user picked (<input type="file" webkitdirectory>, or dropped files) as a data source.
import type { DataSource } from './sources.ts';

export interface PickedFile {
  /** Path inside the picked folder, e.g. "datasets/mmlu/dev.jsonl" (webkitRelativePath). */
  path: string;
  text(): Promise<string>;
}

/**
 * Files are matched by the end of their path, so picking the data-set folder itself or a folder
 * above it both work: "mmlu/dev.jsonl" finds "shared/datasets/mmlu/dev.jsonl".
 */
export function folderSource(label: string, files: PickedFile[]): DataSource {
  const byPath = new Map(files.map((f) => [f.path.replaceAll('\\', '/'), f]));
  return {
    kind: 'files',
    label,
    readText: async (rel) => {
      const exact = byPath.get(rel);
      if (exact) return exact.text();
      for (const [path, file] of byPath) if (path.endsWith('/' + rel)) return file.text();
      return null;
    },
  };
}

/** From browser File objects (their webkitRelativePath, or the bare name when it is empty). */
export function folderSourceFromFiles(label: string, files: Iterable<File>): DataSource {
  return folderSource(
    label,
    Array.from(files, (f) => ({ path: f.webkitRelativePath || f.name, text: () => f.text() })),
  );
}
