import type { TMeResponse } from '../../../types'

/** Only a street admin or a 片区 lead sees 管理 (the server answers 404 to anyone else anyway). */
export function isAdmin(me: TMeResponse | null | undefined): boolean {
  return Boolean(me?.roles.some((r) => r.role === 'street_admin' || r.role === 'cluster_lead'))
}
