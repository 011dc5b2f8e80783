/**
 * Draws the tab bar icons (首页 · 随手拍 · 我的) as 81×81 PNGs with sharp, normal and selected.
 * Run once after changing a shape: `npx tsx src/assets/tabbar/generate.ts`; the PNGs are committed
 * (weapp's tabBar needs local image files; H5 uses the same ones).
 */
import path from 'node:path'
import sharp from 'sharp'

const SHAPES: Record<string, string> = {
  // a house
  home: '<path d="M12 40 L40.5 14 L69 40" fill="none" stroke="C" stroke-width="7" stroke-linecap="round" stroke-linejoin="round"/><path d="M21 36 V68 H35 V50 H46 V68 H60 V36" fill="none" stroke="C" stroke-width="7" stroke-linejoin="round"/>',
  // a camera
  report:
    '<rect x="10" y="25" width="61" height="42" rx="8" fill="none" stroke="C" stroke-width="7"/><path d="M28 25 L33 15 H48 L53 25" fill="none" stroke="C" stroke-width="7" stroke-linejoin="round"/><circle cx="40.5" cy="46" r="11" fill="none" stroke="C" stroke-width="7"/>',
  // a person
  me: '<circle cx="40.5" cy="27" r="13" fill="none" stroke="C" stroke-width="7"/><path d="M14 70 C14 52 26 45 40.5 45 C55 45 67 52 67 70" fill="none" stroke="C" stroke-width="7" stroke-linecap="round"/>',
}
const COLORS = { normal: '#4a4a4a', active: '#0a58ca' }

async function main(): Promise<void> {
  for (const [name, shape] of Object.entries(SHAPES)) {
    for (const [state, color] of Object.entries(COLORS)) {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="81" height="81" viewBox="0 0 81 81">${shape.replaceAll('"C"', `"${color}"`)}</svg>`
      const file = path.join(__dirname, `${name}${state === 'active' ? '-active' : ''}.png`)
      await sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toFile(file)
    }
  }
}

void main()
