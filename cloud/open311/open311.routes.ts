import { Hono } from 'hono'
import type { AppEnv } from '../platform/http'

/** Open311 GeoReport v2 (filled in below). */
export const open311Routes = new Hono<AppEnv>()
