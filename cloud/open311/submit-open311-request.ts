import type { AppDeps } from '../platform/context'
import type { TOpen311Post } from '../../types/open311'
import { AppError } from '../platform/errors'
import { submitReport } from '../reports'
import { communityCentreByAddress, findKey } from './open311.repository'

export const DEMO_OPEN311_KEY = 'demo-open311-key'

/**
 * An outside system (FixMyStreet, SeeClickFix …) reports through its street's api_key: the report
 * is filed by the key's service account, anonymous to the public. media_url is recorded, not fetched.
 */
export async function submitOpen311Request(deps: AppDeps, input: TOpen311Post): Promise<{ service_request_id: string; service_notice: string; account_id: null }[]> {
  const db = deps.db.kysely
  if (input.api_key === DEMO_OPEN311_KEY && !deps.config.demoMode) throw new AppError('FORBIDDEN', undefined, 'api_key is not valid')
  const key = await findKey(db, input.api_key)
  if (!key) throw new AppError('FORBIDDEN', undefined, 'api_key is not valid')
  const actor = await deps.identity.loadActor(db, key.user_id)
  if (!actor) throw new AppError('FORBIDDEN', undefined, 'api_key is not valid')
  let lat = input.lat
  let lng = input.long
  if (lat === undefined || lng === undefined) {
    const centre = await communityCentreByAddress(db, key.street_id, input.address_string ?? '')
    if (!centre) throw new AppError('INVALID_INPUT', undefined, 'address_string could not be located; send lat and long')
    lat = centre.lat
    lng = centre.lng
  }
  const report = await submitReport(deps, actor, {
    category: input.service_code as never,
    description: input.media_url ? `${input.description}\n（照片：${input.media_url}）` : input.description,
    lat,
    lng,
    address: input.address_string,
    photoKeys: [],
    anonymous: true,
  })
  return [{ service_request_id: report.number, service_notice: `已受理登记，办理时限至 ${report.deadlineAt}`, account_id: null }]
}
