import type { TTopicCategory } from '../../types/deliberation'
import { createHash, randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { Kdb } from '../db/db'
import type { DemoWorld } from '../db/seed/world'
import { addMinutes } from '../platform/clock'
import { newId } from '../platform/ids'
import { residentsUnder } from './repository/units'
import { addSupport, follow, insertTopic, moveToTriage, recordAnswer } from './repository/topics'
import { insertAction, insertMilestone } from './repository/actions'
import { fixElectorate, insertVote, markPublished } from './repository/votes'
import { insertParticipation, insertSecretChoices, tally } from './repository/ballots'
import { outcomeOf, pct } from './vote-rules'

const DAY = 24 * 60

/**
 * Demo 议事协商 in 东湖社区: homes with floor areas for the demo residents, three topics (one past its
 * threshold waiting for an answer, one collecting, one accepted with 落实 progress), an open vote and
 * a closed one whose results are published.
 */
export async function seedDeliberation(tx: Kdb, world: DemoWorld): Promise<void> {
  const now = world.now
  const community = world.communities['东湖社区']
  const u = world.users
  const staff = u['staff01']
  const homes: [string, string, number][] = [
    ['13800000001', '东湖路 17 弄 2 号 301 室', 88.5],
    ['13800000002', '东湖路 33 弄 5 号 502 室', 76],
    ['13800000004', '东湖路 9 弄 3 号 101 室', 65.2],
    ['陈国华', '东湖路 9 弄 12 号 201 室', 72],
  ]
  for (const [who, label, area] of homes) {
    const id = newId()
    await tx
      .insertInto('houses')
      .values({ id, org_unit_id: world.grids['东湖社区第一网格'].id, label, floor_area: area, created_at: addMinutes(now, -60 * DAY) })
      .execute()
    await tx
      .insertInto('house_members')
      .values({ house_id: id, user_id: u[who], is_owner: true, created_at: addMinutes(now, -60 * DAY) })
      .execute()
  }

  const topic = async (author: string, title: string, description: string, category: TTopicCategory, daysAgo: number, supporters: string[]) => {
    const id = newId()
    const at = addMinutes(now, -daysAgo * DAY)
    await insertTopic(tx, {
      id,
      community_id: community.id,
      scope_org_unit_id: community.id,
      scope_path: community.path,
      author_id: u[author],
      by_staff: false,
      title,
      description,
      photo_keys: [],
      category,
      lat: null,
      lng: null,
      status: 'collecting',
      threshold: 2,
      collect_until: addMinutes(at, 30 * DAY),
      created_at: at,
    })
    await follow(tx, id, u[author], at)
    for (const s of supporters) await addSupport(tx, id, u[s], addMinutes(at, 60))
    if (supporters.length >= 2) await moveToTriage(tx, id, addMinutes(at, 60))
    return id
  }
  await topic('13800000002', '东湖路夜间停车难', '晚上小区里车停满了，消防通道也常被占用，希望大家商量一个夜间停车方案。', 'parking', 3, ['13800000001', '13800000004'])
  await topic('13800000001', '增设电动自行车充电桩', '楼道里飞线充电很危险，希望在车棚增设充电桩。', 'facilities', 1, ['13800000004'])
  const bins = await topic('13800000004', '垃圾箱房夏天异味大', '9 弄门口的垃圾箱房夏天异味很大，希望加装除臭和冲洗设施。', 'sanitation', 40, ['13800000001', '13800000002'])
  await recordAnswer(tx, {
    id: newId(),
    topicId: bins,
    staffId: staff,
    decision: 'accepted',
    reason: '11 月议事会决定改造垃圾箱房，由物业负责实施',
    departmentId: null,
    mergedInto: null,
    now: addMinutes(now, -30 * DAY),
  })
  const item = newId()
  await insertAction(tx, { id: item, topicId: bins, communityId: community.id, title: '9 弄垃圾箱房改造', staffId: staff, now: addMinutes(now, -30 * DAY) })
  await insertMilestone(tx, { id: newId(), itemId: item, title: '方案确定，物业报价', progress: 30, note: '', photoKeys: [], staffId: staff, now: addMinutes(now, -20 * DAY) })
  await insertMilestone(tx, { id: newId(), itemId: item, title: '除臭设备安装完成', progress: 70, note: '冲洗水龙头下周安装', photoKeys: [], staffId: staff, now: addMinutes(now, -5 * DAY) })

  const vote = async (title: string, opensAt: Date, closesAt: Date, options: string[]) => {
    const id = newId()
    await insertVote(tx, {
      id,
      org_unit_id: community.id,
      org_path: community.path,
      community_id: community.id,
      topic_id: null,
      title,
      description: '',
      kind: 'single',
      options: options.map((label) => ({ label, cost: null })),
      budget: null,
      max_choices: 1,
      electorate: 'residents',
      secret: true,
      changeable: true,
      rule: 'majority',
      quorum_percent: 50,
      opens_at: opensAt,
      closes_at: closesAt,
      created_by: staff,
      created_at: opensAt,
    })
    return id
  }
  await vote('小区中心花园改造方案', now, addMinutes(now, 14 * DAY), ['同意改造方案', '不同意', '弃权'])
  await fixElectorate(tx, {
    id: (await tx.selectFrom('votes').select('id').where('title', '=', '小区中心花园改造方案').executeTakeFirstOrThrow()).id,
    org_path: community.path,
    electorate: 'residents',
    opens_at: now,
  })

  // a closed vote: the demo people were "registered" before it opened, so its electorate is written as of now
  const closed = await vote('楼道灯更换为声控 LED', addMinutes(now, -21 * DAY), addMinutes(now, -7 * DAY), ['同意更换', '不同意', '弃权'])
  await tx
    .updateTable('votes')
    .set({ electorate_fixed_at: addMinutes(now, -21 * DAY) })
    .where('id', '=', closed)
    .execute()
  await sql`INSERT INTO vote_electors (vote_id, user_id, elector_key, floor_area) SELECT ${closed}, r.user_id, r.user_id, NULL FROM (${residentsUnder(community.path, null)}) r`.execute(tx)
  const cast = async (who: string, choice: number, paper: boolean) => {
    const at = addMinutes(now, -14 * DAY)
    await insertParticipation(tx, {
      voteId: closed,
      electorKey: u[who],
      voterId: u[who],
      channel: paper ? 'paper' : 'online',
      enteredBy: paper ? staff : null,
      choices: null,
      receiptHash: null,
      now: at,
    })
    await insertSecretChoices(tx, { voteId: closed, receiptHash: createHash('sha256').update(randomBytes(16)).digest('hex'), choices: [choice], floorArea: null })
  }
  await cast('13800000001', 0, false)
  await cast('13800000002', 0, false)
  await cast('陈国华', 1, true)
  const options = ['同意更换', '不同意', '弃权'].map((label) => ({ label, cost: null }))
  const t = await tally(tx, closed, options)
  const shape = { kind: 'single' as const, options, budget: null, maxChoices: 1 }
  const publishedAt = addMinutes(now, -6 * DAY)
  await markPublished(tx, closed, publishedAt, {
    voteId: closed,
    ...t,
    turnout: pct(t.ballots, t.eligible),
    eligibleArea: null,
    ballotArea: null,
    outcome: outcomeOf('majority', 50, shape, t),
    status: 'published',
    publishedAt: publishedAt.toISOString(),
  })
}
