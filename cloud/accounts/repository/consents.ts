import type { Kdb } from '../../db/db'
import type { TConsent } from '../../../types/accounts'
import { newId } from '../../platform/ids'
import { toConsent } from '../accounts.mappers'

/** Consents (privacy, health, location): given, superseded, withdrawn — never deleted. */

export async function listConsents(db: Kdb, userId: string): Promise<TConsent[]> {
  const rows = await db
    .selectFrom('consents as k')
    .leftJoin('users as s', 's.id', 'k.recorded_by')
    .select(['k.kind', 'k.version', 'k.accepted_at', 's.name as recorded_by_name'])
    .where('k.user_id', '=', userId)
    .where('k.withdrawn_at', 'is', null)
    .orderBy('k.kind')
    .execute()
  return rows.map(toConsent)
}

/** A new consent to a document; the older live one of the same kind is superseded (withdrawn_at). */
export async function replaceConsent(tx: Kdb, c: { userId: string; kind: string; version: string; now: Date; recordedBy: string | null }): Promise<void> {
  await tx.updateTable('consents').set({ withdrawn_at: c.now }).where('user_id', '=', c.userId).where('kind', '=', c.kind).where('withdrawn_at', 'is', null).execute()
  await tx.insertInto('consents').values({ id: newId(), user_id: c.userId, kind: c.kind, version: c.version, accepted_at: c.now, recorded_by: c.recordedBy }).execute()
}

/** Withdraws the live consent of this kind; false when there was none. */
export async function withdrawLiveConsent(db: Kdb, userId: string, kind: string, now: Date): Promise<boolean> {
  const result = await db.updateTable('consents').set({ withdrawn_at: now }).where('user_id', '=', userId).where('kind', '=', kind).where('withdrawn_at', 'is', null).executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}
