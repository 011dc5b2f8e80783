import { View, Text, Image } from '@tarojs/components'
import type { TCategoryCode } from '../../../types/reports'
import { photoUrl, reportsApi } from '../../api/reports'
import { Btn, Section, StateView } from '../../components'
import { useAsync } from '../../hooks/use-async'

/** The same kind of problem already reported nearby: 我也遇到 instead of a second report. */
export function NearbySection({ lat, lng, category, onSupport }: { lat: number; lng: number; category: TCategoryCode; onSupport: (id: string) => void }) {
  const nearby = useAsync(() => reportsApi.nearby(lat, lng, category), [lat, lng, category])
  const near = nearby.data?.items ?? []
  return (
    <Section title='附近已有的同类问题'>
      <StateView loading={nearby.loading} error={nearby.error} empty={near.length === 0} emptyText='附近 250 米内没有同类问题，请继续上报' onRetry={nearby.reload}>
        <Text className='lp-hint'>如果是同一个问题，点「我也遇到」就行，不用重复上报。</Text>
        {near.map((r) => (
          <View key={r.id} className='lp-card rp-item rp-nearby'>
            {r.thumbnailUrl ? <Image className='rp-item-thumb' mode='aspectFill' src={photoUrl(r.thumbnailUrl)} /> : null}
            <View className='rp-item-body'>
              <Text className='rp-strong'>{r.description}</Text>
              <Text className='lp-hint'>
                {r.statusLabel} · 约 {Math.round(r.distanceMeters ?? 0)} 米 · {r.supporters} 人也遇到
              </Text>
              <Btn onClick={() => onSupport(r.id)}>我也遇到</Btn>
            </View>
          </View>
        ))}
      </StateView>
    </Section>
  )
}
