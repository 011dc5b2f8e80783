/**
 * What other domains may use from family (who may act for an elder). Domains reach each other only through modules like
 * this one, or through outbox events.
 */
export { toLink, findActiveLink, type LinkJson } from './family.repository'
