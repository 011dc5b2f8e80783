/**
 * What other domains may use from admin (the password rule and the audit log). Domains reach each other only through modules like
 * this one, or through outbox events.
 */
export { checkPasswordPolicy } from './password-policy'
export { writeAudit } from './repository/audit'
