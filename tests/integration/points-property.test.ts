import { describeEachDb, type TestContext } from '../helpers/app'
import { tick } from '../../cloud/app'
import { loadActor } from '../../cloud/accounts/repository/people'
import { businessDate, shanghaiTime } from '../../cloud/platform/clock'
import { AppError } from '../../cloud/platform/errors'
import { redeemGoods } from '../../cloud/points/redeem-goods'
import { redeemAtCounter } from '../../cloud/points/redeem-at-counter'
import { cancelRedemption } from '../../cloud/points/cancel-redemption'
import { reverseJournal } from '../../cloud/points/reverse-journal'
import { communityId, give, ledgerProblems, makeGoods, makeResidents, plainRule } from './points-helpers'

/** mulberry32: a small seeded PRNG, so a failing sequence can be replayed from its seed. */
function prng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)] }
}

/** What the ledger should say, kept independently: lots per person (FIFO by expiry, then age). */
interface Lot {
  journalId: string
  expiresOn: string
  seq: number
  remaining: number
}
interface Hold {
  id: string
  code: string
  userId: string
  goodsId: string
  points: number
  holdUntil: number
  draws: { lot: Lot; amount: number }[]
  open: boolean
}
class Model {
  lots = new Map<string, Lot[]>()
  held = new Map<string, number>()
  stock = new Map<string, number>()
  holds: Hold[] = []
  earns: { journalId: string; userId: string; points: number; reversed: boolean }[] = []
  seq = 0
  available(u: string) {
    return (this.lots.get(u) ?? []).reduce((s, l) => s + l.remaining, 0)
  }
  credit(u: string, journalId: string, points: number, now: Date) {
    const lot = { journalId, expiresOn: `${Number(businessDate(now).slice(0, 4)) + 1}-12-31`, seq: this.seq++, remaining: points }
    this.lots.set(u, [...(this.lots.get(u) ?? []), lot])
    return lot
  }
  draw(u: string, amount: number, prefer: string | null = null) {
    const open = (this.lots.get(u) ?? [])
      .filter((l) => l.remaining > 0)
      .sort((a, b) => Number(b.journalId === prefer) - Number(a.journalId === prefer) || a.expiresOn.localeCompare(b.expiresOn) || a.seq - b.seq)
    const draws: { lot: Lot; amount: number }[] = []
    let left = amount
    for (const lot of open) {
      if (left === 0) break
      const take = Math.min(left, lot.remaining)
      lot.remaining -= take
      left -= take
      draws.push({ lot, amount: take })
    }
    return draws
  }
  expire(today: string) {
    for (const lots of this.lots.values()) for (const l of lots) if (l.expiresOn < today) l.remaining = 0
  }
}

const SEEDS = process.env.POINTS_PROPERTY_SEEDS ? process.env.POINTS_PROPERTY_SEEDS.split(',').map(Number) : [1, 2, 3, 4, 5]
const STEPS = Number(process.env.POINTS_PROPERTY_STEPS ?? 80)

describeEachDb('积分制 property: random sequences keep every invariant', (ctx) => {
  it.each(SEEDS)(
    'seed %i',
    async (seed) => {
      const c: TestContext = ctx()
      const rnd = prng(seed)
      const donghu = await communityId(c)
      const rule = await plainRule(c, donghu, `性质测试 ${seed}`)
      const people = await makeResidents(c, 4, donghu)
      const staff = (await loadActor(c.db.kysely, (await c.db.kysely.selectFrom('users').select('id').where('username', '=', 'staff01').executeTakeFirstOrThrow()).id))!
      const actors = new Map(await Promise.all(people.map(async (p) => [p.id, (await loadActor(c.db.kysely, p.id))!] as const)))
      const m = new Model()
      const goods: string[] = []
      for (const [i, price] of [3, 7, 12].entries()) {
        const id = await makeGoods(c, donghu, { name: `性质测试商品${seed}-${i}`, price, stock: rnd.int(1, 4) })
        const row = await c.db.kysely.selectFrom('points_goods').select('stock').where('id', '=', id).executeTakeFirstOrThrow()
        m.stock.set(id, row.stock)
        goods.push(id)
      }
      const price = async (g: string) => (await c.db.kysely.selectFrom('points_goods').select('price').where('id', '=', g).executeTakeFirstOrThrow()).price
      const refusal = async (f: () => Promise<unknown>): Promise<string | null> => {
        try {
          await f()
          return null
        } catch (e) {
          if (e instanceof AppError) return e.code
          throw e
        }
      }
      const log: string[] = []
      let lastTick = c.clock.now()

      for (let step = 0; step < STEPS; step++) {
        const u = rnd.pick(people).id
        const op = rnd.pick(['earn', 'earn', 'hold', 'hold', 'redeem', 'cancel', 'reverse', 'time'] as const)
        const now = c.clock.now()
        if (op === 'earn') {
          const points = rnd.int(1, 15)
          const r = await give(c, donghu, u, points, rule)
          const journalId = (await c.db.kysely.selectFrom('points_earnings').select('journal_id').where('id', '=', r.earningId).executeTakeFirstOrThrow()).journal_id!
          m.credit(u, journalId, points, now)
          m.earns.push({ journalId, userId: u, points, reversed: false })
          log.push(`${step} earn ${points}`)
        } else if (op === 'hold') {
          const g = rnd.pick(goods)
          const p = await price(g)
          const expected = m.available(u) < p ? 'INSUFFICIENT_POINTS' : m.stock.get(g)! === 0 ? 'OUT_OF_STOCK' : null
          let made: Awaited<ReturnType<typeof redeemGoods>> | null = null
          const got = await refusal(async () => {
            made = await redeemGoods(c.deps, actors.get(u)!, { goodsId: g })
          })
          expect({ step, op, got }).toEqual({ step, op, got: expected })
          if (made) {
            const r = made as Awaited<ReturnType<typeof redeemGoods>>
            m.stock.set(g, m.stock.get(g)! - 1)
            m.held.set(u, (m.held.get(u) ?? 0) + p)
            m.holds.push({ id: r.id, code: r.code, userId: u, goodsId: g, points: p, holdUntil: Date.parse(r.holdUntil), draws: m.draw(u, p), open: true })
          }
          log.push(`${step} hold ${p} → ${got ?? 'ok'}`)
        } else if (op === 'redeem' || op === 'cancel') {
          const open = m.holds.filter((h) => h.open)
          if (open.length === 0) continue
          const h = rnd.pick(open)
          const got = await refusal(() => (op === 'redeem' ? redeemAtCounter(c.deps, staff, h.id, { code: h.code }) : cancelRedemption(c.deps, actors.get(h.userId)!, h.id)))
          expect({ step, op, got }).toEqual({ step, op, got: null })
          h.open = false
          m.held.set(h.userId, m.held.get(h.userId)! - h.points)
          if (op === 'cancel') {
            for (const d of h.draws) d.lot.remaining += d.amount
            m.stock.set(h.goodsId, m.stock.get(h.goodsId)! + 1)
          }
          log.push(`${step} ${op} ${h.points}`)
        } else if (op === 'reverse') {
          const candidates = m.earns.filter((e) => !e.reversed)
          if (candidates.length === 0) continue
          const e = rnd.pick(candidates)
          const expected = m.available(e.userId) < e.points ? 'INSUFFICIENT_POINTS' : null
          const got = await refusal(() => reverseJournal(c.deps, staff, e.journalId, { reason: '性质测试冲正' }))
          expect({ step, op, got }).toEqual({ step, op, got: expected })
          if (!got) {
            e.reversed = true
            m.draw(e.userId, e.points, e.journalId)
          }
          log.push(`${step} reverse ${e.points} → ${got ?? 'ok'}`)
        } else {
          // time passes (sometimes across New Year); tick runs what is due, in run_at order
          c.clock.advance(rnd.int(1, 120) * 24 * 60)
          const to = c.clock.now()
          const events: { at: number; run: () => void }[] = []
          for (const h of m.holds.filter((x) => x.open && x.holdUntil <= to.getTime())) {
            events.push({
              at: h.holdUntil,
              run: () => {
                h.open = false
                m.held.set(h.userId, m.held.get(h.userId)! - h.points)
                for (const d of h.draws) d.lot.remaining += d.amount
                m.stock.set(h.goodsId, m.stock.get(h.goodsId)! + 1)
              },
            })
          }
          for (let y = Number(businessDate(lastTick).slice(0, 4)) + 1; y <= Number(businessDate(to).slice(0, 4)); y++) {
            events.push({ at: shanghaiTime(`${y}-01-01`).getTime(), run: () => m.expire(businessDate(to)) })
          }
          // jobs due at the same instant run in creation order; holds and New Year never coincide here
          events.sort((a, b) => a.at - b.at).forEach((e) => e.run())
          await tick(c.deps, to)
          lastTick = to
          log.push(`${step} time → ${businessDate(to)}`)
        }

        // after every step: the books balance, and every balance is what the model says
        expect({ step, problems: await ledgerProblems(c) }).toEqual({ step, problems: [] })
        for (const p of people) {
          const a = await c.db.kysely.selectFrom('points_accounts').select(['available', 'held']).where('user_id', '=', p.id).executeTakeFirst()
          expect({ step, user: p.id, available: Number(a?.available ?? 0), held: Number(a?.held ?? 0) }).toEqual({ step, user: p.id, available: m.available(p.id), held: m.held.get(p.id) ?? 0 })
        }
        for (const g of goods) {
          const row = await c.db.kysely.selectFrom('points_goods').select('stock').where('id', '=', g).executeTakeFirstOrThrow()
          expect({ step, goods: g, stock: row.stock }).toEqual({ step, goods: g, stock: m.stock.get(g) })
        }
      }
      // the sequence did something of each kind
      expect(log.some((l) => l.includes('hold') && l.endsWith('ok'))).toBe(true)
      expect(log.some((l) => l.includes(' time '))).toBe(true)
    },
    240_000,
  )
})
