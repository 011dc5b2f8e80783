import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { TMeResponse } from '@contracts'
import { ROLE_LABELS } from '@contracts/org'
import { Btn, Section } from '@/components'
import { CommunityChoice } from './community-choice'
import { ConsentToggle } from './consent-toggle'
import { ElderModeToggle } from './elder-mode-toggle'
import { FamilySection } from './family-section'
import { Notices } from './notices'
import { SignOutButtons } from './sign-out-buttons'

/** A signed-in user's 我的: who they are, 工作台 for staff, family, messages, consents, sign-out. */
export function Profile({ me }: { me: TMeResponse }) {
  const [showNotices, setShowNotices] = useState(false)
  const u = me.user
  return (
    <>
      <View className='lp-card me-profile'>
        <Text className='me-name'>{u.name}</Text>
        <Text className='lp-hint me-phone'>{u.phoneMasked ?? '未绑定手机号'}</Text>
        <View className='me-roles'>
          {me.roles.map((r) => (
            <Text key={`${r.role}-${r.orgUnitId}`} className='lp-tag me-role'>
              {ROLE_LABELS[r.role] ?? r.role}
              {r.orgUnitName ? ` · ${r.orgUnitName}` : ''}
            </Text>
          ))}
        </View>
        <View className='lp-kv'>
          <Text className='lp-kv-key'>所在社区</Text>
          <Text className='lp-kv-value'>{u.communityName ?? '未选择'}</Text>
        </View>
        {u.communityId ? null : <CommunityChoice />}
      </View>

      {u.isStaff ? (
        <Btn className='me-staff-entry' onClick={() => void Taro.navigateTo({ url: '/packages/staff/index/index' })}>
          工作台
        </Btn>
      ) : null}

      <ElderModeToggle />

      <FamilySection me={me} />

      <Section title='消息'>
        <View className='lp-kv'>
          <Text className='lp-kv-key'>未读消息</Text>
          <Text className='lp-kv-value me-unread'>{me.unreadNotices} 条</Text>
        </View>
        {showNotices ? (
          <Notices />
        ) : (
          <Btn kind='secondary' onClick={() => setShowNotices(true)}>
            查看消息
          </Btn>
        )}
      </Section>

      <Section title='授权管理'>
        <ConsentToggle kind='health' me={me} />
        <ConsentToggle kind='location' me={me} />
      </Section>

      <SignOutButtons />
    </>
  )
}
