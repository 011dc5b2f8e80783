import { Placeholder } from '../../../components'

export default function ReportsPage() {
  return <Placeholder title='随手拍' description='拍照上报身边的问题，自动附上位置，社区受理、派单、办结的每一步都会在这里告诉你。' />
}
