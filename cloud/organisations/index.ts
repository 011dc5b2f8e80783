/**
 * 社区社会组织 for the composition root (routes) and for the resources domain (an organisation's
 * leader books in its name). Points hear of sign-ins through the outbox topic only.
 */
export { organisationsRoutes } from './organisations.routes'
export { requireLeader, residentCommunity, streetPathOf } from './organisations.policy'
export { ACTIVITY_ATTENDED_TOPIC } from './check-in-activity'
