import type { Kdb } from '../db/db'
import type { DemoWorld } from '../db/seed/world'
import { addMinutes, businessDate, shanghaiTime } from '../platform/clock'
import { newId } from '../platform/ids'
import { savePlace } from './repository/people'
import { findRequest, insertRequest, setRequestFields, type NewRequest } from './repository/requests'
import { DEFAULT_RULES } from './repository/rules'
import { creditService } from './credit-service'

/**
 * Demo 时间银行 in 东湖社区: 李强 has served twice (minutes posted through the ledger), and two open
 * requests wait for a volunteer — 赵秀英's own, and one for 陈国华 made by his daughter 陈静.
 */
export async function seedTimebank(tx: Kdb, world: DemoWorld): Promise<void> {
  const now = world.now
  const community = world.communities['东湖社区'].id
  const volunteer = world.users['13800000002']
  const zhao = world.users['13800000004']
  const chen = world.users['陈国华']
  const daughter = world.users['13800000003']
  await savePlace(tx, zhao, 31.2095, 121.433, now)
  await savePlace(tx, chen, 31.2092, 121.4338, now)

  const base = (o: Partial<NewRequest> & Pick<NewRequest, 'elderId' | 'requestedBy' | 'serviceType' | 'startsAt' | 'address' | 'notes'>): NewRequest => ({
    id: newId(),
    communityId: community,
    endsAt: addMinutes(o.startsAt, 120),
    lat: 31.2095,
    lng: 121.433,
    estimateMinutes: 60,
    maxMinutes: 120,
    now,
    ...o,
  })
  const served = [
    { daysAgo: 3, type: 'companionship', minutes: 60, elder: zhao, address: '东湖路 9 弄 3 号', rating: 5, comment: '小李很耐心，陪我聊了很久' },
    { daysAgo: 2, type: 'tech_help', minutes: 90, elder: chen, address: '东湖路 9 弄 12 号', rating: 5, comment: '教会了视频通话' },
  ]
  for (const s of served) {
    const startsAt = shanghaiTime(businessDate(addMinutes(now, -s.daysAgo * 24 * 60)), '09:00')
    const r = base({ elderId: s.elder, requestedBy: s.elder === chen ? daughter : s.elder, serviceType: s.type, startsAt, address: s.address, notes: '' })
    await insertRequest(tx, r)
    await setRequestFields(tx, r.id, {
      status: 'confirmed',
      volunteer_id: volunteer,
      accepted_at: addMinutes(startsAt, -24 * 60),
      check_in_at: startsAt,
      check_in_lat: 31.2095,
      check_in_lng: 121.433,
      check_in_distance_m: 0,
      check_out_at: addMinutes(startsAt, s.minutes),
      minutes: s.minutes,
      confirmed_by: s.elder,
      confirmed_at: addMinutes(startsAt, s.minutes + 30),
      confirmed_via: s.elder === chen ? 'family' : 'elder',
      rating: s.rating,
      comment: s.comment,
      credited_minutes: s.minutes,
    })
    const row = (await findRequest(tx, r.id))!
    await creditService(tx, now, row, s.minutes, DEFAULT_RULES, s.elder)
  }

  const tomorrow = businessDate(addMinutes(now, 8 * 24 * 60))
  await insertRequest(tx, base({ elderId: zhao, requestedBy: zhao, serviceType: 'shopping', startsAt: shanghaiTime(tomorrow, '09:00'), address: '东湖路 9 弄 3 号', notes: '帮忙买米和油，钱当面给' }))
  await insertRequest(
    tx,
    base({
      elderId: chen,
      requestedBy: daughter,
      serviceType: 'escort',
      startsAt: shanghaiTime(tomorrow, '14:00'),
      address: '东湖路 9 弄 12 号',
      lat: 31.2092,
      lng: 121.4338,
      estimateMinutes: 120,
      maxMinutes: 180,
      notes: '耳背，请大声敲门；陪同去瑞金医院复诊',
    }),
  )
}
