/**
 * `npm run build:server`: compiles the Node server (cloud/entry/start.ts) with esbuild into
 * dist/server/start.js (+ migrations/ and functions/), which `npm run start:prod` runs with plain node — no tsx,
 * no TypeScript compiler at run time. Packages stay in node_modules (`npm ci --omit=dev`).
 */
import { build } from 'esbuild'
import { cpSync, mkdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = join(__dirname, '..')
const out = join(root, 'dist', 'server')

async function main() {
  const started = Date.now()
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })
  await build({
    entryPoints: { start: join(__dirname, 'entry', 'start.ts') },
    outdir: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    // our code is bundled; every package is loaded from node_modules as installed
    packages: 'external',
    logLevel: 'warning',
  })
  cpSync(join(__dirname, 'db', 'migrations'), join(out, 'migrations'), { recursive: true })
  cpSync(join(__dirname, 'db', 'functions'), join(out, 'functions'), { recursive: true })
  console.log(`dist/server/start.js ${(statSync(join(out, 'start.js')).size / 1024).toFixed(0)} KB in ${Date.now() - started} ms`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
