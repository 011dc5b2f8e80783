import type { AppDeps } from '../platform/context'
import { inTransaction } from '../platform/tx'
import { findCandidates } from './repository/rules'
import { insertAlerts, type AlertRef } from './repository/alerts'
import { reasonFor } from './care.reasons'
import { tellRung } from './tell-rung'

/**
 * One pass of the rules over all enrolled meters (tick), or over the meters a batch just touched
 * (ingest, `instantOnly`). Set-based: one query finds what holds, one insert raises the alerts (the
 * one-open-alert index drops what is already raised), then the first rung is told.
 */
export async function evaluateRules(deps: AppDeps, now: Date, options: { meters?: string[]; instantOnly?: boolean } = {}): Promise<AlertRef[]> {
  const candidates = await findCandidates(deps.db.kysely, now, options)
  if (!candidates.length) return []
  return inTransaction(deps.db.kysely, async (tx) => {
    const raised = await insertAlerts(
      tx,
      candidates.map((c) => ({ enrolmentId: c.enrolment_id, elderId: c.elder_id, kind: c.kind, reason: reasonFor(c, now), since: new Date(c.since) })),
      now,
    )
    await tellRung(tx, now, raised, 'raised')
    return raised
  })
}
