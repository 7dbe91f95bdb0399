import { build, type Plugin } from 'esbuild';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { gzipSync } from 'zlib';

/**
 * The bundle, gzipped, and what it is made of. The official build (`npm run build`, webpack)
 * gives the shipped size; the same entry bundled by esbuild with a metafile gives each package's
 * share of the minified code (its gzipped share is estimated in proportion).
 */

/** What the official build takes from Flex at run time instead of bundling. */
const EXTERNAL = ['react', 'react-dom', 'redux', 'react-redux', '@twilio/flex-ui'];

/** The same module choices as webpack.config.js: the toolkit's createSlice source, redux-persist's es/. */
function sameAsOfficialBuild(root: string): Plugin {
  const toolkit = join(root, 'node_modules', '@reduxjs', 'toolkit', 'src', 'createSlice.ts');
  const persist = join(root, 'node_modules', 'redux-persist', 'es');
  return {
    name: 'same-as-official-build',
    setup(b) {
      b.onResolve({ filter: /^@reduxjs\/toolkit$/ }, () => ({ path: toolkit }));
      b.onResolve({ filter: /^redux-persist\/lib\// }, (args) => ({ path: `${join(persist, args.path.slice('redux-persist/lib/'.length))}.js` }));
    },
  };
}

export interface BundleFigures {
  official: { raw: number; gzipped: number } | null;
  esbuild: { raw: number; gzipped: number };
  parts: Array<{ name: string; bytes: number; gzippedShare: number }>;
}

function packageOf(path: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return match ? match[1] : 'the plugin’s own code';
}

export async function measureBundle(root: string): Promise<BundleFigures> {
  const officialFile = join(root, 'build', 'plugin-hang-up-by.js');
  const official = existsSync(officialFile)
    ? (() => {
        const bytes = readFileSync(officialFile);
        return { raw: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
      })()
    : null;
  const result = await build({
    entryPoints: [join(root, 'src', 'index.ts')],
    bundle: true,
    minify: true,
    write: false,
    metafile: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2019',
    // The official build's resolution: the `module` (ESM) entry of each package first.
    mainFields: ['browser', 'module', 'main'],
    external: EXTERNAL,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
    plugins: [sameAsOfficialBuild(root)],
  });
  const code = result.outputFiles[0].contents;
  const gzipped = gzipSync(code, { level: 9 }).length;
  const output = Object.values(result.metafile.outputs)[0];
  const sizes = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    sizes.set(packageOf(path), (sizes.get(packageOf(path)) ?? 0) + bytesInOutput);
  }
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  const parts = [...sizes.entries()]
    .map(([name, bytes]) => ({ name, bytes, gzippedShare: Math.round((gzipped * bytes) / total) }))
    .sort((a, b) => b.bytes - a.bytes);
  return { official, esbuild: { raw: code.length, gzipped }, parts };
}
