import { Placeholder } from '../../../components'

export default function PointsPage() {
  return <Placeholder title='积分' description='参与随手拍、志愿服务等社区事务可以获得积分，在这里查看积分明细并兑换礼品。' />
}
