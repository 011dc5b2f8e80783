import type { Kdb } from '../../cloud/db/db'
import { shanghaiTime } from '../../cloud/platform/clock'
import { newId } from '../../cloud/platform/ids'

/**
 * A fixture community (测试社区 under the demo street) whose 报表通 figures for November 2026 are
 * counted by hand below; tests/integration/dashboard.test.ts checks every number against them.
 * Times are Shanghai wall-clock.
 */
export const FIXTURE_EXPECTED = {
  reports: {
    received: 6, // R1 R2 R3 R4 R6 R7 (R5 came in October)
    accepted: 4, // R1 R2 R3 and R5 (accepted 1 Nov)
    resolved: 4, // R1, R2 twice (before and after the reopen), R5
    resolvedOnTime: 2, // R1, R5
    overdueNow: 1, // R3: accepted, 2 h limit long gone
    medianHoursToAccept: 2.5, // 30, 60, 240, 2880 min → (60 + 240) / 2 = 150 min
    medianHoursToResolve: 49.5, // 360, 2880, 3060, 3240 min → (2880 + 3060) / 2 = 2970 min
    avgRating: 4, // R1 5, R5 3
    reopened: 1, // R2
  },
  points: { earned: 15, spent: 8, expiring: 22, activeResidents: 2 },
  timebank: { minutesServed: 150, openOver48h: 1, activeVolunteers: 1 },
  checkups: { eligible: 5, booked: 2, noShows: 1 }, // 服务老人 1945, 甲, 乙, 丙 (65 on 31 Dec), 戊; 丁 is 56
}

/**
 * The work lists on 27 Nov 2026 12:00 (the test clock), counted by hand (names; see buildFixture).
 * 独居/卧床 elders without contact: 乙 and 丙 never contacted (丙's booking was cancelled); 甲 booked
 * on 5 Nov; 戊 had a home visit on 20 Nov; 服务老人 was served on 25 Nov; 中年丁 (56) is no elder.
 */
export const FIXTURE_LISTS = {
  isolatedElders: { 30: ['老人乙', '老人丙'], 14: ['老人乙', '老人丙', '老人甲'], 5: ['老人乙', '老人丙', '老人甲', '老人戊'] } as Record<number, string[]>,
  // P2's September lot of 7 expires 29 Nov; P1's lots expire in December
  expiringPoints: [{ name: '积分居民二', points: 7, expiresOn: '2026-11-29' }],
  // 志愿者四 never served (volunteer since Feb); 志愿者二 last served 1 Jun; 一 served in Nov; 三 is new (Oct)
  inactiveVolunteers: ['志愿者四', '志愿者二'],
  // D1 dispatched to 城管中队 on 11 Sep; D2 routed to 水务所 when submitted on 20 Sep; D3 is closed
  departmentWaiting: ['D1', 'D2'],
  // open now: R3 (overdue), R4, R6, R7, D1, D2
  mapOpen: ['R3', 'R4', 'R6', 'R7', 'D1', 'D2'],
}

const at = (day: string, time: string) => shanghaiTime(`2026-${day}`, time)

export interface Fixture {
  communityId: string
  gridId: string
  campaignId: string
  unbooked: string[]
  reportIds: Record<string, string>
  departments: { cityId: string; waterId: string }
}

export async function buildFixture(db: Kdb): Promise<Fixture> {
  const street = await db.selectFrom('org_units').select(['id', 'path']).where('kind', '=', 'street').orderBy('path').executeTakeFirstOrThrow()
  const communityId = newId()
  const gridId = newId()
  const created = at('10-01', '08:00')
  await db
    .insertInto('org_units')
    .values([
      { id: communityId, kind: 'community', parent_id: street.id, name: '测试社区', path: `${street.path}${communityId}/`, created_at: created },
      { id: gridId, kind: 'grid', parent_id: communityId, name: '测试一网格', path: `${street.path}${communityId}/${gridId}/`, created_at: created },
    ])
    .execute()
  const person = async (name: string, birth: string | null = null) => {
    const id = newId()
    await db.insertInto('users').values({ id, name, birth_date: birth, community_id: communityId, created_at: created }).execute()
    return id
  }
  const reporter = await person('上报人')
  const staff = await person('办理人')

  // 随手拍: near one another (the sanitation ones make a hotspot)
  const reportIds: Record<string, string> = {}
  const report = async (
    key: string,
    category: string,
    createdAt: Date,
    limitMinutes: number,
    status: string,
    extra: { rating?: number; resolvedAt?: Date; dLat?: number; departmentId?: string } = {},
  ) => {
    const id = newId()
    reportIds[key] = id
    await db
      .insertInto('reports')
      .values({
        id,
        number: `T${key}${id.slice(0, 8)}`,
        category,
        description: `测试用随手拍 ${key}`,
        lat: 31.3 + (extra.dLat ?? 0),
        lng: 120.6,
        address: null,
        reporter_id: reporter,
        department_id: extra.departmentId ?? null,
        anonymous: true,
        street_id: street.id,
        community_id: communityId,
        grid_id: gridId,
        scope_path: `${street.path}${communityId}/${gridId}/`,
        status,
        limit_minutes: limitMinutes,
        deadline_at: new Date(createdAt.getTime() + limitMinutes * 60_000),
        rating: extra.rating ?? null,
        resolved_at: extra.resolvedAt ?? null,
        created_at: createdAt,
        updated_at: createdAt,
      })
      .execute()
    return id
  }
  const event = async (reportId: string, action: string, when: Date) => {
    await db
      .insertInto('report_events')
      .values({
        id: newId(),
        report_id: reportId,
        actor_id: staff,
        actor_role: 'community_staff',
        action,
        from_status: null,
        to_status: null,
        level: 'community',
        reason: null,
        details: '{}',
        created_at: when,
      })
      .execute()
  }
  const r1 = await report('R1', 'sanitation', at('11-02', '09:00'), 24 * 60, 'closed', { rating: 5, resolvedAt: at('11-02', '15:00') })
  await event(r1, 'accept', at('11-02', '10:00'))
  await event(r1, 'resolve', at('11-02', '15:00'))
  await event(r1, 'confirm', at('11-03', '09:00'))
  const r2 = await report('R2', 'municipal', at('11-05', '09:00'), 24 * 60, 'resolved', { resolvedAt: at('11-08', '15:00'), dLat: 0.01 })
  await event(r2, 'accept', at('11-05', '13:00'))
  await event(r2, 'resolve', at('11-07', '09:00'))
  await event(r2, 'reopen', at('11-08', '10:00'))
  await event(r2, 'resolve', at('11-08', '15:00'))
  const r3 = await report('R3', 'fire_safety', at('11-10', '08:00'), 120, 'accepted', { dLat: 0.02 })
  await event(r3, 'accept', at('11-10', '08:30'))
  await report('R4', 'sanitation', at('11-20', '09:00'), 30 * 24 * 60, 'submitted', { dLat: 0.0003 })
  const r5 = await report('R5', 'greenery', at('10-30', '09:00'), 7 * 24 * 60, 'closed', { rating: 3, resolvedAt: at('11-01', '12:00'), dLat: 0.03 })
  await event(r5, 'accept', at('11-01', '09:00'))
  await event(r5, 'resolve', at('11-01', '12:00'))
  await event(r5, 'confirm', at('11-02', '10:00'))
  await report('R6', 'sanitation', at('11-26', '09:00'), 30 * 24 * 60, 'submitted', { dLat: -0.0003 })
  await report('R7', 'sanitation', at('11-27', '09:00'), 30 * 24 * 60, 'submitted', { dLat: 0.0005 })

  // waiting on a department (September: outside every period the figures above count)
  const department = async (name: string) => (await db.selectFrom('org_units').select('id').where('kind', '=', 'department').where('name', '=', name).executeTakeFirstOrThrow()).id
  const cityId = await department('城管中队')
  const waterId = await department('水务所')
  const year = 400 * 24 * 60
  const d1 = await report('D1', 'street_vending', at('09-10', '09:00'), year, 'dispatched', { dLat: 0.05, departmentId: cityId })
  await event(d1, 'accept', at('09-10', '10:00'))
  await event(d1, 'dispatch', at('09-11', '10:00'))
  await report('D2', 'municipal', at('09-20', '09:00'), year, 'dispatched', { dLat: 0.06, departmentId: waterId })
  await report('D3', 'municipal', at('09-05', '09:00'), year, 'closed', { dLat: 0.07, departmentId: cityId, resolvedAt: at('09-08', '09:00') })

  // 积分: P1 earns 20 in October and 10 in November, P2 earns 5; P1 spends 8 in the shop
  const p1 = await person('积分居民一')
  const p2 = await person('积分居民二')
  const issuing = newId()
  const shop = newId()
  const acc1 = newId()
  const acc2 = newId()
  await db
    .insertInto('points_accounts')
    .values([
      { id: issuing, community_id: communityId, kind: 'issuing', user_id: null, available: -42, created_at: created },
      { id: shop, community_id: communityId, kind: 'shop', user_id: null, available: 8, created_at: created },
      { id: acc1, community_id: communityId, kind: 'resident', user_id: p1, available: 22, created_at: created },
      { id: acc2, community_id: communityId, kind: 'resident', user_id: p2, available: 12, created_at: created },
    ])
    .execute()
  const journal = async (kind: 'earn' | 'hold' | 'redeem', when: Date, entries: [string, 'available' | 'held', number][]) => {
    const id = newId()
    await db.insertInto('points_journals').values({ id, community_id: communityId, kind, memo: kind, actor_id: null, created_at: when }).execute()
    await db
      .insertInto('points_entries')
      .values(entries.map(([account_id, bucket, amount]) => ({ journal_id: id, account_id, community_id: communityId, bucket, amount, created_at: when })))
      .execute()
    return id
  }
  const lot = async (account: string, journalId: string, amount: number, remaining: number, expires: string, when: Date) =>
    db.insertInto('points_lots').values({ id: newId(), account_id: account, journal_id: journalId, amount, remaining, expires_on: expires, created_at: when }).execute()
  const j1 = await journal('earn', at('10-15', '10:00'), [
    [acc1, 'available', 20],
    [issuing, 'available', -20],
  ])
  await lot(acc1, j1, 20, 12, '2026-12-15', at('10-15', '10:00'))
  const j2 = await journal('earn', at('11-03', '10:00'), [
    [acc1, 'available', 10],
    [issuing, 'available', -10],
  ])
  await lot(acc1, j2, 10, 10, '2026-12-20', at('11-03', '10:00'))
  const j3 = await journal('earn', at('11-20', '10:00'), [
    [acc2, 'available', 5],
    [issuing, 'available', -5],
  ])
  await lot(acc2, j3, 5, 5, '2027-12-31', at('11-20', '10:00'))
  const j0 = await journal('earn', at('09-01', '10:00'), [
    [acc2, 'available', 7],
    [issuing, 'available', -7],
  ])
  await lot(acc2, j0, 7, 7, '2026-11-29', at('09-01', '10:00'))
  const hold = await journal('hold', at('11-21', '09:00'), [
    [acc1, 'available', -8],
    [acc1, 'held', 8],
  ])
  const redeem = await journal('redeem', at('11-21', '10:00'), [
    [acc1, 'held', -8],
    [shop, 'available', 8],
  ])
  const goods = newId()
  await db.insertInto('points_goods').values({ id: goods, community_id: communityId, name: '洗衣液', kind: 'goods', price: 8, stock: 9, created_at: created, updated_at: created }).execute()
  await db
    .insertInto('points_redemptions')
    .values({
      id: newId(),
      community_id: communityId,
      goods_id: goods,
      user_id: p1,
      account_id: acc1,
      points: 8,
      code: '12345678',
      status: 'redeemed',
      hold_journal_id: hold,
      close_journal_id: redeem,
      hold_until: at('12-05', '10:00'),
      redeemed_by: staff,
      created_at: at('11-21', '09:00'),
      closed_at: at('11-21', '10:00'),
    })
    .execute()

  // 时间银行: V1 serves twice (90 + 60 min); one request open since 20 Nov, one since yesterday
  const elder = await person('服务老人', '1945-03-01')
  const v1 = await person('志愿者一')
  const request = async (status: 'open' | 'confirmed', createdAt: Date, done?: { confirmedAt: Date; minutes: number }) =>
    db
      .insertInto('timebank_requests')
      .values({
        id: newId(),
        community_id: communityId,
        elder_id: elder,
        requested_by: elder,
        service_type: 'companionship',
        starts_at: createdAt,
        ends_at: new Date(createdAt.getTime() + 3_600_000),
        address: '测试小区 1 号',
        estimate_minutes: 60,
        max_minutes: 120,
        status,
        volunteer_id: done ? v1 : null,
        minutes: done?.minutes ?? null,
        credited_minutes: done?.minutes ?? null,
        confirmed_at: done?.confirmedAt ?? null,
        confirmed_via: done ? 'elder' : null,
        created_at: createdAt,
        updated_at: createdAt,
      })
      .execute()
  await request('confirmed', at('11-11', '09:00'), { confirmedAt: at('11-12', '10:00'), minutes: 90 })
  await request('confirmed', at('11-24', '09:00'), { confirmedAt: at('11-25', '10:00'), minutes: 60 })
  await request('open', at('11-20', '09:00'))
  await request('open', at('11-26', '20:00'))
  // volunteers of the community: 一 (Jan, served in Nov), 二 (Mar, last served 1 Jun), 三 (new in Oct), 四 (Feb, never)
  const volunteer = async (id: string, since: Date) => db.insertInto('role_assignments').values({ id: newId(), user_id: id, role: 'volunteer', org_unit_id: communityId, created_at: since }).execute()
  const v2 = await person('志愿者二')
  await volunteer(v1, at('01-01', '09:00'))
  await volunteer(v2, at('03-01', '09:00'))
  await volunteer(await person('志愿者三'), at('10-15', '09:00'))
  await volunteer(await person('志愿者四'), at('02-01', '09:00'))
  await db
    .insertInto('timebank_requests')
    .values({
      id: newId(),
      community_id: communityId,
      elder_id: elder,
      requested_by: elder,
      service_type: 'shopping',
      starts_at: at('06-01', '09:00'),
      ends_at: at('06-01', '10:00'),
      address: '测试小区 1 号',
      estimate_minutes: 60,
      max_minutes: 120,
      status: 'confirmed',
      volunteer_id: v2,
      accepted_at: at('05-30', '09:00'),
      check_in_at: at('06-01', '09:00'),
      check_out_at: at('06-01', '10:00'),
      minutes: 60,
      credited_minutes: 60,
      confirmed_at: at('06-01', '11:00'),
      confirmed_via: 'elder',
      created_at: at('05-29', '09:00'),
      updated_at: at('06-01', '11:00'),
    })
    .execute()

  // 体检: 2026 campaign, 65+ on 31 Dec
  const campaignId = newId()
  await db
    .insertInto('checkup_campaigns')
    .values({
      id: campaignId,
      community_id: communityId,
      year: 2026,
      title: '测试社区 2026 老年人体检',
      min_age: 65,
      age_on: '2026-12-31',
      release_at: at('10-01', '09:00'),
      created_by: staff,
      created_at: created,
    })
    .execute()
  const session = newId()
  await db
    .insertInto('checkup_sessions')
    .values({ id: session, campaign_id: campaignId, starts_at: at('12-10', '08:00'), ends_at: at('12-10', '11:00'), place: '社区卫生服务站', capacity: 20, booked: 2, created_at: created })
    .execute()
  const e1 = await person('老人甲', '1950-01-01')
  const e2 = await person('老人乙', '1955-05-05')
  const e3 = await person('老人丙', '1961-06-01')
  const d4 = await person('中年丁', '1970-01-01')
  const e5 = await person('老人戊', '1940-02-02')
  const booking = async (elderId: string, status: string, n: number) =>
    db
      .insertInto('checkup_bookings')
      .values({
        id: newId(),
        campaign_id: campaignId,
        session_id: session,
        elder_id: elderId,
        status: status as 'booked',
        channel: 'counter',
        booked_by: staff,
        check_in_code: `fixture-${n}-${campaignId.slice(0, 8)}`,
        created_at: at('11-05', '10:00'),
        updated_at: at('11-06', '10:00'),
        cancelled_at: status === 'cancelled' ? at('11-06', '10:00') : null,
      })
      .execute()
  await booking(e1, 'booked', 1)
  await booking(e3, 'cancelled', 2)
  await booking(e5, 'no_show', 3)
  // 台账 flags: living alone or bed-bound
  const profile = (userId: string, flags: { lives_alone?: boolean; disabled?: boolean }) =>
    db
      .insertInto('people_profiles')
      .values({ user_id: userId, lives_alone: flags.lives_alone ?? null, disabled: flags.disabled ?? null, emergency_contact: null, source: 'import', updated_by: null, updated_at: created })
      .execute()
  await profile(elder, { lives_alone: true })
  await profile(e1, { lives_alone: true })
  await profile(e2, { lives_alone: true, disabled: false })
  await profile(e3, { disabled: true })
  await profile(e5, { disabled: true })
  await profile(d4, { lives_alone: true })
  // 戊 had a home visit on 20 Nov
  await db
    .insertInto('checkup_home_visits')
    .values({
      id: newId(),
      campaign_id: campaignId,
      elder_id: e5,
      requested_by: staff,
      status: 'done',
      staff_id: staff,
      during: `[${at('11-20', '09:00').toISOString()},${at('11-20', '10:00').toISOString()})`,
      created_at: at('11-15', '09:00'),
      scheduled_at: at('11-16', '09:00'),
    })
    .execute()
  // the elder 服务老人 (born 1945) lives here too: eligible, not booked → on the call list first
  return { communityId, gridId, campaignId, unbooked: [elder, e2, e3], reportIds, departments: { cityId, waterId } }
}
