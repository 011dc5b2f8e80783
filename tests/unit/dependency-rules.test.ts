/**
 * The dependency rules `npm run lint` enforces (.dependency-cruiser.cjs), run on a small throwaway
 * tree shaped like this project: each rule fails on the import it forbids and lets the allowed ones
 * through. The real tree is checked by `npm run lint:deps`.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

const root = join(__dirname, '..', '..')
const config = join(root, '.dependency-cruiser.cjs')
const depcruise = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs')

type Violation = { rule: { name: string }; from: string; to: string; cycle?: unknown[] }

/** Writes `files` into a fresh folder and returns the rule violations dependency-cruiser reports. */
function cruise(files: Record<string, string>): Violation[] {
  const dir = mkdtempSync(join(tmpdir(), 'linli-deps-'))
  try {
    const all: Record<string, string> = {
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', baseUrl: '.' } }),
      'cloud/app.ts': 'export const app = 1\nexport type AppDeps = { now: Date }\n',
      'cloud/platform/context.ts': 'export type AppDeps = { now: Date }\n',
      'cloud/points/index.ts': "export { earn } from './earn-points'\n",
      'cloud/points/earn-points.ts': "import type { AppDeps } from '../platform/context'\nexport const earn = (d: AppDeps) => d\n",
      'cloud/entry/boot.ts': "import { app } from '../app'\nexport const booted = app\n",
      ...files,
    }
    for (const [path, text] of Object.entries(all)) {
      mkdirSync(join(dir, dirname(path)), { recursive: true })
      writeFileSync(join(dir, path), text)
    }
    let out: string
    try {
      const tops = ['cloud', 'src', 'types'].filter((t) => Object.keys(all).some((p) => p.startsWith(`${t}/`)))
      out = execFileSync(process.execPath, [depcruise, ...tops, '--config', config, '--output-type', 'json'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    } catch (error) {
      // exit code = number of errors; the JSON report is on stdout all the same
      out = (error as { stdout: string }).stdout
    }
    return (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const names = (vs: Violation[], rule: string) =>
  vs
    .filter((v) => v.rule.name === rule)
    .map((v) => `${v.from} → ${v.to}`)
    .sort()

describe('dependency rules (npm run lint:deps)', () => {
  // one tree, one run (a cruise costs about a second): every rule's allowed and forbidden cases side by side
  let vs: Violation[]
  beforeAll(() => {
    vs = cruise({
      // allowed: entry → app, use case → platform/context, domain → other domain's index, files inside a domain, src/types → types
      'cloud/timebank/confirm-service.ts':
        "import { earn } from '../points'\nimport type { AppDeps } from '../platform/context'\nimport { helper } from './helper'\nexport const confirm = (d: AppDeps) => [earn(d), helper]\n",
      'cloud/timebank/helper.ts': 'export const helper = 1\n',
      'src/pages/home.ts': "import type { TId } from '../../types/common'\nexport const id: TId = 'x'\n",
      'types/common.ts': 'export type TId = string\n',
      // forbidden
      'cloud/points/redeem-goods.ts': "import type { AppDeps } from '../app'\nexport const redeem = (d: AppDeps) => d\n",
      'cloud/platform/session.ts': "import { earn } from '../points'\nexport const s = earn\n",
      'cloud/db/schema.ts': "import { earn } from '../points/earn-points'\nexport const t = earn\n",
      'cloud/family/link.ts': "import { earn } from '../points/earn-points'\nexport const l = earn\n",
      'src/api/points.ts': "import { earn } from '../../cloud/points'\nexport const e = earn\n",
      'cloud/points/show.ts': "import { id } from '../../src/pages/home'\nexport const s = id\n",
      'types/points.ts': "import { earn } from '../cloud/points'\nexport const e = earn\n",
      'cloud/platform/jobs.ts': "import { run } from './outbox'\nexport type Handler = () => void\nexport const tick = run\n",
      'cloud/platform/outbox.ts': "import type { Handler } from './jobs'\nexport const run = (h: Handler) => h()\n",
    })
  })

  test("a use case's `import type { AppDeps } from '../app'` fails; cloud/entry may import cloud/app.ts", () => {
    expect(names(vs, 'app-only-from-entry-and-tests')).toEqual(['cloud/points/redeem-goods.ts → cloud/app.ts'])
  })

  test('platform/ and db/ import no domain, not even its index', () => {
    expect(names(vs, 'platform-db-no-domain')).toEqual(['cloud/db/schema.ts → cloud/points/earn-points.ts', 'cloud/platform/session.ts → cloud/points/index.ts'])
  })

  test('a domain reaches another only through its index.ts; inside a domain files import each other directly', () => {
    expect(names(vs, 'domain-through-index')).toEqual(['cloud/family/link.ts → cloud/points/earn-points.ts'])
  })

  test('src/ and cloud/ never import each other, types/ imports neither side', () => {
    expect(names(vs, 'src-cloud-apart')).toEqual(['cloud/points/show.ts → src/pages/home.ts', 'src/api/points.ts → cloud/points/index.ts'])
    expect(names(vs, 'types-standalone')).toEqual(['types/points.ts → cloud/points/index.ts'])
  })

  test('an import cycle inside cloud/ fails, type-only edges included', () => {
    const cycles = vs.filter((v) => v.rule.name === 'no-circular-cloud')
    expect(cycles).toHaveLength(1)
    expect([cycles[0].from, ...(cycles[0].cycle as { name: string }[]).map((c) => c.name)].sort()).toEqual(['cloud/platform/jobs.ts', 'cloud/platform/jobs.ts', 'cloud/platform/outbox.ts'])
  })

  test('nothing else is reported', () => {
    const known = ['app-only-from-entry-and-tests', 'platform-db-no-domain', 'domain-through-index', 'src-cloud-apart', 'types-standalone', 'no-circular-cloud']
    expect(vs.filter((v) => !known.includes(v.rule.name))).toEqual([])
    expect(vs).toHaveLength(8)
  })
})
