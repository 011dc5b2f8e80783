export default definePageConfig({ navigationBarTitleText: '兑换凭证' })
