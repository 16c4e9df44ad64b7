// Small data sets in the fixture layout, written by the tests themselves so the loaders and tasks
// are exercised even where ../shared is absent.

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

export const tinyFreebase = [
  { id: 'fb-0', question: 'Who wrote Hamlet?', answers: ['william shakespeare'], answer_mids: ['m.1'], parses: [] },
  { id: 'fb-1', question: 'What is the capital of France?', answers: ['paris'], answer_mids: ['m.2'], parses: [] },
  { id: 'fb-2', question: 'Which planet is called the Red Planet?', answers: ['mars'], answer_mids: ['m.3'], parses: [] },
  { id: 'fb-3', question: 'Which river, the Seine or the Thames, flows through Paris?', answers: ['seine'], answer_mids: ['m.4'], parses: [] },
];

const choice = (subject: string, question: string, answer: 'A' | 'B' | 'C' | 'D') => ({ subject, question, choices: ['one', 'two', 'three', 'four'], answer });

export const tinyMmluDev = [
  choice('abstract_algebra', 'Dev algebra 1?', 'A'),
  choice('abstract_algebra', 'Dev algebra 2?', 'B'),
  choice('world_religions', 'Dev religions 1?', 'C'),
];
export const tinyMmluTest = [
  choice('abstract_algebra', 'Test algebra 1?', 'B'),
  choice('abstract_algebra', 'Test algebra 2?', 'C'),
  choice('world_religions', 'Test religions 1?', 'D'),
  choice('world_religions', 'Test religions 2?', 'A'),
];

export const tinyTrivia = [
  {
    id: 'tqa-0',
    question: 'What spirit is in a Bloody Maria?',
    value: 'Tequila',
    answers: ['Tequila', 'TEQUILA'],
    normalized_answers: ['tequila'],
    context: null,
    wiki_context: 'Tequila is a distilled beverage made from the blue agave plant.',
    search_context: null,
  },
  {
    id: 'tqa-1',
    question: 'Which city hosts the Louvre?',
    value: 'Paris',
    answers: ['Paris'],
    normalized_answers: ['paris'],
    context: null,
    wiki_context: null,
    search_context: null,
  },
];

export const tinyStories = [
  {
    id: 'aaa',
    bucket: 'small',
    story: '(CNN) -- A cat climbed a tree.\n\nFirefighters rescued the cat on Monday.',
    highlights: ['Firefighters rescued a cat', 'The cat climbed a tree'],
    llmkick_question_id: 1,
    llmkick_instruction: 'Summarize the given story in less than 150 words while preserving high coherence, consistency, fluency, and relevance.',
    story_chars: 70,
    story_words: 13,
  },
  {
    id: 'bbb',
    bucket: 'mid',
    story: 'The council approved a new park.\n\nConstruction starts in May.',
    highlights: ['Council approves park', 'Construction begins in May'],
    llmkick_question_id: 31,
    llmkick_instruction: 'Summarize the given news in less than 150 words while preserving high coherence, consistency, fluency, and relevance.',
    story_chars: 60,
    story_words: 10,
  },
  {
    id: 'ccc',
    bucket: 'large',
    story: 'A long story about a marathon.\n\nThe winner finished in record time.',
    highlights: ['Marathon record broken'],
    llmkick_question_id: 61,
    llmkick_instruction: 'Summarize the given news in less than 150 words while preserving high coherence, consistency, fluency, and relevance.',
    story_chars: 64,
    story_words: 12,
  },
];

const summaryTemplate = {
  system_prompt: 'You check summaries.',
  prompt_template:
    "[Story]\n{question}\n\n[The Start of Assistant 1's Summary]\n{answer_1}\n\n[The End of Assistant 1's Summary]\n\n[The Start of Assistant 2's Answer]\n{answer_2}\n\n[The End of Assistant 2's Summary]\n\n[System]\n{prompt}\n\n",
  defaults: { prompt: 'Give four lines of two scores.' },
  description: 'Prompt for general summary',
};
export const tinyCnnPrompts = ['small', 'mid', 'large'].map((category, i) => ({ prompt_id: i + 1, ...summaryTemplate, category }));
export const tinyCnnReviewers = ['small', 'mid', 'large'].map((category, i) => ({
  reviewer_id: `r-${category}`,
  prompt_id: i + 1,
  metadata: { temperature: 0.2, max_tokens: 1024 },
  description: 'judge',
  category,
}));

export const tinyVicunaQuestions = [
  { question_id: 1, text: 'How can I improve my time management skills?', category: 'generic' },
  { question_id: 2, text: 'Write a function that reverses a string.', category: 'coding' },
  { question_id: 3, text: 'What is 17 * 3?', category: 'math' },
];
export const tinyVicunaAnswers = [
  { answer_id: 'a1', question_id: 1, model_id: 'gpt-3.5-turbo:20230327', text: 'Plan your day and set priorities.' },
  { answer_id: 'a2', question_id: 2, model_id: 'gpt-3.5-turbo:20230327', text: 'def rev(s): return s[::-1]' },
  { answer_id: 'a3', question_id: 3, model_id: 'gpt-3.5-turbo:20230327', text: '17 * 3 = 51' },
];
const qaTemplate = (prompt_id: number, category: string, instruction: string) => ({
  prompt_id,
  system_prompt: 'You check answers.',
  prompt_template:
    "[Question]\n{question}\n\n[The Start of Assistant 1's Answer]\n{answer_1}\n\n[The End of Assistant 1's Answer]\n\n[The Start of Assistant 2's Answer]\n{answer_2}\n\n[The End of Assistant 2's Answer]\n\n[System]\n{prompt}\n\n",
  defaults: { prompt: instruction },
  description: `Prompt for ${category} questions`,
  category,
});
export const tinyVicunaPrompts = [
  qaTemplate(1, 'general', 'Output one line with two scores.'),
  qaTemplate(2, 'coding', 'Review the code; output two scores first.'),
  qaTemplate(3, 'math', 'Solve it, then output a Python tuple of two scores.'),
];
export const tinyVicunaReviewers = ['general', 'coding', 'math'].map((category, i) => ({
  reviewer_id: `gpt-4-${category}`,
  prompt_id: i + 1,
  metadata: { temperature: 0.2, max_tokens: 1024 },
  description: 'judge',
  category,
}));

/** wiki.test.raw style: blank lines are a single space. */
export const tinyWikitextRaw = ' \n = Robert Boulter = \n \n Robert Boulter is an English actor . \n \n';
export const tinyC4 = [{ text: 'First calibration document.' }, { text: 'Second calibration document.' }];

/** Path (fixture layout) -> file text. */
export function tinyFixtureFiles(): Record<string, string> {
  return {
    'freebaseqa/eval.jsonl': jsonl(tinyFreebase),
    'mmlu/dev.jsonl': jsonl(tinyMmluDev),
    'mmlu/test.jsonl': jsonl(tinyMmluTest).trimEnd(), // no final newline, as in some shared files
    'triviaqa/rc_wikipedia_validation_closedbook.jsonl': jsonl(tinyTrivia),
    'cnn_stories/stories.jsonl': jsonl(tinyStories),
    'cnn_stories/prompt.jsonl': jsonl(tinyCnnPrompts),
    'cnn_stories/reviewer.jsonl': jsonl(tinyCnnReviewers),
    'vicuna_bench/questions.jsonl': jsonl(tinyVicunaQuestions),
    'vicuna_bench/reference_answers.jsonl': jsonl(tinyVicunaAnswers),
    'vicuna_bench/prompt.jsonl': jsonl(tinyVicunaPrompts),
    'vicuna_bench/reviewer.jsonl': jsonl(tinyVicunaReviewers),
    'wikitext2/test.txt': tinyWikitextRaw,
    'c4/sample.jsonl': jsonl(tinyC4),
  };
}
