/**
 * `npm start`: build the H5 app if it is missing or older than its sources, then serve API + H5
 * on PORT (3000) with the embedded database in DATA_DIR (.data), or PostgreSQL when DATABASE_URL
 * is set, and print where to go and how to log in.
 */
import cluster from 'node:cluster'
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { startServer } from './node'
import { boot } from './boot'
import { DEMO_LOGINS, DEMO_PASSWORD, DEMO_SMS_CODE } from '../db/seed/demo'
import { ConfigError } from '../platform/config'
import { DataDirLockedError } from '../db/data-dir-lock'

// production runs the compiled server (npm run build:server; npm run start:prod) and serves an H5
// build made beforehand: it never builds at start
const production = process.env.NODE_ENV === 'production'

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((f) => newestMtime(join(path, f))))
}

function buildH5IfStale(): void {
  const built = existsSync('dist/h5/index.html') ? statSync('dist/h5/index.html').mtimeMs : 0
  const sources = Math.max(newestMtime('src'), newestMtime('config'), newestMtime('types'))
  if (built >= sources) return
  console.log('正在构建 H5 页面（首次约 20–40 秒）…')
  const result = spawnSync('npm', ['run', 'build:h5'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })
  if (result.status !== 0) {
    console.error('H5 构建失败：API 仍会启动，但网页不可用。')
  }
}

// With PostgreSQL, WEB_CONCURRENCY=N runs N server processes sharing the port (node:cluster).
// The embedded PGlite is one process's file, so it always runs one.
const workers = process.env.DATABASE_URL ? Math.max(1, Number(process.env.WEB_CONCURRENCY || 1)) : 1

async function primary() {
  if (process.env.SKIP_H5_BUILD !== '1' && !production) buildH5IfStale()
  // migrate and seed once, before any worker starts
  const { deps } = await boot({ dataDir: process.env.DATA_DIR || '.data', databaseUrl: process.env.DATABASE_URL, logLevel: 'warn' })
  await deps.db.close()
  for (let i = 0; i < workers; i++) cluster.fork({ LINLI_WORKER_INDEX: String(i) })
  cluster.on('exit', (worker, code) => {
    if (code !== 0) console.error(`工作进程 ${worker.process.pid} 退出（${code}）`)
  })
  const stop = () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM')
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

async function main() {
  const index = Number(process.env.LINLI_WORKER_INDEX || 0)
  if (!process.env.LINLI_WORKER_INDEX && process.env.SKIP_H5_BUILD !== '1' && !production) buildH5IfStale()
  const started = Date.now()
  const server = await startServer({
    port: Number(process.env.PORT || 3000),
    dataDir: process.env.DATA_DIR || '.data',
    databaseUrl: process.env.DATABASE_URL || null,
    logLevel: process.env.LOG_LEVEL || 'warn',
    ticks: index === 0,
  })
  if (index > 0) return
  const db = process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `内置 PGlite（${join(process.env.DATA_DIR || '.data', 'pgdata')}）`
  console.log(
    `\n邻里通已启动：${server.url}${production ? '（生产模式）' : ''}   （数据库：${db}，${Date.now() - started} ms${server.seeded ? '，已写入演示数据' : ''}${workers > 1 ? `，${workers} 个进程` : ''}）`,
  )
  console.log(`接口健康检查：${server.url}/api/v1/health`)
  if (server.deps.config.demoMode) {
    console.log(`\n演示账号（短信验证码 ${DEMO_SMS_CODE}，工作人员密码 ${DEMO_PASSWORD}）：`)
    for (const d of DEMO_LOGINS) console.log(`  ${d.login.padEnd(22)} ${d.who}`)
  }
  const stop = async () => {
    await server.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

const entry = workers > 1 && cluster.isPrimary ? primary : main
entry().catch((error) => {
  // a refused configuration or a taken data folder: one line that says why, no stack
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    console.error(`启动失败 / refusing to start: ${error.message}`)
    process.exit(2)
  }
  console.error('启动失败：', error)
  process.exit(1)
})
