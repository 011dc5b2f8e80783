/**
 * `npm run admin -- create-street --name 天平街道 --admin-username admin --admin-name 郑志明`
 * `npm run admin -- reset-password --username admin`
 * `npm run admin -- purge-demo [--dry-run]`
 * Same database as the app: DATABASE_URL (PostgreSQL) or the embedded PGlite in DATA_DIR (.data).
 * Migrations run first. One-time passwords are printed on a line of their own: `password: …`.
 * Exit 0 on success, 1 when refused (the reason in Chinese on stderr), 2 on bad arguments.
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { openDb, type Db, type Kdb } from '../db/db'
import { migrate } from '../db/migrate'
import { AppError } from '../platform/errors'
import { createStreet } from './create-street'
import { resetPasswordByUsername } from './reset-password'
import { purgeDemo } from './purge-demo'

const USAGE = `用法：
  npm run admin -- create-street --name <街道名称> --admin-username <账号> --admin-name <姓名>
  npm run admin -- reset-password --username <账号>
  npm run admin -- purge-demo [--dry-run]
环境变量：DATABASE_URL（PostgreSQL）或 DATA_DIR（内置数据库，默认 .data）`

export interface CliIo {
  out: NodeJS.WritableStream
  err: NodeJS.WritableStream
  /** An open database to use instead of DATABASE_URL / DATA_DIR (tests); left open. */
  db?: Kdb
  now?: () => Date
}

export async function main(argv: string[], env: Record<string, string | undefined> = process.env, io: CliIo = { out: process.stdout, err: process.stderr }): Promise<number> {
  const { out, err } = io
  const [command, ...rest] = argv
  let args: Record<string, string | boolean | undefined>
  try {
    args = parseArgs({
      args: rest,
      options: {
        name: { type: 'string' },
        'admin-username': { type: 'string' },
        'admin-name': { type: 'string' },
        username: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values
  } catch (error) {
    err.write(`${(error as Error).message}\n\n${USAGE}\n`)
    return 2
  }
  if (!command || command === 'help' || command === '--help' || args.help) {
    out.write(`${USAGE}\n`)
    return command ? 0 : 2
  }
  const missing = (names: string[]) => names.filter((n) => !args[n])
  const need: Record<string, string[]> = { 'create-street': ['name', 'admin-username', 'admin-name'], 'reset-password': ['username'], 'purge-demo': [] }
  if (!need[command]) {
    err.write(`不认识的命令「${command}」\n\n${USAGE}\n`)
    return 2
  }
  const absent = missing(need[command])
  if (absent.length) {
    err.write(`缺少 ${absent.map((a) => `--${a}`).join('、')}\n\n${USAGE}\n`)
    return 2
  }

  let owned: Db | null = null
  let db = io.db
  if (!db) {
    owned = await openDb(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL, poolSize: 2 } : { pgliteDir: join(env.DATA_DIR || '.data', 'pgdata') })
    db = owned.kysely
  }
  const now = io.now ?? (() => new Date())
  try {
    await migrate(db)
    if (command === 'create-street') {
      const r = await createStreet(db, now(), { name: String(args.name), adminUsername: String(args['admin-username']), adminName: String(args['admin-name']) })
      out.write(`已创建街道「${String(args.name).trim()}」和街道管理员 ${r.username}。\n`)
      out.write(`首次登录请用下面的一次性密码，登录后必须修改：\n`)
      out.write(`username: ${r.username}\n`)
      out.write(`password: ${r.oneTimePassword}\n`)
    } else if (command === 'reset-password') {
      const r = await resetPasswordByUsername(db, now(), String(args.username))
      out.write(`已为 ${r.username} 重置密码并解除锁定，登录后必须修改：\n`)
      out.write(`password: ${r.oneTimePassword}\n`)
    } else {
      const r = await purgeDemo(db, now(), { dryRun: Boolean(args['dry-run']) })
      out.write(`${r.summary}\n`)
    }
    return 0
  } catch (error) {
    if (error instanceof AppError) {
      err.write(`${error.message}\n`)
      return 1
    }
    err.write(`出错了：${(error as Error).stack ?? error}\n`)
    return 1
  } finally {
    await owned?.close()
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code))
}
