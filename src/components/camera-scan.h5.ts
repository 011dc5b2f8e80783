import jsQR from 'jsqr'

/**
 * H5 camera scanning for 签到 at the site (体检 roster, 场地 check-in): the rear camera through getUserMedia, each video frame
 * decoded by jsQR (a maintained decoder) until a QR is found. Taro picks this file for the H5 build
 * (camera-scan.ts elsewhere: the mini-program uses Taro.scanCode).
 */
export function cameraScanAvailable(): boolean {
  return typeof navigator !== 'undefined' && Boolean(navigator.mediaDevices?.getUserMedia)
}

/**
 * Shows the camera inside the element with id `container` and calls `onCode` once with the first QR
 * text read. Resolves to a stop function (camera off, video removed); rejects when the browser has no
 * camera or the person refused it.
 */
export async function startCameraScan(container: string, onCode: (text: string) => void, videoClass = 'lp-scan-video'): Promise<() => void> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
  const video = document.createElement('video')
  video.setAttribute('playsinline', 'true')
  video.muted = true
  video.className = videoClass
  video.srcObject = stream
  document.getElementById(container)?.appendChild(video)
  const canvas = document.createElement('canvas')
  const ctx = canvas.getContext('2d', { willReadFrequently: true })
  let frame = 0
  let stopped = false
  const stop = () => {
    if (stopped) return
    stopped = true
    cancelAnimationFrame(frame)
    stream.getTracks().forEach((t) => t.stop())
    video.remove()
  }
  const look = () => {
    if (stopped) return
    if (ctx && video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth > 0) {
      // decode a frame at most 640 px wide: enough for a QR held up to the phone, and quick
      const scale = Math.min(1, 640 / video.videoWidth)
      canvas.width = Math.round(video.videoWidth * scale)
      canvas.height = Math.round(video.videoHeight * scale)
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height)
      const image = ctx.getImageData(0, 0, canvas.width, canvas.height)
      const found = jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' })
      if (found?.data) {
        stop()
        onCode(found.data)
        return
      }
    }
    frame = requestAnimationFrame(look)
  }
  await video.play().catch(() => undefined)
  frame = requestAnimationFrame(look)
  return stop
}
