import { z } from 'zod'

export const ROLES = ['resident', 'volunteer', 'grid_worker', 'community_staff', 'cluster_lead', 'department_staff', 'health_staff', 'street_admin'] as const
export const ZRoleSchema = z.enum(ROLES)
export type TRole = z.infer<typeof ZRoleSchema>

/** Roles that work the staff side (工作台). */
export const STAFF_ROLES: readonly TRole[] = ['grid_worker', 'community_staff', 'cluster_lead', 'department_staff', 'health_staff', 'street_admin']

export const ROLE_LABELS: Record<TRole, string> = {
  resident: '居民',
  volunteer: '志愿者',
  grid_worker: '网格员',
  community_staff: '社区工作人员',
  cluster_lead: '片区负责人',
  department_staff: '部门工作人员',
  health_staff: '卫生服务中心',
  street_admin: '街道管理员',
}

export const ORG_KINDS = ['street', 'cluster', 'community', 'grid', 'department'] as const
export const ZOrgKindSchema = z.enum(ORG_KINDS)
export type TOrgKind = z.infer<typeof ZOrgKindSchema>

export const ZOrgUnitSchema = z.object({
  id: z.string(),
  kind: ZOrgKindSchema,
  name: z.string(),
  parentId: z.string().nullable(),
})
export type TOrgUnit = z.infer<typeof ZOrgUnitSchema>

export const ZRoleAssignmentSchema = z.object({
  role: ZRoleSchema,
  orgUnitId: z.string(),
  orgUnitName: z.string(),
})
export type TRoleAssignment = z.infer<typeof ZRoleAssignmentSchema>

export const ZCommunityListSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      clusterName: z.string(),
      /** GCJ-02; where a pin placed by hand starts (null: the community has no place yet) */
      centre: z.object({ lat: z.number(), lng: z.number() }).nullable().optional(),
    }),
  ),
})
export type TCommunityList = z.infer<typeof ZCommunityListSchema>

/** A grid's boundary as GeoJSON (positions are [lng, lat]): a Polygon, or a MultiPolygon. */
// [lng, lat] (GeoJSON allows a third value, altitude, which maps ignore)
const ZPosition = z.array(z.number()).min(2).max(3)
export const ZGeoGeometrySchema = z.union([
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(ZPosition)) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(ZPosition))) }),
])
export type TGeoGeometry = z.infer<typeof ZGeoGeometrySchema>

/** GET /api/v1/org/locate?lat&lng: which grid (and community) a point belongs to, or null outside the street. */
export const ZLocateQuerySchema = z.object({
  lat: z.coerce.number({ message: '请提供位置' }).min(-90).max(90),
  lng: z.coerce.number({ message: '请提供位置' }).min(-180).max(180),
})
export const ZLocateResponseSchema = z.object({ gridId: z.string(), gridName: z.string(), communityName: z.string(), boundary: ZGeoGeometrySchema.nullable() }).nullable()
export type TLocateResponse = z.infer<typeof ZLocateResponseSchema>
