/**
 * Bundles the compiled `platform-gitops` CLI (dist/src/cli/main.js, after tsc) into dist/cli/ with
 * esbuild: one entry file plus a chunk per command loaded on use. The story's run then opens 27
 * files instead of 638 (zod, yaml and semver alone were 220), most of the CLI's start-up
 * (docs/decisions.md: 0.45 s unbundled, 0.30 s bundled).
 *
 * The Yeoman path stays unbundled: run-generator.js and what it loads (yeoman-environment, the
 * generators in generators/, which import dist/src) are imported from dist/src at run time, so
 * the generators and the code they call are one copy of each module.
 *   npx tsx scripts/bundle-cli.ts
 */
import { rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist', 'cli');
const CLI_SOURCE = join(ROOT, 'dist', 'src', 'cli');

/** `./run-generator.js` from dist/src/cli stays a run-time import of that same file. */
const yeomanPathOutside: Plugin = {
  name: 'yeoman-path-outside',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /\/run-generator\.js$/ }, (args) => {
      const target = join(args.resolveDir, args.path);
      return { path: relative(OUT, target).split('\\').join('/'), external: true };
    });
  },
};

rmSync(OUT, { recursive: true, force: true });
await build({
  entryPoints: { main: join(CLI_SOURCE, 'main.js') },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Modules that stay in node_modules: the Yeoman path's (loaded through run-generator.js), the
  // projen component's peers, and elkjs (graph only, itself one prebuilt file).
  external: ['yeoman-environment', 'yeoman-generator', '@yeoman/*', 'mem-fs', 'projen', 'constructs', 'elkjs', 'elkjs/*'],
  plugins: [yeomanPathOutside],
  // CommonJS dependencies (semver, ajv's runtime) call require: give the ES module bundle one.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module';\nconst require = __bundleRequire(import.meta.url);" },
  legalComments: 'eof',
  logLevel: 'warning',
});
