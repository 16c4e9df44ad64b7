// Test fixtures for the runtime in the browser.
import { buildDecoderGraph } from '../../test/models/decoder.ts';
import { LAYOUTS, TINY_DIMS } from '../../test/models/layouts.ts';
import { tinyTokenizer } from '../../test/models/tokenizer.ts';
import { encodeModel } from './onnx/encode.ts';

/** test/models' tiny Llama, built in the page (tiny-models.ts itself imports node:fs for writing repos). */
export function tinyLlamaFiles(seed: number): Map<string, Uint8Array> {
  const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
  const dims = TINY_DIMS;
  const tok = tinyTokenizer();
  const { model, kvHeads } = buildDecoderGraph(LAYOUTS.llama, dims, seed);
  const config = {
    architectures: [LAYOUTS.llama.architecture],
    model_type: LAYOUTS.llama.modelType,
    vocab_size: dims.vocab,
    bos_token_id: tok.bosId,
    eos_token_id: tok.eosId,
    pad_token_id: tok.eosId,
    tie_word_embeddings: LAYOUTS.llama.tiedEmbeddings,
    hidden_size: dims.hidden,
    intermediate_size: dims.intermediate,
    num_hidden_layers: dims.layers,
    num_attention_heads: dims.heads,
    num_key_value_heads: kvHeads,
    head_dim: dims.headDim,
    max_position_embeddings: dims.maxPositions,
    rms_norm_eps: 1e-5,
    rope_theta: 10000,
    hidden_act: 'silu',
    use_cache: true,
  };
  return new Map([
    ['config.json', json(config)],
    ['generation_config.json', json({ bos_token_id: tok.bosId, eos_token_id: tok.eosId, do_sample: false })],
    ['tokenizer.json', json(tok.tokenizerJson)],
    ['tokenizer_config.json', json(tok.tokenizerConfig)],
    ['onnx/model.onnx', encodeModel(model)],
  ]);
}

