import { useState } from 'react'
import { View, Text, Input, Textarea, Picker, Image } from '@tarojs/components'
import { GOODS_KINDS, GOODS_KIND_LABELS, type TGoods, type TGoodsKind } from '@contracts/points'
import type { TUploadResponse } from '@contracts/reports'
import { pointsApi } from '@/api/points'
import { photoUrl } from '@/api/reports'
import { Btn, ListSection, Message, Page, Section, Toggle, CommunityPicker } from '@/components'
import { POINTS_STAFF_ROLES } from '@/packages/staff/modules'
import { useAsync } from '@/hooks/use-async'
import { useAction } from '@/hooks/use-action'
import { PhotoPicker, usePhotos } from '@/pages/report/PhotoPicker'
import { dayOf } from '@/packages/points/format'
import { errorText, FormError, optionalInt, requiredInt } from '../form'
import './index.scss'
import { DateRangeFields, EditorActions } from '../fields'

interface Form {
  name: string
  description: string
  kind: TGoodsKind
  price: string
  stock: string
  perPersonLimit: string
  from: string
  until: string
  active: boolean
}
const EMPTY: Form = { name: '', description: '', kind: 'goods', price: '', stock: '', perPersonLimit: '', from: '', until: '', active: true }

// The shop works in Shanghai days: on sale from 00:00 of the first day to 24:00 of the last.
const DAY = 24 * 3600_000
const startOf = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString()
const endOf = (date: string) => new Date(Date.parse(`${date}T00:00:00+08:00`) + DAY).toISOString()

function formOf(g: TGoods): Form {
  return {
    name: g.name,
    description: g.description,
    kind: g.kind,
    price: String(g.price),
    stock: String(g.stock),
    perPersonLimit: g.perPersonLimit === null ? '' : String(g.perPersonLimit),
    from: g.activeFrom ? dayOf(g.activeFrom) : '',
    until: g.activeUntil ? dayOf(new Date(Date.parse(g.activeUntil) - 1).toISOString()) : '',
    active: g.active,
  }
}

function GoodsEditor({ goods, onSaved, onCancel }: { goods: TGoods | null; onSaved: (g: TGoods) => void; onCancel: () => void }) {
  const [f, setF] = useState<Form>(goods ? formOf(goods) : EMPTY)
  const initial: TUploadResponse[] = goods?.photoUrl && goods.photoKey ? [{ key: goods.photoKey, url: goods.photoUrl, thumbnailUrl: goods.photoUrl, width: 0, height: 0 }] : []
  const photos = usePhotos(initial, 1)
  const { busy, error, act } = useAction(undefined, errorText)
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setF((x) => ({ ...x, [k]: v }))
  const save = async () => {
    await act(async () => {
      if (photos.busy) throw new FormError('照片还在上传，请稍等')
      if (photos.failed) throw new FormError('照片上传失败，请重试或删除这张')
      const saved = await pointsApi.saveGoods(goods?.id ?? null, {
        name: f.name,
        description: f.description,
        photoUrl: photos.done[0]?.key || null, // the upload key: the server accepts nothing else
        kind: f.kind,
        price: requiredInt(f.price, '所需积分'),
        stock: requiredInt(f.stock, '库存'),
        perPersonLimit: optionalInt(f.perPersonLimit, '每人限兑'),
        activeFrom: f.from ? startOf(f.from) : null,
        activeUntil: f.until ? endOf(f.until) : null,
        active: f.active,
      })
      onSaved(saved)
    })
  }
  return (
    <Section title={goods ? `修改商品：${goods.name}` : '上架新商品'}>
      <Text className='lp-label pts-field'>商品名称</Text>
      <Input className='pts-input pts-goods-name' value={f.name} maxlength={60} placeholder='例如：洗衣液 2kg' onInput={(e) => set('name', e.detail.value)} />
      <Text className='lp-label pts-field'>照片</Text>
      <PhotoPicker photos={photos} addLabel='拍商品照片' />
      <Text className='lp-label pts-field'>类型</Text>
      <Picker mode='selector' range={GOODS_KINDS.map((k) => GOODS_KIND_LABELS[k])} value={GOODS_KINDS.indexOf(f.kind)} onChange={(e) => set('kind', GOODS_KINDS[Number(e.detail.value)])}>
        <View className='pts-input'>
          <Text className='lp-body'>{GOODS_KIND_LABELS[f.kind]}</Text>
        </View>
      </Picker>
      <Text className='lp-label pts-field'>所需积分</Text>
      <Input className='pts-input pts-goods-price' type='number' value={f.price} placeholder='例如：30' onInput={(e) => set('price', e.detail.value)} />
      <Text className='lp-label pts-field'>库存（现在架上还有几件）</Text>
      <Input className='pts-input pts-goods-stock' type='number' value={f.stock} placeholder='例如：20' onInput={(e) => set('stock', e.detail.value)} />
      <Text className='lp-label pts-field'>每人限兑（件，不填为不限）</Text>
      <Input className='pts-input' type='number' value={f.perPersonLimit} placeholder='不限' onInput={(e) => set('perPersonLimit', e.detail.value)} />
      <Text className='lp-label pts-field'>领取说明</Text>
      <Textarea className='pts-input' value={f.description} maxlength={500} placeholder='在哪里、什么时间领取' onInput={(e) => set('description', e.detail.value)} />
      <Text className='lp-label pts-field'>上架日期</Text>
      <DateRangeFields from={f.from} until={f.until} openStart='开始：立即' clearText='清除日期（一直上架）' onChange={(from, until) => setF((x) => ({ ...x, from, until }))} />
      <Toggle label='上架' hint='下架后居民看不到，已兑换的不受影响' on={f.active} onChange={(v) => set('active', v)} />
      <Message kind='error' text={error} />
      <EditorActions busy={busy} saveText='保存商品' onSave={() => void save()} onCancel={onCancel} />
    </Section>
  )
}

/** 积分商城商品: staff put goods on the shelf, set price, stock, limits and dates, with a photo. */
function PointsGoodsEditorPageBody() {
  const cat = useAsync(() => pointsApi.catalogue(), [])
  const goods = cat.data?.goods ?? []
  const [editing, setEditing] = useState<TGoods | 'new' | null>(null)
  const [saved, setSaved] = useState<string | null>(null)
  return (
    <>
      {editing ? (
        <GoodsEditor
          key={editing === 'new' ? 'new' : editing.id}
          goods={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={(g) => {
            setEditing(null)
            setSaved(`已保存「${g.name}」，库存 ${g.stock}`)
            cat.reload()
          }}
        />
      ) : (
        <Btn
          onClick={() => {
            setSaved(null)
            setEditing('new')
          }}
        >
          上架新商品
        </Btn>
      )}
      <Message kind='success' text={saved} />
      <ListSection title='商品与库存' state={cat} empty={goods.length === 0} emptyText='还没有商品，点“上架新商品”添加'>
        {goods.map((g) => (
          <View key={g.id} className='lp-card pts-goods'>
            {g.photoUrl ? <Image className='pts-goods-photo' src={photoUrl(g.photoUrl)} mode='aspectFill' /> : null}
            <View className='pts-goods-head'>
              <Text className='lp-body'>{g.name}</Text>
              <Text className='pts-price'>{g.price} 分</Text>
            </View>
            <Text className='lp-hint lp-block'>
              <Text className='pts-chip'>{g.kindLabel}</Text>
              {g.active ? null : <Text className='pts-chip'>已下架</Text>}
              {g.stock === 0 ? <Text className='pts-chip pts-warn'>已兑完</Text> : null}
            </Text>
            <Text className='lp-hint lp-block'>
              库存 {g.stock} 件{g.perPersonLimit ? ` · 每人限兑 ${g.perPersonLimit} 件` : ''}
              {g.activeFrom || g.activeUntil ? ` · ${g.activeFrom ? dayOf(g.activeFrom) : '现在'} 至 ${g.activeUntil ? dayOf(new Date(Date.parse(g.activeUntil) - 1).toISOString()) : '不限'}` : ''}
            </Text>
            <Btn
              kind='secondary'
              onClick={() => {
                setSaved(null)
                setEditing(g)
              }}
            >
              修改 / 补货
            </Btn>
          </View>
        ))}
      </ListSection>
    </>
  )
}

/** Staff covering several communities pick one first (the points are a community's). */
export default function PointsGoodsEditorPage() {
  return (
    <Page title='积分商城商品'>
      <CommunityPicker roles={POINTS_STAFF_ROLES}>
        <PointsGoodsEditorPageBody />
      </CommunityPicker>
    </Page>
  )
}
