/**
 * `npm run storage:copy -- --from local --to s3`: copies DATA_DIR/files into the S3-compatible
 * bucket named by S3_* (README "Deploying for real"). Safe to run again: what is already there
 * with the same hash is skipped; every copied object is verified by its SHA-256.
 */
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { SingleBar, Presets } from 'cli-progress'
import { localStorage } from '../platform/storage'
import { s3OptionsFromEnv, s3Storage } from '../platform/storage-s3'
import { copyLocalToObjectStorage } from '../platform/storage-copy'

export async function main(argv: string[], env: Record<string, string | undefined> = process.env, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { from: { type: 'string' }, to: { type: 'string' }, 'data-dir': { type: 'string' } } })
  if (values.from !== 'local' || values.to !== 's3') {
    out.write('用法 / usage: npm run storage:copy -- --from local --to s3\n')
    return 2
  }
  const root = join(resolve(values['data-dir'] ?? env.DATA_DIR ?? '.data'), 'files')
  const target = s3Storage(s3OptionsFromEnv(env))
  const tty = (out as NodeJS.WriteStream).isTTY === true
  const bar = tty ? new SingleBar({ format: '复制照片 {bar} {value}/{total}', stream: out }, Presets.shades_classic) : null
  let started = false
  const summary = await copyLocalToObjectStorage(root, localStorage(root), target, (done, total) => {
    if (bar && !started) {
      bar.start(total, 0)
      started = true
    }
    bar?.update(done)
  })
  bar?.stop()
  out.write(`共 ${summary.total} 个文件：新复制 ${summary.copied}，已存在且一致 ${summary.unchanged}，失败 ${summary.failed.length}\n`)
  out.write(`${JSON.stringify({ total: summary.total, copied: summary.copied, unchanged: summary.unchanged, failed: summary.failed.length })}\n`)
  for (const f of summary.failed.slice(0, 20)) out.write(`  ${f.key}: ${f.reason}\n`)
  return summary.failed.length ? 1 : 0
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(`复制失败 / copy failed: ${(error as Error).message}`)
      process.exit(1)
    },
  )
}
