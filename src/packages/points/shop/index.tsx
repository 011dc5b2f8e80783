import { useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { TGoods, TRedemption } from '@contracts/points'
import { pointsApi } from '@/api/points'
import { Btn, Message, Page, Section, StateView } from '@/components'
import { useAsync } from '@/hooks/use-async'
import { useAction } from '@/hooks/use-action'
import { dayOf } from '../format'
import './index.scss'

const STATUS: Record<TRedemption['status'], string> = { held: '待领取', redeemed: '已领取', released: '已过期退回', cancelled: '已取消' }

function GoodsCard({ goods, available, onRedeemed }: { goods: TGoods; available: number | null; onRedeemed: (r: TRedemption) => void }) {
  const [confirming, setConfirming] = useState(false)
  const { busy, error, act } = useAction()
  const short = available !== null && available < goods.price
  const redeem = async () => {
    await act(async () => {
      onRedeemed(await pointsApi.redeem(goods.id))
      setConfirming(false)
    })
  }
  return (
    <View className='lp-card pts-goods'>
      <View className='pts-goods-head'>
        <Text className='lp-body'>{goods.name}</Text>
        <Text className='pts-price'>{goods.price} 分</Text>
      </View>
      <Text className='lp-hint'>
        {goods.kindLabel} · 还剩 {goods.stock} 件{goods.perPersonLimit ? ` · 每人限兑 ${goods.perPersonLimit} 件` : ''}
      </Text>
      {goods.description ? <Text className='lp-hint'>{goods.description}</Text> : null}
      {goods.stock === 0 ? (
        <Text className='lp-body lp-block'>已兑完</Text>
      ) : short ? (
        <Text className='lp-hint'>积分不够，还差 {goods.price - (available ?? 0)} 分</Text>
      ) : confirming ? (
        <View>
          <Text className='lp-body lp-block'>
            兑换「{goods.name}」将使用 {goods.price} 积分，14 天内到社区领取。
          </Text>
          <View className='lp-row'>
            <Btn busy={busy} onClick={() => void redeem()}>
              确认兑换
            </Btn>
            <Btn kind='secondary' onClick={() => setConfirming(false)}>
              再想想
            </Btn>
          </View>
        </View>
      ) : (
        <Btn onClick={() => setConfirming(true)}>兑换</Btn>
      )}
      <Message kind='error' text={error} />
    </View>
  )
}

export default function ShopPage() {
  const goods = useAsync(() => pointsApi.goods(), [])
  const balance = useAsync(() => pointsApi.myPoints(), [])
  const mine = useAsync(() => pointsApi.myRedemptions(), [])
  const [done, setDone] = useState<string | null>(null)
  useDidShow(() => {
    mine.reload()
    balance.reload()
  })
  const items = goods.data?.items ?? []
  const codes = mine.data?.items ?? []
  const open = (id: string) => void Taro.navigateTo({ url: `/packages/points/redemption/index?id=${id}` })
  return (
    <Page title='积分商城'>
      <Text className='lp-body lp-block'>可用积分：{balance.data ? `${balance.data.available} 分` : '…'}</Text>
      <Message kind='success' text={done} />
      <Section title='我的兑换'>
        <StateView loading={mine.loading} error={mine.error} empty={codes.length === 0} emptyText='还没有兑换记录' onRetry={mine.reload}>
          {codes.map((r) => (
            <View key={r.id} className='lp-card' onClick={() => open(r.id)}>
              <View className='pts-goods-head'>
                <Text className='lp-body'>{r.goodsName}</Text>
                <Text className='lp-body'>{STATUS[r.status]}</Text>
              </View>
              {r.status === 'held' ? (
                <>
                  <Text className='lp-hint'>
                    核销码 {r.code} · 请在 {dayOf(r.holdUntil)} 前到社区领取
                  </Text>
                  <Btn kind='secondary' onClick={() => open(r.id)}>
                    出示兑换码
                  </Btn>
                </>
              ) : null}
            </View>
          ))}
        </StateView>
      </Section>
      <Section title='可兑换的礼品'>
        <StateView loading={goods.loading} error={goods.error} empty={items.length === 0} emptyText='商城里暂时没有礼品' onRetry={goods.reload}>
          {items.map((g) => (
            <GoodsCard
              key={g.id}
              goods={g}
              available={balance.data?.available ?? null}
              onRedeemed={(r) => {
                setDone(`兑换成功！核销码 ${r.code}，请在 14 天内到社区领取。`)
                goods.reload()
                balance.reload()
                mine.reload()
              }}
            />
          ))}
        </StateView>
      </Section>
    </Page>
  )
}
