import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { Client } from 'pg'
import { withDatabase } from './db'

export const ROOT = `${__dirname}/../..`

/** The environment a child server gets: the test's, without secrets or modes that would leak in. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const k of ['JWT_SECRET', 'ID_HASH_PEPPER', 'SMS_PROVIDER', 'DEMO_MODE', 'NODE_ENV', 'DATABASE_URL', 'STORAGE', 'PHONE_LOGIN', 'WEB_CONCURRENCY', 'LINLI_WORKER_INDEX', 'PORT']) delete env[k]
  return { ...env, SKIP_H5_BUILD: '1', LOG_LEVEL: 'warn', ...extra }
}

export interface Child {
  proc: ChildProcess
  out: () => string
  exited: Promise<number | null>
  /** Resolves with the URL once the server printed that it started; rejects if it exits first. */
  started: Promise<string>
  stop(): Promise<void>
}

export function runChild(command: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const proc = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let text = ''
  proc.stdout!.on('data', (d) => (text += d))
  proc.stderr!.on('data', (d) => (text += d))
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)))
  const started = new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = /已启动：(http:\/\/127\.0\.0\.1:\d+)/.exec(text)
      if (m) resolve(m[1])
    }
    proc.stdout!.on('data', check)
    void exited.then((code) => reject(new Error(`exited ${code} before starting:\n${text}`)))
  })
  started.catch(() => {})
  return {
    proc,
    out: () => text,
    exited,
    started,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM')
        await exited
      }
    },
  }
}

/** A new, empty PostgreSQL database (no migrations, no seed); drop() removes it. */
export async function emptyPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL!
  const name = `linli_empty_${randomBytes(5).toString('hex')}`
  const admin = new Client({ connectionString: base })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  return {
    url: withDatabase(base, name),
    async drop() {
      const c = new Client({ connectionString: base })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await c.end()
    },
  }
}
