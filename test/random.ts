export { rng, randn, activations } from '../src/compress/synthetic.ts';
