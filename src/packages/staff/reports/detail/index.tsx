import { useRouter } from '@tarojs/taro'
import { Page } from '@/components'
import { StaffTicket } from '../ticket'
import './index.scss'

export default function StaffReportPage() {
  const { params } = useRouter()
  return (
    <Page title='工单处理'>
      <StaffTicket id={params.id ?? ''} />
    </Page>
  )
}
