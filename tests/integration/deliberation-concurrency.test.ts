import { describeEachDb } from '../helpers/app'
import { makeResidents, unitId, voteBody } from './deliberation-helpers'

/**
 * One ballot per elector under load. On PostgreSQL (DATABASE_URL) the requests run in parallel over a
 * pool of 20 connections; PGlite serialises them and must give the same answers.
 */
describeEachDb('议事协商 votes under concurrency', (ctx) => {
  let staff: string
  beforeAll(async () => {
    staff = await ctx().login('staff01')
  })

  const ballot = (token: string, voteId: string, choices: number[], key: string) =>
    ctx().call('POST', `/api/v1/votes/${voteId}/ballots`, { token, body: { choices }, headers: { 'Idempotency-Key': key } })

  it('300 voters on 3 devices each, all at once: exactly 300 ballots, the recount equals what was cast', async () => {
    const c = ctx()
    const people = await makeResidents(c, 300, { prefix: '并发' })
    const vote = await c.call('POST', '/api/v1/staff/votes', { token: staff, body: voteBody(await unitId(c, '东湖社区'), { title: '并发表决' }) })
    expect(vote.status).toBe(201)
    const id = vote.body.id
    // each person picks one option; each of their three devices sends it with its own key
    const pick = (i: number) => i % 3
    const answers = await Promise.all(people.flatMap((p, i) => [0, 1, 2].map((d) => ballot(p.token, id, [pick(i)], `dev${d}-${p.id}`))))
    const statuses = answers.map((a) => a.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(300)
    expect(statuses.filter((s) => s === 409)).toHaveLength(600)
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.error.code === 'ALREADY_VOTED')).toBe(true)

    const participation = await c.db.kysely.selectFrom('vote_participation').select('voter_id').where('vote_id', '=', id).execute()
    expect(participation).toHaveLength(300)
    expect(new Set(participation.map((p) => p.voter_id)).size).toBe(300)
    const choices = await c.db.kysely.selectFrom('vote_choices').select('choices').where('vote_id', '=', id).execute()
    expect(choices).toHaveLength(300)

    // a replay of a device's request gets its first answer again, not a second ballot
    const replay = await ballot(people[0].token, id, [pick(0)], `dev0-${people[0].id}`)
    expect([201, 409]).toContain(replay.status)
    expect(await c.db.kysely.selectFrom('vote_participation').select('voter_id').where('vote_id', '=', id).execute()).toHaveLength(300)

    const results = await c.call('GET', `/api/v1/votes/${id}/results`, { token: staff })
    expect(results.body).toMatchObject({ ballots: 300, online: 300, paper: 0 })
    expect(results.body.options.map((o: { votes: number }) => o.votes)).toEqual([100, 100, 100])
    expect(results.body.eligible).toBeGreaterThanOrEqual(300)
  })

  it('a household of three voting at once, 50 households: one ballot per household', async () => {
    const c = ctx()
    // homes in 第二网格 (the demo's own homes are in 第一网格), the vote on that grid
    const people = await makeResidents(c, 150, { prefix: '同户', perHouse: 3, houseUnit: '东湖社区第二网格', area: () => 75.5 })
    const id = (await c.call('POST', '/api/v1/staff/votes', { token: staff, body: voteBody(await unitId(c, '东湖社区第二网格'), { title: '每户一票', electorate: 'households' }) })).body.id
    const answers = await Promise.all(people.map((p, i) => ballot(p.token, id, [i % 2], `hh-${p.id}`)))
    expect(answers.filter((a) => a.status === 201)).toHaveLength(50)
    const refused = answers.filter((a) => a.status === 409)
    expect(refused).toHaveLength(100)
    expect(refused.every((a) => a.body.error.code === 'HOUSEHOLD_ALREADY_VOTED' && /^同\*+\d$/.test(a.body.error.details.votedBy))).toBe(true)
    const rows = await c.db.kysely.selectFrom('vote_participation').select(['elector_key']).where('vote_id', '=', id).execute()
    expect(new Set(rows.map((r) => r.elector_key)).size).toBe(50)
    expect(rows).toHaveLength(50)
    const r = await c.call('GET', `/api/v1/votes/${id}/results`, { token: staff })
    expect(r.body).toMatchObject({ eligible: 50, ballots: 50, eligibleArea: 3775, ballotArea: 3775 })
  })

  it('paper and online for the same voter at the same moment: exactly one counts, for 60 voters', async () => {
    const c = ctx()
    const people = await makeResidents(c, 60, { prefix: '纸网' })
    const id = (await c.call('POST', '/api/v1/staff/votes', { token: staff, body: voteBody(await unitId(c, '东湖社区'), { title: '纸质与网上', secret: false }) })).body.id
    const answers = await Promise.all(
      people.flatMap((p) => [ballot(p.token, id, [0], `on-${p.id}`), c.call('POST', `/api/v1/staff/votes/${id}/paper-ballots`, { token: staff, body: { voterId: p.id, choices: [1] } })]),
    )
    // per voter: one 201 and one 409 (an open vote's own online ballot may be replaced only by its voter online)
    for (let i = 0; i < people.length; i++) {
      const pair = [answers[2 * i].status, answers[2 * i + 1].status].sort()
      expect(pair).toEqual([201, 409])
    }
    const rows = await c.db.kysely.selectFrom('vote_participation').select(['voter_id', 'channel', 'choices']).where('vote_id', '=', id).execute()
    expect(rows).toHaveLength(60)
    const r = await c.call('GET', `/api/v1/votes/${id}/results`, { token: staff })
    expect(r.body.paper + r.body.online).toBe(60)
    expect(r.body.paper).toBe(rows.filter((x) => x.channel === 'paper').length)
    expect(r.body.options[1].votes).toBe(r.body.paper)
    expect(r.body.options[0].votes).toBe(r.body.online)
    expect(await c.db.kysely.selectFrom('audit_log').select('id').where('action', '=', 'vote.paper_ballot').execute()).toHaveLength(r.body.paper)
  })

  it('many supports at once: one per person, and the topic moves to triage exactly once', async () => {
    const c = ctx()
    const [author, ...others] = await makeResidents(c, 41, { prefix: '支持' })
    const topic = await c.call('POST', '/api/v1/topics', { token: author.token, body: { title: '增设快递柜', description: '小区快递无处放，希望增设快递柜', category: 'facilities' } })
    expect(topic.status).toBe(201)
    const threshold = topic.body.threshold as number
    expect(threshold).toBeLessThanOrEqual(30)
    const answers = await Promise.all(
      others.flatMap((p) => [c.call('POST', `/api/v1/topics/${topic.body.id}/support`, { token: p.token }), c.call('POST', `/api/v1/topics/${topic.body.id}/support`, { token: p.token })]),
    )
    const ok = answers.filter((a) => a.status === 200).length
    // after the threshold the topic stops collecting, so later supports are refused as closed
    expect(ok).toBe(threshold)
    const supports = await c.db.kysely.selectFrom('topic_supports').select('user_id').where('topic_id', '=', topic.body.id).execute()
    expect(supports).toHaveLength(threshold)
    const notices = await c.db.kysely.selectFrom('notices').select('id').where('user_id', '=', author.id).where('kind', '=', 'topic.triage').execute()
    expect(notices).toHaveLength(1)
  })
})
