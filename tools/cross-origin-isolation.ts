// The response headers that make the app's pages cross-origin isolated (`crossOriginIsolated`),
// which gives them SharedArrayBuffer and so lets ONNX Runtime's wasm EP run on several threads.
// Shared by the Vite dev and preview servers (vite.config.ts, so also the vitest browser project
// and the Playwright e2e preview) and the tools/lab harness behind `npm run kick` and the benchmarks.
//
// require-corp rather than credentialless: every browser with cross-origin isolation knows it
// (Safari ignores credentialless), and the app loads nothing cross-origin in no-cors mode, the only
// requests the two differ on. Its cross-origin requests (hub files, the datasets API, a judge
// endpoint) are fetch() calls in CORS mode, which COEP lets through on the server's CORS headers
// alone; they need no Cross-Origin-Resource-Policy. A host serving the built app must send these
// two headers too, or evaluation runs on one thread.
export const CROSS_ORIGIN_ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
