import QRCode from 'qrcode'
import type { AppDeps } from '../platform/context'
import type { Actor } from '../org'
import { hasScope } from '../org'
import { AppError } from '../platform/errors'
import type { TRedemptionWithQr } from '../../types/points'
import { findRedemption } from './repository/redemptions'
import { POINTS_STAFF_ROLES } from './points.policy'
import { toRedemption } from './points.mappers'

/** One redemption with its QR (核销码) for the counter: the owner, or staff of the community. */
export async function getRedemption(deps: AppDeps, actor: Actor, id: string): Promise<TRedemptionWithQr> {
  const r = await findRedemption(deps.db.kysely, id)
  if (!r || (r.user_id !== actor.userId && !hasScope(actor, POINTS_STAFF_ROLES, r.community_path))) throw new AppError('REDEMPTION_NOT_FOUND')
  const redemption = toRedemption(r)
  const qrDataUrl = redemption.status === 'held' ? await QRCode.toDataURL(redemption.qrText, { margin: 1, width: 320 }) : null
  return { ...redemption, qrDataUrl }
}
