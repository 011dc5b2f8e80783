import type { Kdb } from '../../db/db'
import type { TNotice } from '../../../types/accounts'
import { toNotice } from '../accounts.mappers'

/** A person's notices (消息): unread count, newest first, mark read. */

export async function countUnreadNotices(db: Kdb, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function listNotices(db: Kdb, userId: string, limit: number, cursor?: string): Promise<{ items: TNotice[]; nextCursor: string | null }> {
  let query = db.selectFrom('notices').selectAll().where('user_id', '=', userId)
  if (cursor) query = query.where('id', '<', cursor)
  const rows = await query
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute()
  const page = rows.slice(0, limit)
  return {
    items: page.map(toNotice),
    nextCursor: rows.length > limit ? page[page.length - 1].id : null,
  }
}

export async function markNoticesRead(db: Kdb, userId: string, now: Date): Promise<void> {
  await db.updateTable('notices').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null).execute()
}
