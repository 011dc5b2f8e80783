export default definePageConfig({ navigationBarTitleText: '怎样获得积分' })
