import { Placeholder } from '../../../components'

export default function TimebankPage() {
  return <Placeholder title='时间银行' description='志愿服务的时长会存进时间银行，将来需要帮助时可以用它换取服务，也可以赠送给家人。' />
}
