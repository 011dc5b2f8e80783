/**
 * 跨社区资源共享 for the composition root: routes, the no-show job and its scheduling. Other
 * domains use nothing from it.
 */
export { resourcesRoutes } from './resources.routes'
export { resourcesJobHandlers, scheduleResourcesJobs, markResourceNoShows } from './resources.jobs'
export { seedResources } from './resources.seed'
