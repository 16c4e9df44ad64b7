// Maps the hub's row shape of each public data set onto the lab's fixture records.
import { z } from 'zod';
import type { HubRow } from './hub-rows.ts';
import { validate } from './jsonl.ts';
import type { FreebaseRecord, MmluRecord, TriviaRecord } from './schemas.ts';

// freebase_qa: Parses is a Sequence of structs, which the hub serves as a struct of lists; accept the
// list-of-structs form too. The reference takes Parses[0].Answers[0].AnswersName.
const answersStruct = z.object({ AnswersName: z.array(z.array(z.string())) });
const answersList = z.array(z.object({ AnswersName: z.array(z.string()) }));
const freebaseHubRow = z.object({
  'Question-ID': z.string(),
  RawQuestion: z.string(),
  Parses: z.union([
    z.object({ Answers: z.array(z.union([answersStruct, answersList])) }),
    z.array(z.object({ Answers: z.union([answersStruct, answersList]) })),
  ]),
});

export function freebaseFromHub(name: string, r: HubRow): FreebaseRecord {
  const row = validate(name, `row ${r.rowIdx}`, r.row, freebaseHubRow);
  const firstParseAnswers = Array.isArray(row.Parses) ? row.Parses[0]?.Answers : row.Parses.Answers[0];
  let names: string[] = [];
  if (Array.isArray(firstParseAnswers)) names = firstParseAnswers[0]?.AnswersName ?? [];
  else if (firstParseAnswers) names = firstParseAnswers.AnswersName[0] ?? [];
  return { id: row['Question-ID'], question: row.RawQuestion, answers: names };
}

const mmluHubRow = z.object({
  question: z.string(),
  subject: z.string(),
  choices: z.array(z.string()).length(4),
  answer: z.number().int().min(0).max(3),
});

export function mmluFromHub(name: string, r: HubRow): MmluRecord {
  const row = validate(name, `row ${r.rowIdx}`, r.row, mmluHubRow);
  const letters = ['A', 'B', 'C', 'D'] as const;
  return { subject: row.subject, question: row.question, choices: row.choices, answer: letters[row.answer] };
}

const triviaHubRow = z.object({
  question: z.string(),
  question_id: z.string(),
  answer: z.object({ aliases: z.array(z.string()), normalized_aliases: z.array(z.string()), value: z.string() }),
  entity_pages: z.unknown().optional(),
  search_results: z.unknown().optional(),
});
const contexts = z.object({ wiki_context: z.array(z.string()).optional(), search_context: z.array(z.string()).optional() });

function firstContext(value: unknown, key: 'wiki_context' | 'search_context', truncated: boolean): string | null {
  // A cell the server truncated holds a cut JSON string, not the list: treat the evidence as absent.
  if (truncated) return null;
  const parsed = contexts.safeParse(value);
  if (!parsed.success) return null;
  return parsed.data[key]?.[0] ?? null;
}

export function triviaFromHub(name: string, r: HubRow): TriviaRecord {
  const row = validate(name, `row ${r.rowIdx}`, r.row, triviaHubRow);
  const answers = [row.answer.value, ...row.answer.aliases.filter((a) => a !== row.answer.value)];
  return {
    id: row.question_id,
    question: row.question,
    answers,
    normalized_answers: row.answer.normalized_aliases,
    wiki_context: firstContext(row.entity_pages, 'wiki_context', r.truncatedCells.includes('entity_pages')),
    search_context: firstContext(row.search_results, 'search_context', r.truncatedCells.includes('search_results')),
  };
}

const textRow = z.object({ text: z.string() });
export function textFromHub(name: string, r: HubRow): string {
  return validate(name, `row ${r.rowIdx}`, r.row, textRow).text;
}
