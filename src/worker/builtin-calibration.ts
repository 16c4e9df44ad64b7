import { corpusPart, generateWorld } from '../kickworld/index.ts';

/**
 * Calibration text for kick-tiny: biographies of its own world, the running text it was trained on
 * (LLM-KICK calibrates on C4, the kind of text the models were trained on).
 */
export function kickworldCalibrationText(maxChars = 400_000): string {
  const parts: string[] = [];
  let length = 0;
  for (const doc of corpusPart(generateWorld(), 'bio')) {
    if (doc.type !== 'text') continue;
    parts.push(doc.text);
    length += doc.text.length + 2;
    if (length >= maxChars) break;
  }
  return parts.join('\n\n');
}
