import { BUILDS, buildIfStale } from '../weapp/global-setup'
import { makeDemoDataDirTemplate } from '../helpers/demo-data-dir'

/** The H5 build, and the demo DATA_DIR each e2e server starts from a copy of (tests/e2e/server.ts). */
export default async function globalSetup(): Promise<void> {
  buildIfStale(BUILDS.h5)
  await makeDemoDataDirTemplate()
}
