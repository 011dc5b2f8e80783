/**
 * Camera scanning in the page (H5 only: see camera-scan.h5.ts, which Taro picks for the H5 build). The
 * mini-program scans with Taro.scanCode instead, so here there is no in-page camera.
 */
export function cameraScanAvailable(): boolean {
  return false
}

export async function startCameraScan(_container: string, _onCode: (text: string) => void, _videoClass?: string): Promise<() => void> {
  throw new Error('在小程序里请用「扫一扫」')
}
