import type { AppDeps } from '../platform/context'
import { AppError } from '../platform/errors'
import { maskName } from '../platform/privacy'
import { ZCertificateCodeSchema } from '../../types/timebank'
import { findCertificate } from './repository/reports'

/** Public check of a certificate by its code: no login, the name masked. */
export async function verifyCertificate(deps: AppDeps, code: string) {
  if (!ZCertificateCodeSchema.safeParse(code).success) throw new AppError('CERTIFICATE_NOT_FOUND')
  const c = await findCertificate(deps.db.kysely, code)
  if (!c) throw new AppError('CERTIFICATE_NOT_FOUND')
  const totalMinutes = Number(c.total_minutes)
  return {
    valid: true,
    code: c.code,
    name: maskName(c.name),
    totalMinutes,
    totalHours: Math.floor(totalMinutes / 6) / 10,
    services: c.services,
    issuedAt: new Date(c.issued_at).toISOString(),
    periodFrom: c.period_from ? new Date(c.period_from).toISOString() : null,
    issuer: '邻里通时间银行',
  }
}
