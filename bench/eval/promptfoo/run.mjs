#!/usr/bin/env node
// The promptfoo side of the eval benchmark: the same experiment as bench/eval/bench_eval.cpp
// (2 prompts x 2 models x 250 rows, defaultTest equals + contains, no cache) run by
// `promptfoo eval` against tests/support's fake-llm-server, at concurrency 1, 8, 32 with 0 and
// 200 ms server latency. Prints the same columns as bench_eval (wall s, cells/s, ideal/s,
// ratio to the ideal, peak MiB, failed), and, when BUILD_DIR/bin/bench_eval exists, runs it too
// and prints Trellis cells/s divided by promptfoo cells/s per configuration.
//
//   cd bench/eval/promptfoo && npm ci || npm install      # once; Node.js 20.20+ or 22.22+
//   node run.mjs BUILD_DIR                               # BUILD_DIR has tests/support/fake-llm-server
//
// Env: BENCH_ROWS (default 250), BENCH_LATENCIES (default "0,200"), BENCH_CONCURRENCY
// (default "1,8,32"), BENCH_SKIP_TRELLIS=1 to run promptfoo only.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const buildDir = resolve(process.argv[2] ?? join(here, '../../../build'));
const rows = Number(process.env.BENCH_ROWS ?? 250);
const latencies = (process.env.BENCH_LATENCIES ?? '0,200').split(',').map(Number);
const concurrencies = (process.env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map(Number);
const cells = 4 * rows;

function findExecutable(candidates) {
  return candidates.map((p) => join(buildDir, p)).find((p) => existsSync(p));
}

const fakeServer = findExecutable(['tests/support/fake-llm-server', 'bin/fake-llm-server']);
const promptfooBin = join(here, 'node_modules/.bin/promptfoo');
if (!fakeServer) {
  console.error(`fake-llm-server not found under ${buildDir} (ninja -C BUILD_DIR fake-llm-server)`);
  process.exit(2);
}
if (!existsSync(promptfooBin)) {
  console.error(`promptfoo is not installed: cd ${here} && npm install`);
  process.exit(2);
}

// Starts the fake server and resolves with its base URL ("http://127.0.0.1:PORT/v1").
function startServer(latencyMs) {
  return new Promise((resolveUrl, reject) => {
    const child = spawn(fakeServer, ['--port', '0', '--latency-ms', String(latencyMs)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const m = buffered.match(/listening on (http:\/\/\S+)/);
      if (m) resolveUrl({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`fake-llm-server exited with ${code}`)));
  });
}

// The promptfoo config equivalent to bench_eval's ExperimentSpec.
function writeConfig(dir, baseUrl, rowCount = rows, name = 'promptfooconfig.json') {
  const provider = (model) => ({
    id: `openai:chat:${model}`,
    config: { apiBaseUrl: baseUrl, apiKey: 'bench-not-a-key' },
  });
  const tests = [];
  for (let i = 0; i < rowCount; ++i) tests.push({ vars: { question: `question number ${i}` } });
  const config = {
    description: 'bench: 2 prompts x 2 models',
    prompts: [
      {
        label: 'plain',
        raw: JSON.stringify([
          { role: 'system', content: 'Answer briefly.' },
          { role: 'user', content: '{{ question }}' },
        ]),
      },
      {
        label: 'polite',
        raw: JSON.stringify([
          { role: 'system', content: 'Answer briefly.' },
          { role: 'user', content: 'Please: {{ question }}' },
        ]),
      },
    ],
    providers: [provider('gpt-4o-mini'), provider('gpt-4o')],
    defaultTest: {
      assert: [
        { type: 'equals', value: '{{ question }}' },
        { type: 'contains', value: 'question' },
      ],
    },
    tests,
  };
  // JSON is valid YAML; promptfoo reads .json configs directly.
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(config, null, 1));
  return path;
}

// The base URL written into the config (also exported as OPENAI_BASE_URL).
function configPathBaseUrl(configPath) {
  return JSON.parse(readFileSync(configPath, 'utf8')).providers[0].config.apiBaseUrl;
}

// One `promptfoo eval` under /usr/bin/time: wall seconds, peak RSS (MiB), failed cells.
function runPromptfoo(dir, configPath, concurrency) {
  const output = join(dir, `out-${concurrency}-${Date.now()}.json`);
  const env = {
    ...process.env,
    PROMPTFOO_CONFIG_DIR: join(dir, 'promptfoo-home'), // its SQLite results db and cache
    PROMPTFOO_DISABLE_TELEMETRY: '1',
    PROMPTFOO_DISABLE_UPDATE: '1',
    PROMPTFOO_DISABLE_REMOTE_GENERATION: '1',
    PROMPTFOO_CACHE_ENABLED: 'false',
    OPENAI_API_KEY: 'bench-not-a-key',
    OPENAI_BASE_URL: configPathBaseUrl(configPath),
    NO_COLOR: '1',
  };
  const args = ['-f', '%e %M', promptfooBin, 'eval', '-c', configPath, '--no-cache',
    '--max-concurrency', String(concurrency), '--no-table', '--no-progress-bar', '-o', output];
  const r = spawnSync('/usr/bin/time', args, { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const timeLine = r.stderr.trim().split('\n').pop();
  const [wall, maxRssKb] = timeLine.split(' ').map(Number);
  if (!existsSync(output)) {
    console.error(r.stdout.slice(-2000), r.stderr.slice(-2000));
    throw new Error(`promptfoo eval wrote no results (exit ${r.status})`);
  }
  const results = JSON.parse(readFileSync(output, 'utf8')).results;
  const errors = results.stats?.errors ?? 0;
  const done = (results.stats?.successes ?? 0) + (results.stats?.failures ?? 0) + errors;
  return { wall, peakMiB: maxRssKb / 1024, errors, done };
}

let startup = 0; // seconds of a 1-row eval: Node.js start-up, config loading, result writing

function row(latency, concurrency, wall, peakMiB, failed) {
  const rate = cells / wall;
  const net = wall - startup > 0.5 ? cells / (wall - startup) : NaN; // too noisy below that
  const ideal = latency > 0 ? concurrency / (latency / 1000) : 0;
  return {
    latency, concurrency, rate, net,
    text: `${`${latency} ms`.padEnd(9)} ${String(concurrency).padEnd(5)} ${wall.toFixed(2).padStart(10)} `
      + `${rate.toFixed(1).padStart(9)} ${(latency > 0 ? ideal.toFixed(0) : '-').padStart(9)} `
      + `${(latency > 0 ? `${(100 * rate / ideal).toFixed(1)}%` : '-').padStart(8)} `
      + `${peakMiB.toFixed(1).padStart(10)} ${String(failed).padStart(6)} ${(Number.isNaN(net) ? '-' : net.toFixed(1)).padStart(12)}`,
  };
}

const version = spawnSync(promptfooBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`promptfoo ${version} on Node.js ${process.version}`);
console.log(`2 prompts x 2 models x ${rows} rows = ${cells} cells`);
console.log(`${'latency'.padEnd(9)} ${'conc'.padEnd(5)} ${'wall s'.padStart(10)} ${'cells/s'.padStart(9)} `
  + `${'ideal/s'.padStart(9)} ${'ratio'.padStart(8)} ${'peak MiB'.padStart(10)} ${'failed'.padStart(6)} `
  + `${'net cells/s'.padStart(12)}`);
const promptfooRows = [];
{
  // Start-up cost, measured once: a 1-row eval (4 cells) at 0 ms latency.
  const { child, url } = await startServer(0);
  const dir = mkdtempSync(join(tmpdir(), 'trellis-bench-promptfoo-'));
  try {
    startup = runPromptfoo(dir, writeConfig(dir, url, 1, 'startup.json'), 1).wall;
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
for (const latency of latencies) {
  const { child, url } = await startServer(latency);
  const dir = mkdtempSync(join(tmpdir(), 'trellis-bench-promptfoo-'));
  try {
    const configPath = writeConfig(dir, url);
    for (const concurrency of concurrencies) {
      const r = runPromptfoo(dir, configPath, concurrency);
      const out = row(latency, concurrency, r.wall, r.peakMiB, r.errors + (cells - r.done));
      promptfooRows.push(out);
      console.log(out.text);
    }
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`wall s includes promptfoo's start-up (${startup.toFixed(2)} s for a 1-row eval); net cells/s `
  + 'leaves it out. peak MiB is the promptfoo process\'s max RSS.');

// Trellis's figures from bench_eval, same rows/latencies, and the speed ratio.
const benchEval = findExecutable(['bin/bench_eval', 'bench/eval/bench_eval']);
if (process.env.BENCH_SKIP_TRELLIS === '1' || !benchEval) {
  if (!benchEval) console.log(`(no bench_eval under ${buildDir}: build it for the Trellis/promptfoo ratio)`);
  process.exit(0);
}
const t = spawnSync(benchEval, [], {
  env: { ...process.env, BENCH_ROWS: String(rows), BENCH_LATENCIES: latencies.join(',') },
  encoding: 'utf8', maxBuffer: 1 << 26,
});
process.stdout.write(`\nTrellis (bench_eval):\n${t.stdout}`);
console.log('\nTrellis cells/s / promptfoo cells/s (and / promptfoo net cells/s):');
for (const line of t.stdout.split('\n')) {
  const m = line.match(/^(\d+) ms\s+(\d+)\s+[\d.]+\s+([\d.]+)/);
  if (!m) continue;
  const p = promptfooRows.find((r) => r.latency === Number(m[1]) && r.concurrency === Number(m[2]));
  if (!p) continue;
  const netRatio = Number.isNaN(p.net) ? '-' : `${(Number(m[3]) / p.net).toFixed(2)}x`;
  console.log(`${`${m[1]} ms`.padEnd(9)} ${m[2].padEnd(5)} ${(Number(m[3]) / p.rate).toFixed(2).padStart(8)}x `
    + `${netRatio.padStart(9)}`);
}
