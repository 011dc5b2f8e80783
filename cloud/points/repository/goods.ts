import type { Kdb } from '../../db/db'
import { newId } from '../../platform/ids'

function goodsQuery(db: Kdb) {
  return db.selectFrom('points_goods as g').innerJoin('org_units as c', 'c.id', 'g.community_id').selectAll('g').select('c.path as community_path')
}

export type GoodsRow = NonNullable<Awaited<ReturnType<ReturnType<typeof goodsQuery>['executeTakeFirst']>>>

export async function findGoods(db: Kdb, id: string) {
  return goodsQuery(db).where('g.id', '=', id).executeTakeFirst()
}

export async function listGoods(db: Kdb, communityId: string, activeAt: Date | null) {
  let q = goodsQuery(db).where('g.community_id', '=', communityId)
  if (activeAt) {
    q = q
      .where('g.active', '=', true)
      .where((eb) => eb.or([eb('g.active_from', 'is', null), eb('g.active_from', '<=', activeAt)]))
      .where((eb) => eb.or([eb('g.active_until', 'is', null), eb('g.active_until', '>', activeAt)]))
  }
  return q.orderBy('g.price').orderBy('g.id').execute()
}

export interface GoodsValues {
  name: string
  description: string
  photo_url: string | null
  kind: 'goods' | 'property_voucher' | 'service'
  price: number
  stock: number
  per_person_limit: number | null
  active_from: Date | null
  active_until: Date | null
  active: boolean
}

export async function insertGoods(db: Kdb, communityId: string, values: GoodsValues, now: Date) {
  const id = newId()
  await db
    .insertInto('points_goods')
    .values({ id, community_id: communityId, ...values, created_at: now, updated_at: now })
    .execute()
  return id
}

export async function updateGoods(db: Kdb, id: string, values: GoodsValues, now: Date) {
  await db
    .updateTable('points_goods')
    .set((eb) => ({ ...values, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute()
}

/** Reserves one: refused (no row) when none are left. Single statement: no oversell. */
export async function takeStock(tx: Kdb, goodsId: string): Promise<boolean> {
  const r = await tx
    .updateTable('points_goods')
    .set((eb) => ({ stock: eb('stock', '-', 1), version: eb('version', '+', 1) }))
    .where('id', '=', goodsId)
    .where('stock', '>', 0)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function returnStock(tx: Kdb, goodsId: string): Promise<void> {
  await tx
    .updateTable('points_goods')
    .set((eb) => ({ stock: eb('stock', '+', 1), version: eb('version', '+', 1) }))
    .where('id', '=', goodsId)
    .execute()
}
