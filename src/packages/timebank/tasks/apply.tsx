import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import { timebankApi } from '@/api/timebank'
import { Btn, Message, Section, StateView } from '@/components'
import { useAction } from '@/hooks/use-action'
import { useAsync } from '@/hooks/use-async'

/** 成为志愿者: shown when the open list is refused (not a volunteer yet). */
export function Apply() {
  const app = useAsync(() => timebankApi.myApplication(), [])
  const [skills, setSkills] = useState('')
  const { busy, error, act } = useAction(app.reload)
  const a = app.data?.application
  return (
    <Section title='成为志愿者'>
      <StateView loading={app.loading} error={app.error} empty={false} emptyText='' onRetry={app.reload}>
        {a && a.status === 'pending' ? (
          <Text className='tb-sub'>您的申请已提交，社区工作人员核实后（需年满 18 周岁）就可以接单了。</Text>
        ) : (
          <View>
            {a?.status === 'rejected' ? <Text className='tb-sub'>{`上次申请未通过：${a.reason ?? ''}`}</Text> : null}
            <Text className='tb-sub'>志愿者承诺：无偿服务，不收老人的钱物，保护老人隐私，按时上门。</Text>
            <Input className='lp-input' placeholder='我的特长（选填），如：修电器、理发' value={skills} onInput={(e) => setSkills(e.detail.value)} />
            <Message kind='error' text={error ?? undefined} />
            <Btn busy={busy} onClick={() => void act(() => timebankApi.apply(skills.trim()))}>
              同意承诺，申请成为志愿者
            </Btn>
          </View>
        )}
      </StateView>
    </Section>
  )
}
