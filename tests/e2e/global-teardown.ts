import { rmSync } from 'node:fs'

export default async function globalTeardown(): Promise<void> {
  const dir = process.env.LINLI_E2E_TEMPLATE
  if (dir) rmSync(dir, { recursive: true, force: true })
}
