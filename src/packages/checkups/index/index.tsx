import { Placeholder } from '../../../components'

export default function CheckupsPage() {
  return <Placeholder title='体检预约' description='为 65 岁以上老人预约年度免费体检，家人也可以代为预约、改期或取消。' />
}
