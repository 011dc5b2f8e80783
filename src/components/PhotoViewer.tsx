import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Image } from '@tarojs/components'
import './PhotoViewer.scss'

/**
 * Tap a photo to see it large: WeChat's own viewer (previewImage: pinch, swipe, save) on weapp;
 * a full-screen lightbox on H5 (tap or 关闭 to close, ‹ › between photos).
 */
export function usePhotoViewer(): { open: (urls: string[], index: number) => void; viewer: JSX.Element | null } {
  const [state, setState] = useState<{ urls: string[]; index: number } | null>(null)
  const open = (urls: string[], index: number) => {
    if (process.env.TARO_ENV === 'weapp') {
      void Taro.previewImage({ urls, current: urls[index] })
      return
    }
    setState({ urls, index })
  }
  if (!state) return { open, viewer: null }
  const { urls, index } = state
  const go = (d: number) => setState({ urls, index: (index + d + urls.length) % urls.length })
  const viewer = (
    <View className='pv' ariaRole='dialog' ariaLabel='查看大图' onClick={() => setState(null)}>
      <Image className='pv-img' mode='aspectFit' src={urls[index]} />
      <View className='pv-bar' onClick={(e) => e.stopPropagation()}>
        {urls.length > 1 ? (
          <Text className='pv-btn' onClick={() => go(-1)}>
            ‹ 上一张
          </Text>
        ) : null}
        <Text className='pv-count'>
          {index + 1} / {urls.length}
        </Text>
        {urls.length > 1 ? (
          <Text className='pv-btn' onClick={() => go(1)}>
            下一张 ›
          </Text>
        ) : null}
        <Text className='pv-btn pv-close' onClick={() => setState(null)}>
          关闭
        </Text>
      </View>
    </View>
  )
  return { open, viewer }
}
