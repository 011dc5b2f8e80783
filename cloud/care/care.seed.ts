import type { DemoSeeder } from '../db/seed/world'
import type { Kdb } from '../db/db'
import { newId } from '../platform/ids'
import { addMinutes } from '../platform/clock'
import type { TMeterReading } from '../../types/care'
import { insertReadings, rebuildHours, recomputeReadings, updateMeterState } from './repository/readings'
import { rebuildBaselines } from './repository/baselines'
import { findCandidates } from './repository/rules'
import { insertAlerts } from './repository/alerts'
import { reasonFor, when } from './care.reasons'
import { tellRung } from './tell-rung'

/** An ordinary day's litres by Shanghai hour: washing at 6–7, lunch, dinner, an evening wash. */
export const USUAL_DAY = [0, 0, 0, 0, 0, 0, 18, 12, 3, 2, 2, 6, 14, 3, 0, 2, 3, 8, 22, 6, 25, 4, 1, 0]

const HOUR = 60

/** Hourly readings (cumulative litres) from `from` to `to` following `litresAt(hourIndex, shanghaiHour)`. */
export function hourlyReadings(meterId: string, from: Date, to: Date, start: number, litresAt: (i: number, hour: number) => number): TMeterReading[] {
  const out: TMeterReading[] = []
  let total = start
  for (let i = 0, at = from; at <= to; i++, at = addMinutes(at, HOUR)) {
    const hour = (at.getUTCHours() + 8 - 1 + 24) % 24 // the reading at hh:00 closes the hour before
    total += litresAt(i, hour)
    out.push({ meterId, at: at.toISOString(), totalLitres: Math.round(total * 10) / 10 })
  }
  return out
}

async function store(tx: Kdb, readings: TMeterReading[], now: Date) {
  for (let i = 0; i < readings.length; i += 1000) {
    const stored = await insertReadings(tx, readings.slice(i, i + 1000), now)
    await rebuildHours(tx, await recomputeReadings(tx, stored.ranges))
    await updateMeterState(tx, stored.ranges, now)
  }
}

/**
 * 关爱 demo: 陈国华 (no phone, daughter 陈静 follows him) and 赵秀英 have meters since eight days ago,
 * enrolled by staff01 with their consent at the counter, in grid01's grid. A week of ordinary days;
 * 陈国华 has used no water since last night, so grid01 and 陈静 find an open alert at once.
 */
export const seedCare: DemoSeeder = async (tx, world) => {
  const now = world.now
  const staff = world.users['staff01']
  const community = world.communities['东湖社区'].id
  const grid = world.grids['东湖社区第一网格'].id
  const enrolledAt = addMinutes(now, -8 * 24 * HOUR)
  const elders = [
    { id: world.users['陈国华'], meter: 'DH-0901-12' },
    { id: world.users['13800000004'], meter: 'DH-0903-09' },
  ]
  for (const e of elders) {
    await tx
      .insertInto('care_enrolments')
      .values({
        id: newId(),
        elder_id: e.id,
        meter_id: e.meter,
        community_id: community,
        grid_id: grid,
        consent_by: 'counter',
        consent_at: enrolledAt,
        consent_recorded_by: staff,
        created_at: enrolledAt,
      })
      .execute()
  }
  const lastHour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000)
  const from = addMinutes(lastHour, -7 * 24 * HOUR)
  const stopAt = addMinutes(lastHour, -14 * HOUR)
  await store(
    tx,
    hourlyReadings(elders[0].meter, from, lastHour, 48210, (i, h) => (addMinutes(from, i * HOUR) > stopAt ? 0 : USUAL_DAY[h])),
    now,
  )
  await store(
    tx,
    hourlyReadings(elders[1].meter, from, lastHour, 30544, (i, h) => USUAL_DAY[h] * (i % 3 === 0 ? 1.2 : 0.9)),
    now,
  )
  await rebuildBaselines(tx, now)
  const found = (await findCandidates(tx, now)).filter((c) => c.elder_id === elders[0].id)
  // at night the rule waits for the morning; the demo shows the alert the morning will bring
  const alerts = found.length
    ? found.map((c) => ({ enrolmentId: c.enrolment_id, elderId: c.elder_id, kind: c.kind, reason: reasonFor(c, now), since: new Date(c.since) }))
    : [
        {
          enrolmentId: (await tx.selectFrom('care_enrolments').select('id').where('elder_id', '=', elders[0].id).executeTakeFirstOrThrow()).id,
          elderId: elders[0].id,
          kind: 'no_use' as const,
          reason: `已经 14 小时没有用水（最后一次用水是${when(stopAt, now)}）`,
          since: stopAt,
        },
      ]
  await tellRung(tx, now, await insertAlerts(tx, alerts, now), 'raised')
}
