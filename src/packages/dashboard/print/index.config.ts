export default definePageConfig({ navigationBarTitleText: '月度报表（打印）' })
