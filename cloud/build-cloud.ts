/**
 * `npm run build:cloud`: bundles cloud/entry/wechat.ts with esbuild into cloud/functions/api/
 * (index.js + migrations/ + functions/ + package.json + config.json) for WeChat DevTools to upload.
 * `tsx cloud/build-cloud.ts <dir>` writes the same bundle into <dir> instead (a test's own copy).
 */
import { build } from 'esbuild'
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

const out = process.argv[2] ? resolve(process.argv[2]) : join(__dirname, 'functions', 'api')
const rootPkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'))
// the AWS SDK only loads with STORAGE=s3 (the default in the function is its own cloud storage)
const RUNTIME_DEPENDENCIES = ['wx-server-sdk', '@electric-sql/pglite', 'sharp', 'exceljs', '@aws-sdk/client-s3', '@aws-sdk/s3-request-presigner']

async function main() {
  mkdirSync(out, { recursive: true })
  rmSync(join(out, 'migrations'), { recursive: true, force: true })
  rmSync(join(out, 'functions'), { recursive: true, force: true })
  const started = Date.now()
  await build({
    entryPoints: [join(__dirname, 'entry', 'wechat.ts')],
    outfile: join(out, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    // installed by the cloud from package.json (RUNTIME_DEPENDENCIES): the SDK; PGlite (wasm + data
    // files, only used when no DATABASE_URL is set); sharp (a native addon); exceljs (large, loaded
    // only by exports). pg-native is an optional peer of pg that we never use.
    // prom-client: metrics are served by the node entry only and never loaded in the function
    external: [...RUNTIME_DEPENDENCIES, '@electric-sql/pglite/*', 'pg-native', 'prom-client'],
    logLevel: 'warning',
  })
  cpSync(join(__dirname, 'db', 'migrations'), join(out, 'migrations'), { recursive: true })
  cpSync(join(__dirname, 'db', 'functions'), join(out, 'functions'), { recursive: true })
  writeFileSync(
    join(out, 'package.json'),
    JSON.stringify(
      {
        name: 'linli-api',
        version: rootPkg.version,
        private: true,
        main: 'index.js',
        dependencies: Object.fromEntries(RUNTIME_DEPENDENCIES.map((name) => [name, rootPkg.dependencies[name] ?? rootPkg.devDependencies[name]])),
      },
      null,
      2,
    ) + '\n',
  )
  writeFileSync(
    join(out, 'config.json'),
    JSON.stringify(
      {
        permissions: { openapi: ['subscribeMessage.send'] },
        // every minute: SLA escalation, reminders, waitlist offers, outbox delivery
        triggers: [{ name: 'tick', type: 'timer', config: '0 * * * * * *' }],
        timeout: 20,
      },
      null,
      2,
    ) + '\n',
  )
  const size = statSync(join(out, 'index.js')).size
  console.log(`${relative(process.cwd(), join(out, 'index.js'))} ${(size / 1024).toFixed(0)} KB in ${Date.now() - started} ms`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
