import { randomInt } from 'node:crypto'
import QRCode from 'qrcode'
import type { AppDeps } from '../platform/context'
import { AppError } from '../platform/errors'
import type { Actor } from '../org'
import { certificatePagePath, type TCertificate } from '../../types/timebank'
import { creditedServiceMinutes, firstServiceAt, insertCertificate, servedStats } from './repository/reports'

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** The API path of a certificate (JSON check; its image under /image.png). */
export function certificatePath(code: string): string {
  return `/api/v1/timebank/certificates/${code}`
}

/** 志愿服务时长证明: a snapshot of credited service minutes with a code and QR anyone can verify. */
export async function issueCertificate(deps: AppDeps, actor: Actor, origin: string): Promise<TCertificate> {
  const db = deps.db.kysely
  const now = deps.clock.now()
  const [totalMinutes, stats, periodFrom] = await Promise.all([creditedServiceMinutes(db, actor.userId), servedStats(db, actor.userId), firstServiceAt(db, actor.userId)])
  // nothing to certify: no certificate row for someone who has not served
  if (totalMinutes <= 0) throw new AppError('NO_SERVICE_MINUTES')
  let code = ''
  for (let i = 0; i < 12; i++) code += ALPHABET[randomInt(ALPHABET.length)]
  await insertCertificate(db, { code, userId: actor.userId, totalMinutes, services: stats.services, periodFrom, now })
  // the QR and the link open the in-app 证书核验 page (not the raw JSON)
  const verifyUrl = `${origin}${certificatePagePath(code)}`
  return {
    code,
    name: actor.name,
    totalMinutes,
    totalHours: Math.floor(totalMinutes / 6) / 10,
    services: stats.services,
    issuedAt: now.toISOString(),
    verifyUrl,
    qrDataUrl: await QRCode.toDataURL(verifyUrl, { margin: 1, width: 240 }),
    periodFrom: periodFrom ? periodFrom.toISOString() : null,
    imagePath: `${certificatePath(code)}/image.png`,
  }
}
