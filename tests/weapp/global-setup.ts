import { exec, execSync } from 'node:child_process'
import fs from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const root = path.resolve(__dirname, '..', '..')

/** Newest modification time under a folder (files only), leaving out the folder `skip`. */
export function newestMtime(dir: string, skip?: string): number {
  let newest = 0
  if (!fs.existsSync(dir)) return 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    if (entry.isDirectory()) newest = p === skip ? newest : Math.max(newest, newestMtime(p, skip))
    else newest = Math.max(newest, fs.statSync(p).mtimeMs)
  }
  return newest
}

export interface Build {
  script: string
  outDir: string
  marker: string
  sources?: string[]
}

/** The builds the tests load: dist/weapp, the cloud-mode weapp, the cloud function bundle and dist/h5. */
export const BUILDS = {
  weapp: { script: 'build:weapp', outDir: 'dist/weapp', marker: 'app.js' },
  // the same sources built with LINLI_CLOUD_ENV set (its own output folder)
  weappCloud: { script: 'build:weapp:cloud-test', outDir: 'dist/weapp-cloud', marker: 'app.js' },
  // the cloud function bundle the cloud-mode test drives (esbuild, a second or two)
  cloud: { script: 'build:cloud', outDir: 'cloud/functions/api', marker: 'index.js', sources: ['cloud', 'types'] },
  h5: { script: 'build:h5', outDir: 'dist/h5', marker: 'index.html' },
} satisfies Record<string, Build>

/** Whether `outDir` is older than its sources (src/, config/ and types/ unless told otherwise), judged by its marker file. */
function isStale({ outDir, marker, sources = ['src', 'config', 'types'] }: Build): boolean {
  const out = path.join(root, outDir, marker)
  const builtAt = fs.existsSync(out) ? fs.statSync(out).mtimeMs : 0
  const sourcesAt = Math.max(...sources.map((dir) => newestMtime(path.join(root, dir), path.join(root, outDir))))
  return builtAt <= sourcesAt
}

function buildCommand({ script, outDir }: Build): { command: string; env: NodeJS.ProcessEnv } {
  // jest sets NODE_ENV=test; Taro would then ship React's development build (5× larger).
  const env = { ...process.env, NODE_ENV: 'production' }
  // flock: two test runs at once (several engineers on one machine) never build into one dist/ together
  const lock = path.join(tmpdir(), `linli-${outDir.replace(/\W+/g, '-')}.lock`)
  return { command: `flock ${lock} npm run ${script}`, env }
}

function built(b: Build, started: number): void {
  if (!fs.existsSync(path.join(root, b.outDir, b.marker))) throw new Error(`npm run ${b.script} did not produce ${b.outDir}/${b.marker}`)
  process.stdout.write(`[${b.outDir}] built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
}

const failed = (b: Build, output: string, cause: unknown) => new Error(`npm run ${b.script} failed:\n${output.slice(-4000)}`, { cause })

/** Rebuild when stale (a global set-up: one build at a time). */
export function buildIfStale(b: Build): void {
  if (!isStale(b)) return
  const started = Date.now()
  process.stdout.write(`\n[${b.outDir}] stale or missing: npm run ${b.script}…\n`)
  const { command, env } = buildCommand(b)
  try {
    execSync(command, { cwd: root, env, stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 })
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer }
    throw failed(b, `${err.stdout?.toString() ?? ''}\n${err.stderr?.toString() ?? ''}`, e)
  }
  built(b, started)
}

/**
 * The stale ones of `builds`, all at once (`npm test` before jest: webpack leaves a core idle, so
 * two builds side by side take little longer than the longest one).
 */
export async function buildAllIfStale(builds: Build[]): Promise<void> {
  const stale = builds.filter(isStale)
  if (stale.length) process.stdout.write(`\nstale or missing: ${stale.map((b) => b.outDir).join(', ')}: building side by side…\n`)
  await Promise.all(
    stale.map(async (b) => {
      const started = Date.now()
      const { command, env } = buildCommand(b)
      await promisify(exec)(command, { cwd: root, env, maxBuffer: 64 * 1024 * 1024 }).catch((e: { stdout?: string; stderr?: string }) => {
        throw failed(b, `${e.stdout ?? ''}\n${e.stderr ?? ''}`, e)
      })
      built(b, started)
    }),
  )
}

/** The test file that loads the cloud-mode build (wx.cloud transport) instead of dist/weapp. */
const CLOUD_TEST = path.join(root, 'tests', 'weapp', 'reports-cloud.test.ts')

export default async function globalSetup(globalConfig: { testPathPattern?: string }): Promise<void> {
  buildIfStale(BUILDS.weapp)
  // the cloud-mode build only when its test is part of this run: each weapp build costs a good while on 2 cores
  const pattern = globalConfig.testPathPattern ?? ''
  if (!pattern || new RegExp(pattern, 'i').test(CLOUD_TEST)) {
    buildIfStale(BUILDS.weappCloud)
    buildIfStale(BUILDS.cloud)
    // and that test's cloud function starts from a copy of the demo DATA_DIR (loaded here, not at the
    // top: tests/run.ts imports this file for BUILDS and needs no server)
    const { makeDemoDataDirTemplate } = await import('../helpers/demo-data-dir')
    await makeDemoDataDirTemplate()
  }
}
