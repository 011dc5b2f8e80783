import Taro from '@tarojs/taro'
import { Text } from '@tarojs/components'
import { Btn } from '../../../components'
import { useMe } from '../../../stores/session'
import { isAdmin } from '../roles'
import { AdminPage } from '../admin-page'

const ENTRIES = [
  { url: '/packages/admin/org/index', text: '组织架构（片区、社区、网格、部门）', cls: 'adm-entry-org' },
  { url: '/packages/admin/staff/index', text: '工作人员（账号、角色、停用、重置密码）', cls: 'adm-entry-staff' },
  { url: '/packages/admin/boundaries/index', text: '网格边界', cls: 'adm-entry-boundaries' },
  { url: '/packages/admin/people/index', text: '居民导入', cls: 'adm-entry-people' },
  { url: '/packages/admin/settings/index', text: '设置（随手拍类别、积分规则、体检、时间银行）', cls: 'adm-entry-settings' },
  { url: '/packages/admin/audit/index', text: '操作日志', cls: 'adm-entry-audit' },
]

export default function AdminHomePage() {
  const { me } = useMe()
  if (me && !isAdmin(me)) {
    return (
      <AdminPage title='管理'>
        <Text className='lp-body lp-block'>管理功能只对街道管理员和片区负责人开放。</Text>
      </AdminPage>
    )
  }
  return (
    <AdminPage title='管理'>
      {ENTRIES.map((e) => (
        <Btn key={e.url} kind='secondary' className={e.cls} onClick={() => void Taro.navigateTo({ url: e.url })}>
          {e.text}
        </Btn>
      ))}
    </AdminPage>
  )
}
