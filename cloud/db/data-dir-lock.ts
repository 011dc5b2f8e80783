import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'

/** Another live process holds the embedded database. The message names the lock file and the pid. */
export class DataDirLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holderPid: number,
  ) {
    super(`数据目录正被另一个进程（pid ${holderPid}）使用，锁文件 ${lockFile}；请先停止它 / data folder is in use by process ${holderPid} (lock ${lockFile}); stop it first`)
    this.name = 'DataDirLockedError'
  }
}

interface Holder {
  pid: number
  host: string
  since: string
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else — still alive
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * The embedded PGlite is one process's files: two processes opening one DATA_DIR each acknowledge
 * writes and one side is lost. So the first to open writes a lock file with its pid (O_EXCL); a
 * second refuses at once. A lock whose holder is gone (crash, kill -9) is stale and taken over.
 * Returns the release function (also run at process exit).
 */
export function lockDataDir(lockFile: string): () => void {
  for (let tries = 0; tries < 3; tries++) {
    let fd: number
    try {
      fd = openSync(lockFile, 'wx', 0o600)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      let holder: Holder | null
      try {
        holder = JSON.parse(readFileSync(lockFile, 'utf8')) as Holder
      } catch {
        holder = null // half-written by a holder that died while writing it: stale
      }
      // a holder on another machine (a shared folder) cannot be checked: it is taken as alive
      if (holder && (holder.host !== hostname() || alive(holder.pid))) throw new DataDirLockedError(lockFile, holder.pid)
      try {
        unlinkSync(lockFile) // stale
      } catch {
        /* another process took it over first; try again */
      }
      continue
    }
    const mine: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() }
    writeSync(fd, JSON.stringify(mine))
    closeSync(fd)
    let released = false
    const release = () => {
      if (released) return
      released = true
      process.off('exit', release)
      try {
        const current = JSON.parse(readFileSync(lockFile, 'utf8')) as Holder
        if (current.pid === process.pid && current.host === mine.host) unlinkSync(lockFile)
      } catch {
        /* already gone */
      }
    }
    process.on('exit', release)
    return release
  }
  throw new Error(`could not take the data folder lock ${lockFile}`)
}
