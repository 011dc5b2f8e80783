import type { ColumnType, Generated } from 'kysely'
import type { Timestamp, CreatedAt, Json } from './columns'

/** The organisation (街道 → 片区 → 社区 → 网格, departments): 0001, 0002 (geo), 0012 (settings), 0013 (boundaries). */

export interface OrgUnitsTable {
  id: string
  kind: 'street' | 'cluster' | 'community' | 'grid' | 'department'
  parent_id: string | null
  name: string
  path: string
  created_at: CreatedAt
  /** 0012: closed units keep their history but take no new work */
  closed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
}

export interface OrgUnitGeoTable {
  org_unit_id: string
  center_lat: number
  center_lng: number
  min_lat: number
  max_lat: number
  min_lng: number
  max_lng: number
}

/** 0012: per-street defaults the admin console edits */
export interface StreetSettingsTable {
  street_id: string
  checkup_min_age: Generated<number>
  checkup_cancel_cutoff: Generated<string>
  points_default_rules: Json<unknown[]>
  updated_at: Timestamp
  updated_by: string | null
}

/** 0013: grid/community boundaries (GeoJSON as imported; rings for the point-in-polygon look-up). */
export interface OrgUnitBoundariesTable {
  org_unit_id: string
  geometry: Json
  source_crs: string
  updated_by: string | null
  updated_at: Timestamp
}

export interface OrgUnitRingsTable {
  org_unit_id: string
  part: number
  ring: number
  is_hole: boolean
  /** PostgreSQL polygon literal '((lng,lat),…)' in GCJ-02 */
  shape: string
}

export interface OrgTables {
  org_units: OrgUnitsTable
  org_unit_geo: OrgUnitGeoTable
  street_settings: StreetSettingsTable
  org_unit_boundaries: OrgUnitBoundariesTable
  org_unit_rings: OrgUnitRingsTable
}
