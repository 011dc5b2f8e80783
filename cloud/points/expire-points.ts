import type { JobContext } from '../platform/jobs'
import { inTransaction } from '../platform/tx'
import { businessDate } from '../platform/clock'
import { newId } from '../platform/ids'
import { notify } from '../platform/notices'
import { ensureSystemAccount, lockAccount } from './repository/accounts'
import { postJournal } from './repository/ledger'
import { accountsWithExpiredLots, drainExpiredLots } from './repository/lots'

/**
 * Job 'points.expire' (1 January): what is left of lots that ended on 31 December moves to the
 * expiry account, one journal per resident account. Idempotent: emptied lots are not found again.
 */
export async function expirePoints({ db, now }: JobContext): Promise<void> {
  const today = businessDate(now)
  for (;;) {
    const batch = await accountsWithExpiredLots(db, today, 200)
    if (batch.length === 0) return
    for (const a of batch) {
      const sinkId = await ensureSystemAccount(db, a.community_id, 'expiry', 0, now)
      await inTransaction(db, async (tx) => {
        const account = await lockAccount(tx, a.account_id)
        const journalId = newId()
        // the sum is read again under the lock: a spend may have drawn from these lots meanwhile
        const total = await drainExpiredLots(tx, a.account_id, today, journalId)
        if (total <= 0) return
        await postJournal(tx, { id: journalId, communityId: a.community_id, kind: 'expire', memo: `${Number(today.slice(0, 4)) - 1} 年底到期积分清零`, now }, [
          { accountId: a.account_id, bucket: 'available', amount: -total },
          { accountId: sinkId, bucket: 'available', amount: total },
        ])
        if (account.user_id) await notify(tx, now, { userId: account.user_id, kind: 'points.expired', title: '积分到期', body: `${total} 积分已于 12 月 31 日到期。` })
      })
    }
  }
}
