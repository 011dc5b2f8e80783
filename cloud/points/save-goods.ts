import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { requireScope } from '../org'
import { AppError } from '../platform/errors'
import type { TGoods, TSaveGoodsRequest } from '../../types/points'
import { findGoods, insertGoods, updateGoods, type GoodsValues } from './repository/goods'
import { POINTS_STAFF_ROLES, staffCommunity } from './points.policy'
import { toGoods } from './points.mappers'
import { existingUploads } from '../reports'
import type { Kdb } from '../db/db'

/** A goods photo is an upload this server stored (the contract already refuses URLs and paths). */
async function checkPhoto(db: Kdb, input: TSaveGoodsRequest): Promise<void> {
  if (input.photoUrl && !(await existingUploads(db, [input.photoUrl])).has(input.photoUrl)) throw new AppError('UPLOAD_NOT_FOUND', { photoUrl: input.photoUrl })
}

function values(input: TSaveGoodsRequest): GoodsValues {
  if (input.activeFrom && input.activeUntil && input.activeUntil <= input.activeFrom) {
    throw new AppError('INVALID_INPUT', { fields: { activeUntil: '下架时间应晚于上架时间' } }, '下架时间应晚于上架时间')
  }
  return {
    name: input.name,
    description: input.description,
    photo_url: input.photoUrl,
    kind: input.kind,
    price: input.price,
    stock: input.stock,
    per_person_limit: input.perPersonLimit,
    active_from: input.activeFrom ? new Date(input.activeFrom) : null,
    active_until: input.activeUntil ? new Date(input.activeUntil) : null,
    active: input.active,
  }
}

/** Staff put goods in the community's points shop. */
export async function createGoods(deps: AppDeps, actor: Actor, input: TSaveGoodsRequest): Promise<TGoods> {
  const db = deps.db.kysely
  const community = await staffCommunity(db, actor, input.communityId)
  await checkPhoto(db, input)
  const id = await insertGoods(db, community.id, values(input), deps.clock.now())
  return toGoods((await findGoods(db, id))!, deps.storage)
}

/** Stock given here is the count on the shelf now (reserved items are already taken off). */
export async function updatePointsGoods(deps: AppDeps, actor: Actor, goodsId: string, input: TSaveGoodsRequest): Promise<TGoods> {
  const db = deps.db.kysely
  const goods = await findGoods(db, goodsId)
  requireScope(actor, POINTS_STAFF_ROLES, goods?.community_path ?? null, 'GOODS_NOT_FOUND')
  await checkPhoto(db, input)
  await updateGoods(db, goodsId, values(input), deps.clock.now())
  return toGoods((await findGoods(db, goodsId))!, deps.storage)
}
