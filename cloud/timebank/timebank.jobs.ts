import type { JobHandler } from '../platform/jobs'
import { autoConfirmService, remindConfirmation } from './auto-confirm-service'

export const timebankJobHandlers: Record<string, JobHandler> = {
  'timebank.auto_confirm': autoConfirmService,
  'timebank.confirm_reminder': remindConfirmation,
}
