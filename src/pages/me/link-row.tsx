import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import type { TFamilyLink, TMeResponse } from '@contracts'
import { FAMILY_RELATION_LABELS } from '@contracts/accounts'
import { api } from '@/api'
import { Btn, Message } from '@/components'
import { useAction } from '@/hooks/use-action'
import { loadMe } from '@/stores/session'

const STATUS_LABELS: Record<TFamilyLink['status'], string> = {
  pending: '待确认',
  active: '已绑定',
  rejected: '已拒绝',
  revoked: '已解除',
}

/** One family binding, from the elder's side (同意/拒绝) or the member's (撤回/解除). */
export function LinkRow({ link, me }: { link: TFamilyLink; me: TMeResponse }) {
  const { busy, error, act } = useAction(loadMe)
  const [confirmRevoke, setConfirmRevoke] = useState(false)
  const asElder = link.elderId === me.user.id
  const who = asElder ? `${link.memberName}（${FAMILY_RELATION_LABELS[link.relation]}）` : link.elderName
  return (
    <View className='lp-card me-link'>
      <View className='lp-row'>
        <Text className='me-link-name'>{who}</Text>
        <Text className={`lp-tag lp-tag-${link.status}`}>{STATUS_LABELS[link.status]}</Text>
      </View>
      {!asElder ? <Text className='lp-hint'>关系：{FAMILY_RELATION_LABELS[link.relation]}</Text> : null}
      {asElder && link.status === 'pending' ? (
        <>
          <Text className='lp-body lp-block'>{link.memberName} 申请与你绑定亲情账户，可以帮你办理事项。</Text>
          <View className='lp-row'>
            <Btn busy={busy} onClick={() => void act(() => api.confirmFamilyLink(link.id))}>
              同意
            </Btn>
            <Btn kind='secondary' busy={busy} onClick={() => void act(() => api.rejectFamilyLink(link.id))}>
              拒绝
            </Btn>
          </View>
        </>
      ) : null}
      {link.status === 'active' || (!asElder && link.status === 'pending') ? (
        confirmRevoke ? (
          <View>
            <Text className='lp-body lp-block'>确定解除与{who}的绑定吗？</Text>
            <View className='lp-row'>
              <Btn kind='danger' busy={busy} onClick={() => void act(() => api.revokeFamilyLink(link.id))}>
                确定解除
              </Btn>
              <Btn kind='secondary' onClick={() => setConfirmRevoke(false)}>
                取消
              </Btn>
            </View>
          </View>
        ) : (
          <Btn kind='danger' onClick={() => setConfirmRevoke(true)}>
            {link.status === 'pending' ? '撤回申请' : '解除绑定'}
          </Btn>
        )
      ) : null}
      <Message kind='error' text={error} />
    </View>
  )
}
