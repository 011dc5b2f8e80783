import DataLoader from 'dataloader'

export interface GroupCommitOptions {
  /** Statements of this kind running at once (each holds one pooled connection). */
  inFlight: number
  /** Items in one statement at most. */
  maxBatch: number
}

/**
 * Group commit for a hot write: calls that arrive while `inFlight` statements are already running
 * wait together and go as one statement (one round trip, one transaction, one WAL flush), each
 * caller still getting its own answer or its own error. A call that arrives when a slot is free
 * goes at once (with the calls of the same tick): a quiet server adds no delay.
 * `run` answers the items in order, an Error in the place of an item that failed.
 */
export function groupCommit<K, V>(run: (items: readonly K[]) => Promise<(V | Error)[]>, options: GroupCommitOptions): (item: K) => Promise<V> {
  let free = options.inFlight
  const waiting: (() => void)[] = []
  const finished = () => {
    const next = waiting.shift()
    if (next) next()
    else free++
  }
  const loader = new DataLoader<K, V>(
    async (items) => {
      try {
        return await run(items)
      } finally {
        finished()
      }
    },
    {
      cache: false,
      maxBatchSize: options.maxBatch,
      batchScheduleFn: (dispatch) => {
        if (free > 0) {
          free--
          process.nextTick(dispatch)
        } else waiting.push(dispatch)
      },
    },
  )
  return (item) => loader.load(item)
}

/**
 * groupCommit with one line of statements per handle (a pool: each database its own), made on the
 * handle's first call.
 */
export function groupCommitOn<H extends object, K, V>(run: (handle: H, items: readonly K[]) => Promise<(V | Error)[]>, options: GroupCommitOptions): (handle: H, item: K) => Promise<V> {
  const lines = new WeakMap<H, (item: K) => Promise<V>>()
  return (handle, item) => {
    let line = lines.get(handle)
    if (!line) {
      line = groupCommit<K, V>((items) => run(handle, items), options)
      lines.set(handle, line)
    }
    return line(item)
  }
}

/**
 * The items of one batch in the order every statement takes its locks (by each key in turn,
 * compared as strings), so two batches never wait on each other's rows in opposite orders.
 */
export function inLockOrder<T>(items: readonly T[], ...keys: ((item: T) => string)[]): T[] {
  return [...items].sort((a, b) => {
    for (const key of keys) {
      const x = key(a)
      const y = key(b)
      if (x !== y) return x < y ? -1 : 1
    }
    return 0
  })
}
