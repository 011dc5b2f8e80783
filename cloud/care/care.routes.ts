import { Hono } from 'hono'
import type { AppEnv } from '../platform/context'
import { parseBody, parseId, parseQuery } from '../platform/http'
import { requireAuth } from '../platform/session'
import { ZAlertsQuerySchema, ZAwaySchema, ZCheckInSchema, ZCloseAlertSchema, ZCreateEnrolmentSchema } from '../../types/care'
import { enrolElder } from './enrol-elder'
import { withdrawEnrolment } from './withdraw-enrolment'
import { listEnrolments } from './list-enrolments'
import { listAlerts } from './list-alerts'
import { getAlert } from './get-alert'
import { acknowledgeAlert } from './acknowledge-alert'
import { closeAlert } from './close-alert'
import { checkInAlert } from './check-in-alert'
import { cancelAway, setAway } from './set-away'
import { getFamilyCare } from './get-family-care'
import { receiveWebhook } from './receive-webhook'

/** 独居老人关爱: staff enrolment and alerts, the family's view, the meter vendor's webhook. */
export const careRoutes = new Hono<AppEnv>()
  .post('/staff/care/enrolments', requireAuth, async (c) => c.json(await enrolElder(c.var.deps, c.var.actor, await parseBody(c, ZCreateEnrolmentSchema)), 201))
  .get('/staff/care/enrolments', requireAuth, async (c) => c.json(await listEnrolments(c.var.deps, c.var.actor)))
  .post('/staff/care/enrolments/:id/withdraw', requireAuth, async (c) => c.json(await withdrawEnrolment(c.var.deps, c.var.actor, parseId(c))))
  .get('/staff/care/alerts', requireAuth, async (c) => c.json(await listAlerts(c.var.deps, c.var.actor, parseQuery(c, ZAlertsQuerySchema))))
  .get('/staff/care/alerts/:id', requireAuth, async (c) => c.json(await getAlert(c.var.deps, c.var.actor, parseId(c))))
  .post('/staff/care/alerts/:id/acknowledge', requireAuth, async (c) => c.json(await acknowledgeAlert(c.var.deps, c.var.actor, parseId(c))))
  .post('/staff/care/alerts/:id/check-in', requireAuth, async (c) => c.json(await checkInAlert(c.var.deps, c.var.actor, parseId(c), await parseBody(c, ZCheckInSchema))))
  .post('/staff/care/alerts/:id/close', requireAuth, async (c) => c.json(await closeAlert(c.var.deps, c.var.actor, parseId(c), await parseBody(c, ZCloseAlertSchema))))
  .get('/care/elders/:id', requireAuth, async (c) => c.json(await getFamilyCare(c.var.deps, c.var.actor, parseId(c))))
  .post('/care/elders/:id/away', requireAuth, async (c) => c.json(await setAway(c.var.deps, c.var.actor, parseId(c), await parseBody(c, ZAwaySchema)), 201))
  .post('/care/elders/:id/away/:awayId/end', requireAuth, async (c) => {
    await cancelAway(c.var.deps, c.var.actor, parseId(c), parseId(c, 'awayId'))
    return c.json({ ok: true })
  })
  .post('/iot/meters/readings', async (c) =>
    c.json(await receiveWebhook(c.var.deps, { timestamp: c.req.header('x-linli-timestamp'), signature: c.req.header('x-linli-signature') }, await c.req.text())),
  )
