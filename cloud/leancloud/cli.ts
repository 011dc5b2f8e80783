/**
 * `npm run import:leancloud -- --community 东湖社区 --from-export ./export [--mapping m.json] [--dry-run] [--batch 500]`
 * `npm run import:leancloud -- --community <id> --app-id … --app-key … --server-url https://… [--master-key …]`
 *   (or LEANCLOUD_APP_ID / LEANCLOUD_APP_KEY / LEANCLOUD_SERVER_URL / LEANCLOUD_MASTER_KEY)
 * Same database as the app: DATABASE_URL (PostgreSQL) or the embedded PGlite in DATA_DIR (.data).
 * Progress on stderr (a bar on a terminal), the summary on stdout; exit 1 on failure (run it again:
 * it continues from the last committed batch).
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { openDb, type Db, type Kdb } from '../db/db'
import { DataDirLockedError } from '../db/data-dir-lock'
import { migrate } from '../db/migrate'
import { localStorage, type Storage } from '../platform/storage'
import { importLeanCloud, ImportError, type ImportSummary } from './import-leancloud'
import { loadMapping, MappingError } from './mapping'
import { exportFolderSource, liveSource, type LcSource } from './sources'

const USAGE = `用法：
  npm run import:leancloud -- --community <社区 id 或名称> --from-export <导出目录> [选项]
  npm run import:leancloud -- --community <社区 id 或名称> --app-id <id> --app-key <key> --server-url <url> [--master-key <key>] [选项]
选项：
  --mapping <file.json>   类与字段的对应（默认见 cloud/leancloud/mapping.example.json）
  --dry-run               只检查：列出会新建、跳过、拒绝的记录，不写入任何数据
  --batch <n>             每批行数（默认 500，一批一个事务）
  --source-app <name>     外部 id 表里的来源名（默认 app id 或导出目录名）
  --json                  摘要以 JSON 输出
环境变量：DATABASE_URL 或 DATA_DIR；LEANCLOUD_APP_ID / LEANCLOUD_APP_KEY / LEANCLOUD_SERVER_URL / LEANCLOUD_MASTER_KEY`

export interface CliResult {
  code: number
  summary: ImportSummary | null
}

export interface CliIo {
  out: NodeJS.WritableStream
  err: NodeJS.WritableStream
  /** An open database to use instead of DATABASE_URL / DATA_DIR (tests: the test's database; left open). */
  db?: Kdb
  storage?: Storage
  now?: () => Date
  fetch?: typeof fetch
}

export async function main(argv: string[], env: Record<string, string | undefined> = process.env, io: CliIo = { out: process.stdout, err: process.stderr }): Promise<CliResult> {
  const { out, err } = io
  let args
  try {
    args = parseArgs({
      args: argv,
      options: {
        community: { type: 'string' },
        'from-export': { type: 'string' },
        'app-id': { type: 'string' },
        'app-key': { type: 'string' },
        'master-key': { type: 'string' },
        'server-url': { type: 'string' },
        mapping: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        batch: { type: 'string', default: '500' },
        'source-app': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values
  } catch (error) {
    err.write(`${(error as Error).message}\n\n${USAGE}\n`)
    return { code: 2, summary: null }
  }
  if (args.help) {
    out.write(`${USAGE}\n`)
    return { code: 0, summary: null }
  }
  const batch = Number(args.batch)
  const appId = args['app-id'] ?? env.LEANCLOUD_APP_ID
  const appKey = args['app-key'] ?? env.LEANCLOUD_APP_KEY
  const serverURL = args['server-url'] ?? env.LEANCLOUD_SERVER_URL
  const problems: string[] = []
  if (!args.community) problems.push('缺少 --community')
  if (!Number.isInteger(batch) || batch < 1 || batch > 5000) problems.push('--batch 应为 1–5000 的整数')
  if (!args['from-export'] && !(appId && appKey && serverURL)) problems.push('请给 --from-export <目录>，或 --app-id、--app-key、--server-url（或对应环境变量）')
  if (problems.length) {
    err.write(`${problems.join('\n')}\n\n${USAGE}\n`)
    return { code: 2, summary: null }
  }

  let source: LcSource
  let mapping
  try {
    mapping = loadMapping(args.mapping ?? null)
    source = args['from-export']
      ? exportFolderSource(args['from-export'])
      : liveSource({ appId: appId!, appKey: appKey!, serverURL: serverURL!, masterKey: args['master-key'] ?? env.LEANCLOUD_MASTER_KEY ?? null })
  } catch (error) {
    err.write(`${(error as Error).message}\n`)
    return { code: 2, summary: null }
  }

  const dataDir = env.DATA_DIR || '.data'
  let db: Pick<Db, 'kysely' | 'close'>
  try {
    db = io.db ? { kysely: io.db, close: async () => {} } : await openDb(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL, poolSize: 2 } : { pgliteDir: join(dataDir, 'pgdata') })
  } catch (error) {
    // the server is running on this DATA_DIR: importing beside it would lose one side's writes
    if (!(error instanceof DataDirLockedError)) throw error
    err.write(`${error.message}\n`)
    return { code: 2, summary: null }
  }
  const bar = progressBar(err)
  try {
    await migrate(db.kysely)
    const summary = await importLeanCloud(
      { db: db.kysely, storage: io.storage ?? localStorage(join(dataDir, 'files')), now: io.now?.() ?? new Date(), fetch: io.fetch },
      { community: args.community!, source, mapping, sourceApp: args['source-app'] ?? null, dryRun: args['dry-run'], batch, onProgress: bar.update },
    )
    bar.stop()
    out.write(args.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary))
    return { code: 0, summary }
  } catch (error) {
    bar.stop()
    if (error instanceof ImportError || error instanceof MappingError) err.write(`${error.message}\n`)
    else err.write(`导入中断：${(error as Error).message}\n已提交的批次保留；再次运行会从上次的进度继续。\n`)
    return { code: 1, summary: null }
  } finally {
    await db.close()
  }
}

/** A bar per class on a terminal; nothing when stderr is a pipe or a file (logs stay clean). */
function progressBar(stream: NodeJS.WritableStream) {
  const tty = (stream as NodeJS.WriteStream).isTTY === true
  let bar: import('cli-progress').SingleBar | null = null
  let current = ''
  return {
    update: (e: { className: string; done: number; total: number | null }) => {
      if (!tty) return
      if (e.className !== current) {
        bar?.stop()
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { SingleBar, Presets } = require('cli-progress') as typeof import('cli-progress')
        bar = new SingleBar({ stream: stream as NodeJS.WriteStream, format: `${e.className.padEnd(16)} [{bar}] {value}/{total}`, hideCursor: true }, Presets.shades_classic)
        bar.start(e.total ?? 0, 0)
        current = e.className
      }
      if (e.total === null || e.done > e.total) bar!.setTotal(e.done)
      bar!.update(e.done)
    },
    stop: () => bar?.stop(),
  }
}

const KIND_NAMES: Record<string, string> = {
  users: '居民',
  reports: '随手拍',
  points_history: '积分记录',
  points_balance: '积分余额',
  volunteer_hours: '志愿时长',
  checkup_bookings: '体检预约',
}

export function formatSummary(s: ImportSummary): string {
  const lines = [`${s.dryRun ? '【试运行，未写入】' : ''}LeanCloud 应用 ${s.sourceApp} → ${s.community.name}`, '']
  // numbers first, names last: Chinese names are two columns wide and would push a padded table apart
  lines.push('  读取   新建   关联   跳过   拒绝  类（对应）')
  for (const c of s.classes) {
    const name = `${c.className}（${KIND_NAMES[c.kind]}）`
    if (c.missing) lines.push(`${'—'.padStart(6)}${' '.repeat(28)}${name}：没有数据`)
    else lines.push(`${[c.read, c.created, c.linked, c.skipped, c.refused].map((n) => String(n).padStart(6)).join(' ')}  ${name}`)
  }
  for (const c of s.classes) {
    if (c.refusals.length) {
      lines.push('', `${c.className} 拒绝的记录：`)
      for (const r of c.refusals) lines.push(`  ${r.ref}：${r.reason}`)
      if (c.refused > c.refusals.length) lines.push(`  …… 另有 ${c.refused - c.refusals.length} 条`)
    }
    if (c.notes.length) {
      lines.push('', `${c.className} 备注：`)
      for (const r of c.notes) lines.push(`  ${r.ref}：${r.reason}`)
    }
  }
  if (s.unreachableFiles.length) {
    lines.push('', `无法获取的文件（${s.unreachableCount}，记录已导入）：`)
    for (const f of s.unreachableFiles) lines.push(`  ${f.ref} ${f.url}：${f.reason}`)
    if (s.unreachableCount > s.unreachableFiles.length) lines.push(`  …… 另有 ${s.unreachableCount - s.unreachableFiles.length} 个`)
  }
  return `${lines.join('\n')}\n`
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (r) => process.exit(r.code),
    (error) => {
      console.error(error)
      process.exit(1)
    },
  )
}
