import type { JobContext } from '../platform/jobs'
import { inTransaction } from '../platform/tx'
import { businessDate } from '../platform/clock'
import { notify } from '../platform/notices'
import { expiringByUser } from './repository/lots'

/** Job 'points.expiry_notice' (1 December): residents are told a month before their points end. */
export async function notifyExpiringPoints({ db, now }: JobContext): Promise<void> {
  const yearEnd = `${businessDate(now).slice(0, 4)}-12-31`
  const people = await expiringByUser(db, yearEnd)
  // one transaction: the job either told everyone or no one (a retry never tells twice)
  await inTransaction(db, async (tx) => {
    for (const p of people) {
      await notify(tx, now, {
        userId: p.userId,
        kind: 'points.expiring',
        title: '积分即将到期',
        body: `您有 ${p.total} 积分将于 ${yearEnd} 到期，请在到期前到积分商城兑换。`,
      })
    }
  })
}
