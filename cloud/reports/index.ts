/**
 * What other domains may use from reports. Domains reach each other only through modules like
 * this one, or through outbox events.
 */
export { existingUploads, insertPhotos, insertUpload, type ReportRow } from './reports.repository'
export { submitReport } from './submit-report'
export { categoryName, holderOf } from './report-view'
export { escalationJob } from './escalate-overdue-report'
export { COMMUNITY_ORDER, DEMO_STREET_BOX } from './reports.seed'
