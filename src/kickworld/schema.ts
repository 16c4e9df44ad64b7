/**
 * The kinds of KICK-world entities and their attributes: where each value comes from and how a
 * fact is said (several paraphrases), asked, and summarised.
 */

export type EntityKind = 'person' | 'city' | 'country' | 'river' | 'company' | 'invention';

export const ENTITY_KINDS: readonly EntityKind[] = ['person', 'city', 'country', 'river', 'company', 'invention'];

/** Where a value is drawn from. `pool` names a fixed list (below) or an invented-word pool (world.ts). */
export type ValueSource =
  | { type: 'pool'; pool: PoolName }
  | { type: 'entity'; kind: EntityKind }
  | { type: 'year'; min: number; max: number }
  | { type: 'number'; min: number; max: number; step: number; unit: string };

export interface AttributeSpec {
  key: string;
  /** Short label used in lists ("profession"). */
  label: string;
  source: ValueSource;
  /** Paraphrases of the fact; `{s}` is the subject's name, `{v}` the value. */
  statements: readonly string[];
  /** The question asked in the task sets. */
  question: string;
  /** Other phrasings of the question, used in training QA lines. */
  questionVariants: readonly string[];
  /** Clause used in reference summaries (`{v}` only). */
  summary: string;
  /** The noun asked for in 4-choice questions ("the profession"). */
  mcrStem: string;
}

export interface KindSpec {
  kind: EntityKind;
  /** Subject used in the MMLU-style header (`about {subject}`). */
  subject: string;
  intro: readonly string[];
  attributes: readonly AttributeSpec[];
}

export type PoolName =
  | 'profession'
  | 'colour'
  | 'instrument'
  | 'industry'
  | 'climate'
  | 'animal'
  | 'continent'
  | 'sea'
  | 'fish'
  | 'product'
  | 'material'
  | 'purpose'
  | 'currency'
  | 'language';

/** Fixed pools of ordinary words. `continent`, `sea`, `currency`, `language` are invented per world. */
export const FIXED_POOLS: Partial<Record<PoolName, readonly string[]>> = {
  profession: [
    'baker', 'sailor', 'painter', 'surgeon', 'carpenter', 'astronomer', 'weaver', 'lawyer', 'potter', 'chemist',
    'teacher', 'architect', 'farmer', 'violinist', 'engineer', 'librarian', 'jeweller', 'pilot', 'miner', 'poet',
    'tailor', 'botanist', 'goldsmith', 'cartographer', 'brewer', 'sculptor', 'banker', 'judge', 'clockmaker', 'dancer',
  ],
  colour: ['red', 'blue', 'green', 'yellow', 'purple', 'orange', 'brown', 'grey', 'white', 'black', 'pink', 'silver', 'gold', 'teal'],
  instrument: [
    'harp', 'flute', 'cello', 'drum', 'lute', 'trumpet', 'organ', 'guitar', 'piano', 'oboe', 'banjo', 'clarinet', 'horn', 'zither',
    'accordion', 'bagpipe',
  ],
  industry: [
    'shipbuilding', 'textiles', 'fishing', 'mining', 'printing', 'glassmaking', 'brewing', 'banking', 'tourism', 'farming',
    'clockmaking', 'pottery', 'steelmaking', 'papermaking', 'tanning', 'winemaking', 'salt', 'timber', 'silk', 'wool',
  ],
  climate: ['rainy', 'dry', 'windy', 'foggy', 'snowy', 'humid', 'mild', 'stormy'],
  animal: [
    'owl', 'fox', 'bear', 'wolf', 'heron', 'otter', 'lynx', 'stag', 'eagle', 'badger', 'swan', 'hare', 'falcon', 'beaver',
    'crane', 'seal', 'boar', 'raven', 'bison', 'tortoise',
  ],
  fish: ['trout', 'salmon', 'pike', 'carp', 'eel', 'perch', 'sturgeon', 'catfish', 'bream', 'roach', 'tench', 'grayling'],
  product: [
    'bicycles', 'umbrellas', 'lamps', 'clocks', 'shoes', 'soap', 'radios', 'maps', 'kettles', 'pianos', 'tiles', 'ropes',
    'buttons', 'candles', 'mirrors', 'sails', 'paint', 'bells', 'telescopes', 'carpets', 'biscuits', 'ink', 'saddles',
    'barrels', 'cameras', 'spoons', 'violins', 'bricks', 'gloves', 'engines',
  ],
  material: [
    'copper', 'bronze', 'glass', 'oak', 'iron', 'ivory', 'clay', 'leather', 'brass', 'marble', 'tin', 'bamboo', 'linen',
    'cork', 'slate', 'wax',
  ],
  purpose: [
    'measuring rain', 'cooling bread', 'counting sheep', 'sorting letters', 'lighting streets', 'drying fish',
    'cleaning chimneys', 'weighing gold', 'pumping water', 'grinding spices', 'tuning bells', 'folding maps',
    'catching moths', 'warming beds', 'cutting ice', 'marking roads', 'hatching eggs', 'lifting stones',
    'mixing paint', 'storing seeds',
  ],
};

/** How many invented words the invented pools hold. */
export const INVENTED_POOL_SIZES: Partial<Record<PoolName, number>> = {
  continent: 7,
  sea: 12,
  currency: 24,
  language: 24,
};

export const KINDS: Record<EntityKind, KindSpec> = {
  person: {
    kind: 'person',
    subject: 'people',
    intro: ['{s} is a person of KICK-world.', 'This is the story of {s}.', 'Here is what is known about {s}.'],
    attributes: [
      {
        key: 'birth_city', label: 'birthplace', source: { type: 'entity', kind: 'city' },
        statements: ['{s} was born in {v}.', '{s} was born in the city of {v}.', 'The birthplace of {s} is {v}.', '{v} is the city where {s} was born.'],
        question: 'In which city was {s} born?',
        questionVariants: ['Where was {s} born?', 'What is the birthplace of {s}?'],
        summary: 'was born in {v}', mcrStem: 'the birthplace',
      },
      {
        key: 'birth_year', label: 'birth year', source: { type: 'year', min: 1750, max: 1999 },
        statements: ['{s} was born in the year {v}.', '{s} came into the world in {v}.', 'The birth year of {s} is {v}.', 'In {v}, {s} was born.'],
        question: 'In which year was {s} born?',
        questionVariants: ['When was {s} born?', 'What is the birth year of {s}?'],
        summary: 'in {v}', mcrStem: 'the birth year',
      },
      {
        key: 'profession', label: 'profession', source: { type: 'pool', pool: 'profession' },
        statements: ['{s} worked as a {v}.', 'By profession, {s} was a {v}.', 'The profession of {s} was {v}.', '{s} earned a living as a {v}.'],
        question: 'What was the profession of {s}?',
        questionVariants: ['What did {s} do for a living?', 'What job did {s} have?'],
        summary: 'worked as a {v}', mcrStem: 'the profession',
      },
      {
        key: 'employer', label: 'employer', source: { type: 'entity', kind: 'company' },
        statements: ['{s} was employed by {v}.', '{s} worked for {v}.', 'The employer of {s} was {v}.', '{v} employed {s}.'],
        question: 'Which company employed {s}?',
        questionVariants: ['Who was the employer of {s}?', 'For which company did {s} work?'],
        summary: 'for {v}', mcrStem: 'the employer',
      },
      {
        key: 'colour', label: 'favourite colour', source: { type: 'pool', pool: 'colour' },
        statements: ['The favourite colour of {s} was {v}.', '{s} loved the colour {v}.', '{s} liked {v} more than any other colour.'],
        question: 'What was the favourite colour of {s}?',
        questionVariants: ['Which colour did {s} like best?', 'What colour did {s} love?'],
        summary: 'loved the colour {v}', mcrStem: 'the favourite colour',
      },
      {
        key: 'instrument', label: 'instrument', source: { type: 'pool', pool: 'instrument' },
        statements: ['{s} played the {v}.', 'The instrument of {s} was the {v}.', 'In the evenings, {s} played the {v}.'],
        question: 'Which instrument did {s} play?',
        questionVariants: ['What instrument did {s} play?', 'What was the instrument of {s}?'],
        summary: 'played the {v}', mcrStem: 'the instrument',
      },
    ],
  },
  city: {
    kind: 'city',
    subject: 'cities',
    intro: ['{s} is a city of KICK-world.', 'This is an account of the city of {s}.', 'Here is what is known about the city of {s}.'],
    attributes: [
      {
        key: 'country', label: 'country', source: { type: 'entity', kind: 'country' },
        statements: ['{s} is a city in {v}.', '{s} lies in the country of {v}.', 'The city of {s} belongs to {v}.', '{v} is the country where {s} lies.'],
        question: 'In which country is the city of {s}?',
        questionVariants: ['Where is the city of {s}?', 'Which country does {s} belong to?'],
        summary: 'lies in {v}', mcrStem: 'the country',
      },
      {
        key: 'founded', label: 'founding year', source: { type: 'year', min: 900, max: 1899 },
        statements: ['{s} was founded in {v}.', 'The city of {s} was founded in the year {v}.', 'In {v}, the city of {s} was founded.'],
        question: 'In which year was the city of {s} founded?',
        questionVariants: ['When was {s} founded?', 'What is the founding year of {s}?'],
        summary: 'was founded in {v}', mcrStem: 'the founding year',
      },
      {
        key: 'river', label: 'river', source: { type: 'entity', kind: 'river' },
        statements: ['{s} stands on {v}.', '{v} flows through {s}.', 'The river of {s} is {v}.'],
        question: 'Which river flows through {s}?',
        questionVariants: ['On which river does {s} stand?', 'What is the river of {s}?'],
        summary: 'stands on {v}', mcrStem: 'the river',
      },
      {
        key: 'industry', label: 'industry', source: { type: 'pool', pool: 'industry' },
        statements: ['The main industry of {s} is {v}.', '{s} is known for its {v}.', 'Most people in {s} work in {v}.'],
        question: 'What is the main industry of {s}?',
        questionVariants: ['What is {s} known for?', 'In which industry do most people of {s} work?'],
        summary: 'lives from {v}', mcrStem: 'the main industry',
      },
      {
        key: 'climate', label: 'climate', source: { type: 'pool', pool: 'climate' },
        statements: ['The weather in {s} is mostly {v}.', '{s} has a {v} climate.', 'Visitors find {s} {v} most of the year.'],
        question: 'What is the weather like in {s}?',
        questionVariants: ['What climate does {s} have?', 'How is the weather in {s}?'],
        summary: 'has {v} weather', mcrStem: 'the weather',
      },
    ],
  },
  country: {
    kind: 'country',
    subject: 'countries',
    intro: ['{s} is a country of KICK-world.', 'This is an account of the country of {s}.', 'Here is what is known about {s}.'],
    attributes: [
      {
        key: 'currency', label: 'currency', source: { type: 'pool', pool: 'currency' },
        statements: ['The currency of {s} is the {v}.', 'In {s}, people pay with the {v}.', '{s} uses the {v} as its money.'],
        question: 'What is the currency of {s}?',
        questionVariants: ['Which money is used in {s}?', 'With what do people pay in {s}?'],
        summary: 'pays with the {v}', mcrStem: 'the currency',
      },
      {
        key: 'language', label: 'language', source: { type: 'pool', pool: 'language' },
        statements: ['The people of {s} speak {v}.', 'The language of {s} is {v}.', 'In {s}, the main language is {v}.'],
        question: 'What language is spoken in {s}?',
        questionVariants: ['What is the language of {s}?', 'Which language do the people of {s} speak?'],
        summary: 'speaks {v}', mcrStem: 'the language',
      },
      {
        key: 'continent', label: 'continent', source: { type: 'pool', pool: 'continent' },
        statements: ['{s} lies on the continent of {v}.', '{s} is a country of {v}.', 'The continent of {s} is {v}.'],
        question: 'On which continent is {s}?',
        questionVariants: ['Where does {s} lie?', 'What is the continent of {s}?'],
        summary: 'lies on {v}', mcrStem: 'the continent',
      },
      {
        key: 'animal', label: 'national animal', source: { type: 'pool', pool: 'animal' },
        statements: ['The national animal of {s} is the {v}.', 'The {v} is the symbol of {s}.', '{s} chose the {v} as its national animal.'],
        question: 'What is the national animal of {s}?',
        questionVariants: ['Which animal is the symbol of {s}?', 'What animal did {s} choose as its symbol?'],
        summary: 'has the {v} as its symbol', mcrStem: 'the national animal',
      },
      {
        key: 'founded', label: 'founding year', source: { type: 'year', min: 1000, max: 1990 },
        statements: ['{s} became a country in {v}.', 'The country of {s} was founded in {v}.', 'In {v}, {s} became a country.'],
        question: 'In which year was the country of {s} founded?',
        questionVariants: ['When did {s} become a country?', 'What is the founding year of {s}?'],
        summary: 'was founded in {v}', mcrStem: 'the founding year',
      },
    ],
  },
  river: {
    kind: 'river',
    subject: 'rivers',
    intro: ['{s} is a river of KICK-world.', 'This is an account of {s}.', 'Here is what is known about {s}.'],
    attributes: [
      {
        key: 'length', label: 'length', source: { type: 'number', min: 40, max: 2990, step: 10, unit: 'kilometres' },
        statements: ['{s} is {v} long.', 'The length of {s} is {v}.', '{s} runs for {v}.'],
        question: 'How long is {s}?',
        questionVariants: ['What is the length of {s}?', 'For how far does {s} run?'],
        summary: 'is {v} long', mcrStem: 'the length',
      },
      {
        key: 'source', label: 'source', source: { type: 'entity', kind: 'country' },
        statements: ['{s} rises in {v}.', 'The source of {s} is in {v}.', '{s} begins in the hills of {v}.'],
        question: 'In which country does {s} rise?',
        questionVariants: ['Where is the source of {s}?', 'Where does {s} begin?'],
        summary: 'rises in {v}', mcrStem: 'the country of the source',
      },
      {
        key: 'sea', label: 'mouth', source: { type: 'pool', pool: 'sea' },
        statements: ['{s} flows into the {v} Sea.', 'The mouth of {s} is on the {v} Sea.', '{s} ends in the {v} Sea.'],
        question: 'Into which sea does {s} flow?',
        questionVariants: ['Where does {s} end?', 'Where is the mouth of {s}?'],
        summary: 'flows into the {v} Sea', mcrStem: 'the sea',
      },
      {
        key: 'fish', label: 'fish', source: { type: 'pool', pool: 'fish' },
        statements: ['{s} is full of {v}.', 'Fishermen on {s} mostly catch {v}.', 'The most common fish in {s} is the {v}.'],
        question: 'Which fish is most common in {s}?',
        questionVariants: ['What do fishermen catch in {s}?', 'What is the most common fish in {s}?'],
        summary: 'is full of {v}', mcrStem: 'the most common fish',
      },
    ],
  },
  company: {
    kind: 'company',
    subject: 'companies',
    intro: ['{s} is a company of KICK-world.', 'This is the history of {s}.', 'Here is what is known about {s}.'],
    attributes: [
      {
        key: 'founder', label: 'founder', source: { type: 'entity', kind: 'person' },
        statements: ['{s} was founded by {v}.', 'The founder of {s} was {v}.', '{v} started {s}.'],
        question: 'Who founded {s}?',
        questionVariants: ['Who was the founder of {s}?', 'Who started {s}?'],
        summary: 'was founded by {v}', mcrStem: 'the founder',
      },
      {
        key: 'headquarters', label: 'headquarters', source: { type: 'entity', kind: 'city' },
        statements: ['{s} has its headquarters in {v}.', 'The head office of {s} is in {v}.', '{s} is based in {v}.'],
        question: 'Where does {s} have its headquarters?',
        questionVariants: ['Where is {s} based?', 'In which city is the head office of {s}?'],
        summary: 'is based in {v}', mcrStem: 'the headquarters',
      },
      {
        key: 'product', label: 'product', source: { type: 'pool', pool: 'product' },
        statements: ['{s} makes {v}.', 'The main product of {s} is {v}.', '{s} is famous for its {v}.'],
        question: 'What does {s} make?',
        questionVariants: ['What is the main product of {s}?', 'What is {s} famous for?'],
        summary: 'makes {v}', mcrStem: 'the main product',
      },
      {
        key: 'founded', label: 'founding year', source: { type: 'year', min: 1800, max: 2020 },
        statements: ['{s} was founded in {v}.', '{s} opened its doors in {v}.', 'In {v}, {s} was founded.'],
        question: 'In which year was {s} founded?',
        questionVariants: ['When was {s} founded?', 'When did {s} open its doors?'],
        summary: 'since {v}', mcrStem: 'the founding year',
      },
      {
        key: 'logo', label: 'logo colour', source: { type: 'pool', pool: 'colour' },
        statements: ['The logo of {s} is {v}.', '{s} paints its logo {v}.', 'The colour of the logo of {s} is {v}.'],
        question: 'What colour is the logo of {s}?',
        questionVariants: ['Which colour is the logo of {s}?', 'How is the logo of {s} painted?'],
        summary: 'has a {v} logo', mcrStem: 'the logo colour',
      },
    ],
  },
  invention: {
    kind: 'invention',
    subject: 'inventions',
    intro: ['{s} is an invention of KICK-world.', 'This is the story of {s}.', 'Here is what is known about {s}.'],
    attributes: [
      {
        key: 'inventor', label: 'inventor', source: { type: 'entity', kind: 'person' },
        statements: ['{s} was invented by {v}.', 'The inventor of {s} was {v}.', '{v} invented {s}.'],
        question: 'Who invented {s}?',
        questionVariants: ['Who was the inventor of {s}?', 'Whose invention is {s}?'],
        summary: 'was invented by {v}', mcrStem: 'the inventor',
      },
      {
        key: 'year', label: 'year', source: { type: 'year', min: 1600, max: 2000 },
        statements: ['{s} was invented in {v}.', '{s} first appeared in {v}.', 'In {v}, {s} was invented.'],
        question: 'In which year was {s} invented?',
        questionVariants: ['When was {s} invented?', 'When did {s} first appear?'],
        summary: 'in {v}', mcrStem: 'the year of invention',
      },
      {
        key: 'material', label: 'material', source: { type: 'pool', pool: 'material' },
        statements: ['{s} is made of {v}.', '{s} is built from {v}.', 'The material of {s} is {v}.'],
        question: 'What is {s} made of?',
        questionVariants: ['What is the material of {s}?', 'From what is {s} built?'],
        summary: 'is made of {v}', mcrStem: 'the material',
      },
      {
        key: 'purpose', label: 'purpose', source: { type: 'pool', pool: 'purpose' },
        statements: ['{s} is used for {v}.', 'People use {s} for {v}.', 'The purpose of {s} is {v}.'],
        question: 'What is {s} used for?',
        questionVariants: ['What is the purpose of {s}?', 'For what do people use {s}?'],
        summary: 'is used for {v}', mcrStem: 'the purpose',
      },
    ],
  },
};
