import type { Kdb } from '../db/db'
import { notify, publish } from '../platform/notices'
import { CARE_KIND_LABELS } from '../../types/care'
import { addEvents, recipients, type AlertRef, type Recipient } from './repository/alerts'
import { CARE_ALERT_TOPIC } from './send-care-alert'

const RUNG_LABEL: Record<number, string> = { 1: '家属和网格员', 2: '社区工作人员', 3: '片区负责人' }
const ROLE_LABEL: Record<Recipient['role'], string> = { family: '家属', grid_worker: '网格员', community_staff: '社区', cluster_lead: '片区负责人' }

/**
 * Tells the people of an alert's current rung (in-app notice + the outbox row that carries it to
 * WeChat subscribe messages / SMS where configured) and writes the timeline: raised or escalated,
 * then who was told. Runs in the caller's transaction, so a rung is told exactly when it is reached.
 */
export async function tellRung(tx: Kdb, now: Date, alerts: AlertRef[], action: 'raised' | 'escalated'): Promise<void> {
  if (!alerts.length) return
  const people = await recipients(tx, alerts)
  const elders = await tx
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(alerts.map((a) => a.elder_id))])
    .execute()
  const nameOf = new Map(elders.map((e) => [e.id, e.name]))
  for (const alert of alerts) {
    const elder = nameOf.get(alert.elder_id) ?? '老人'
    const label = CARE_KIND_LABELS[alert.kind]
    const told = people.filter((p) => p.alert_id === alert.id)
    for (const p of told) {
      const family = p.role === 'family'
      await notify(tx, now, {
        userId: p.user_id,
        kind: 'care.alert',
        title: family ? `关爱提醒：${elder}${label}` : action === 'escalated' ? `关爱预警升级：${elder}${label}，仍无人处理` : `关爱预警：${elder}${label}`,
        body: family ? `${alert.reason}。已同时通知网格员，您也可以先打个电话问问。` : `${alert.reason}。请尽快电话联系或上门查看，点开后按「我来处理」。`,
        link: family ? `/packages/care/family/index?elderId=${alert.elder_id}` : `/packages/care/alert/index?id=${alert.id}`,
      })
    }
    if (told.length) {
      const to = told.map((p) => ({ userId: p.user_id, role: p.role }))
      await publish(tx, now, CARE_ALERT_TOPIC, { alertId: alert.id, elderId: alert.elder_id, level: alert.level, kind: alert.kind, elder, at: now.toISOString(), recipients: to })
    }
    await addEvents(
      tx,
      [
        { alertId: alert.id, action, note: action === 'raised' ? alert.reason : `超时无人处理，已升级到${RUNG_LABEL[alert.level]}`, details: { level: alert.level } },
        {
          alertId: alert.id,
          action: 'notified',
          note: told.length ? `已通知${told.map((p) => `${ROLE_LABEL[p.role]} ${p.name}`).join('、')}` : '没有可通知的人',
          details: { userIds: told.map((p) => p.user_id) },
        },
      ],
      now,
    )
  }
}
