/**
 * 报表通 for the composition root: its routes and its jobs. Other domains use nothing from it
 * (it only reads what they recorded).
 */
export { dashboardRoutes } from './dashboard.routes'
export { dashboardJobHandlers, scheduleDashboardJobs } from './dashboard.jobs'
export { FIGURE_DEFINITIONS } from './figures'
