// Builds the renderer (React) from renderer/ into dist/renderer with relative asset paths, so
// the same build loads from the Electron custom protocol and from the HTTP server.
// Must never relax the production Content-Security-Policy; only the dev server gets a looser one.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const rendererRoot = fileURLToPath(new URL('./renderer', import.meta.url));
const outputDirectory = fileURLToPath(new URL('./dist/renderer', import.meta.url));

/**
 * The dev server injects an inline React Refresh preamble, inline styles and a websocket for
 * hot reload; the strict policy in index.html would block all three. Only `vite serve` gets
 * this relaxed copy; `vite build` keeps the strict one.
 */
function relaxPolicyForDevServer(): Plugin {
  return {
    name: 'kiosk-dev-content-security-policy',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws: wss:");
    },
  };
}

export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react(), relaxPolicyForDevServer()],
  build: {
    outDir: outputDirectory,
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': { target: 'http://127.0.0.1:5174', changeOrigin: false } },
  },
});
