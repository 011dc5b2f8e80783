/**
 * 议事协商 for the composition root: its routes. Other domains use nothing from it; points listens to
 * its outbox event 'deliberation.meeting_attended' (MEETING_ATTENDED_TOPIC).
 */
export { deliberationRoutes } from './deliberation.routes'
export { MEETING_ATTENDED_TOPIC } from './meetings'
