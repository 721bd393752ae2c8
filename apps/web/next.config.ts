import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages ship TypeScript source.
  transpilePackages: [
    "@hyperposter/api",
    "@hyperposter/billing",
    "@hyperposter/config",
    "@hyperposter/db",
    "@hyperposter/domain",
    "@hyperposter/jobs",
    "@hyperposter/webhooks",
    // Only its font reader (fontkit, no canvas), the upload checker and the product
    // cut-out (sharp) are imported, to check uploads.
    "@hyperposter/pipeline",
  ],
  // The upload checker's thread pool finds its own worker file on disk: bundled,
  // piscina's path to it breaks ("Cannot find module …/piscina/dist/worker.js").
  // onnxruntime-node loads a native binding (SEGMENTATION_MODEL), and the copy re-render
  // (packages/api services/rerender.ts) composes with Skia in the request: native
  // bindings are loaded by Node at run time, not bundled.
  serverExternalPackages: ["piscina", "onnxruntime-node", "@napi-rs/canvas"],
  // Tests run a second stack beside `npm run dev`; each needs its own build folder.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  // `next dev` serves its dev resources (HMR socket, chunks) only to origins it
  // knows: opened at http://127.0.0.1:3000 instead of localhost, the page never hydrated.
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  // The dev-mode badge covers content in screenshots and on phones.
  devIndicators: false,
  typedRoutes: false,
};

export default config;
