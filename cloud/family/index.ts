/**
 * What other domains may use from family (who may act for an elder). Domains reach each other only through modules like
 * this one, or through outbox events.
 */
export { findActiveLink } from './family.repository'
export { toLink, type LinkJson } from './family.mappers'
