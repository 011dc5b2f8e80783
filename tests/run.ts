/**
 * `npm test`: every jest project. End-to-end tests need Chromium (/usr/bin/chromium or
 * CHROMIUM_PATH): without it they are skipped with a loud notice, unless E2E_REQUIRED=1 (CI),
 * when a missing browser fails the run. Ends with one plain line: "N passed, N failed, N skipped".
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { BUILDS, buildAllIfStale } from './weapp/global-setup'

const chromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p))
const projects = ['unit', 'integration', 'weapp']
if (chromium) projects.push('e2e')
else if (process.env.E2E_REQUIRED === '1') {
  console.error('✗ E2E_REQUIRED=1 but Chromium was not found (install it: apt-get install -y chromium)')
  process.exit(1)
} else {
  const line = '!'.repeat(78)
  console.warn(
    `\n${line}\n!  未找到 Chromium：跳过端到端（Playwright）测试。安装：apt-get install -y chromium\n!  Chromium not found: the e2e tests are SKIPPED. CI sets E2E_REQUIRED=1 and fails instead.\n${line}\n`,
  )
}

// what the projects load, built side by side now rather than one after another in their global set-ups
// (with jest arguments, e.g. one file, the global set-ups build only what that run needs)
const wholeRun = process.argv.length <= 2
const builds = !wholeRun ? [] : projects.includes('e2e') ? [BUILDS.weapp, BUILDS.weappCloud, BUILDS.cloud, BUILDS.h5] : [BUILDS.weapp, BUILDS.weappCloud, BUILDS.cloud]

const artifacts = join(__dirname, '.artifacts')
mkdirSync(artifacts, { recursive: true })
const results = join(artifacts, 'jest-results.json')
rmSync(results, { force: true })
async function main(): Promise<void> {
  const started = Date.now()
  if (wholeRun) {
    // the databases' templates and the demo DATA_DIR (the integration project's global set-up) while
    // webpack builds: a build leaves part of a core idle; jest's global set-ups then find them made
    const { default: makeTemplates } = await import('./helpers/global-setup')
    await Promise.all([buildAllIfStale(builds), makeTemplates()])
  }
  const run = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--selectProjects', ...projects, '--json', `--outputFile=${results}`, ...process.argv.slice(2)], {
    stdio: 'inherit',
    // a larger young generation: the workers load the app's modules and PGlite once per test file, and
    // collect garbage less often this way (the integration project ran 6 % faster on 2 cores)
    env: { ...process.env, NODE_OPTIONS: [process.env.NODE_OPTIONS, '--max-semi-space-size=64'].filter(Boolean).join(' ') },
  })
  if (existsSync(results)) {
    const r = JSON.parse(readFileSync(results, 'utf8'))
    console.log(`\nnpm test: ${((Date.now() - started) / 60_000).toFixed(1)} min`)
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`)
  }
  process.exit(run.status ?? 1)
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
