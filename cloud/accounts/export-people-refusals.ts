import type { AppDeps } from '../platform/context'
import { setupScopes, type Actor } from '../org'
import type { XlsxFile } from '../platform/xlsx'
import { analysePeople, type PeopleImportInput } from './import-people'
import { readPeopleSheet, refusalsWorkbook } from './people-sheet'

/**
 * The refused rows of a 台账 as an xlsx (original cells + 原因), from the same file: nothing is kept
 * on the server between the import and the download, so there is nothing to expire or leak.
 */
export async function exportPeopleRefusals(deps: AppDeps, actor: Actor, input: Omit<PeopleImportInput, 'dryRun'>): Promise<XlsxFile> {
  setupScopes(actor)
  const sheet = await readPeopleSheet(input.bytes, input.columns)
  const { refused } = await analysePeople(deps, actor, sheet)
  return refusalsWorkbook(sheet, refused)
}
