import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Image, Input, Text, Textarea, View } from '@tarojs/components'
import { TOPIC_CATEGORIES, TOPIC_CATEGORY_LABELS, type TTopicCategory } from '@contracts/deliberation'
import { api, ApiError, messageOf } from '@/api'
import { deliberationApi } from '@/api/deliberation'
import { uploadPhoto } from '@/api/reports'
import { Btn, Message, Page, Section } from '@/components'
import { useAction } from '@/hooks/use-action'
import { setMe, useMe } from '@/stores/session'
import { useElderMode } from '@/stores/elder-mode'
import { coordsText, currentPosition, type LatLng } from '@/utils/geo'
import '../deliberation.scss'

/** 提议题: a title and what the matter is; neighbours support it, at the threshold the community answers. */
export default function ProposePage() {
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const [photos, setPhotos] = useState<{ key: string; url: string }[]>([])
  const [category, setCategory] = useState<TTopicCategory | null>(null)
  const [place, setPlace] = useState<LatLng | null>(null)
  const [locating, setLocating] = useState(false)
  const [locError, setLocError] = useState<string | null>(null)
  const { me } = useMe()
  const elder = useElderMode()
  const { busy, msg, act, fail } = useAction()
  // 用我现在的位置: the location consent first (as 随手拍 asks it), then the phone's position;
  // a refusal or a phone without a position leaves the topic without a place, nothing else changes
  const locate = async () => {
    setLocating(true)
    setLocError(null)
    try {
      if (!me?.consents.some((c) => c.kind === 'location')) {
        const doc = await api.consentDocument('location')
        setMe(await api.giveConsent('location', doc.version))
      }
      setPlace(await currentPosition())
    } catch (e) {
      setLocError(e instanceof ApiError ? messageOf(e) : '没有拿到位置，不加位置也可以提交。')
    } finally {
      setLocating(false)
    }
  }
  // photos are uploaded one by one as they are chosen; a failed one can be chosen again, the text stays
  const addPhotos = () =>
    void act(async () => {
      const r = await Taro.chooseImage({ count: 3 - photos.length, sizeType: ['compressed'], sourceType: ['camera', 'album'] })
      for (const path of r.tempFilePaths) {
        const up = await uploadPhoto(path)
        setPhotos((ps) => [...ps, { key: up.key, url: up.thumbnailUrl }])
      }
    })
  const submit = () => {
    if (title.trim().length < 2) return fail('请写一个标题，至少 2 个字')
    if (description.trim().length < 5) return fail('请说说具体情况，至少 5 个字')
    if (!category) return fail('请选择议题类别')
    void act(async () => {
      const t = await deliberationApi.propose({
        title: title.trim(),
        description: description.trim(),
        category,
        photoKeys: photos.map((p) => p.key),
        ...(place ? { lat: place.lat, lng: place.lng } : {}),
      })
      void Taro.redirectTo({ url: `/packages/deliberation/topic/index?id=${t.id}` })
    })
  }
  return (
    <Page title='提一个议题'>
      <Text className='lp-hint'>邻居支持的人数够了，社区会在议事会上讨论或给出答复。</Text>
      <Message kind={msg?.kind} text={msg?.text} />
      <Section title='类别'>
        <View className={elder ? 'dl-options' : 'lp-row dl-categories'}>
          {TOPIC_CATEGORIES.map((k) => (
            <Btn key={k} kind='secondary' className={category === k ? 'dl-chosen' : ''} onClick={() => setCategory(k)}>
              {TOPIC_CATEGORY_LABELS[k]}
            </Btn>
          ))}
        </View>
      </Section>
      <Section title='标题'>
        <Input className='lp-input' placeholder='例如：东湖路夜间停车难' maxlength={60} value={title} onInput={(e) => setTitle(e.detail.value)} />
      </Section>
      <Section title='具体情况'>
        <Textarea className='lp-input' placeholder='发生在哪里、影响了谁、希望怎么办' maxlength={2000} value={description} onInput={(e) => setDescription(e.detail.value)} />
      </Section>
      <Section title='照片（可选，最多 3 张）'>
        <View className='lp-row'>
          {photos.map((p) => (
            <Image key={p.key} className='dl-photo' src={p.url} mode='aspectFill' onClick={() => setPhotos(photos.filter((x) => x.key !== p.key))} />
          ))}
        </View>
        {photos.length < 3 ? (
          <Btn kind='secondary' busy={busy} onClick={addPhotos}>
            添加照片
          </Btn>
        ) : null}
        {photos.length ? <Text className='lp-hint'>点照片可以去掉</Text> : null}
      </Section>
      <Section title='位置（可选）'>
        {place ? (
          <View>
            <Text className='lp-hint'>{coordsText(place)}</Text>
            <Btn kind='secondary' onClick={() => setPlace(null)}>
              不加位置
            </Btn>
          </View>
        ) : (
          <Btn kind='secondary' busy={locating} onClick={() => void locate()}>
            用我现在的位置
          </Btn>
        )}
        {locError ? <Text className='lp-hint'>{locError}</Text> : null}
      </Section>
      <Btn busy={busy} onClick={submit}>
        提交议题
      </Btn>
    </Page>
  )
}
