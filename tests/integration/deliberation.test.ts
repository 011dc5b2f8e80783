import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import sharp from 'sharp'
import { describeEachDb } from '../helpers/app'
import { deliverOutbox } from '../../cloud/app'
import { makeResidents, unitId, voteBody } from './deliberation-helpers'

describeEachDb('议事协商: topics, answers, meetings', (ctx) => {
  let staff: string
  let wang: string
  let li: string
  let zhao: string
  beforeAll(async () => {
    staff = await ctx().login('staff01')
    wang = await ctx().login('13800000001')
    li = await ctx().login('13800000002')
    zhao = await ctx().login('13800000004')
  })

  const noticesOf = async (phone: string, kind: string) => {
    const user = await ctx().db.kysely.selectFrom('users').select('id').where('phone', '=', phone).executeTakeFirstOrThrow()
    return ctx().db.kysely.selectFrom('notices').selectAll().where('user_id', '=', user.id).where('kind', '=', kind).execute()
  }

  test('a resident proposes, two others support, the topic goes to triage; staff answer and everyone is told', async () => {
    const c = ctx()
    const created = await c.call('POST', '/api/v1/topics', {
      token: wang,
      body: { title: '东湖路夜间停车难', description: '晚上小区里车停满了，消防通道也被占，希望商量一个停车方案。', category: 'parking' },
    })
    expect(created.status).toBe(201)
    // 东湖社区 has a handful of residents: 5 % of them rounds to 1, the floor of 2 supports applies
    expect(created.body).toMatchObject({ title: '东湖路夜间停车难', status: 'collecting', supports: 0, threshold: 2, mine: true, following: true, authorName: '王*' })
    const id = created.body.id as string

    expect((await c.call('POST', `/api/v1/topics/${id}/support`, { token: wang })).body.error.code).toBe('CANNOT_SUPPORT_OWN')
    const one = await c.call('POST', `/api/v1/topics/${id}/support`, { token: li })
    expect(one.status).toBe(200)
    expect(one.body).toMatchObject({ supports: 1, status: 'collecting', supported: true })
    const again = await c.call('POST', `/api/v1/topics/${id}/support`, { token: li })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('TOPIC_ALREADY_SUPPORTED')
    const two = await c.call('POST', `/api/v1/topics/${id}/support`, { token: zhao })
    expect(two.body).toMatchObject({ supports: 2, status: 'triage', statusLabel: '待社区答复' })
    expect(await noticesOf('13800000001', 'topic.triage')).toHaveLength(1)

    // staff queue: status=triage
    const queue = await c.call('GET', '/api/v1/topics?status=triage', { token: staff })
    expect(queue.status).toBe(200)
    expect(queue.body.items.map((t: { id: string }) => t.id)).toContain(id)

    // another community's staff and residents: the topic does not exist for them
    const gaoanResident = (await makeResidents(c, 1, { community: '高安社区' }))[0]
    expect((await c.call('GET', `/api/v1/topics/${id}`, { token: gaoanResident.token })).status).toBe(404)
    expect((await c.call('POST', `/api/v1/topics/${id}/support`, { token: gaoanResident.token })).status).toBe(404)
    const lead = await c.login('dept01')
    expect((await c.call('POST', `/api/v1/staff/topics/${id}/answer`, { token: lead, body: { decision: 'accepted', reason: '列入议事会' } })).status).toBe(404)

    // a resident cannot answer; a bad answer changes nothing
    expect((await c.call('POST', `/api/v1/staff/topics/${id}/answer`, { token: li, body: { decision: 'accepted', reason: '同意列入' } })).status).toBe(404)
    const bad = await c.call('POST', `/api/v1/staff/topics/${id}/answer`, { token: staff, body: { decision: 'referred', reason: '转城管' } })
    expect(bad.status).toBe(400)

    const dept = await unitId(c, '城管中队')
    const referred = await c.call('POST', `/api/v1/staff/topics/${id}/answer`, { token: staff, body: { decision: 'referred', reason: '占用消防通道由城管处理', departmentId: dept } })
    expect(referred.status).toBe(200)
    expect(referred.body.answer).toMatchObject({ decision: 'referred', departmentName: '城管中队' })
    const accepted = await c.call('POST', `/api/v1/staff/topics/${id}/answer`, { token: staff, body: { decision: 'accepted', reason: '停车方案列入本月议事会' } })
    expect(accepted.body).toMatchObject({ status: 'accepted', statusLabel: '已列入议事会' })
    expect(accepted.body.answers.map((a: { decision: string }) => a.decision)).toEqual(['referred', 'accepted'])
    // author and both supporters told of each answer
    for (const phone of ['13800000001', '13800000002', '13800000004']) expect(await noticesOf(phone, 'topic.answered')).toHaveLength(2)

    // 落实: an item with a milestone, on the topic's page
    const item = await c.call('POST', `/api/v1/staff/topics/${id}/actions`, { token: staff, body: { title: '施划夜间停车位' } })
    expect(item.status).toBe(201)
    const itemId = item.body.actions[0].id
    const step = await c.call('POST', `/api/v1/staff/actions/${itemId}/milestones`, { token: staff, body: { title: '完成测量和划线方案', progress: 40 } })
    expect(step.body.actions[0]).toMatchObject({ title: '施划夜间停车位', progress: 40, milestones: [{ title: '完成测量和划线方案', progress: 40 }] })
    expect(await noticesOf('13800000002', 'topic.progress')).toHaveLength(1)
    const seen = await c.call('GET', `/api/v1/topics/${id}`, { token: li })
    expect(seen.body.actions[0].progress).toBe(40)
  })

  test('category and optional location: checked before anything is written, returned and filterable', async () => {
    const c = ctx()
    const count = async () => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM topics`.execute(c.db.kysely)).rows[0]!.n)
    const before = await count()
    const base = { title: '加装电梯商量', description: '3 号楼想加装电梯，想听听各楼层邻居的意见。' }
    const bad = [
      { ...base },
      { ...base, category: 'weather' },
      { ...base, category: 'lift', lat: 31.2 },
      { ...base, category: 'lift', lng: 121.4 },
      { ...base, category: 'lift', lat: 91, lng: 121.4 },
      { ...base, category: 'lift', lat: 31.2, lng: -181 },
      { ...base, category: 'lift', lat: '31.2', lng: 121.4 },
    ]
    for (const body of bad) {
      const res = await c.call('POST', '/api/v1/topics', { token: zhao, body })
      expect([res.status, res.body.error.code]).toEqual([400, 'INVALID_INPUT'])
    }
    expect(await count()).toBe(before)
    const lift = await c.call('POST', '/api/v1/topics', { token: zhao, body: { ...base, category: 'lift', lat: 31.2201, lng: 121.4402 } })
    expect(lift.status).toBe(201)
    expect(lift.body).toMatchObject({ category: 'lift', categoryLabel: '加装电梯', location: { lat: 31.2201, lng: 121.4402 } })
    const plain = await c.call('POST', '/api/v1/topics', { token: zhao, body: { ...base, title: '邻居装修太吵', category: 'dispute' } })
    expect(plain.body).toMatchObject({ category: 'dispute', categoryLabel: '邻里纠纷', location: null })
    const lifts = await c.call('GET', '/api/v1/topics?category=lift&limit=50', { token: wang })
    expect(lifts.status).toBe(200)
    expect(lifts.body.items.map((t: { id: string }) => t.id)).toContain(lift.body.id)
    expect(lifts.body.items.every((t: { category: string }) => t.category === 'lift')).toBe(true)
    expect((await c.call('GET', '/api/v1/topics?category=weather', { token: wang })).status).toBe(400)
    const detail = await c.call('GET', `/api/v1/topics/${lift.body.id}`, { token: wang })
    expect(detail.body).toMatchObject({ categoryLabel: '加装电梯', location: { lat: 31.2201, lng: 121.4402 } })
  })

  test('topics list pages with a cursor and stays in the caller’s community', async () => {
    const c = ctx()
    const badPhoto = await c.call('POST', '/api/v1/topics', {
      token: li,
      body: { title: '带照片的议题', description: '照片不是上传过的', category: 'facilities', photoKeys: ['photos/not-uploaded.jpg'] },
    })
    expect(badPhoto.body.error.code).toBe('UPLOAD_NOT_FOUND')
    // a real photo, through the same upload (sharp re-encodes it) as 随手拍
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 120, b: 40 } } })
      .jpeg()
      .toBuffer()
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'topic.jpg')
    const up = await c.app.request('/api/v1/uploads', { method: 'POST', headers: { authorization: `Bearer ${li}` }, body: form })
    expect(up.status).toBe(201)
    const key = ((await up.json()) as { key: string }).key
    const withPhoto = await c.call('POST', '/api/v1/topics', { token: li, body: { title: '带照片的议题', description: '南门台阶破损，见照片', category: 'facilities', photoKeys: [key] } })
    expect(withPhoto.status).toBe(201)
    expect(withPhoto.body.photoUrls).toHaveLength(1)
    for (let i = 0; i < 3; i++) await c.call('POST', '/api/v1/topics', { token: li, body: { title: `议题分页${i}`, description: '用于翻页的议题内容', category: 'other' } })
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const res: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await c.call('GET', `/api/v1/topics?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: zhao })
      expect(res.status).toBe(200)
      seen.push(...res.body.items.map((t) => t.id))
      cursor = res.body.nextCursor
    } while (cursor)
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen.length).toBeGreaterThanOrEqual(4)
    const gaoan = await unitId(c, '高安社区')
    expect((await c.call('GET', `/api/v1/topics?orgUnitId=${gaoan}`, { token: zhao })).status).toBe(404)
  })

  test('议事会: agenda, QR sign-in once per person, points through the points rules once, minutes told to followers', async () => {
    const c = ctx()
    const topic = await c.call('POST', '/api/v1/topics', { token: staff, body: { title: '楼道堆物清理', description: '楼道里堆放杂物，存在消防隐患' } })
    expect(topic.body.status).toBe('triage')
    // staff raise a topic without a category: it is 其他
    expect(topic.body).toMatchObject({ category: 'other', categoryLabel: '其他', location: null })
    await c.call('POST', `/api/v1/topics/${topic.body.id}/follow`, { token: li })
    const meeting = await c.call('POST', '/api/v1/staff/meetings', {
      token: staff,
      body: { title: '十二月邻里议事会', startsAt: '2026-11-27T06:00:00Z', place: '东湖社区活动室', members: [{ role: '居民代表', name: '李强' }], topicIds: [topic.body.id] },
    })
    expect(meeting.status).toBe(201)
    const code = await c.call('POST', `/api/v1/staff/meetings/${meeting.body.id}/code`, { token: staff })
    expect(code.status).toBe(200)
    const first = await c.call('POST', '/api/v1/meetings/checkin', { token: li, body: { code: code.body.code } })
    expect(first.body).toMatchObject({ signedIn: true, attendees: 1 })
    const second = await c.call('POST', '/api/v1/meetings/checkin', { token: li, body: { code: code.body.code } })
    expect(second.body.attendees).toBe(1)
    expect((await c.call('POST', '/api/v1/meetings/checkin', { token: li, body: { code: `${code.body.code.slice(0, -2)}xx` } })).body.error.code).toBe('QR_INVALID')
    await deliverOutbox(c.deps)
    await deliverOutbox(c.deps)
    const earned = await c.db.kysely
      .selectFrom('points_earnings')
      .selectAll()
      .where('source_id', '=', `meeting:${meeting.body.id}:${(await c.db.kysely.selectFrom('users').select('id').where('phone', '=', '13800000002').executeTakeFirstOrThrow()).id}`)
      .execute()
    expect(earned).toHaveLength(1)
    expect(earned[0].points).toBeGreaterThan(0)
    const minutes = await c.call('POST', `/api/v1/staff/meetings/${meeting.body.id}/minutes`, {
      token: staff,
      body: { minutes: '到会 9 人，讨论楼道堆物。', decisions: [{ topicId: topic.body.id, decision: '本周内通知清理，逾期统一清运' }] },
    })
    expect(minutes.body).toMatchObject({ published: true, agenda: [{ decision: '本周内通知清理，逾期统一清运' }] })
    expect(await noticesOf('13800000002', 'topic.decided')).toHaveLength(1)
    const detail = await c.call('GET', `/api/v1/topics/${topic.body.id}`, { token: li })
    expect(detail.body.meetings[0]).toMatchObject({ title: '十二月邻里议事会', decision: '本周内通知清理，逾期统一清运' })
  })
})

describeEachDb('议事协商: votes, ballots, results', (ctx) => {
  let staff: string
  let donghu: string
  beforeAll(async () => {
    staff = await ctx().login('staff01')
    donghu = await unitId(ctx(), '东湖社区')
  })
  const ballot = (token: string, voteId: string, choices: number[], extra: Record<string, unknown> = {}) =>
    ctx().call('POST', `/api/v1/votes/${voteId}/ballots`, { token, body: { choices, ...extra } })

  test('secret ballots: the choices table has no voter column and nothing links it to who voted; the receipt checks and changes a ballot', async () => {
    const c = ctx()
    const people = await makeResidents(c, 4)
    const vote = await c.call('POST', '/api/v1/staff/votes', { token: staff, body: voteBody(donghu) })
    expect(vote.status).toBe(201)
    expect(vote.body).toMatchObject({ status: 'open', secret: true, rule: 'plurality', electorateLabel: '本范围居民每人一票' })
    expect(vote.body.ruleText).toContain('得票最多')
    const id = vote.body.id
    const r0 = await ballot(people[0].token, id, [0])
    expect(r0.status).toBe(201)
    expect(typeof r0.body.receipt).toBe('string')
    await ballot(people[1].token, id, [1])

    const cols = await sql<{ column_name: string }>`SELECT column_name FROM information_schema.columns WHERE table_name = 'vote_choices' ORDER BY column_name`.execute(c.db.kysely)
    expect(cols.rows.map((r) => r.column_name)).toEqual(['choices', 'floor_area', 'id', 'receipt_hash', 'vote_id'])
    // no foreign key from vote_choices to anything but the vote
    const fks = await sql<{ target: string }>`
      SELECT cu.table_name AS target FROM information_schema.table_constraints tc
      JOIN information_schema.constraint_column_usage cu ON cu.constraint_name = tc.constraint_name
      WHERE tc.table_name = 'vote_choices' AND tc.constraint_type = 'FOREIGN KEY'`.execute(c.db.kysely)
    expect(fks.rows.map((f) => f.target)).toEqual(['votes'])
    // who voted keeps neither the choices nor the receipt of a secret vote
    const part = await c.db.kysely.selectFrom('vote_participation').selectAll().where('vote_id', '=', id).execute()
    expect(part).toHaveLength(2)
    expect(part.every((p) => p.choices === null && p.receipt_hash === null)).toBe(true)
    // the choice ids are random (not time-ordered like the participation keys)
    const choiceRows = await c.db.kysely.selectFrom('vote_choices').select(['id', 'receipt_hash']).where('vote_id', '=', id).execute()
    expect(choiceRows).toHaveLength(2)
    expect(choiceRows.every((r) => r.id[14] === '4')).toBe(true)

    // the receipt shows the ballot was counted; it changes the ballot; nothing else does
    expect((await c.call('POST', `/api/v1/votes/${id}/receipt`, { token: people[0].token, body: { receipt: r0.body.receipt } })).body).toEqual({ counted: true, choices: [0] })
    expect((await ballot(people[0].token, id, [2])).body.error.code).toBe('ALREADY_VOTED')
    expect((await ballot(people[0].token, id, [2], { receipt: 'not-the-receipt-at-all' })).body.error.code).toBe('RECEIPT_INVALID')
    const changed = await ballot(people[0].token, id, [2], { receipt: r0.body.receipt })
    expect(changed.body).toEqual({ receipt: r0.body.receipt, replaced: true })
    // an Idempotency-Key on a secret ballot stores neither the choice (not even hashed) nor the receipt
    const keyed = await c.call('POST', `/api/v1/votes/${id}/ballots`, { token: people[2].token, body: { choices: [1] }, headers: { 'Idempotency-Key': 'secret-ballot-0001' } })
    expect(keyed.status).toBe(201)
    const replay = await c.call('POST', `/api/v1/votes/${id}/ballots`, { token: people[2].token, body: { choices: [1] }, headers: { 'Idempotency-Key': 'secret-ballot-0001' } })
    expect(replay).toMatchObject({ status: 201, body: { receipt: null, replayed: true } })
    const keyRow = await c.db.kysely.selectFrom('idempotency_keys').selectAll().where('user_id', '=', people[2].id).executeTakeFirstOrThrow()
    expect(JSON.stringify(keyRow.response)).not.toContain(keyed.body.receipt)
    const bodyHash = (b: string) => createHash('sha256').update(`POST /api/v1/votes/${id}/ballots\n${b}`).digest('hex')
    expect([bodyHash('{"choices":[0]}'), bodyHash('{"choices":[1]}'), bodyHash('{"choices":[2]}')]).not.toContain(keyRow.request_hash)
    const results = await c.call('GET', `/api/v1/votes/${id}/results`, { token: staff })
    expect(results.body).toMatchObject({ eligible: expect.any(Number), ballots: 3, online: 3, paper: 0 })
    expect(results.body.options.map((o: { votes: number }) => o.votes)).toEqual([0, 2, 1])
  })

  test('paper and online exclude each other both ways; paper is entered with an ID check, audited, counted', async () => {
    const c = ctx()
    const people = await makeResidents(c, 3)
    const id = (await c.call('POST', '/api/v1/staff/votes', { token: staff, body: voteBody(donghu, { secret: false }) })).body.id
    expect((await ballot(people[0].token, id, [0])).status).toBe(201)
    const paperAfterOnline = await c.call('POST', `/api/v1/staff/votes/${id}/paper-ballots`, { token: staff, body: { voterId: people[0].id, choices: [1] } })
    expect(paperAfterOnline.status).toBe(409)
    expect(paperAfterOnline.body.error).toMatchObject({ code: 'ALREADY_VOTED', details: { channel: 'online' } })

    const paper = await c.call('POST', `/api/v1/staff/votes/${id}/paper-ballots`, { token: staff, body: { voterId: people[1].id, choices: [1] } })
    expect(paper.status).toBe(201)
    const onlineAfterPaper = await ballot(people[1].token, id, [0])
    expect(onlineAfterPaper.status).toBe(409)
    expect(onlineAfterPaper.body.error.details.channel).toBe('paper')
    // a resident cannot enter paper ballots; the ID check is required
    expect((await c.call('POST', `/api/v1/staff/votes/${id}/paper-ballots`, { token: people[2].token, body: { voterId: people[2].id, choices: [0] } })).status).toBe(404)
    expect((await c.call('POST', `/api/v1/staff/votes/${id}/paper-ballots`, { token: staff, body: { voterId: people[2].id, choices: [0], idChecked: false } })).status).toBe(400)

    const row = await c.db.kysely.selectFrom('vote_participation').selectAll().where('vote_id', '=', id).where('voter_id', '=', people[1].id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ channel: 'paper', id_checked: true, choices: [1] })
    expect(row.entered_by).not.toBeNull()
    const audit = await c.db.kysely.selectFrom('audit_log').selectAll().where('subject_id', '=', people[1].id).where('action', '=', 'vote.paper_ballot').execute()
    expect(audit).toHaveLength(1)
    const electors = await c.call('GET', `/api/v1/staff/votes/${id}/electors?q=${encodeURIComponent('居民1')}`, { token: staff })
    expect(electors.body.items.find((e: { userId: string }) => e.userId === people[1].id)).toMatchObject({ voted: 'paper' })
    const results = await c.call('GET', `/api/v1/votes/${id}/results`, { token: staff })
    expect(results.body).toMatchObject({ ballots: 2, paper: 1, online: 1 })
  })

  test('an outsider gets 404; a resident registered after the vote opened gets 403', async () => {
    const c = ctx()
    const before = await makeResidents(c, 1)
    const opensAt = new Date(c.clock.now().getTime() + 3_600_000)
    const id = (await c.call('POST', '/api/v1/staff/votes', { token: staff, body: voteBody(donghu, { opensAt: opensAt.toISOString() }) })).body.id
    expect((await ballot(before[0].token, id, [0])).body.error.code).toBe('VOTE_NOT_OPEN')
    const start = c.clock.now()
    try {
      c.clock.set(new Date(opensAt.getTime() + 3_600_000))
      const late = await makeResidents(c, 1, { at: c.clock.now() })
      const outsider = (await makeResidents(c, 1, { community: '高安社区' }))[0]
      expect((await ballot(outsider.token, id, [0])).status).toBe(404)
      const refused = await ballot(late[0].token, id, [0])
      expect(refused.status).toBe(403)
      expect(refused.body.error.code).toBe('NOT_ELECTOR')
      expect((await ballot(before[0].token, id, [0])).status).toBe(201)
      expect((await c.call('GET', `/api/v1/votes/${id}`, { token: late[0].token })).body.me).toMatchObject({ eligible: false })
    } finally {
      c.clock.set(start)
    }
  })

  test('household vote: one ballot per house whoever is first; the others are told who voted (masked); art. 278 by area and number', async () => {
    const c = ctx()
    const grid = await unitId(c, '东湖社区第二网格')
    // 4 houses × 2 members, areas 80, 90, 100, 130 m²
    const people = await makeResidents(c, 8, { perHouse: 2, houseUnit: '东湖社区第二网格', area: (h) => [80, 90, 100, 130][h], prefix: '电梯' })
    const vote = await c.call('POST', '/api/v1/staff/votes', {
      token: staff,
      body: voteBody(grid, { title: '3 号楼加装电梯', electorate: 'households', rule: 'art278_major', options: [{ label: '同意' }, { label: '不同意' }] }),
    })
    expect(vote.status).toBe(201)
    expect(vote.body.ruleText).toContain('四分之三')
    const id = vote.body.id
    expect((await ballot(people[0].token, id, [0])).status).toBe(201)
    const second = await ballot(people[1].token, id, [1])
    expect(second.status).toBe(409)
    expect(second.body.error).toMatchObject({ code: 'HOUSEHOLD_ALREADY_VOTED', details: { votedBy: '电***0' } })
    expect((await c.call('GET', `/api/v1/votes/${id}`, { token: people[1].token })).body.me).toMatchObject({ voted: true, votedByOther: '电***0' })
    await ballot(people[3].token, id, [0]) // house 2 (90)
    await c.call('POST', `/api/v1/staff/votes/${id}/paper-ballots`, { token: staff, body: { voterId: people[4].id, choices: [1] } }) // house 3 (100)
    const r = await c.call('GET', `/api/v1/votes/${id}/results`, { token: staff })
    expect(r.body).toMatchObject({ eligible: 4, ballots: 3, paper: 1, online: 2, eligibleArea: 400, ballotArea: 270 })
    expect(r.body.options).toEqual([
      { label: '同意', votes: 2, cost: null, area: 170 },
      { label: '不同意', votes: 1, cost: null, area: 100 },
    ])
    // taking part: 3/4 by number, 270/400 by area ≥ 2/3; in favour 2/3 by number < 3/4 → not passed
    expect(r.body.outcome.passed).toBe(false)
    expect(r.body.outcome.checks.map((x: { ok: boolean }) => x.ok)).toEqual([true, true, false, false])
  })

  test('participatory budget: a ballot over the budget or over maxChoices changes nothing; the funded projects stay within the budget', async () => {
    const c = ctx()
    const people = await makeResidents(c, 5)
    const vote = await c.call('POST', '/api/v1/staff/votes', {
      token: staff,
      body: voteBody(donghu, {
        title: '微更新项目',
        kind: 'budget',
        budget: 100000,
        maxChoices: 2,
        options: [
          { label: '口袋公园', cost: 60000 },
          { label: '休息座椅', cost: 30000 },
          { label: '充电车棚', cost: 50000 },
        ],
      }),
    })
    const id = vote.body.id
    const over = await ballot(people[0].token, id, [0, 2])
    expect(over.status).toBe(422)
    expect(over.body.error.code).toBe('BUDGET_EXCEEDED')
    expect((await ballot(people[0].token, id, [0, 1, 2])).status).toBe(422)
    expect(await c.db.kysely.selectFrom('vote_participation').select('voter_id').where('vote_id', '=', id).execute()).toHaveLength(0)
    await ballot(people[0].token, id, [0, 1])
    await ballot(people[1].token, id, [0])
    await ballot(people[2].token, id, [2, 1])
    await ballot(people[3].token, id, [2])
    const r = await c.call('GET', `/api/v1/votes/${id}/results`, { token: staff })
    // 口袋公园 2, 休息座椅 2, 充电车棚 2: funded in order while the money lasts
    const funded = r.body.outcome.checks[0].value.split('、') as string[]
    const costs = Object.fromEntries(vote.body.options.map((o: { label: string; cost: number }) => [o.label, o.cost]))
    expect(funded.reduce((s, l) => s + costs[l], 0)).toBeLessThanOrEqual(100000)
  })

  test('close, publish: residents see results only once published; the recount equals the published figures', async () => {
    const c = ctx()
    const people = await makeResidents(c, 6)
    const id = (await c.call('POST', '/api/v1/staff/votes', { token: staff, body: voteBody(donghu, { rule: 'majority', quorumPercent: 0 }) })).body.id
    for (const [i, p] of people.slice(0, 4).entries()) await ballot(p.token, id, [i === 3 ? 1 : 0])
    await c.call('POST', `/api/v1/staff/votes/${id}/paper-ballots`, { token: staff, body: { voterId: people[4].id, choices: [0] } })
    expect((await c.call('GET', `/api/v1/votes/${id}/results`, { token: people[0].token })).body.error.code).toBe('RESULTS_NOT_PUBLISHED')
    expect((await c.call('POST', `/api/v1/staff/votes/${id}/publish`, { token: staff })).status).toBe(409)
    const closed = await c.call('POST', `/api/v1/staff/votes/${id}/close`, { token: staff })
    expect(closed.body).toMatchObject({ status: 'closed' })
    expect((await ballot(people[5].token, id, [0])).body.error.code).toBe('VOTE_NOT_OPEN')
    const published = await c.call('POST', `/api/v1/staff/votes/${id}/publish`, { token: staff })
    expect(published.status).toBe(200)
    expect(published.body).toMatchObject({ ballots: 5, paper: 1, online: 4, status: 'published', outcome: { passed: true } })
    const seen = await c.call('GET', `/api/v1/votes/${id}/results`, { token: people[5].token })
    expect(seen.status).toBe(200)
    const stored = await c.db.kysely.selectFrom('votes').select('published_results').where('id', '=', id).executeTakeFirstOrThrow()
    const pick = (r: Record<string, unknown>) => ({ eligible: r.eligible, ballots: r.ballots, paper: r.paper, online: r.online, options: r.options })
    expect(pick(seen.body)).toEqual(pick(stored.published_results as Record<string, unknown>))
    // and the options add up to the ballots of a single-choice vote
    expect(seen.body.options.reduce((s: number, o: { votes: number }) => s + o.votes, 0)).toBe(seen.body.ballots)
    const notice = await c.db.kysely.selectFrom('notices').selectAll().where('user_id', '=', people[5].id).where('kind', '=', 'vote.published').execute()
    expect(notice).toHaveLength(1)
  })

  test('bad input never writes: unknown option, single with two choices, vote with one option', async () => {
    const c = ctx()
    const [p] = await makeResidents(c, 1)
    const id = (await c.call('POST', '/api/v1/staff/votes', { token: staff, body: voteBody(donghu) })).body.id
    expect((await ballot(p.token, id, [7])).status).toBe(422)
    expect((await ballot(p.token, id, [0, 1])).status).toBe(422)
    expect((await ballot(p.token, id, [])).status).toBe(422)
    expect((await c.call('POST', '/api/v1/staff/votes', { token: staff, body: voteBody(donghu, { options: [{ label: '同意' }] }) })).status).toBe(400)
    expect((await c.call('POST', '/api/v1/staff/votes', { token: p.token, body: voteBody(donghu) })).status).toBe(404)
    expect(await c.db.kysely.selectFrom('vote_participation').select('voter_id').where('vote_id', '=', id).execute()).toHaveLength(0)
  })
})
