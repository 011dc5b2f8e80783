import type { Kdb } from '../../db/db'

/** Supporters (我也遇到) of a report, and what the reports domain reads of a person (consent, openid). */

export async function addSupporter(tx: Kdb, reportId: string, userId: string, now: Date): Promise<boolean> {
  const inserted = await tx
    .insertInto('report_supporters')
    .values({ report_id: reportId, user_id: userId, created_at: now })
    .onConflict((oc) => oc.columns(['report_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst()
  if (inserted)
    await tx
      .updateTable('reports')
      .set((eb) => ({ supporters: eb('supporters', '+', 1), updated_at: now }))
      .where('id', '=', reportId)
      .execute()
  return Boolean(inserted)
}

export async function isSupporter(db: Kdb, reportId: string, userId: string): Promise<boolean> {
  return Boolean(await db.selectFrom('report_supporters').select('user_id').where('report_id', '=', reportId).where('user_id', '=', userId).executeTakeFirst())
}

export async function supporterIds(db: Kdb, reportId: string): Promise<string[]> {
  return (await db.selectFrom('report_supporters').select('user_id').where('report_id', '=', reportId).execute()).map((r) => r.user_id)
}

/** An active (not withdrawn) consent of this kind, e.g. 'location' for reporting with the phone's position. */
export async function hasConsent(db: Kdb, userId: string, kind: string): Promise<boolean> {
  const row = await db.selectFrom('consents').select('kind').where('user_id', '=', userId).where('kind', '=', kind).where('withdrawn_at', 'is', null).executeTakeFirst()
  return Boolean(row)
}

/** A person's WeChat openid (subscribe messages); null for H5-only and counter-registered people. */
export async function openidOf(db: Kdb, userId: string): Promise<string | null> {
  return (await db.selectFrom('users').select('wx_openid').where('id', '=', userId).executeTakeFirst())?.wx_openid ?? null
}
