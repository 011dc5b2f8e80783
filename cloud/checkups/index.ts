/**
 * What other domains may use from 体检预约. Nothing today: no other domain calls into checkups
 * (the composition root mounts checkups.routes and checkups.jobs, the demo seed calls
 * checkups.seed). Domains reach each other only through modules like this one, or through outbox
 * events; add an export here when one needs it.
 */
export {}
