import { execSync } from 'node:child_process'
import fs from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

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

/**
 * Rebuild `outDir` with `script` when its sources (src/, config/ and types/ unless told otherwise)
 * changed after its marker file (e.g. app.js).
 */
export function buildIfStale(script: string, outDir: string, marker: string, sources = ['src', 'config', 'types']): void {
  const out = path.join(root, outDir, marker)
  const builtAt = fs.existsSync(out) ? fs.statSync(out).mtimeMs : 0
  const sourcesAt = Math.max(...sources.map((dir) => newestMtime(path.join(root, dir), path.join(root, outDir))))
  if (builtAt > sourcesAt) return
  const started = Date.now()
  process.stdout.write(`\n[${outDir}] stale or missing: npm run ${script}…\n`)
  try {
    // jest sets NODE_ENV=test; Taro would then ship React's development build (5× larger).
    const env = { ...process.env, NODE_ENV: 'production' }
    // flock: two test runs at once (several engineers on one machine) never build into one dist/ together
    const lock = path.join(tmpdir(), `linli-${outDir.replace(/\W+/g, '-')}.lock`)
    execSync(`flock ${lock} npm run ${script}`, { cwd: root, env, stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 })
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer }
    const out = `${err.stdout?.toString() ?? ''}\n${err.stderr?.toString() ?? ''}`
    throw new Error(`npm run ${script} failed:\n${out.slice(-4000)}`, { cause: e })
  }
  if (!fs.existsSync(out)) throw new Error(`npm run ${script} did not produce ${outDir}/${marker}`)
  process.stdout.write(`[${outDir}] built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
}

/** The test file that loads the cloud-mode build (wx.cloud transport) instead of dist/weapp. */
const CLOUD_TEST = path.join(root, 'tests', 'weapp', 'reports-cloud.test.ts')

export default async function globalSetup(globalConfig: { testPathPattern?: string }): Promise<void> {
  buildIfStale('build:weapp', 'dist/weapp', 'app.js')
  // The same sources built with LINLI_CLOUD_ENV set (its own output folder): only when a cloud
  // test is part of this run, since each weapp build costs CI a good while on 2 cores.
  const pattern = globalConfig.testPathPattern ?? ''
  if (!pattern || new RegExp(pattern, 'i').test(CLOUD_TEST)) {
    buildIfStale('build:weapp:cloud-test', 'dist/weapp-cloud', 'app.js')
    // and the cloud function bundle that test drives (esbuild, a second or two)
    buildIfStale('build:cloud', 'cloud/functions/api', 'index.js', ['cloud', 'types'])
  }
}
