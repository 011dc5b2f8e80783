import { useState } from 'react'
import { View, Text, Image } from '@tarojs/components'
import type { TBindCodeResponse, TElder } from '@contracts'
import { api } from '@/api'
import { Btn, Message } from '@/components'
import { useAction } from '@/hooks/use-action'

/** 绑定码 for an elder without a phone: the family types it (or scans the QR) to ask for a binding. */
export function BindCode({ elder }: { elder: TElder }) {
  const [code, setCode] = useState<TBindCodeResponse | null>(null)
  const { busy, error, act } = useAction()
  const make = () => act(async () => setCode(await api.createBindCode(elder.id)))
  return (
    <View>
      {code ? (
        <View className='staff-code'>
          <Text className='lp-hint'>绑定码（家属在“绑定家里老人”里填写）</Text>
          <Text className='lp-code'>{code.code}</Text>
          <Image className='lp-qr' src={code.qrDataUrl} mode='aspectFit' />
          <Text className='lp-hint'>有效期至 {code.expiresAt.slice(0, 16).replace('T', ' ')}</Text>
        </View>
      ) : null}
      <Btn kind={code ? 'secondary' : 'primary'} busy={busy} onClick={() => void make()}>
        {busy ? '正在生成…' : code ? '重新生成绑定码' : '生成绑定码'}
      </Btn>
      <Message kind='error' text={error} />
    </View>
  )
}
