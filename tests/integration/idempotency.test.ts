import { Hono } from 'hono'
import { describeEachDb } from '../helpers/app'
import { idempotent } from '../../cloud/platform/idempotency'
import { installErrorHandling, parseBody, type AppEnv } from '../../cloud/platform/http'
import { requireAuth } from '../../cloud/platform/session'
import { AppError } from '../../cloud/platform/errors'
import { notify } from '../../cloud/platform/notices'
import { z } from 'zod'

/** A stand-in money-like write: each run writes one notice, so runs can be counted in the database. */
function testApp(deps: Parameters<typeof requireAuth>[0]['var']['deps']) {
  const app = new Hono<AppEnv>()
  installErrorHandling(app)
  app.use('*', async (c, next) => {
    c.set('deps', deps)
    await next()
  })
  app.post('/spend', requireAuth, (c) =>
    idempotent(c, async () => {
      const body = await parseBody(c, z.object({ amount: z.number().int() }))
      if (body.amount <= 0) throw new AppError('RULE_REFUSED')
      await new Promise((r) => setTimeout(r, 20))
      await deps.db.kysely.transaction().execute((tx) => notify(tx, deps.clock.now(), { userId: c.var.actor.userId, kind: 'spend', title: 't', body: String(body.amount) }))
      return { status: 201, body: { spent: body.amount } }
    }),
  )
  return app
}

describeEachDb('Idempotency-Key', (ctx) => {
  async function count(userId: string) {
    const rows = await ctx().db.kysely.selectFrom('notices').select('id').where('user_id', '=', userId).where('kind', '=', 'spend').execute()
    return rows.length
  }

  it('a replay returns the first answer without running again; another body is 409', async () => {
    const c = ctx()
    const token = await c.login('13800000001')
    const me = (await c.call('GET', '/api/v1/me', { token })).body.user.id
    const app = testApp(c.deps)
    const send = (amount: number, key: string) =>
      app.request('/spend', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify({ amount }) })
    const first = await send(5, 'key-00000001')
    expect(first.status).toBe(201)
    const replay = await send(5, 'key-00000001')
    expect(replay.status).toBe(201)
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect(await replay.json()).toEqual({ spent: 5 })
    const other = await send(6, 'key-00000001')
    expect(other.status).toBe(409)
    expect((await other.json()).error.code).toBe('IDEMPOTENCY_KEY_REUSED')
    // a refusal is an answer too, and is replayed as such
    expect((await send(-1, 'key-00000002')).status).toBe(422)
    expect((await send(-1, 'key-00000002')).status).toBe(422)
    expect(await count(me)).toBe(1)
  })

  it('ten copies racing with one key run once', async () => {
    const c = ctx()
    const token = await c.login('13800000002')
    const me = (await c.call('GET', '/api/v1/me', { token })).body.user.id
    const app = testApp(c.deps)
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        app.request('/spend', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'race-0000001' },
          body: JSON.stringify({ amount: 3 }),
        }),
      ),
    )
    const statuses = answers.map((a) => a.status)
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1)
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true)
    expect(await count(me)).toBe(1)
  })
})
