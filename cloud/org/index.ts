/**
 * What other domains may use from org: scope checks (the first line of every use case) and where a
 * point lies (grid routing for 随手拍 and 时间银行). Domains reach each other only through modules
 * like this one, or through outbox events.
 */
export { covers, requireScope, requireAnyRole, hasScope, isStaff, setupScopes, COUNTER_ROLES } from './org.policy'
export type { Actor, ActorRole } from '../platform/context'
export { routePoint, gridBoundary } from './boundaries.repository'
