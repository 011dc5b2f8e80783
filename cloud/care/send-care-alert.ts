import type { Kdb } from '../db/db'
import type { OutboxSubscriber } from '../platform/jobs'
import type { Logger } from '../platform/logger'
import type { SmsProvider } from '../platform/sms'
import { careAlertData, type SubscribeSender } from '../platform/wechat-subscribe'
import { CARE_KIND_LABELS, type TCareAlertKind } from '../../types/care'

/** Outbox topic written beside the notices of each rung told (tell-rung.ts). */
export const CARE_ALERT_TOPIC = 'care.alert_raised'

type Channel = 'wechat' | 'sms'

/** The short SMS to a family member: who and "look now", no health detail. */
export function careSmsText(elder: string): string {
  return `【邻里通】您关注的${elder}家中用水异常，请尽快联系老人或打开邻里通小程序查看。`
}

/**
 * Claims one (alert, person, channel, rung) before sending; false = already sent (an outbox retry).
 * A send that throws gives the claim back, so the retry tries again.
 */
async function once(db: Kdb, key: { alertId: string; userId: string; channel: Channel; level: number }, now: Date, send: () => Promise<boolean>): Promise<void> {
  const claimed = await db
    .insertInto('care_deliveries')
    .values({ alert_id: key.alertId, user_id: key.userId, channel: key.channel, level: key.level, sent_at: now })
    .onConflict((oc) => oc.doNothing())
    .returning('alert_id')
    .executeTakeFirst()
  if (!claimed) return
  const giveBack = () =>
    db.deleteFrom('care_deliveries').where('alert_id', '=', key.alertId).where('user_id', '=', key.userId).where('channel', '=', key.channel).where('level', '=', key.level).execute()
  let sent: boolean
  try {
    sent = await send()
  } catch (err) {
    await giveBack()
    throw err
  }
  // not configured / not subscribed: nothing went out, so nothing is recorded as sent
  if (!sent) await giveBack()
}

/**
 * Carries a rung's alert beyond the in-app notice: a WeChat subscribe message to each person with
 * an openid (only when WECHAT_TEMPLATE_CARE_ALERT is set; otherwise the sender is a no-op), and with
 * CARE_SMS=true an SMS to each family member's phone through the SMS provider (one that can send
 * notices). Each (alert, person, channel, rung) goes out at most once however often the row is
 * delivered; a send that fails throws and the outbox retries it.
 */
export function sendCareAlert(deps: { subscribe: SubscribeSender; sms: SmsProvider; smsEnabled: boolean; logger: Pick<Logger, 'warn'> }): OutboxSubscriber {
  return async ({ db, now, payload }) => {
    const alertId = String(payload.alertId)
    const level = Number(payload.level)
    const elder = String(payload.elder ?? '老人')
    const to = (payload.recipients ?? []) as { userId: string; role: string }[]
    if (!to.length) return
    const people = await db
      .selectFrom('users')
      .select(['id', 'phone', 'wx_openid'])
      .where(
        'id',
        'in',
        to.map((r) => r.userId),
      )
      .where('disabled_at', 'is', null)
      .execute()
    const byId = new Map(people.map((p) => [p.id, p]))
    const kindLabel = CARE_KIND_LABELS[payload.kind as TCareAlertKind] ?? '用水异常'
    const at = new Date(String(payload.at ?? now.toISOString()))
    const sendNotice = deps.sms.sendNotice?.bind(deps.sms)
    if (deps.smsEnabled && !sendNotice) deps.logger.warn({ alertId }, 'CARE_SMS=true but the SMS provider cannot send notices: no care SMS sent')
    for (const r of to) {
      const person = byId.get(r.userId)
      if (!person) continue
      const openid = person.wx_openid
      if (openid) {
        const family = r.role === 'family'
        const page = family ? `packages/care/family/index?elderId=${String(payload.elderId)}` : `packages/care/alert/index?id=${alertId}`
        const data = careAlertData({ elder, kindLabel, at, hint: family ? '请尽快联系老人，点开看详情' : '请尽快联系或上门查看' })
        await once(db, { alertId, userId: r.userId, channel: 'wechat', level }, now, async () => (await deps.subscribe.send(openid, 'careAlert', data, page)).sent)
      }
      const phone = person.phone
      if (deps.smsEnabled && sendNotice && r.role === 'family' && phone) {
        await once(db, { alertId, userId: r.userId, channel: 'sms', level }, now, async () => {
          await sendNotice(phone, careSmsText(elder))
          return true
        })
      }
    }
  }
}
