import type { JobHandler } from '../platform/jobs'
import { pruneRateLimits } from '../platform/rate-limit'
import { pruneAuthFailures } from './repository/auth-failures'
import { pruneKnownDevices, pruneRevokedSessions } from './repository/sessions'
import { pruneSmsCodes } from './repository/sms-codes'

/** Jobs of the accounts domain, by kind (cloud/app.ts schedules 'maintenance.daily' once a day). */
export const accountsJobHandlers: Record<string, JobHandler> = {
  // nightly: expired login codes are removed (nothing else is ever deleted)
  'maintenance.daily': async ({ db, now }) => {
    await pruneSmsCodes(db, now)
    await pruneRateLimits(db, now)
    // ended sessions past their expiry, and failure counts idle for a week (their back-off is forgiven)
    await pruneRevokedSessions(db, now)
    await pruneAuthFailures(db, now)
    await pruneKnownDevices(db, now)
  },
}
