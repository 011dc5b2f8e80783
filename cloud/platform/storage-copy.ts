import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import type { Storage } from './storage'
import type { ObjectStorage } from './storage-s3'

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/** Every file under a local storage root, as storage keys (finished files only, not *.tmp). */
export async function* localKeys(root: string): AsyncIterable<string> {
  async function* walk(dir: string): AsyncIterable<string> {
    let entries
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const e of entries.sort((x, y) => x.name.localeCompare(y.name))) {
      const p = join(dir, e.name)
      if (e.isDirectory()) yield* walk(p)
      else if (e.isFile() && !e.name.endsWith('.tmp')) yield relative(root, p).split(sep).join('/')
    }
  }
  yield* walk(root)
}

export interface CopySummary {
  total: number
  copied: number
  unchanged: number
  failed: { key: string; reason: string }[]
}

/**
 * Copies every local file to the object store. Idempotent and resumable: an object already there
 * with the same SHA-256 is skipped, so a second run (or a run after an interruption) copies only
 * what is missing or different. Each copied object is read back and its hash compared.
 */
export async function copyLocalToObjectStorage(root: string, from: Storage, to: ObjectStorage, onProgress: (done: number, total: number) => void = () => {}): Promise<CopySummary> {
  const keys: string[] = []
  for await (const k of localKeys(root)) keys.push(k)
  const summary: CopySummary = { total: keys.length, copied: 0, unchanged: 0, failed: [] }
  let done = 0
  const worker = async () => {
    for (let key = keys.shift(); key !== undefined; key = keys.shift()) {
      try {
        const bytes = (await from.get(key)) ?? (await readFile(join(root, key)))
        const hash = sha256(bytes)
        if ((await to.storedHash(key)) === hash) summary.unchanged++
        else {
          await to.put(key, bytes)
          const back = await to.get(key)
          if (!back || sha256(back) !== hash) throw new Error('hash differs after copy')
          summary.copied++
        }
      } catch (error) {
        summary.failed.push({ key, reason: String((error as Error).message ?? error) })
      }
      onProgress(++done, summary.total)
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker))
  return summary
}
