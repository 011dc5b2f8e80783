import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Input } from '@tarojs/components'
import { api, messageOf } from '../../api'
import { reportsApi } from '../../api/reports'
import { Btn, GeoMap, Message, Section } from '../../components'
import { currentPosition } from '../../utils/geo'
import { useAsync } from '../../hooks/use-async'
import { setMe, useMe } from '../../stores/session'
import { addressMismatch, type Draft, type SaveDraft } from './draft'

const WEAPP = process.env.TARO_ENV === 'weapp'

/**
 * 2. 位置: consent first (one sentence, right here), then the phone's position — or, for a person
 * who says no or whose phone has no position, a pin placed by hand: it starts at the centre of their
 * community and a tap on the map moves it. Nothing is asked on arrival.
 */
export function LocationSection({ draft, save }: { draft: Draft; save: SaveDraft }) {
  const { me } = useMe()
  const [locating, setLocating] = useState(false)
  const [locError, setLocError] = useState<string | null>(null)
  const hasLoc = draft.lat !== null && draft.lng !== null
  const consented = Boolean(me?.consents.some((c) => c.kind === 'location'))
  const grid = useAsync(() => reportsApi.locate(draft.lat!, draft.lng!), [draft.lat, draft.lng], hasLoc)
  const communities = useAsync(() => api.communities(), [])
  const mismatch =
    hasLoc && grid.data
      ? addressMismatch(
          draft.address,
          grid.data.communityName,
          (communities.data?.items ?? []).map((c) => c.name),
        )
      : null

  const locate = async () => {
    setLocating(true)
    setLocError(null)
    try {
      if (!consented) {
        const doc = await api.consentDocument('location')
        setMe(await api.giveConsent('location', doc.version))
      }
    } catch (e) {
      setLocError(messageOf(e))
      setLocating(false)
      return
    }
    try {
      const r = await currentPosition()
      save({ lat: r.lat, lng: r.lng, locationSource: 'device' })
    } catch {
      setLocError(WEAPP ? '没有拿到位置。可以再试一次，或点「在地图上选」标出地点。' : '没有拿到位置。可以再试一次，或点「在地图上标出」自己标出地点。')
    } finally {
      setLocating(false)
    }
  }
  // weapp: the system map picker
  const pickOnMap = async () => {
    try {
      const r = await Taro.chooseLocation(hasLoc ? { latitude: draft.lat!, longitude: draft.lng! } : {})
      save({ lat: r.latitude, lng: r.longitude, address: (r.address || r.name || draft.address).slice(0, 120), locationSource: 'map' })
    } catch {
      // cancelled
    }
  }
  // no position needed: the pin starts at the person's community (else the first one with a place)
  const placeOnMap = async () => {
    setLocError(null)
    const items = communities.data?.items ?? (await api.communities().catch(() => ({ items: [] }))).items
    const mine = items.find((c) => c.id === me?.user.communityId && c.centre) ?? items.find((c) => c.centre)
    if (!mine?.centre) {
      setLocError('还没有社区的地图，暂时不能手动标出。请点「同意并定位」，或到社区窗口反映。')
      return
    }
    save({ lat: mine.centre.lat, lng: mine.centre.lng, locationSource: 'map' })
  }

  const label = grid.loading && !grid.data ? '正在查所在网格…' : grid.data ? `${grid.data.communityName} · ${grid.data.gridName}` : '这个位置不在本街道范围内'
  return (
    <Section title='2. 位置'>
      <View className='lp-card rp-where'>
        {hasLoc ? (
          <>
            <GeoMap point={{ lat: draft.lat!, lng: draft.lng! }} boundary={grid.data?.boundary} label={label} onMove={(p) => save({ lat: p.lat, lng: p.lng, locationSource: 'map' })} />
            <Text className='rp-line rp-coords'>
              {draft.locationSource === 'map' ? '已标出' : '已定位'}：北纬 {draft.lat!.toFixed(5)}，东经 {draft.lng!.toFixed(5)}
            </Text>
          </>
        ) : (
          <Text className='rp-line rp-loc-ask'>
            {locating ? '正在定位…' : consented ? '点下面的按钮，用您现在的位置标出问题在哪里。' : '标出问题在哪里：同意后我们读取一次您手机的位置，只用来把问题派给所在网格。'}
          </Text>
        )}
        <Message kind='error' text={locError} />
        <View className='lp-row'>
          <Btn kind={hasLoc ? 'secondary' : 'primary'} className='rp-locate' busy={locating} onClick={() => void locate()}>
            {hasLoc ? '重新定位' : consented ? '用我现在的位置' : '同意并定位'}
          </Btn>
          {WEAPP ? (
            <Btn kind='secondary' onClick={() => void pickOnMap()}>
              在地图上选
            </Btn>
          ) : hasLoc ? null : (
            <Btn kind='secondary' className='rp-place' onClick={() => void placeOnMap()}>
              在地图上标出
            </Btn>
          )}
        </View>
        {!hasLoc && !WEAPP ? <Text className='lp-hint rp-place-hint'>不想让我们读位置？点「在地图上标出」，标记先放在社区中心，再点地图把它移到问题所在的地方。</Text> : null}
        <Text className='lp-label'>详细地址（选填，只有工作人员能看到）</Text>
        <Input className='lp-input rp-address' placeholder='例如：东湖路 17 弄 2 号门口' maxlength={120} value={draft.address} onInput={(e) => save({ address: e.detail.value })} />
        {mismatch ? <Message kind='info' text={`您写的地址像是在${mismatch}，但地图上的标记在${grid.data?.communityName}。请确认标记的位置，不对就点地图移动它。`} /> : null}
      </View>
    </Section>
  )
}
