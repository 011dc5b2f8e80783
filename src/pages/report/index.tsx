import { useRef, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text, Input, Textarea, Image } from '@tarojs/components'
import type { TCategoryCode, TUploadResponse } from '../../../types/reports'
import { api, ApiError, messageOf } from '../../api'
import { photoUrl, reportsApi } from '../../api/reports'
import { Btn, GeoMap, Message, Page, Section, StateView, Toggle } from '../../components'
import { currentPosition } from '../../utils/geo'
import { useAsync } from '../../hooks/use-async'
import { setMe, useMe } from '../../stores/session'
import { PhotoPicker, usePhotos } from './PhotoPicker'
import './report.scss'
import { OPEN_FAILED, openLink } from '../../utils/open-link'

const DRAFT_KEY = 'linli.reportDraft'

interface Draft {
  photos: TUploadResponse[]
  category: TCategoryCode | ''
  description: string
  anonymous: boolean
  lat: number | null
  lng: number | null
  address: string
  /** 'device': the phone's own position (needs the location consent); 'map': a pin placed by hand. */
  locationSource?: 'device' | 'map'
  /** 不希望被联系: staff handling it are not shown the phone number. */
  noContact?: boolean
}

const EMPTY: Draft = { photos: [], category: '', description: '', anonymous: true, lat: null, lng: null, address: '' }

function loadDraft(): Draft {
  try {
    const d = Taro.getStorageSync(DRAFT_KEY) as Partial<Draft> | string
    if (d && typeof d === 'object') return { ...EMPTY, ...d }
  } catch {
    // no draft
  }
  return EMPTY
}

/**
 * The rule for "the typed address and the pin disagree": each community's short name (东湖 for
 * 东湖社区) is a word people write in addresses (东湖路 17 弄). If the address names another
 * community of the street and not the one the pin is in, the two probably disagree.
 */
export function addressMismatch(address: string, pinCommunity: string | undefined, communities: string[]): string | null {
  const a = address.trim()
  if (!a || !pinCommunity) return null
  const short = (n: string) => n.replace(/(社区|居委会?|村)$/, '')
  if (a.includes(short(pinCommunity))) return null
  const other = communities.find((c) => c !== pinCommunity && short(c).length >= 2 && a.includes(short(c)))
  return other ?? null
}

function ReportForm() {
  const [draft, setDraft] = useState<Draft>(loadDraft)
  const draftRef = useRef(draft)
  const save = (patch: Partial<Draft>) => {
    const next = { ...draftRef.current, ...patch }
    draftRef.current = next
    setDraft(next)
    try {
      Taro.setStorageSync(DRAFT_KEY, next)
    } catch {
      // storage full: the form still works
    }
  }
  const photos = usePhotos(draft.photos, 3, (done) => save({ photos: done }))
  const cats = useAsync(() => reportsApi.categories(), [])
  const [locating, setLocating] = useState(false)
  const [locError, setLocError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // the server asks for the location consent when the phone's own position is sent
  const [needConsent, setNeedConsent] = useState(false)
  const consentDoc = useAsync(() => api.consentDocument('location'), [needConsent], needConsent)
  const hasLoc = draft.lat !== null && draft.lng !== null
  const nearby = useAsync(
    () => reportsApi.nearby(draft.lat!, draft.lng!, draft.category as TCategoryCode),
    [draft.lat, draft.lng, draft.category],
    hasLoc && Boolean(draft.category),
  )

  const { me } = useMe()
  const locationConsented = Boolean(me?.consents.some((c) => c.kind === 'location'))
  const grid = useAsync(() => reportsApi.locate(draft.lat!, draft.lng!), [draft.lat, draft.lng], hasLoc)
  const communities = useAsync(() => api.communities(), [])
  const mismatch = hasLoc && grid.data ? addressMismatch(draft.address, grid.data.communityName, (communities.data?.items ?? []).map((c) => c.name)) : null
  // consent first (one sentence, right here), then the phone's position: nothing is asked on arrival
  const locate = async () => {
    setLocating(true)
    setLocError(null)
    try {
      if (!locationConsented) {
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
      setLocError(process.env.TARO_ENV === 'weapp' ? '没有拿到位置。可以再试一次，或点「在地图上选」标出地点。' : '没有拿到位置：请在浏览器提示时选「允许」后再试一次。')
    } finally {
      setLocating(false)
    }
  }
  const pickOnMap = async () => {
    try {
      const r = await Taro.chooseLocation(hasLoc ? { latitude: draft.lat!, longitude: draft.lng! } : {})
      save({ lat: r.latitude, lng: r.longitude, address: (r.address || r.name || draft.address).slice(0, 120), locationSource: 'map' })
    } catch {
      // cancelled
    }
  }
  const len = draft.description.trim().length
  const problems: string[] = []
  if (photos.done.length === 0) problems.push('至少 1 张照片')
  if (!hasLoc) problems.push('位置')
  if (!draft.category) problems.push('问题类别')
  if (len < 5) problems.push('至少 5 个字的描述')

  const submit = async () => {
    if (problems.length > 0 || photos.busy) return
    setBusy(true)
    setError(null)
    try {
      const r = await reportsApi.submit({
        category: draft.category as TCategoryCode,
        description: draft.description.trim(),
        lat: draft.lat!,
        lng: draft.lng!,
        address: draft.address.trim() || undefined,
        photoKeys: photos.done.map((p) => p.key),
        anonymous: draft.anonymous,
        noContact: draft.noContact ?? false,
        locationSource: draft.locationSource,
      })
      photos.reset() // (its change handler saves the draft: remove it afterwards)
      Taro.removeStorageSync(DRAFT_KEY)
      draftRef.current = EMPTY
      setDraft(EMPTY)
      setNeedConsent(false)
      void Taro.navigateTo({ url: `/packages/reports/detail/index?id=${r.id}&new=1` })
    } catch (e) {
      if (e instanceof ApiError && e.code === 'LOCATION_CONSENT_REQUIRED') setNeedConsent(true)
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }
  const consentAndSubmit = async () => {
    if (!consentDoc.data) return
    setBusy(true)
    setError(null)
    try {
      await api.giveConsent('location', consentDoc.data.version)
    } catch (e) {
      setError(messageOf(e))
      setBusy(false)
      return
    }
    setBusy(false)
    setNeedConsent(false)
    await submit()
  }
  const support = async (id: string) => {
    setError(null)
    try {
      await reportsApi.act(id, 'support')
      void Taro.navigateTo({ url: `/packages/reports/detail/index?id=${id}` })
    } catch (e) {
      setError(messageOf(e))
    }
  }

  const near = nearby.data?.items ?? []
  return (
    <View>
      <Section title='1. 拍照（1–3 张）'>
        <PhotoPicker photos={photos} />
      </Section>

      <Section title='2. 位置'>
        <View className='lp-card rp-where'>
          {hasLoc ? (
            <>
              <GeoMap
                point={{ lat: draft.lat!, lng: draft.lng! }}
                boundary={grid.data?.boundary}
                label={grid.loading && !grid.data ? '正在查所在网格…' : grid.data ? `${grid.data.communityName} · ${grid.data.gridName}` : '这个位置不在本街道范围内'}
                onMove={(p) => save({ lat: p.lat, lng: p.lng, locationSource: 'map' })}
              />
              <Text className='rp-line rp-coords'>
                {draft.locationSource === 'map' ? '已标出' : '已定位'}：北纬 {draft.lat!.toFixed(5)}，东经 {draft.lng!.toFixed(5)}
              </Text>
            </>
          ) : (
            <Text className='rp-line rp-loc-ask'>
              {locating ? '正在定位…' : locationConsented ? '点下面的按钮，用您现在的位置标出问题在哪里。' : '标出问题在哪里：同意后我们读取一次您手机的位置，只用来把问题派给所在网格。'}
            </Text>
          )}
          <Message kind='error' text={locError} />
          <View className='lp-row'>
            <Btn kind={hasLoc ? 'secondary' : 'primary'} className='rp-locate' busy={locating} onClick={() => void locate()}>
              {hasLoc ? '重新定位' : locationConsented ? '用我现在的位置' : '同意并定位'}
            </Btn>
            {process.env.TARO_ENV === 'weapp' ? (
              <Btn kind='secondary' onClick={() => void pickOnMap()}>
                在地图上选
              </Btn>
            ) : null}
          </View>
          <Text className='lp-label'>详细地址（选填，只有工作人员能看到）</Text>
          <Input className='lp-input rp-address' placeholder='例如：东湖路 17 弄 2 号门口' maxlength={120} value={draft.address} onInput={(e) => save({ address: e.detail.value })} />
          {mismatch ? (
            <Message kind='info' text={`您写的地址像是在${mismatch}，但地图上的标记在${grid.data?.communityName}。请确认标记的位置，不对就点地图移动它。`} />
          ) : null}
        </View>
      </Section>

      <Section title='3. 问题类别'>
        <StateView loading={cats.loading} error={cats.error} empty={!cats.data?.items.length} emptyText='暂时没有类别' onRetry={cats.reload}>
          <View>
            {(cats.data?.items ?? []).map((c) => (
              <View key={c.code} className={`lp-choice rp-cat ${draft.category === c.code ? 'rp-choice-on' : ''}`} ariaRole='radio' onClick={() => save({ category: c.code })}>
                <Text>
                  {c.icon} {c.name}
                </Text>
              </View>
            ))}
          </View>
        </StateView>
      </Section>

      {hasLoc && draft.category ? (
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
                  <Btn onClick={() => void support(r.id)}>我也遇到</Btn>
                </View>
              </View>
            ))}
          </StateView>
        </Section>
      ) : null}

      <Section title='4. 描述问题'>
        <Textarea
          className='rp-textarea'
          placeholder='写清楚是什么问题、在哪里，5–500 字'
          maxlength={500}
          value={draft.description}
          onInput={(e) => save({ description: e.detail.value })}
        />
        <Text className='rp-counter'>{len}/500</Text>
      </Section>

      <Toggle
        label='匿名上报'
        hint={draft.anonymous ? '公开页面不显示您的名字（工作人员能看到，方便联系您）' : '公开页面会显示您的名字'}
        on={draft.anonymous}
        onChange={(on) => save({ anonymous: on })}
      />
      <Toggle
        className='rp-no-contact'
        label='不希望被联系'
        hint={draft.noContact ? '工作人员看不到您的电话，只通过处理进度回复您' : '处理的工作人员需要时可以打电话问您情况'}
        on={Boolean(draft.noContact)}
        onChange={(on) => save({ noContact: on })}
      />

      {problems.length > 0 ? <Text className='lp-hint rp-missing'>还差：{problems.join('、')}</Text> : null}
      {photos.busy ? <Text className='lp-hint'>照片还在上传，请稍等</Text> : null}
      <Message kind='error' text={error} />
      {needConsent ? (
        <Section title='位置信息授权'>
          <StateView loading={consentDoc.loading} error={consentDoc.error} empty={false} emptyText='' onRetry={consentDoc.reload}>
            <Text className='rp-line'>{consentDoc.data?.text}</Text>
            <Btn busy={busy} onClick={() => void consentAndSubmit()}>
              同意位置信息授权并提交
            </Btn>
            <Text className='lp-hint'>不同意也可以：{process.env.TARO_ENV === 'weapp' ? '点上面的「在地图上选」标出地点，再提交。' : '请到社区窗口或打电话反映。'}</Text>
          </StateView>
        </Section>
      ) : null}
      <Btn className='rp-submit' busy={busy} disabled={problems.length > 0 || photos.busy} onClick={() => void submit()}>
        提交上报
      </Btn>
    </View>
  )
}

export default function ReportTabPage() {
  const { signedIn } = useMe()
  const [, setShown] = useState(0)
  useDidShow(() => setShown((n) => n + 1))
  // offline the sub-page cannot load: say so here instead of doing nothing
  const [openFailed, setOpenFailed] = useState<string | null>(null)
  const open = async (url: string) => {
    setOpenFailed(null)
    if (!(await openLink(url))) setOpenFailed(OPEN_FAILED)
  }
  return (
    <Page title='随手拍'>
      {signedIn ? (
        <>
          <View className='lp-row'>
            <Btn kind='plain' onClick={() => void open('/packages/reports/mine/index')}>
              我的上报
            </Btn>
            <Btn kind='plain' onClick={() => void open('/packages/reports/community/index')}>
              社区问题
            </Btn>
          </View>
          <Message kind='error' text={openFailed ?? undefined} />
          <ReportForm />
        </>
      ) : (
        <View className='lp-card'>
          <Text className='rp-line'>看到路灯坏了、垃圾堆放、井盖破损等问题，拍张照片、标好位置就能报给社区，并随时查看处理进度。</Text>
          <Text className='rp-strong'>登录后才能上报</Text>
          <Btn onClick={() => void Taro.navigateTo({ url: '/pages/login/index' })}>登录</Btn>
        </View>
      )}
    </Page>
  )
}
