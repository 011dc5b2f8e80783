/**
 * 独居老人关爱 for the composition root and the runtimes: routes, the tick part, job handlers, the
 * MQTT subscriber (node entry, only with MQTT_URL) and the demo seed. Other domains use nothing from it.
 */
export { careRoutes } from './care.routes'
export { careJobHandlers, runCareTick, scheduleCareJobs } from './care.jobs'
export { startMqttIngest, type MqttIngest } from './mqtt-ingest'
export { ingestReadings } from './ingest-readings'
export { signWebhook } from './receive-webhook'
export { seedCare } from './care.seed'
