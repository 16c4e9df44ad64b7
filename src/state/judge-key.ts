// The judge's API key, held in this tab's memory only: never in the sweep config, the history,
// a share link or an export. A reload forgets it (a resumed sweep asks the judge without it).
let key: string | null = null;

export function setJudgeKey(value: string | null): void {
  key = value && value.trim() ? value.trim() : null;
}

export function judgeKey(): string | null {
  return key;
}
