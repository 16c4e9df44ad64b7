// A small DSL for writing ONNX graphs the way torch's exporter names them: nodes under a module
// scope ("/model/layers.0/self_attn/q_proj/MatMul"), outputs "<node>_output_0", Constant nodes for
// small literals, and weights as initializers.
import { AttributeType, DataType, type OnnxAttribute, type OnnxGraph, type OnnxModel, type OnnxNode, type OnnxTensor, type OnnxValueInfo, type OnnxDim } from '../../src/model/onnx/types.ts';

export type AttrValue = number | number[] | string | { float: number } | { floats: number[] } | OnnxTensor;

function attribute(name: string, v: AttrValue): OnnxAttribute {
  if (typeof v === 'number') return { name, type: AttributeType.INT, i: v, extra: [] };
  if (typeof v === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(v), extra: [] };
  if (Array.isArray(v)) return { name, type: AttributeType.INTS, ints: v, extra: [] };
  if ('float' in v) return { name, type: AttributeType.FLOAT, f: v.float, extra: [] };
  if ('floats' in v) return { name, type: AttributeType.FLOATS, floats: v.floats, extra: [] };
  return { name, type: AttributeType.TENSOR, t: v, extra: [] };
}

export function f32Tensor(name: string, dims: number[], data: Float32Array): OnnxTensor {
  return { name, dims, dataType: DataType.FLOAT, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), extra: [] };
}

export function i64Tensor(name: string, dims: number[], values: number[]): OnnxTensor {
  const data = new BigInt64Array(values.map((v) => BigInt(v)));
  return { name, dims, dataType: DataType.INT64, rawData: new Uint8Array(data.buffer), extra: [] };
}

export function valueInfo(name: string, elemType: number, shape: Array<number | string>): OnnxValueInfo {
  const dims: OnnxDim[] = shape.map((d) => (typeof d === 'number' ? { value: d } : { param: d }));
  return { name, tensorType: { elemType, shape: dims }, extra: [] };
}

export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  readonly inputs: OnnxValueInfo[] = [];
  readonly outputs: OnnxValueInfo[] = [];
  private readonly scope: string[] = [];
  private readonly used = new Map<string, number>();

  /** Runs `f` with node names under `/a/b/...`. */
  within<T>(path: string, f: () => T): T {
    const parts = path.split('/').filter(Boolean);
    this.scope.push(...parts);
    try {
      return f();
    } finally {
      this.scope.length -= parts.length;
    }
  }

  private uniqueName(op: string): string {
    const base = `/${[...this.scope, op].join('/')}`;
    const n = this.used.get(base) ?? 0;
    this.used.set(base, n + 1);
    return n === 0 ? base : `${base.slice(0, -op.length)}${op}_${n}`;
  }

  /** Adds a node; returns its outputs (named as torch names them). */
  op(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, outputs = 1, outNames?: string[]): string[] {
    const name = this.uniqueName(opType);
    const outs = outNames ?? Array.from({ length: outputs }, (_, i) => `${name}_output_${i}`);
    this.nodes.push({
      opType,
      name,
      inputs,
      outputs: outs,
      attributes: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
      extra: [],
    });
    return outs;
  }

  /** Single-output shorthand. */
  o(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}): string {
    return this.op(opType, inputs, attrs)[0];
  }

  constI64(values: number[], scalar = false): string {
    return this.o('Constant', [], { value: i64Tensor('', scalar ? [] : [values.length], values) });
  }

  constF32(value: number): string {
    return this.o('Constant', [], { value: f32Tensor('', [], new Float32Array([value])) });
  }

  init(t: OnnxTensor): string {
    this.initializers.push(t);
    return t.name;
  }

  model(opset: number, producer = 'pytorch'): OnnxModel {
    const graph: OnnxGraph = {
      name: 'main_graph',
      nodes: this.nodes,
      initializers: this.initializers,
      inputs: this.inputs,
      outputs: this.outputs,
      valueInfo: [],
      extra: [],
    };
    return {
      irVersion: 8,
      producerName: producer,
      producerVersion: '2.1.0',
      graph,
      opsetImport: [{ domain: '', version: opset, extra: [] }],
      extra: [],
    };
  }
}
