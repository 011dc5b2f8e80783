import { useCallback, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Image } from '@tarojs/components'
import type { TUploadResponse } from '../../../types/reports'
import { messageOf } from '../../api'
import { compressForUpload, photoUrl, uploadPhoto } from '../../api/reports'
import { Btn } from '../../components'

export interface PhotoItem {
  id: string
  path: string
  status: 'uploading' | 'done' | 'failed'
  progress: number
  uploaded?: TUploadResponse
  error?: string
}

let seq = 0

/** 1–3 photos, each uploaded on its own with progress; a failed one stays with a 重试 button. */
export function usePhotos(initial: TUploadResponse[] = [], max = 3, onChange?: (done: TUploadResponse[]) => void) {
  const [items, setItems] = useState<PhotoItem[]>(() => initial.map((u) => ({ id: `p${++seq}`, path: u.thumbnailUrl, status: 'done', progress: 100, uploaded: u })))
  const ref = useRef(items)
  const update = useCallback(
    (fn: (xs: PhotoItem[]) => PhotoItem[]) => {
      const next = fn(ref.current)
      ref.current = next
      setItems(next)
      onChange?.(next.filter((x) => x.uploaded).map((x) => x.uploaded!))
    },
    [onChange],
  )
  const patch = (id: string, p: Partial<PhotoItem>) => update((xs) => xs.map((x) => (x.id === id ? { ...x, ...p } : x)))
  const send = async (id: string, path: string) => {
    patch(id, { status: 'uploading', progress: 0, error: undefined })
    try {
      const small = await compressForUpload(path)
      const up = await uploadPhoto(small, (progress) => patch(id, { progress }))
      patch(id, { status: 'done', progress: 100, uploaded: up })
    } catch (e) {
      patch(id, { status: 'failed', error: messageOf(e) })
    }
  }
  const add = async () => {
    const left = max - ref.current.length
    if (left <= 0) return
    let paths: string[]
    try {
      const r = await Taro.chooseImage({ count: left, sizeType: ['compressed'], sourceType: ['camera', 'album'] })
      paths = (r.tempFilePaths ?? []).slice(0, left)
    } catch {
      return // cancelled
    }
    const fresh = paths.map((path) => ({ id: `p${++seq}`, path, status: 'uploading' as const, progress: 0 }))
    update((xs) => [...xs, ...fresh])
    await Promise.all(fresh.map((f) => send(f.id, f.path)))
  }
  const retry = (id: string) => {
    const it = ref.current.find((x) => x.id === id)
    if (it) void send(id, it.path)
  }
  const remove = (id: string) => update((xs) => xs.filter((x) => x.id !== id))
  const reset = () => update(() => [])
  const done = items.filter((x) => x.uploaded).map((x) => x.uploaded!)
  return { items, add, retry, remove, reset, done, busy: items.some((x) => x.status === 'uploading'), failed: items.some((x) => x.status === 'failed'), max }
}

export type Photos = ReturnType<typeof usePhotos>

export function PhotoPicker({ photos, addLabel = '拍照或从相册选' }: { photos: Photos; addLabel?: string }) {
  const left = photos.max - photos.items.length
  return (
    <View className='rp-photos'>
      {photos.items.map((p, i) => (
        <View key={p.id} className={`rp-photo rp-photo-${p.status}`}>
          <Image className='rp-thumb' mode='aspectFill' src={p.uploaded ? photoUrl(p.uploaded.thumbnailUrl) : p.path} />
          <View className='rp-photo-side'>
            <Text className='lp-hint'>第 {i + 1} 张</Text>
            {p.status === 'uploading' ? <Text className='rp-progress'>上传中 {Math.round(p.progress)}%</Text> : null}
            {p.status === 'done' ? <Text className='rp-ok'>已上传</Text> : null}
            {p.status === 'failed' ? (
              <>
                <Text className='rp-err'>上传失败：{p.error}</Text>
                <Btn kind='secondary' className='rp-retry' onClick={() => photos.retry(p.id)}>
                  重试
                </Btn>
              </>
            ) : null}
            {p.status !== 'uploading' ? (
              <Btn kind='plain' onClick={() => photos.remove(p.id)}>
                删除这张
              </Btn>
            ) : null}
          </View>
        </View>
      ))}
      {left > 0 ? (
        <Btn kind='secondary' className='rp-add' onClick={() => void photos.add()}>
          {addLabel}（还可加 {left} 张）
        </Btn>
      ) : null}
    </View>
  )
}
