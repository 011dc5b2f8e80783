import { View, Text } from '@tarojs/components'
import type { TFamilyLink } from '@contracts'
import { FAMILY_RELATION_LABELS, FAMILY_SCOPE_LABELS } from '@contracts/accounts'
import { api } from '@/api'
import { Btn, Message } from '@/components'
import { useAction } from '@/hooks/use-action'

/** A family binding asked for at the counter: staff confirm it with the elder present, or refuse. */
export function PendingLink({ link, onDone }: { link: TFamilyLink; onDone: () => void }) {
  const { busy, error, act } = useAction(onDone)
  return (
    <View className='lp-card staff-link'>
      <Text className='lp-label'>
        {link.memberName} → {link.elderName}
      </Text>
      <Text className='lp-hint'>
        关系：{FAMILY_RELATION_LABELS[link.relation]}；授权：{link.scopes.map((s) => FAMILY_SCOPE_LABELS[s]).join('、')}
      </Text>
      <Text className='lp-hint'>申请时间：{link.requestedAt.slice(0, 16).replace('T', ' ')}</Text>
      <Btn busy={busy} onClick={() => void act(() => api.confirmFamilyLink(link.id, true))}>
        老人本人在场，确认绑定
      </Btn>
      <Btn kind='secondary' busy={busy} onClick={() => void act(() => api.rejectFamilyLink(link.id))}>
        拒绝
      </Btn>
      <Message kind='error' text={error} />
    </View>
  )
}
