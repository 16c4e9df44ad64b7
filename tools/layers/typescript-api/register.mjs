// Preload (`node --import`) that lets dependency-cruiser parse TypeScript. It reads sources through
// the TypeScript JS compiler API; the project's tsc is TypeScript 7, which ships no JS API, so every
// `typescript` that dependency-cruiser asks for is resolved from this folder (TypeScript 6) instead.
import Module, { createRequire, register } from 'node:module';
import { sep } from 'node:path';

const CRUISER_DIR = `${sep}node_modules${sep}dependency-cruiser${sep}`;
const TYPESCRIPT_REQUEST = /^typescript(\/|$)/;
const requireFromHere = createRequire(import.meta.url);

// Without this folder's own TypeScript 6 the lookup falls through to the project's TypeScript 7,
// dependency-cruiser then parses no .ts file and "finds no violation" in nothing: refuse instead.
const found = requireFromHere('typescript/package.json').version;
if (!found.startsWith('6.')) {
  throw new Error(`the layering check needs TypeScript 6 in tools/layers/typescript-api/node_modules (found ${found}); run npm install`);
}

// dependency-cruiser checks the version with require('typescript/package.json'): CommonJS side.
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (TYPESCRIPT_REQUEST.test(request) && parent?.filename?.includes(CRUISER_DIR)) {
    return requireFromHere.resolve(request);
  }
  return resolveFilename.call(this, request, parent, ...rest);
};

// ...and loads the compiler with import('typescript'): ES module side.
register('./resolve-hooks.mjs', import.meta.url);
