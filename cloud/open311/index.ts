/**
 * What other domains may use from open311. Domains reach each other only through modules like
 * this one, or through outbox events.
 */
export { hashKey } from './open311.repository'
export { DEMO_OPEN311_KEY } from './submit-open311-request'
