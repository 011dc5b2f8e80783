import { z } from 'zod'

/**
 * Grid and community boundaries (网格边界): GeoJSON Polygon / MultiPolygon in WGS-84 or GCJ-02,
 * stated by the caller; the server stores GCJ-02 (what the mini-program's location and map use).
 */
export const ZCrsSchema = z.enum(['wgs84', 'gcj02'], { message: '坐标系 crs 只能是 wgs84（GPS、天地图）或 gcj02（微信、高德、腾讯地图）' })
export type TCrs = z.infer<typeof ZCrsSchema>

const ZPositionSchema = z
  .array(z.number({ message: '坐标应为数字' }).finite(), { message: '坐标应为 [经度, 纬度]' })
  .min(2, { message: '坐标应为 [经度, 纬度]' })
  .max(3, { message: '坐标应为 [经度, 纬度]' })
  .refine((p) => p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90, { message: '坐标超出范围：应为 [经度, 纬度]' })
const ZRingSchema = z
  .array(ZPositionSchema)
  .min(4, { message: '每个环至少 4 个点（首尾相同）' })
  .refine((r) => r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1], { message: '环没有闭合：最后一个点应与第一个点相同' })
const ZPolygonRingsSchema = z.array(ZRingSchema).min(1, { message: '多边形至少要有外环' })

export const ZPolygonSchema = z.object({ type: z.literal('Polygon'), coordinates: ZPolygonRingsSchema })
export const ZMultiPolygonSchema = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(ZPolygonRingsSchema).min(1, { message: 'MultiPolygon 至少要有一个多边形' }) })
export const ZBoundaryGeometrySchema = z.discriminatedUnion('type', [ZPolygonSchema, ZMultiPolygonSchema], {
  message: '边界应为 GeoJSON 的 Polygon 或 MultiPolygon',
})
export type TBoundaryGeometry = z.infer<typeof ZBoundaryGeometrySchema>

export const ZSetBoundaryRequestSchema = z.object({ crs: ZCrsSchema, geometry: ZBoundaryGeometrySchema })
export type TSetBoundaryRequest = z.infer<typeof ZSetBoundaryRequestSchema>

/** Features are checked one by one in the use case (a bad one is a problem row, not a 400 for all). */
export const ZBoundaryFeatureSchema = z.object({
  type: z.literal('Feature', { message: '每一项应为 GeoJSON Feature' }),
  properties: z.record(z.string(), z.unknown()).nullable().optional(),
  geometry: z.unknown(),
})
export const ZImportBoundariesRequestSchema = z.object({
  crs: ZCrsSchema,
  collection: z.object(
    {
      type: z.literal('FeatureCollection', { message: '应为 GeoJSON FeatureCollection' }),
      features: z.array(ZBoundaryFeatureSchema).min(1, { message: 'FeatureCollection 里没有任何边界' }).max(2000, { message: '一次最多导入 2000 个边界' }),
    },
    { message: '应为 GeoJSON FeatureCollection' },
  ),
  dryRun: z.boolean({ message: 'dryRun 应为 true 或 false' }),
})
export type TImportBoundariesRequest = z.infer<typeof ZImportBoundariesRequestSchema>

export const ZBoundaryProblemSchema = z.object({
  name: z.string(),
  problem: z.string(),
  /** true: the import cannot be committed until it is fixed (bad geometry, ambiguous name) */
  blocking: z.boolean(),
})
export const ZImportBoundariesResponseSchema = z.object({
  dryRun: z.boolean(),
  matched: z.array(z.object({ name: z.string(), orgUnitId: z.string(), kind: z.enum(['grid', 'community']), parentName: z.string().nullable() })),
  unmatched: z.array(z.string()),
  problems: z.array(ZBoundaryProblemSchema),
  /** the matched boundaries in GCJ-02, for the preview drawing */
  preview: z.array(z.object({ name: z.string(), kind: z.enum(['grid', 'community']), geometry: ZBoundaryGeometrySchema })),
})
export type TImportBoundariesResponse = z.infer<typeof ZImportBoundariesResponseSchema>

export const ZBoundaryViewSchema = z.object({
  orgUnitId: z.string(),
  name: z.string(),
  kind: z.enum(['grid', 'community']),
  parentName: z.string().nullable(),
  /** GCJ-02; a box as a polygon when the unit only has a box (the demo before 0013) */
  geometry: ZBoundaryGeometrySchema.nullable(),
  source: z.enum(['polygon', 'box', 'none']),
})
export type TBoundaryView = z.infer<typeof ZBoundaryViewSchema>

/** Largest GeoJSON body accepted (a street's 网格 map is well under 1 MB; 5 MB leaves room). */
export const BOUNDARY_BODY_LIMIT = 5 * 1024 * 1024
