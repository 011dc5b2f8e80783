import Taro from '@tarojs/taro'
import { careApi } from '../../../api/care'
import { Page, StateView } from '../../../components'
import { useAsync } from '../../../hooks/use-async'
import { AlertCard } from '../alert-card'
import '../care.scss'

/** One alert, opened from a notice or the list: the card with every action, and its timeline. */
export default function CareAlertPage() {
  const id = Taro.getCurrentInstance().router?.params?.id ?? ''
  const alert = useAsync(() => careApi.alert(id), [id], Boolean(id))
  return (
    <Page title='预警详情'>
      <StateView loading={alert.loading && !alert.data} error={alert.error} empty={!id} emptyText='找不到这条预警' onRetry={alert.reload}>
        {alert.data ? <AlertCard alert={alert.data} full onChanged={alert.reload} /> : null}
      </StateView>
    </Page>
  )
}
