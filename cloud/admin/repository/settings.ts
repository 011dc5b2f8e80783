import type { Insertable } from 'kysely'
import type { Kdb } from '../../db/db'
import type { ReportCategorySettingsTable, StreetSettingsTable } from '../../db/schema'
import { newId } from '../../platform/ids'
import type { TStreetSettings } from '../../../types/admin'

/** A street's settings (管理 → 设置): 随手拍 categories, 积分 default rules, checkup rules; a new community's copy of the 积分 rules. */

export async function categorySettingsOf(db: Kdb, streetId: string) {
  return db.selectFrom('report_category_settings').selectAll().where('street_id', '=', streetId).execute()
}

export async function findStreetSettings(db: Kdb, streetId: string) {
  return db.selectFrom('street_settings').selectAll().where('street_id', '=', streetId).executeTakeFirst()
}

export async function saveCategorySetting(tx: Kdb, streetId: string, category: string, values: Omit<Insertable<ReportCategorySettingsTable>, 'street_id' | 'category'>): Promise<void> {
  await tx
    .insertInto('report_category_settings')
    .values({ street_id: streetId, category, ...values })
    .onConflict((oc) => oc.columns(['street_id', 'category']).doUpdateSet(values))
    .execute()
}

/** Saves the given street settings; a street without a row gets one holding `currentRules` as its 积分 defaults. */
export async function saveStreetSettings(
  tx: Kdb,
  streetId: string,
  currentRules: TStreetSettings['pointsDefaultRules'],
  values: Omit<Partial<Insertable<StreetSettingsTable>>, 'street_id'> & { updated_at: Date; updated_by: string },
): Promise<void> {
  await tx
    .insertInto('street_settings')
    .values({ street_id: streetId, points_default_rules: JSON.stringify(currentRules), ...values })
    .onConflict((oc) => oc.column('street_id').doUpdateSet(values))
    .execute()
}

export async function departmentsOf(tx: Kdb, streetId: string) {
  return tx.selectFrom('org_units').select(['id', 'name']).where('parent_id', '=', streetId).where('kind', '=', 'department').execute()
}

/** A new street's category rows; a street that already has some keeps them. */
export async function insertDefaultCategorySettings(tx: Kdb, rows: Insertable<ReportCategorySettingsTable>[]): Promise<void> {
  await tx
    .insertInto('report_category_settings')
    .values(rows)
    .onConflict((oc) => oc.doNothing())
    .execute()
}

/** A new street's settings row; a street that already has one keeps it. */
export async function insertDefaultStreetSettings(tx: Kdb, row: Insertable<StreetSettingsTable>): Promise<void> {
  await tx
    .insertInto('street_settings')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .execute()
}

export async function streetPointsDefaultRules(tx: Kdb, streetId: string): Promise<unknown | null> {
  return (await tx.selectFrom('street_settings').select('points_default_rules').where('street_id', '=', streetId).executeTakeFirst())?.points_default_rules ?? null
}

/** A community's own copy of its street's 积分 default rules. */
export async function insertCommunityPointsRules(
  tx: Kdb,
  communityId: string,
  rules: readonly { kind: string; name: string; description: string; points: number; needsReview: boolean; dailyCap: number | null; monthlyCap: number | null }[],
  actorId: string | null,
  now: Date,
): Promise<void> {
  await tx
    .insertInto('points_rules')
    .values(
      rules.map((r) => ({
        id: newId(),
        community_id: communityId,
        kind: r.kind,
        name: r.name,
        description: r.description,
        points: r.points,
        needs_review: r.needsReview,
        daily_cap: r.dailyCap,
        monthly_cap: r.monthlyCap,
        active_from: null,
        active_until: null,
        active: true,
        created_by: actorId,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute()
}
