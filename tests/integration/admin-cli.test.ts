import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const ROOT = join(__dirname, '..', '..')

/** `npm run admin` as a real child process on an embedded database in a fresh DATA_DIR. */
async function admin(args: string[], dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'cloud', 'admin', 'cli.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', DEMO_MODE: 'false' },
      timeout: 120_000,
    })
    return { code: 0, stdout: r.stdout, stderr: r.stderr }
  } catch (error) {
    const e = error as { code?: number; stdout: string; stderr: string }
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout, stderr: e.stderr }
  }
}

describe('npm run admin (child process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'linli-admin-cli-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('create-street prints the one-time password on its own line; a second run is refused with exit ≠ 0', async () => {
    const first = await admin(['create-street', '--name', '天平街道', '--admin-username', 'admin', '--admin-name', '郑志明'], dataDir)
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/^password: \S{12}$/m)
    const second = await admin(['create-street', '--name', '天平街道', '--admin-username', 'admin', '--admin-name', '郑志明'], dataDir)
    expect(second.code).not.toBe(0)
    expect(second.stderr).toContain('街道「天平街道」已经建好了')
    expect(second.stdout).not.toMatch(/password:/)
    const usage = await admin(['create-street', '--name', '某街道'], dataDir)
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('缺少 --admin-username')
    // three child processes, two of them migrating an embedded database: minutes on a busy 2-core machine
  }, 360_000)
})
