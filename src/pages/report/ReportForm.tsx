import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Textarea } from '@tarojs/components'
import type { TCategoryCode } from '../../../types/reports'
import { api, ApiError, messageOf } from '../../api'
import { reportsApi } from '../../api/reports'
import { Btn, Message, Section, StateView, Toggle } from '../../components'
import { useAsync } from '../../hooks/use-async'
import { PhotoPicker, usePhotos } from './PhotoPicker'
import { useDraft } from './draft'
import { LocationSection } from './LocationSection'
import { NearbySection } from './NearbySection'

/** 随手拍: photos, place, category, words; 提交 sends it and opens the new report. */
export function ReportForm() {
  const { draft, save, clear } = useDraft()
  const photos = usePhotos(draft.photos, 3, (done) => save({ photos: done }))
  const cats = useAsync(() => reportsApi.categories(), [])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // the server asks for the location consent when the phone's own position is sent
  const [needConsent, setNeedConsent] = useState(false)
  const consentDoc = useAsync(() => api.consentDocument('location'), [needConsent], needConsent)
  const hasLoc = draft.lat !== null && draft.lng !== null

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
      clear()
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

  return (
    <View>
      <Section title='1. 拍照（1–3 张）'>
        <PhotoPicker photos={photos} />
      </Section>

      <LocationSection draft={draft} save={save} />

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

      {hasLoc && draft.category ? <NearbySection lat={draft.lat!} lng={draft.lng!} category={draft.category} onSupport={(id) => void support(id)} /> : null}

      <Section title='4. 描述问题'>
        <Textarea className='rp-textarea' placeholder='写清楚是什么问题、在哪里，5–500 字' maxlength={500} value={draft.description} onInput={(e) => save({ description: e.detail.value })} />
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
            <Text className='lp-hint'>
              不同意也可以：{process.env.TARO_ENV === 'weapp' ? '点上面的「在地图上选」标出地点，再提交。' : '在上面的地图上点一下问题所在的地方（改为手动标出），再提交。'}
            </Text>
          </StateView>
        </Section>
      ) : null}
      <Btn className='rp-submit' busy={busy} disabled={problems.length > 0 || photos.busy} onClick={() => void submit()}>
        提交上报
      </Btn>
    </View>
  )
}
