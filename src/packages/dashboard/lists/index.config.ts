export default definePageConfig({ navigationBarTitleText: '未预约体检的老人' })
