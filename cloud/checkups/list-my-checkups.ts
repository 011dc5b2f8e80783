import type { AppDeps } from '../platform/context'
import type { TMyCheckups } from '../../types/checkups'
import type { Actor } from '../org'
import { ageOn, businessDate, shanghaiTime } from '../platform/clock'
import { listBookingsOf } from './repository/bookings'
import { consentsOf, findPerson, linkedEldersFor } from './repository/elders'
import { listWaitlistOf } from './repository/waitlist'

/** 我的体检: my own bookings (65+) and those of the elders I may book for (亲情账户). */
export async function listMyCheckups(deps: AppDeps, actor: Actor): Promise<TMyCheckups> {
  const db = deps.db.kysely
  const now = deps.clock.now()
  const me = await findPerson(db, actor.userId)
  const elders: { id: string; name: string; age: number | null; self: boolean }[] = []
  const myAge = ageOn(me?.birth_date ?? null, now)
  // 65 by the end of this year: the free checkup's usual rule (each campaign checks its own)
  const ageAtYearEnd = ageOn(me?.birth_date ?? null, shanghaiTime(`${businessDate(now).slice(0, 4)}-12-31`, '12:00'))
  if (me && me.community_id && ageAtYearEnd !== null && ageAtYearEnd >= 65) elders.push({ id: me.id, name: me.name, age: myAge, self: true })
  for (const e of await linkedEldersFor(db, actor.userId)) elders.push({ id: e.id, name: e.name, age: ageOn(e.birth_date, now), self: false })
  const ids = elders.map((e) => e.id)
  const [bookings, waitlist, consents] = await Promise.all([listBookingsOf(db, ids), listWaitlistOf(db, ids), consentsOf(db, ids)])
  return { bookings, waitlist, elders: elders.map((e) => ({ ...e, healthConsent: consents.has(e.id) })) }
}
