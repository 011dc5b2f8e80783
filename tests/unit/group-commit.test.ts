import { groupCommit, inLockOrder } from '../../cloud/platform/group-commit'

/** A run whose statements finish when the test says so; it records what each statement carried. */
function controlledRun() {
  const batches: number[][] = []
  const finish: (() => void)[] = []
  const run = async (items: readonly number[]) => {
    batches.push([...items])
    await new Promise<void>((resolve) => finish.push(resolve))
    return items.map((n) => (n < 0 ? new Error(`bad ${n}`) : n * 10))
  }
  return { batches, finish, run }
}

const ticks = () => new Promise((r) => setImmediate(r))

describe('groupCommit', () => {
  it('a call on a quiet line goes at once, alone', async () => {
    const { batches, finish, run } = controlledRun()
    const commit = groupCommit(run, { inFlight: 2, maxBatch: 10 })
    const one = commit(1)
    await ticks()
    expect(batches).toEqual([[1]])
    finish[0]()
    await expect(one).resolves.toBe(10)
  })

  it('calls arriving while every slot is busy wait and go together, each answered on its own', async () => {
    const { batches, finish, run } = controlledRun()
    const commit = groupCommit(run, { inFlight: 1, maxBatch: 100 })
    const first = commit(1)
    await ticks()
    const waiting: Promise<number>[] = []
    for (let i = 2; i <= 20; i++) {
      waiting.push(commit(i))
      await ticks() // one arrival per tick, as from separate clients
    }
    expect(batches).toEqual([[1]]) // nothing else started while the slot was taken
    finish[0]()
    await first
    await ticks()
    expect(batches[1]).toEqual(Array.from({ length: 19 }, (_, i) => i + 2))
    finish[1]()
    expect(await Promise.all(waiting)).toEqual(Array.from({ length: 19 }, (_, i) => (i + 2) * 10))
  })

  it('keeps at most maxBatch items in a statement and inFlight statements running', async () => {
    const { batches, finish, run } = controlledRun()
    const commit = groupCommit(run, { inFlight: 2, maxBatch: 4 })
    const all = Array.from({ length: 10 }, (_, i) => commit(i))
    await ticks()
    expect(batches).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ])
    finish[0]()
    await ticks()
    expect(batches[2]).toEqual([8, 9])
    finish[1]()
    finish[2]()
    expect(await Promise.all(all)).toEqual(Array.from({ length: 10 }, (_, i) => i * 10))
  })

  it('an item answered with an Error fails alone', async () => {
    const { finish, run } = controlledRun()
    const commit = groupCommit(run, { inFlight: 1, maxBatch: 10 })
    const results = Promise.allSettled([commit(1), commit(-1), commit(2)])
    await ticks()
    finish[0]()
    const settled = await results
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect((settled[1] as PromiseRejectedResult).reason.message).toBe('bad -1')
  })
})

describe('inLockOrder', () => {
  it('orders by the first key, then the next, and leaves the input as it was', () => {
    const items = [
      { user: 'b', rule: '1' },
      { user: 'a', rule: '2' },
      { user: 'b', rule: '0' },
      { user: 'a', rule: '1' },
    ]
    const sorted = inLockOrder(
      items,
      (i) => i.user,
      (i) => i.rule,
    )
    expect(sorted.map((i) => i.user + i.rule)).toEqual(['a1', 'a2', 'b0', 'b1'])
    expect(items.map((i) => i.user + i.rule)).toEqual(['b1', 'a2', 'b0', 'a1'])
  })
})
