// Module resolve hook for register.mjs: `import('typescript')` from dependency-cruiser resolves
// as if asked from this folder, which holds TypeScript 6.
const CRUISER_URL = '/node_modules/dependency-cruiser/';
const TYPESCRIPT_REQUEST = /^typescript(\/|$)/;

export function resolve(specifier, context, nextResolve) {
  if (TYPESCRIPT_REQUEST.test(specifier) && context.parentURL?.includes(CRUISER_URL)) {
    return nextResolve(specifier, { ...context, parentURL: import.meta.url });
  }
  return nextResolve(specifier, context);
}
