/**
 * What other domains may use from reports. Domains reach each other only through modules like
 * this one, or through outbox events.
 */
export { existingUploads, insertUpload } from './repository/uploads'
export { insertPhotos, type ReportRow } from './repository/reports'
export { submitReport } from './submit-report'
export { categoryName, holderOf } from './reports.mappers'
export { escalationJob } from './escalate-overdue-report'
