// A tiny byte-level BPE tokenizer (GPT-2 style byte alphabet, a handful of merges) in the
// tokenizers JSON format that transformers.js reads.

/** GPT-2's reversible byte -> printable character map. */
export function byteToUnicode(): string[] {
  const bs: number[] = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n++);
    }
  }
  const out = new Array<string>(256);
  bs.forEach((b, i) => (out[b] = String.fromCodePoint(cs[i])));
  return out;
}

const MERGES: Array<[string, string]> = [
  ['Ġ', 't'],
  ['h', 'e'],
  ['Ġt', 'he'],
  ['Ġ', 'a'],
  ['i', 'n'],
  ['o', 'n'],
  ['e', 'r'],
  ['Ġ', 's'],
  ['r', 'e'],
  ['Ġ', 'w'],
];

export interface TinyTokenizer {
  tokenizerJson: object;
  tokenizerConfig: object;
  vocabSize: number;
  bosId: number;
  eosId: number;
}

export function tinyTokenizer(): TinyTokenizer {
  const vocab: Record<string, number> = { '<s>': 0, '</s>': 1 };
  for (const ch of byteToUnicode()) vocab[ch] = Object.keys(vocab).length;
  for (const [a, b] of MERGES) vocab[a + b] = Object.keys(vocab).length;
  const special = (id: number, content: string) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  const tokenizerJson = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(0, '<s>'), special(1, '</s>')],
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
      pair: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
      special_tokens: { '<s>': { id: '<s>', ids: [0], tokens: ['<s>'] } },
    },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: MERGES.map(([a, b]) => `${a} ${b}`),
    },
  };
  const tokenizerConfig = {
    tokenizer_class: 'PreTrainedTokenizerFast',
    bos_token: '<s>',
    eos_token: '</s>',
    pad_token: '</s>',
    unk_token: null,
    add_bos_token: true,
    add_eos_token: false,
    clean_up_tokenization_spaces: false,
    model_max_length: 128,
  };
  return { tokenizerJson, tokenizerConfig, vocabSize: Object.keys(vocab).length, bosId: 0, eosId: 1 };
}
