import { removeDemoDataDirTemplate } from './demo-data-dir'

/** weapp's and e2e's global tear-down: the run's demo DATA_DIR (tests/helpers/demo-data-dir.ts). */
export default async function globalTeardown(): Promise<void> {
  removeDemoDataDirTemplate()
}
