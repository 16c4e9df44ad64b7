// MMLU subject -> the four categories of the Hendrycks et al. release (categories.py).

export type MmluCategory = 'STEM' | 'humanities' | 'social sciences' | 'other (business, health, misc.)';

const STEM = [
  'abstract_algebra', 'astronomy', 'college_biology', 'college_chemistry', 'college_computer_science',
  'college_mathematics', 'college_physics', 'computer_security', 'conceptual_physics', 'electrical_engineering',
  'elementary_mathematics', 'high_school_biology', 'high_school_chemistry', 'high_school_computer_science',
  'high_school_mathematics', 'high_school_physics', 'high_school_statistics', 'machine_learning',
];
const HUMANITIES = [
  'formal_logic', 'high_school_european_history', 'high_school_us_history', 'high_school_world_history',
  'international_law', 'jurisprudence', 'logical_fallacies', 'moral_disputes', 'moral_scenarios', 'philosophy',
  'prehistory', 'professional_law', 'world_religions',
];
const SOCIAL = [
  'econometrics', 'high_school_geography', 'high_school_government_and_politics', 'high_school_macroeconomics',
  'high_school_microeconomics', 'high_school_psychology', 'human_sexuality', 'professional_psychology',
  'public_relations', 'security_studies', 'sociology', 'us_foreign_policy',
];
const OTHER = [
  'anatomy', 'business_ethics', 'clinical_knowledge', 'college_medicine', 'global_facts', 'human_aging',
  'management', 'marketing', 'medical_genetics', 'miscellaneous', 'nutrition', 'professional_accounting',
  'professional_medicine', 'virology',
];

export const MMLU_SUBJECT_CATEGORY: Readonly<Record<string, MmluCategory>> = Object.fromEntries([
  ...STEM.map((s) => [s, 'STEM'] as const),
  ...HUMANITIES.map((s) => [s, 'humanities'] as const),
  ...SOCIAL.map((s) => [s, 'social sciences'] as const),
  ...OTHER.map((s) => [s, 'other (business, health, misc.)'] as const),
]);

export const MMLU_SUBJECTS: readonly string[] = Object.keys(MMLU_SUBJECT_CATEGORY).sort();
