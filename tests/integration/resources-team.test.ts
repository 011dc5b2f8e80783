import { sql } from 'kysely'
import { describeEachDb, type TestContext } from '../helpers/app'
import { addPerson, userId } from './timebank-helpers'

const MA = '13800000019' // 乌中社区, in no organisation of 东湖
const WANG = '13800000001' // 东湖社区, member of the volunteer team (not a volunteer of the time bank)
const LI = '13800000002' // 东湖社区, leader of the volunteer team
const ZHAO = '13800000004' // 东湖社区, the elder asking for help, also a member

/** Staff post a request for 赵秀英 that needs `n` volunteers. */
async function groupRequest(c: TestContext, staff: string, n: number) {
  const startsAt = new Date(c.clock.now().getTime() + 180 * 60_000)
  const res = await c.call('POST', '/api/v1/timebank/requests', {
    token: staff,
    body: {
      elderId: await userId(c, ZHAO),
      serviceType: 'cleaning',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 180 * 60_000).toISOString(),
      estimateMinutes: 120,
      volunteersNeeded: n,
      notes: '年底大扫除',
    },
  })
  if (res.status !== 201) throw new Error(`group request: ${JSON.stringify(res.body)}`)
  return res.body as { id: string }
}

describeEachDb('社会组织以组织名义接时间银行的单', (ctx) => {
  test('the leader fills places with verified volunteers among its members, all or none; never more than needed; only the leader', async () => {
    const c = ctx()
    const tokens: Record<string, string> = {}
    for (const who of [MA, WANG, LI, 'staff01']) tokens[who] = await c.login(who)
    const call = (who: string, method: string, path: string, body?: unknown) => c.call(method, path, { token: tokens[who], body })
    const org = (await call(LI, 'GET', '/api/v1/me/organisations')).body.items[0]
    expect(org).toMatchObject({ name: '东湖红马甲志愿服务队', myRole: 'leader' })
    const vols: string[] = []
    for (let i = 0; i < 3; i++) {
      const phone = `1391900000${i}`
      vols.push(await addPerson(c, { name: `队员${i}`, phone, birthDate: '1990-05-05', volunteer: true }))
      expect((await call(LI, 'POST', `/api/v1/organisations/${org.id}/members`, { phone })).status).toBe(201)
    }
    const outsider = await addPerson(c, { name: '非队员', phone: '13919000009', birthDate: '1990-05-05', volunteer: true })
    const group = await groupRequest(c, tokens.staff01, 2)
    const accept = (who: string, memberIds: string[], orgId = org.id) => call(who, 'POST', `/api/v1/organisations/${orgId}/timebank/requests/${group.id}/accept`, { memberIds })
    const places = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM timebank_requests WHERE parent_id = ${group.id} AND status <> 'cancelled'`.execute(c.db.kysely)).rows[0].n

    // the leader's list of open requests of the host community holds the group; a member is 403
    const open = await call(LI, 'GET', `/api/v1/organisations/${org.id}/timebank/requests`)
    expect(open.body.items.find((r: { id: string }) => r.id === group.id)).toMatchObject({ volunteersNeeded: 2, placesTaken: 0, status: 'open' })
    expect((await call(WANG, 'GET', `/api/v1/organisations/${org.id}/timebank/requests`)).status).toBe(403)
    // only the leader: a member is 403, someone outside the organisation 404
    expect((await accept(WANG, [vols[0]])).status).toBe(403)
    expect((await accept(MA, [vols[0]])).status).toBe(404)
    // the time bank's rules: a member who is not a volunteer, the elder herself, someone not in the organisation
    const wang = await userId(c, WANG)
    expect((await accept(LI, [vols[0], wang])).body.error).toMatchObject({ code: 'VOLUNTEER_REQUIRED', details: { userId: wang } })
    expect((await accept(LI, [await userId(c, ZHAO)])).body.error.code).toBe('CANNOT_SERVE_SELF')
    expect((await accept(LI, [outsider])).body.error).toMatchObject({ code: 'USER_NOT_FOUND', details: { userId: outsider } })
    // over-filling: 3 members for 2 places is refused and nothing is taken
    const over = await accept(LI, vols)
    expect(over.status).toBe(409)
    expect(over.body.error).toMatchObject({ code: 'REQUEST_PLACES_FULL', details: { placesTaken: 0, volunteersNeeded: 2, asked: 3 } })
    expect(await places()).toBe(0)

    // happy path: two members, one place each, the group is full
    const ok = await accept(LI, vols.slice(0, 2))
    expect(ok.status).toBe(201)
    expect(ok.body).toHaveLength(2)
    expect(ok.body.map((p: { volunteerId: string }) => p.volunteerId).sort()).toEqual(vols.slice(0, 2).sort())
    expect(ok.body[0]).toMatchObject({ parentId: group.id, status: 'accepted' })
    expect(await places()).toBe(2)
    const parent = await c.db.kysely.selectFrom('timebank_requests').select(['status', 'places_taken']).where('id', '=', group.id).executeTakeFirstOrThrow()
    expect(parent).toEqual({ status: 'accepted', places_taken: 2 })
    // recorded as acting for the organisation; each member is told
    const audit = await c.db.kysely.selectFrom('audit_log').select(['actor_id', 'subject_id', 'details']).where('action', '=', 'organisation.timebank_accept').execute()
    expect(audit.map((a) => a.subject_id).sort()).toEqual(vols.slice(0, 2).sort())
    expect(audit.every((a) => a.actor_id === audit[0].actor_id)).toBe(true)
    expect(audit[0].actor_id).toBe(await userId(c, LI))
    const details = typeof audit[0].details === 'string' ? JSON.parse(audit[0].details) : audit[0].details
    expect(details).toMatchObject({ organisationId: org.id, requestId: group.id })
    const notices = await c.db.kysely.selectFrom('notices').select('user_id').where('kind', '=', 'timebank.assigned').where('user_id', 'in', vols.slice(0, 2)).execute()
    expect(notices).toHaveLength(2)
    // full: one more is refused by the time bank (its guarded UPDATE), nothing changes
    expect((await accept(LI, [vols[2]])).body.error.code).toBe('REQUEST_PLACES_FULL')
    expect(await places()).toBe(2)
    expect((await call(LI, 'GET', `/api/v1/organisations/${org.id}/timebank/requests`)).body.items.map((r: { id: string }) => r.id)).not.toContain(group.id)
    // a request that does not exist, or a malformed id
    expect((await call(LI, 'POST', `/api/v1/organisations/${org.id}/timebank/requests/00000000-0000-4000-8000-000000000000/accept`, { memberIds: [vols[2]] })).status).toBe(404)
    expect((await call(LI, 'POST', `/api/v1/organisations/${org.id}/timebank/requests/${group.id}/accept`, { memberIds: [] })).status).toBe(400)
  })

  test('the database keeps the places: two team accepts racing for the last places never overfill', async () => {
    const c = ctx()
    const li = await c.login(LI)
    const staff = await c.login('staff01')
    const orgId = (await c.call('GET', '/api/v1/me/organisations', { token: li })).body.items[0].id
    const vols: string[] = []
    for (let i = 0; i < 4; i++) {
      const phone = `1391900010${i}`
      vols.push(await addPerson(c, { name: `快队员${i}`, phone, birthDate: '1990-05-05', volunteer: true }))
      await c.call('POST', `/api/v1/organisations/${orgId}/members`, { token: li, body: { phone } })
    }
    const group = await groupRequest(c, staff, 3)
    const send = (ids: string[]) => c.call('POST', `/api/v1/organisations/${orgId}/timebank/requests/${group.id}/accept`, { token: li, body: { memberIds: ids } })
    const results = await Promise.all([send(vols.slice(0, 2)), send(vols.slice(2, 4))])
    expect(results.map((r) => r.status).sort()).toEqual([201, 409])
    const n = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM timebank_requests WHERE parent_id = ${group.id}`.execute(c.db.kysely)).rows[0].n
    expect(n).toBe(2)
  })
})
