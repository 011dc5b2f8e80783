import Taro from '@tarojs/taro'
import { Text } from '@tarojs/components'
import { ROLE_LABELS } from '@contracts/org'
import { Btn, Page } from '@/components'
import { useMe } from '@/stores/session'
import { COUNTER_ROLES, hasAnyRole, STAFF_MODULES } from '../modules'
import { PendingLinks } from './pending-links'
import { RegisterElder } from './register-elder'
import { SearchElders } from './search-elders'
import './index.scss'

export default function StaffHomePage() {
  const { me, signedIn } = useMe()
  if (!signedIn) {
    return (
      <Page title='工作台'>
        <Text className='lp-body lp-block'>请先用工作人员账号登录。</Text>
        <Btn onClick={() => void Taro.navigateTo({ url: '/pages/login/index' })}>登录</Btn>
      </Page>
    )
  }
  if (me && !me.user.isStaff) {
    return (
      <Page title='工作台'>
        <Text className='lp-body lp-block'>工作台只对社区工作人员开放。</Text>
      </Page>
    )
  }
  // only what this person's roles allow (the server would answer 没有权限 to the rest)
  const modules = STAFF_MODULES.filter((m) => hasAnyRole(me?.roles, m.roles))
  const counter = hasAnyRole(me?.roles, COUNTER_ROLES)
  return (
    <Page title='工作台' className='staff staff-home'>
      {me ? (
        <Text className='lp-hint staff-who'>
          {me.user.name} · {[...new Set(me.roles.filter((r) => r.role !== 'resident').map((r) => `${ROLE_LABELS[r.role]}（${r.orgUnitName}）`))].join('、')}
        </Text>
      ) : null}
      {modules.map((m) => (
        <Btn key={m.key} className={`staff-${m.key}-entry staff-module`} onClick={() => void Taro.navigateTo({ url: m.url })}>
          {m.label}
        </Btn>
      ))}
      {counter ? (
        <>
          <PendingLinks />
          <SearchElders />
          <RegisterElder />
        </>
      ) : null}
    </Page>
  )
}
