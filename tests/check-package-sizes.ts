/**
 * CI gate on the weapp build: the main package must stay under 1.5 MB (WeChat's limit is 2 MB;
 * we keep room) and every subpackage under 2 MB. Prints one JSON line per package.
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs'
import { join, relative } from 'node:path'

const dist = join(__dirname, '..', 'dist', 'weapp')
if (!existsSync(join(dist, 'app.json'))) {
  console.error('dist/weapp/app.json missing: run npm run build:weapp first')
  process.exit(1)
}
const app = JSON.parse(readFileSync(join(dist, 'app.json'), 'utf8')) as { subPackages?: { root: string }[]; subpackages?: { root: string }[] }
const roots = (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/\/$/, ''))

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? files(p) : [p]
  })
}

const sizes = new Map<string, number>([['main', 0], ...roots.map((r) => [r, 0] as [string, number])])
for (const file of files(dist)) {
  const rel = relative(dist, file)
  if (rel.endsWith('.map')) continue // source maps are not uploaded
  const pkg = roots.find((r) => rel === r || rel.startsWith(`${r}/`)) ?? 'main'
  sizes.set(pkg, sizes.get(pkg)! + statSync(file).size)
}
let failed = false
for (const [pkg, bytes] of sizes) {
  const limit = pkg === 'main' ? 1.5 * 1024 * 1024 : 2 * 1024 * 1024
  const ok = bytes <= limit
  failed ||= !ok
  console.log(JSON.stringify({ figure: 'weapp_package_bytes', package: pkg, bytes, limit, ok }))
}
process.exit(failed ? 1 : 0)
